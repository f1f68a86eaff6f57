"""The write cases, each rolled back or undone: a full health recompute, a bulk
"Mark as completed" and a board move."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from datetime import time as dt_time

from sqlalchemy import Engine, select

from cslib.bench.cases import busiest_owner
from cslib.bench.database import dbapi_value, param_mark
from cslib.bench.timing import median_ms
from cslib.db import read_session, write_session
from cslib.models import utcnow

BENCH_PROFILE = "Benchmark health"


def ensure_health_profile(engine: Engine) -> tuple[int, bool]:
    """An active profile (the demo's definition) over every customer, scored once:
    (its id, whether it was scored just now)."""
    from cslib import health
    from cslib.demo import HEALTH_DEFINITION
    from cslib.models import HealthProfile, HealthScore

    with write_session(engine) as s:
        profile = s.scalar(select(HealthProfile).where(HealthProfile.name == BENCH_PROFILE))
        if profile is None:
            profile = HealthProfile(name=BENCH_PROFILE, status="active", priority=1, definition=HEALTH_DEFINITION)
            s.add(profile)
            s.flush()
        profile_id = profile.id
        scored = s.scalar(select(HealthScore.object_id).where(HealthScore.profile_id == profile_id).limit(1))
    if scored is None:
        health.recompute_profile(engine, profile_id)
    return profile_id, scored is None


def time_recompute(engine: Engine, profile_id: int) -> list[tuple[str, float, float]]:
    """(name, ms, bare ms) of a full recompute of one profile: every customer scored for
    the first time (its current scores and events removed first), then again with nothing
    changed. Bare: the inputs SELECT alone."""
    from sqlalchemy import delete

    from cslib import health
    from cslib.models import HealthProfile, HealthScore, HealthScoreEvent

    with read_session(engine) as s:
        profile = s.get(HealthProfile, profile_id)
        stmt = health.inputs_select(s, profile.definition, profile.segment, utcnow(), None)
        bare = median_ms(lambda: s.execute(stmt).fetchall(), 3)
    with write_session(engine) as s:
        for model in (HealthScore, HealthScoreEvent):
            s.execute(delete(model).where(model.profile_id == profile_id))
    first = health.recompute_profile(engine, profile_id)
    again = health.recompute_profile(engine, profile_id)
    return [
        (f"Health recompute, {first.scored:,} customers scored first time", first.seconds * 1000, bare),
        (f"Health recompute, {again.scored:,} customers, {again.changed:,} changed", again.seconds * 1000, bare),
    ]


def time_bulk_complete(engine: Engine, size: int = 10_000) -> tuple[float, float, int]:
    """(ms, bare ms, tasks) of "Mark as completed" over `size` open tasks picked as "all
    matching" a due-date range, rolled back so the dataset stays as it was."""
    from cslib import tasks
    from cslib.db import write_session
    from cslib.models import Task, live

    with read_session(engine) as s:
        # Tasks without a due date left out: SQLite sorts NULLs first, PostgreSQL last.
        open_due = select(Task.due_at).where(Task.status == "not_started", live(Task), Task.due_at.is_not(None))
        last = s.scalar(open_due.order_by(Task.due_at).offset(size - 1).limit(1))
    flt = {
        "all": [
            {"property": "status", "operator": "in", "value": ["not_started"]},
            {"property": "due_at", "operator": "before", "value": (last.date() + timedelta(days=1)).isoformat()},
        ]
    }
    admin = busiest_owner(engine)
    selection = tasks.Selection.all_matching([flt], time_zone="UTC")

    class Rollback(Exception):
        pass

    t = time.perf_counter()
    try:
        with write_session(engine) as s:
            result = tasks.complete_tasks(s, admin, selection)
            s.flush()
            elapsed = (time.perf_counter() - t) * 1000
            raise Rollback
    except Rollback:
        pass
    bare, _ = bare_complete(engine, datetime.combine(last.date() + timedelta(days=1), dt_time(), UTC))
    return elapsed, bare, result.changed


def bare_complete(engine: Engine, before: datetime) -> tuple[float, int]:
    """(ms, tasks) of the same writes through the DBAPI cursor, rolled back: the open tasks due
    before `before` read (and locked: BEGIN IMMEDIATE on SQLite, FOR UPDATE on PostgreSQL),
    updated 500 ids at a time, one history row each by executemany."""
    sqlite, mark = engine.dialect.name == "sqlite", param_mark(engine.dialect)
    now = dbapi_value(datetime(2026, 11, 22, 12, tzinfo=UTC), engine.dialect)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        t = time.perf_counter()
        if sqlite:
            cur.execute("BEGIN IMMEDIATE")
        cur.execute(
            f"SELECT id, status FROM tasks WHERE deleted_at IS NULL AND status = 'not_started' AND due_at < {mark}"
            + ("" if sqlite else " ORDER BY id FOR UPDATE"),
            (dbapi_value(before, engine.dialect),),
        )
        rows = cur.fetchall()
        ids = [r[0] for r in rows]
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            cur.execute(
                f"UPDATE tasks SET status='completed', completed_at={mark}, updated_at={mark}, version=version+1"
                f" WHERE id IN ({', '.join([mark] * len(chunk))})",
                (now, now, *chunk),
            )
        cur.executemany(
            "INSERT INTO property_history (object_type, object_id, property, old_value, new_value, changed_at,"
            f" changed_by_id, source) VALUES ('task', {mark}, 'status', {mark}, 'completed', {mark}, NULL, 'bulk')",
            [(i, st, now) for i, st in rows],
        )
        elapsed = (time.perf_counter() - t) * 1000
        raw.rollback()
    finally:
        raw.close()
    return elapsed, len(ids)


MOVE_CASE = "Board: move a deal to the next stage"


def time_board_move(engine: Engine, repeat: int = 7) -> tuple[float, float]:
    """(median ms, median bare ms) of a card dragged on the Revenue board: a deal of the
    first pipeline's first stage moved to the second (which requires nothing), each run
    in its own transaction, rolled back."""
    import statistics

    from cslib import boards
    from cslib.bench.cases import first_pipeline
    from cslib.models import PipelineStage, Record, live

    pipeline_id = first_pipeline(engine, "deal")
    with read_session(engine) as s:
        order = (PipelineStage.display_order, PipelineStage.id)
        stages = select(PipelineStage.id).where(PipelineStage.pipeline_id == pipeline_id).order_by(*order).limit(2)
        first, second = s.scalars(stages).all()
        open_deal = select(Record.id, Record.version).where(Record.stage_id == first, live(Record, "deal"))
        deal_id, version = s.execute(open_deal.order_by(Record.id).limit(1)).one()
    actor = busiest_owner(engine)

    class Rollback(Exception):
        pass

    def move() -> float:
        t = time.perf_counter()
        try:
            with write_session(engine) as s:
                boards.move_record(s, actor, "deal", deal_id, second, expected_version=version)
                s.flush()
                elapsed = (time.perf_counter() - t) * 1000
                raise Rollback
        except Rollback:
            return elapsed

    page = [move() for _ in range(repeat + 1)][1:]  # the first run warms caches
    bare = [bare_move(engine, deal_id, (first, second), version) for _ in range(repeat + 1)][1:]
    return statistics.median(page), statistics.median(bare)


def bare_move(engine: Engine, deal_id: int, stages: tuple[int, int], version: int) -> float:
    """ms of the same move through the DBAPI cursor, rolled back: the deal read (and locked:
    BEGIN IMMEDIATE on SQLite, FOR UPDATE on PostgreSQL) with its version checked, its
    stage, version and update time written, one history row added."""
    sqlite, mark = engine.dialect.name == "sqlite", param_mark(engine.dialect)
    now = dbapi_value(utcnow(), engine.dialect)
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        t = time.perf_counter()
        if sqlite:
            cur.execute("BEGIN IMMEDIATE")
        cur.execute(
            "SELECT * FROM records WHERE id = "
            + mark
            + " AND deleted_at IS NULL AND merged_into_id IS NULL AND object_type = 'deal'"
            + ("" if sqlite else " FOR UPDATE"),
            (deal_id,),
        )
        cur.fetchall()
        cur.execute(
            f"UPDATE records SET stage_id = {mark}, updated_at = {mark}, version = {mark}"
            f" WHERE id = {mark} AND version = {mark}",
            (stages[1], now, version + 1, deal_id, version),
        )
        cur.execute(
            "INSERT INTO property_history (object_type, object_id, property, old_value, new_value, changed_at,"
            f" changed_by_id, source) VALUES ('deal', {mark}, 'stage_id', {mark}, {mark}, {mark}, NULL, 'ui')",
            (deal_id, str(stages[0]), str(stages[1]), now),
        )
        elapsed = (time.perf_counter() - t) * 1000
        raw.rollback()
    finally:
        raw.close()
    return elapsed
