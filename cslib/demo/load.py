"""Loading the demo into an empty, migrated database in one transaction: the accounts and
the workspace's fixed part, then the customer base (companies, contacts, pipeline records,
tasks, meetings, activities, property history, follows) from one seeded random stream in a
fixed order, so the same seed and `now` give identical data; all dates are relative to `now`.

The small set (the app loads it on first start, ~1 s) also gets a health score profile with
twelve weeks of scores and alerts (health_scores); the large one (100,000 companies,
1,000,000 activities, about a minute on SQLite) none: the benchmark scores it. Views,
reports and dashboards are not seeded here.
"""

from __future__ import annotations

import random
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, select, text

from cslib.bulk import Bulk, load_transaction, naive_utc
from cslib.demo.accounts import DEMO_ACCOUNTS, DEMO_PASSWORD, TEAMS, write_accounts
from cslib.demo.activities import write_activities
from cslib.demo.clock import Clock
from cslib.demo.companies import write_companies, write_follows
from cslib.demo.contacts import write_contacts
from cslib.demo.dashboards import seed_dashboards
from cslib.demo.engagement import Engagement
from cslib.demo.health_scores import seed_health
from cslib.demo.history import write_property_history
from cslib.demo.names import Pools, build_pools
from cslib.demo.rand import DemoRandom
from cslib.demo.records import write_records
from cslib.demo.sizes import Sizes, sizes_for
from cslib.demo.workspace import PipelineInfo, write_workspace
from cslib.demo.writer import Writer
from cslib.errors import ValidationError
from cslib.models import (
    Activity,
    Association,
    Base,
    Company,
    CompanyDomain,
    Contact,
    Meeting,
    MeetingAttendee,
    PropertyHistory,
    Record,
    Task,
    User,
)
from cslib.users import hash_password

SCALES = ("small", "large")


@dataclass(frozen=True)
class DemoSummary:
    scale: str
    seed: int
    users: int
    teams: int
    companies: int
    company_domains: int
    contacts: int
    deals: int
    subscriptions: int
    projects: int
    services: int
    tickets: int
    implementations: int
    tasks: int
    meetings: int
    meeting_attendees: int
    activities: int
    associations: int
    property_history: int
    follows: int
    seconds: float

    def lines(self) -> list[str]:
        counts = {k: v for k, v in asdict(self).items() if k not in ("scale", "seed", "seconds")}
        width = max(map(len, counts))
        out = [f"Demo data ({self.scale}, seed {self.seed}) loaded in {self.seconds:.1f} s:"]
        out += [f"  {k.replace('_', ' '):<{width}}  {v:>10,}" for k, v in counts.items()]
        return out


_SEEDED_TABLES = (User, Company, Contact, Record, Task, Activity)
BULK_TABLES = tuple(
    m.__table__
    for m in (
        Company,
        CompanyDomain,
        Contact,
        Record,
        Task,
        Meeting,
        MeetingAttendee,
        Activity,
        Association,
        PropertyHistory,
    )
)


def _has_data(conn: Connection) -> bool:
    return any(conn.execute(select(m.id).limit(1)).first() for m in _SEEDED_TABLES)


def is_empty(engine: Engine) -> bool:
    """True when the database has no users and no CRM data (demo data may be loaded)."""
    with engine.connect() as conn:
        return not _has_data(conn)


def seed_demo(
    engine: Engine,
    *,
    scale: str = "small",
    seed: int = 42,
    now: datetime | None = None,
    factor: float = 1.0,
) -> DemoSummary:
    """Fill an empty, migrated database with demo data in one transaction.

    `factor` scales the row counts (e.g. 0.01 for tests of the large set). Raises
    ValidationError when the database already has users or data.
    """
    if scale not in SCALES:
        raise ValidationError(f"Unknown demo scale {scale!r}; use one of {', '.join(SCALES)}.")
    if not 0 < factor <= 10:
        raise ValidationError("The demo size factor must be above 0 and at most 10.")
    started = time.perf_counter()
    now = naive_utc(now or datetime.now(UTC)).replace(microsecond=0)
    sizes = sizes_for(scale, factor)
    password_hash = hash_password(DEMO_PASSWORD)
    with load_transaction(engine) as conn:  # BEGIN IMMEDIATE on SQLite: one loader at a time
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('cslib.demo'))"))
        if _has_data(conn):
            raise ValidationError(
                "This database already has users or data. Demo data is only loaded into an empty "
                "database; use a new database file or URL."
            )
        bulk = Bulk(conn)
        write_accounts(bulk, password_hash)
        pipelines = write_workspace(bulk, now)
        with bulk.indexes_deferred(BULK_TABLES):
            s = _write_customer_base(
                bulk, DemoRandom(seed), build_pools(seed, sizes.companies), now, sizes, pipelines, scale == "large"
            )
        bulk.set_last_activity()
        bulk.reset_sequences(Base.metadata.sorted_tables)
        c = bulk.counts
    _refresh_statistics(engine)
    if scale == "small":
        seed_health(engine, now.replace(tzinfo=UTC))
        seed_dashboards(engine)
    return DemoSummary(
        scale=scale,
        seed=seed,
        users=len(DEMO_ACCOUNTS),
        teams=len(TEAMS),
        **{
            k: s.get(k, 0)
            for k in (
                "companies",
                "company_domains",
                "contacts",
                "deals",
                "subscriptions",
                "projects",
                "services",
                "tickets",
                "implementations",
                "tasks",
                "meetings",
                "meeting_attendees",
                "activities",
                "property_history",
                "follows",
            )
        },
        associations=c.get("associations", 0),
        seconds=round(time.perf_counter() - started, 2),
    )


def _write_customer_base(
    bulk: Bulk,
    rng: random.Random,
    pools: Pools,
    now: datetime,
    sizes: Sizes,
    pipelines: dict[str, PipelineInfo],
    large: bool,
) -> dict[str, int]:
    """Companies, contacts, pipeline records, tasks, meetings, activities, property history
    and follows, from one random stream in this fixed order; returns the counts per object."""
    out, clock = Writer(bulk), Clock(now)
    companies = write_companies(out, rng, pools, clock, sizes.companies)
    contacts = write_contacts(out, rng, pools, clock, companies, sizes.contacts)
    records = write_records(out, rng, clock, sizes, pipelines, companies, contacts)
    work = Engagement(out, rng, clock, companies, contacts)
    work.write_tasks(sizes.tasks)
    meeting_acts = work.write_meetings(sizes.meetings, large)
    write_activities(out, rng, clock, companies, contacts, records.by_company, meeting_acts, sizes.activities)
    write_property_history(out, rng, clock, companies, records.stage_history)
    write_follows(out, rng, clock, companies)
    return out.summary


def _refresh_statistics(engine: Engine) -> None:
    """Planner statistics after a bulk load: without them SQLite may pick the wrong index."""
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()
