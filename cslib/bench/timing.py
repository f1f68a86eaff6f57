"""Timing a page-data function against the bare SQL it runs: the same statements with the
same parameters, straight through the DBAPI cursor."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from cslib import query
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
    # Expanding IN lists rendered as plain parameters; each value put through its column
    # type's bind processor (JSON paths, UTC date-times), as the ORM would send it.
    compiled = [s.compile(dialect=engine.dialect, compile_kwargs={"render_postcompile": True}) for s in statements]

    def run() -> None:
        raw = engine.raw_connection()
        try:
            cur = raw.cursor()
            for c in compiled:
                procs = c._bind_processors
                params = {k: procs[k](v) if k in procs else v for k, v in c.construct_params().items()}
                args = tuple(params[k] for k in c.positiontup) if c.positional else params
                cur.execute(str(c), _dbapi_params(engine, args))
                cur.fetchall()
            cur.close()
        finally:
            raw.close()

    return run


def _dbapi_params(engine: Engine, args):  # noqa: ANN001, ANN202
    """Convert Python values the way the ORM's type processors would, for plain cursors."""
    from datetime import date, datetime

    def conv(v):  # noqa: ANN001, ANN202
        if isinstance(v, datetime) and engine.dialect.name == "sqlite":
            return v.replace(tzinfo=None).isoformat(sep=" ")
        if isinstance(v, date) and engine.dialect.name == "sqlite":
            return v.isoformat()
        return v

    if isinstance(args, dict):
        return {k: conv(v) for k, v in args.items()}
    return tuple(conv(v) for v in args)


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
