"""The export case: every company with all properties to CSV and to XLSX, built by the
worker's own code in a fresh process (so its peak RSS is the worker's), against the bare
floor: the companies table's SELECT streamed through the csv module.

    python -m cslib.bench.exporting URL {csv|xlsx|bare}   (one run; prints JSON)
"""

from __future__ import annotations

import csv
import json
import os
import resource
import sys
import time

from sqlalchemy import delete, select

from cslib.bench.timing import run_child

EXPORTER = "csm1@demo.example"


def time_exports(url: str) -> list[tuple[str, float, float, float]]:
    """(case, seconds, bare seconds, peak RSS MB) for CSV and XLSX."""
    bare = _run(url, "bare")
    name = "Export all companies, all properties, {fmt}"
    return [(name.format(fmt=fmt.upper()), *_timed(url, fmt, bare)) for fmt in ("csv", "xlsx")]


def _timed(url: str, fmt: str, bare: dict) -> tuple[float, float, float]:
    run = _run(url, fmt)
    return run["seconds"], bare["seconds"], run["peak_rss_mb"]


def _run(url: str, mode: str) -> dict:
    return run_child("cslib.bench.exporting", url, mode)


def _child(url: str, mode: str) -> dict:
    from cslib.db import make_engine

    engine = make_engine(url)
    t = time.perf_counter()
    if mode == "bare":
        rows = _bare(engine)
    else:
        rows = _export(engine, mode)
    seconds = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "rows": rows, "peak_rss_mb": peak}


def _bare(engine) -> int:  # noqa: ANN001
    from cslib.models import Company

    n = 0
    with engine.connect() as conn, open(os.path.join(os.environ["CS_DATA_DIR"], "bare.csv"), "w", newline="") as f:
        writer = csv.writer(f)
        result = conn.execution_options(yield_per=2000).execute(select(Company.__table__))
        for chunk in result.partitions():
            writer.writerows(chunk)
            n += len(chunk)
    return n


def _export(engine, fmt: str) -> int:  # noqa: ANN001
    from cslib import exports
    from cslib.db import read_session, write_session
    from cslib.models import Export, Job, User
    from cslib.permissions import Actor

    with write_session(engine) as s:
        actor = Actor.from_user(s.scalars(select(User).where(User.email == EXPORTER)).one())
        options = exports.ExportOptions(name="Benchmark", format=fmt, properties="all")
        export_id = exports.request_export(s, actor, "company", options, filters=[], columns=["name"], sort=[])
    try:
        exports.build_export(engine, export_id)
        with read_session(engine) as s:
            return s.get(Export, export_id).row_count
    finally:
        with write_session(engine) as s:
            job_id = s.get(Export, export_id).options.get("job_id")
            s.execute(delete(Export).where(Export.id == export_id))
            s.execute(delete(Job).where(Job.id == job_id))


if __name__ == "__main__":
    print(json.dumps(_child(sys.argv[1], sys.argv[2])))
