"""The import case: a 100,000-row companies file in the original CRM's export shape
imported into a new workspace by the worker's own code, in a fresh process (so its peak
RSS is the worker's), then imported again (every row unchanged) and undone; against the
bare floor: the same file read with the csv module and inserted with one executemany.

    python -m cslib.bench.importing {import|bare} [ROWS]   (one run; prints JSON)

The workspace is a new SQLite file in a temporary folder (an import is a team's first
hour), with five users who own the companies and an active health profile.
"""

from __future__ import annotations

import csv
import json
import os
import random
import resource
import sys
import time
from pathlib import Path

from cslib.bench.timing import run_child

ROWS = 100_000
HEADER = [
    "Record ID",
    "Company name",
    "Company Domain Name",
    "Company owner",
    "Create Date",
    "Lifecycle Stage",
    "Industry",
    "Annual Revenue",
    "Renewal date",
    "Country/Region",
    "City",
    "Phone Number",
    "Number of Employees",
]
OWNERS = [f"owner{i}@bench.example" for i in range(5)]


def time_import(rows: int = ROWS) -> list[tuple[str, float, float, float]]:
    """(case, seconds, bare seconds, peak RSS MB) of the first import, the re-import and
    the undo."""
    run = _run("import", rows)
    bare = _run("bare", rows)["seconds"]
    return [
        (f"Import {rows:,} companies (CSV)", run["seconds"], bare, run["peak_rss_mb"]),
        (f"Import the same {rows:,} again (all unchanged)", run["again_seconds"], bare, run["peak_rss_mb"]),
        (f"Undo the import of {rows:,} companies", run["undo_seconds"], bare, run["peak_rss_mb"]),
    ]


def _run(mode: str, rows: int) -> dict:
    return run_child("cslib.bench.importing", mode, str(rows), env={"CS_DEMO_DATA": "false"})


def write_file(path: Path, rows: int) -> None:
    """A deterministic companies file as the original CRM exports it."""
    rnd = random.Random(42)
    industries = ["Computer Software", "Retail", "Health Care", "Financial Services"]
    stages = ["Customer", "Opportunity", "Lead", "Evangelist"]
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for i in range(rows):
            out.writerow(
                [
                    str(7_000_000_000 + i),
                    f"Company {i} {rnd.choice(['ApS', 'A/S', 'Inc.', 'Sp. z o.o.', 'GmbH'])}",
                    f"company{i}.example.com",
                    OWNERS[i % len(OWNERS)],
                    f"2025-{1 + i % 12:02d}-{1 + i % 28:02d} 09:{i % 60:02d}",
                    rnd.choice(stages),
                    rnd.choice(industries),
                    f"{rnd.randint(1_000, 2_000_000)}.{rnd.randint(0, 99):02d}",
                    f"2027-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    rnd.choice(["Denmark", "Poland", "United States"]),
                    rnd.choice(["Copenhagen", "Warsaw", "Boston", "Aarhus"]),
                    f"+45 {rnd.randint(10_000_000, 99_999_999)}",
                    str(rnd.randint(1, 5000)),
                ]
            )


def _workspace(folder: Path):  # noqa: ANN202
    """A new workspace as the app makes it, with five users and an active health profile
    (so the import's customers are scored as they arrive, through the dispatcher)."""
    from cslib.bench.writes import ensure_health_profile
    from cslib.bootstrap import prepare
    from cslib.config import get_settings
    from cslib.db import make_engine, write_session
    from cslib.models import User

    engine = make_engine(f"sqlite:///{folder / 'import.db'}")
    prepare(engine, get_settings())
    with write_session(engine) as s:
        for i, email in enumerate(OWNERS):
            s.add(User(email=email, name=f"Owner {i}", is_super_admin=i == 0, has_service_seat=True))
    ensure_health_profile(engine)
    return engine


def _child(mode: str, rows: int) -> dict:
    folder = Path(os.environ["CS_DATA_DIR"])
    path = folder / "companies.csv"
    write_file(path, rows)
    engine = _workspace(folder)
    t = time.perf_counter()
    if mode == "bare":
        _bare(engine, path)
        return {"seconds": time.perf_counter() - t}
    import_id = _import(engine, path)
    seconds = time.perf_counter() - t
    import_rss = _peak_rss_mb()
    t = time.perf_counter()
    again = _import(engine, path)
    again_seconds = time.perf_counter() - t
    t = time.perf_counter()
    _undo(engine, again)
    _undo(engine, import_id)
    return {
        "seconds": seconds,
        "again_seconds": again_seconds,
        "undo_seconds": time.perf_counter() - t,
        "import_rss_mb": import_rss,
        "peak_rss_mb": _peak_rss_mb(),
    }


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _actor(engine):  # noqa: ANN001, ANN202
    from cslib.db import read_session
    from cslib.models import User
    from cslib.permissions import Actor

    with read_session(engine) as s:
        return Actor.from_user(s.query(User).filter(User.email == OWNERS[0]).one())


def _import(engine, path: Path) -> int:  # noqa: ANN001
    from cslib import imports
    from cslib.db import write_session

    actor = _actor(engine)
    with write_session(engine) as s:
        info = imports.upload(s, actor, path.name, path.read_bytes(), object_type="company")
        imports.start_import(s, actor, info.id)
    imports.run_import(engine, info.id)
    return info.id


def _undo(engine, import_id: int) -> None:  # noqa: ANN001
    from cslib import imports
    from cslib.db import write_session

    actor = _actor(engine)
    with write_session(engine) as s:
        imports.undo_import(s, actor, import_id)
    imports.run_undo(engine, import_id, actor.id)


def _bare(engine, path: Path) -> None:  # noqa: ANN001
    """The floor: parse the file and insert its rows, nothing checked or matched."""
    raw = engine.raw_connection()
    try:
        with path.open(newline="", encoding="utf-8") as f:
            reader = csv.reader(f)
            next(reader)
            rows = [(r[1], r[2], float(r[7]), r[9], r[10], r[11], int(r[12]), r[4], r[4], 1, "{}") for r in reader]
        raw.cursor().executemany(
            "INSERT INTO companies (name, domain, arr, country, city, phone, employees, created_at, updated_at,"
            " version, custom) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        raw.commit()
    finally:
        raw.close()


if __name__ == "__main__":
    print(json.dumps(_child(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else ROWS)))
