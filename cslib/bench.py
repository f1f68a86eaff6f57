"""Benchmark: build the scale dataset once, then time each page-data function against the
bare SQL it runs (same statements, same parameters, straight through the DBAPI cursor).

    python -m cslib.bench [--db PATH] [--repeat N] [--app]

Later issues add their cases to `cases()`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, select

from cslib import lists as listing
from cslib import overview, query
from cslib.config import PROJECT_ROOT
from cslib.db import make_engine, read_session, write_session
from cslib.i18n import today_in
from cslib.migrate import upgrade
from cslib.models import Company, User, utcnow
from cslib.permissions import Actor
from cslib.users import get_workspace

DEFAULT_DB = PROJECT_ROOT / "data" / "bench.db"


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


def _median_ms(fn: Callable[[], object], repeat: int) -> float:
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

    page_ms = _median_ms(page_run, repeat)
    bare_ms = _median_ms(_bare_runner(engine, captured), repeat)
    return Timing(case.name, page_ms, bare_ms)


def busiest_owner(engine: Engine) -> Actor:
    with read_session(engine) as s:
        owner_id = s.scalar(select(Company.owner_id).group_by(Company.owner_id).order_by(func.count().desc()).limit(1))
        return Actor.from_user(s.get(User, owner_id))


def cases(engine: Engine) -> list[Case]:
    me = busiest_owner(engine)
    today = today_in(me.time_zone)
    return [
        Case(
            "Overview: owned summary (count, ARR, renewals)",
            lambda s: overview.owned_summary(s, me, user_id=me.id, today=today),
        ),
        Case(
            "Overview: upcoming renewals table", lambda s: overview.upcoming_renewals(s, me, user_id=me.id, today=today)
        ),
        *listing_cases(engine, me),
        *task_cases(engine, me),
        *schedule_cases(me, today),
        *health_overview_cases(engine, me),
    ]


def schedule_cases(me: Actor, today) -> list[Case]:  # noqa: ANN001
    """The Schedule's week and month, and the Overview's today's schedule card."""
    from cslib import schedule

    def bounds(view: str):  # noqa: ANN202
        p = schedule.period(view, today, me.language)
        return schedule.day_bounds(p.first, me.time_zone)[0], schedule.day_bounds(p.end, me.time_zone)[0]

    (w0, w1), (m0, m1) = bounds("week"), bounds("month")
    return [
        Case(
            "Schedule: week events",
            lambda s: schedule.calendar_events(s, me, user_id=me.id, start=w0, end=w1, time_zone=me.time_zone),
        ),
        Case(
            "Schedule: month events",
            lambda s: schedule.calendar_events(s, me, user_id=me.id, start=m0, end=m1, time_zone=me.time_zone),
        ),
        Case(
            "Overview: today's schedule",
            lambda s: schedule.today_schedule(s, me, user_id=me.id, today=today, time_zone=me.time_zone),
        ),
    ]


def task_cases(engine: Engine, me: Actor) -> list[Case]:
    """Each Overview task card, and page 1 + count of each built-in task view (as the
    Actions tab runs it: the view's columns and sort)."""
    from cslib import tasks, views
    from cslib.views import BUILTIN_FILTERS

    out = [
        Case(
            f"Overview card: {title}",
            lambda s, key=key: tasks.task_card(s, me, key, user_id=me.id, time_zone=me.time_zone, view_ids={}),
        )
        for key, title in tasks.TASK_CARDS
    ]
    with read_session(engine) as s:
        builtins = [v for v in views.list_views(s, me, "task") if v.builtin_key in BUILTIN_FILTERS]
    for view in builtins:

        def run(s, view=view):  # noqa: ANN001, ANN202
            flt = views.effective_filter(s, view)
            return listing.list_records(s, me, "task", filters=[flt], columns=view.columns, sort=list(view.sort))

        out.append(Case(f"Tasks view {view.name}: page 1 + count", run))
    return out


