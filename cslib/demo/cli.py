"""Demo data: a realistic B2B customer base so every tab has content on first start.

    python -m cslib.demo [--scale] [--database-url URL] [--seed N] [--factor F]

migrates the database and, if it is empty, fills it with the small set (default) or the
large one (`--scale`). Demo users sign in with DEMO_PASSWORD.
"""

from __future__ import annotations

import argparse
import sys
import time

from sqlalchemy.engine import make_url

from cslib.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD
from cslib.demo.load import is_empty, seed_demo
from cslib.errors import ValidationError


def main(argv: list[str] | None = None) -> int:
    from cslib.config import get_settings
    from cslib.db import make_engine, upgrade

    parser = argparse.ArgumentParser(prog="python -m cslib.demo", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", action="store_true", help="load the large data set (100,000 companies, 1,000,000 activities)"
    )
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: the app's DATABASE_URL)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--factor", type=float, default=1.0, help="scale the row counts (default 1)")
    args = parser.parse_args(argv)
    url = args.database_url or get_settings().resolved_database_url()
    engine = make_engine(url)
    try:
        print(f"Database: {make_url(url).render_as_string(hide_password=True)}")
        t0 = time.perf_counter()
        upgrade(engine)
        print(f"Schema up to date ({time.perf_counter() - t0:.1f} s).")
        if not is_empty(engine):
            print("The database already has data; demo data was not loaded.")
            return 0
        summary = seed_demo(engine, scale="large" if args.scale else "small", seed=args.seed, factor=args.factor)
        print("\n".join(summary.lines()))
        print(f"Sign in as e.g. {DEMO_ACCOUNTS[0].email} with the password {DEMO_PASSWORD!r}.")
        return 0
    except ValidationError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
