"""Benchmark: build the scale dataset once, then time each page-data function against the
bare SQL it runs (same statements, same parameters, straight through the DBAPI cursor).

    python -m cslib.bench [--db PATH] [--repeat N] [--app] [--only TEXT]

A tool above every package (like the worker and the UI it drives). Modules: timing (page
versus bare SQL), cases (the read cases; later issues add theirs), writes (recompute and
bulk cases), cli (the dataset and the table).
"""

from cslib.bench.cli import main

__all__ = ["main"]
