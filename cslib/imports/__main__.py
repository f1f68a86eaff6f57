"""`python -m cslib.imports`: see cslib.imports.cli."""

import sys

from cslib.imports.cli import main

if __name__ == "__main__":
    sys.exit(main())
