"""`python -m cslib.admin create-super-admin --email … --name …`: the operators' command
line keeps this address; it lives in cslib.users (`admin_main`)."""

import sys

from cslib.users import admin_main

if __name__ == "__main__":
    sys.exit(admin_main())
