"""Timing a page-data function against the bare SQL it runs: the same statements with the
same parameters, compiled for the engine's dialect and sent straight through the DBAPI
cursor (sqlite3 or psycopg)."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from cslib import query
from cslib.bench.database import bare_statement
from cslib.config import PROJECT_ROOT
from cslib.db import read_session


@dataclass(frozen=True)
class Case:
    name: str
    run: Callable  # (session) -> anything; runs its SQL through cslib.query


@dataclass(frozen=True)
class Timing:
    name: str
    page_ms: float
    bare_ms: float

    @property
    def ratio(self) -> float:
        return self.page_ms / self.bare_ms if self.bare_ms else float("nan")


def median_ms(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm caches: we compare steady states
    samples = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t) * 1000)
    return statistics.median(samples)


def _bare_runner(engine: Engine, statements: list) -> Callable[[], None]:
    """Run the captured statements through a pooled connection's DBAPI cursor, fetching
    every row, with no SQLAlchemy in between."""
    bare = [bare_statement(s, engine.dialect) for s in statements]

    def run() -> None:
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            for sql, params in bare:
                cur.execute(sql, params)
                cur.fetchall()
            cur.close()
        finally:
            raw.close()

    return run


def time_case(engine: Engine, case: Case, repeat: int) -> Timing:
    """Page time includes opening a session and the look-ups a fresh page run makes."""
    with read_session(engine) as s, query.capture_statements() as captured:
        case.run(s)

    def page_run() -> None:
        with read_session(engine) as s:
            case.run(s)

    page_ms = median_ms(page_run, repeat)
    bare_ms = median_ms(_bare_runner(engine, captured), repeat)
    return Timing(case.name, page_ms, bare_ms)


def run_child(module: str, *args: str, env: dict[str, str] | None = None) -> dict:
    """Run `python -m module args…` in a fresh process with its own CS_DATA_DIR (so its
    peak RSS is its own and its files go with it); the JSON its last line prints."""
    with tempfile.TemporaryDirectory() as data:
        child_env = {**os.environ, "CS_DATA_DIR": data, "PYTHONPATH": str(PROJECT_ROOT), **(env or {})}
        out = subprocess.run(
            [sys.executable, "-m", module, *args],
            env=child_env,
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    return json.loads(out.stdout.strip().splitlines()[-1])