def health_overview_cases(engine: Engine, me: Actor) -> list[Case]:
    """The Overview's health card for each active profile (summary, distribution, over time,
    and all three as the card runs them), and the Customers list its "At risk" link opens."""
    from cslib import health
    from cslib.lists import parse
    from cslib.models import utcnow
    from cslib.properties import properties_for
    from cslib.views import default_sort

    now = utcnow()
    with read_session(engine) as s:
        profiles = health.active_profiles(s)
        props = properties_for(s, "company")
    sort = default_sort("company", props)  # the "All customers" list the links open

    def card(s, pid: int):  # noqa: ANN001, ANN202
        live = health.summary(s, me, pid, now=now)
        return health.distribution(s, me, pid), health.over_time(s, me, pid, now=now, live=live)

    out = []
    for p in profiles:
        link = parse(health.customers_link(profiles, p.id, "at_risk"), props)
        out += [
            Case(f"Health {p.name}: summary", lambda s, i=p.id: health.summary(s, me, i, now=now)),
            Case(f"Health {p.name}: distribution", lambda s, i=p.id: health.distribution(s, me, i)),
            Case(f"Health {p.name}: over time (90 days)", lambda s, i=p.id: health.over_time(s, me, i, now=now)),
            Case(f"Health {p.name}: card + both charts", lambda s, i=p.id: card(s, i)),
            Case(
                f"Health {p.name}: at-risk link, page 1 + count",
                lambda s, f=link.advanced, c=list(link.columns): listing.list_records(
                    s, me, "company", filters=[f], columns=c, sort=sort
                ),
            ),
        ]
    return out


BENCH_PROFILE = "Benchmark health"


def ensure_health_profile(engine: Engine) -> int:
    """An active profile (the demo's definition) over every customer, scored once."""
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
    return profile_id


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
        bare = _median_ms(lambda: s.execute(stmt).fetchall(), 3)
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
    from datetime import timedelta

    from cslib import tasks
    from cslib.db import write_session
    from cslib.models import Task

    with read_session(engine) as s:
        open_due = select(Task.due_at).where(Task.status == "not_started", Task.deleted_at.is_(None))
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
    raw = engine.raw_connection()
    try:
        cur = raw.cursor()
        t = time.perf_counter()
        cur.execute("BEGIN IMMEDIATE")
        cur.execute(
            "SELECT id, status FROM tasks WHERE deleted_at IS NULL AND status = 'not_started' AND due_at < ?",
            ((last.date() + timedelta(days=1)).isoformat(),),
        )
        rows = cur.fetchall()
        ids = [r[0] for r in rows]
        now = "2026-11-22 12:00:00"
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            cur.execute(
                "UPDATE tasks SET status='completed', completed_at=?, updated_at=?, version=version+1"
                f" WHERE id IN ({marks})",
                (now, now, *chunk),
            )
        cur.executemany(
            "INSERT INTO property_history (object_type, object_id, property, old_value, new_value, changed_at,"
            " changed_by_id, source) VALUES ('task', ?, 'status', ?, 'completed', ?, NULL, 'bulk')",
            [(i, st, now) for i, st in rows],
        )
        bare = (time.perf_counter() - t) * 1000
        raw.rollback()
    finally:
        raw.close()
    return elapsed, bare, result.changed


LIST_COLUMNS = ["name", "domain", "lifecycle_stage", "arr", "renewal_date", "last_activity_at", "health_category"]
LIST_SORTS = (
    ("name", "asc"),
    ("arr", "desc"),
    ("renewal_date", "asc"),
    ("<owner>", "asc"),
    ("lifecycle_stage", "asc"),
    ("last_activity_at", "desc"),
    ("plan", "asc"),
)


