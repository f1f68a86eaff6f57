"""`python -m cslib.demo`: load demo data into the configured (or given) database."""

import sys

from cslib.demo import main

sys.exit(main())
