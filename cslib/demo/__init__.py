"""Demo data: a realistic B2B customer base so every tab of the app has content on first start.

    python -m cslib.demo [--scale] [--database-url URL] [--seed N] [--factor F]

migrates the database and, if it is empty, fills it: the small set (the app loads it on first
start) or the large one (`--scale`, for the benchmark). Same seed and same `now` give
identical data.

Offers: `seed_demo` and `is_empty` (load into an engine; `DemoSummary` counts what was
written, `Sizes`/`sizes_for` the row counts per scale), `main` (the command line), the demo
sign-in accounts `DEMO_ACCOUNTS` (`DemoAccount`) and their shared `DEMO_PASSWORD`, and
`HEALTH_DEFINITION` (the demo's health score profile, which the benchmark reuses).
Other packages import these names from `cslib.demo` only; the modules inside are private.
"""

from cslib.bulk import association_row
from cslib.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoAccount
from cslib.demo.cli import main
from cslib.demo.health_scores import DEFINITION as HEALTH_DEFINITION
from cslib.demo.load import DemoSummary, is_empty, seed_demo
from cslib.demo.sizes import Sizes, sizes_for

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "HEALTH_DEFINITION",
    "DemoAccount",
    "DemoSummary",
    "Sizes",
    "association_row",
    "is_empty",
    "main",
    "seed_demo",
    "sizes_for",
]