def listing_cases(engine: Engine, me: Actor) -> list[Case]:
    """The Customers list: first page + total count of (a) "Owned by me", (b) "Assigned in
    the last 30 days" (mine, and everyone's), (c) last activity in the last 30 days,
    (d) everything; then sorts on (a) and (d)."""
    with read_session(engine) as s:
        owner = get_workspace(s).owner_property
    last_30 = {"amount": 30, "unit": "days"}
    mine = {"property": owner, "operator": "in", "value": ["me"]}
    assigned = {"property": f"assigned_at:{owner}", "operator": "in_last", "value": last_30}
    active = {"property": "last_activity_at", "operator": "in_last", "value": last_30}
    columns = [*LIST_COLUMNS[:2], owner, *LIST_COLUMNS[2:]]
    sets = {
        "(a) owned by me": [mine],
        "(b) assigned to me in 30 days": [mine, assigned],
        "(b') assigned (anyone) in 30 days": [assigned],
        "(c) last activity in 30 days": [active],
        "(d) all": [],
    }

    def case(name: str, filters: list, sort: list) -> Case:
        def run(s):  # noqa: ANN001, ANN202
            return listing.list_records(s, me, "company", filters=filters, columns=columns, sort=sort)

        return Case(name, run)

    out = [case(f"Customers {label}: page 1 + count", flts, []) for label, flts in sets.items()]
    for label in ("(a) owned by me", "(d) all"):
        for prop, direction in LIST_SORTS:
            prop = owner if prop == "<owner>" else prop
            sort = [{"property": prop, "direction": direction}]
            out.append(case(f"Customers {label[:3]} sorted by {prop} {direction}", sets[label], sort))
    return out


def time_cold_start(db: Path) -> float:
    """Seconds from `streamlit run app.py` to a healthy /healthz on the scale database."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "CS_DEMO_DATA": "false"}
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


def ensure_dataset(db: Path) -> Engine:
    engine = make_engine(f"sqlite:///{db}")
    upgrade(engine)
    from cslib import demo

    if demo.is_empty(engine):
        t = time.perf_counter()
        summary = demo.seed_demo(engine, scale="large")
        print(f"built scale dataset in {time.perf_counter() - t:.1f} s: {summary}")
    from cslib.bootstrap import prepare
    from cslib.config import get_settings

    prepare(engine, get_settings())  # built-in views added since the dataset was built
    return engine


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=DEFAULT_DB)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--app", action="store_true", help="also time a cold app start")
    parser.add_argument("--only", default="", help="run only the cases whose name contains this text")
    args = parser.parse_args(argv)
    engine = ensure_dataset(args.db)
    health_profile = ensure_health_profile(engine)
    with read_session(engine) as s:
        print(f"dataset: {s.scalar(select(func.count()).select_from(Company)):,} companies")
    print(f"{'case':55} {'page ms':>9} {'bare ms':>9} {'ratio':>6}")
    for case in cases(engine):
        if args.only.lower() not in case.name.lower():
            continue
        t = time_case(engine, case, args.repeat)
        print(f"{t.name:55} {t.page_ms:9.2f} {t.bare_ms:9.2f} {t.ratio:6.2f}")
    if args.only.lower() in "health recompute":
        for name, ms, bare in time_recompute(engine, health_profile):
            print(f"{name:55} {ms:9.2f} {bare:9.2f} {ms / bare:6.2f}")
    ms, bare, n = time_bulk_complete(engine)
    print(f"{f'Mark as completed: {n:,} tasks (all matching)':55} {ms:9.2f} {bare:9.2f} {ms / bare:6.2f}")
    from cslib.demo import DEMO_PASSWORD
    from cslib.ui.bench_pages import time_sign_in  # drives Home.py with AppTest: needs streamlit

    for name, ms in time_sign_in(args.db, "csm1@demo.example", DEMO_PASSWORD).items():
        print(f"{name:55} {ms:9.2f}")
    if args.app:
        print(f"{'cold app start to healthy (s)':55} {time_cold_start(args.db):9.2f}")


if __name__ == "__main__":
    main()
