"""`python -m cslib.bench`: build (once) the scale dataset, run every case, print the table."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from sqlalchemy import Engine, func, select

from cslib.bench.cases import cases
from cslib.bench.database import benchmark_url, describe, refresh_statistics
from cslib.bench.timing import time_case
from cslib.bench.writes import MOVE_CASE, ensure_health_profile, time_board_move, time_bulk_complete, time_recompute
from cslib.config import PROJECT_ROOT
from cslib.db import make_engine, read_session, upgrade
from cslib.models import Company

DEFAULT_DB = PROJECT_ROOT / "data" / "bench.db"
EPILOG = (
    "DATABASE_URL is not read from the environment: the benchmark fills an empty database "
    "and adds a health profile, so name the database on the command line, e.g. "
    '--database-url "$DATABASE_URL" or --database-url postgresql+psycopg://user@host/cs_bench.'
)


def time_cold_start(database_url: str) -> float:
    """Seconds from `streamlit run app.py` to a healthy /healthz on the scale database."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": database_url, "CS_DEMO_DATA": "false"}
    t = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1) as r:
                    if r.status == 200:
                        return time.perf_counter() - t
            except OSError:
                if proc.poll() is not None or time.perf_counter() - t > 120:
                    raise RuntimeError("app did not start") from None
                time.sleep(0.05)
    finally:
        proc.terminate()
        proc.wait(10)


def ensure_dataset(database_url: str) -> tuple[Engine, int]:
    """The migrated scale dataset (built when the database is empty) and the benchmark's
    health profile; planner statistics refreshed when either was just written."""
    engine = make_engine(database_url)
    upgrade(engine)
    from cslib import demo

    built = demo.is_empty(engine)
    if built:
        t = time.perf_counter()
        summary = demo.seed_demo(engine, scale="large")
        print(f"built scale dataset in {time.perf_counter() - t:.1f} s: {summary}")
    from cslib.bootstrap import prepare
    from cslib.config import get_settings

    prepare(engine, get_settings())  # built-in views added since the dataset was built
    profile_id, scored = ensure_health_profile(engine)
    if built or scored:
        t = time.perf_counter()
        refresh_statistics(engine)
        print(f"refreshed planner statistics in {time.perf_counter() - t:.1f} s")
    return engine, profile_id


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m cslib.bench", description=__doc__.splitlines()[0], epilog=EPILOG)
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", type=Path, default=DEFAULT_DB, help="SQLite file (default: data/bench.db)")
    where.add_argument("--database-url", help="SQLAlchemy URL instead, e.g. postgresql+psycopg://…/cs_bench")
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--app", action="store_true", help="also time a cold app start")
    parser.add_argument("--only", default="", help="run only the cases whose name contains this text")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    url = benchmark_url(args.db, args.database_url)
    engine, health_profile = ensure_dataset(url)
    label = describe(engine)
    with read_session(engine) as s:
        print(f"dataset: {s.scalar(select(func.count()).select_from(Company)):,} companies on {label}")
    print(f"{f'case [{label}]':55} {'page ms':>9} {'bare ms':>9} {'ratio':>6}")
    for case in cases(engine):
        if args.only.lower() not in case.name.lower():
            continue
        t = time_case(engine, case, args.repeat)
        print(f"{t.name:55} {t.page_ms:9.2f} {t.bare_ms:9.2f} {t.ratio:6.2f}")
    if args.only.lower() in "health recompute":
        for name, ms, bare in time_recompute(engine, health_profile):
            print(f"{name:55} {ms:9.2f} {bare:9.2f} {ms / bare:6.2f}")
    if args.only.lower() in MOVE_CASE.lower():
        ms, bare = time_board_move(engine, args.repeat)
        print(f"{MOVE_CASE:55} {ms:9.2f} {bare:9.2f} {ms / bare:6.2f}")
    if args.only.lower() in "export all companies":
        from cslib.bench.exporting import time_exports

        for name, seconds, bare, rss in time_exports(url):
            print(f"{f'{name} (s; peak RSS {rss:.0f} MB)':55} {seconds:9.2f} {bare:9.2f} {seconds / bare:6.2f}")
    if args.only.lower() in "import 100,000 companies":
        from cslib.bench.importing import time_import

        for name, seconds, bare, rss in time_import():
            print(f"{f'{name} (s; peak RSS {rss:.0f} MB)':55} {seconds:9.2f} {bare:9.2f} {seconds / bare:6.2f}")
    ms, bare, n = time_bulk_complete(engine)
    print(f"{f'Mark as completed: {n:,} tasks (all matching)':55} {ms:9.2f} {bare:9.2f} {ms / bare:6.2f}")
    from cslib.demo import DEMO_PASSWORD
    from cslib.ui.bench_pages import time_board, time_sign_in  # AppTest runs of pages: needs streamlit

    if args.only.lower() in "board":
        for script in ("pages/revenue.py", "pages/projects.py"):
            for name, ms in time_board(url, "csm1@demo.example", DEMO_PASSWORD, script).items():
                print(f"{name:55} {ms:9.2f}")

    for language in ("en", "da", "pl"):
        for name, ms in time_sign_in(url, "csm1@demo.example", DEMO_PASSWORD, language=language).items():
            print(f"{f'{name} [{language}]':55} {ms:9.2f}")
    if args.app:
        print(f"{'cold app start to healthy (s)':55} {time_cold_start(url):9.2f}")
