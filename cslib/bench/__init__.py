"""Benchmark: build the scale dataset once, then time each page-data function against the
bare SQL it runs (same statements, same parameters, straight through the DBAPI cursor).

    python -m cslib.bench [--db PATH | --database-url URL] [--repeat N] [--app] [--only TEXT]

Runs on the SQLite file `--db` (default data/bench.db) or on the database `--database-url`
names (e.g. postgresql+psycopg://user@host/cs_bench). DATABASE_URL is deliberately not read
from the environment: an empty database gets the 1.1-million-row dataset and every database
a "Benchmark health" profile, so the target must be named on the command line
(`--database-url "$DATABASE_URL"` to use it). On either database: migrate, build the
dataset if empty, refresh planner statistics (ANALYZE; VACUUM (ANALYZE) on PostgreSQL),
then run every case; the bare side compiles each statement for that database's dialect.
The sign-in/Overview timings and `--app`'s cold start point the app at the same URL.

A tool above every package (like the worker and the UI it drives). Modules: database (the
target, its label, the dialect-neutral bare SQL), timing (page versus bare SQL), cases (the
read cases; later issues add theirs), writes (recompute, bulk and board-move cases), exporting
and importing (a whole file, in a process of its own for its peak memory), cli (the dataset
and the table).
"""

from cslib.bench.cli import main

__all__ = ["main"]
