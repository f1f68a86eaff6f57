"""Command line for operators: `python -m cslib.admin create-super-admin --email … --name …`.
An entry point like the web app and the worker: it sits above the domains (it readies the
database through cslib.bootstrap), so it is not part of cslib.users.

The password is read from CS_ADMIN_PASSWORD or asked for at the prompt."""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from cslib.bootstrap import ready_engine
from cslib.db import write_session
from cslib.errors import CsError
from cslib.users import create_first_super_admin


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cslib.admin")
    sub = parser.add_subparsers(dest="command", required=True)
    create = sub.add_parser("create-super-admin", help="add the first super admin to a new workspace")
    create.add_argument("--email", required=True)
    create.add_argument("--name", required=True)
    args = parser.parse_args(argv)
    password = os.environ.get("CS_ADMIN_PASSWORD") or getpass.getpass("Password (10+ characters): ")
    try:
        with write_session(ready_engine()) as s:
            user = create_first_super_admin(s, email=args.email, name=args.name, password=password)
            print(f"Created super admin {user.email}. Sign in at http://localhost:8501.")
    except CsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
