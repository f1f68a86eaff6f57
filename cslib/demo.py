"""Demo data: a realistic B2B customer base so every tab has content on first start.

    python -m cslib.demo [--scale] [--database-url URL] [--seed N]

migrates the database and, if it is empty, fills it: the small set (default; the app loads
it on first start, ~1 s) or the large one (`--scale`: 100,000 companies, 1,000,000
activities; about a minute on SQLite). Same seed and same `now` give identical data; all
dates are relative to `now`. Demo users sign in with DEMO_PASSWORD.

Modules: demo_setup (users, workspace, object types, pipelines: the same in both scales),
demo_data (companies, contacts, pipeline records), demo_engage (tasks, meetings, activities,
property history), demo_pools (word lists, Faker pools), cslib.bulk (fast inserts).

Choices worth knowing:
- `companies.nps` holds the likelihood-to-recommend answer 0–10 of the customer's last
  survey (None: never answered); promoters 9–10, detractors 0–6.
- Activities by users (note, call, email, meeting) have `actor_id`; contact activities
  (email_open/click/reply, page_view, form_submission, sequence_enrollment) have
  `actor_id` NULL and both `contact_id` and `company_id`: that is the Feed.
- The small set gets a health score profile with twelve weeks of scores and alerts
  (demo_health); the large one none (the benchmark scores it). Views, reports and
  dashboards are not seeded here.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.engine import make_url

from cslib.bulk import Bulk, association_row, load_transaction, naive_utc
from cslib.demo_data import DemoData, Sizes, sizes_for
from cslib.demo_health import seed_health
from cslib.demo_pools import DemoRandom, build_pools
from cslib.demo_setup import DEMO_ACCOUNTS, TEAMS, DemoAccount, write_setup
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

DEMO_PASSWORD = "customer-success"
SCALES = ("small", "large")

__all__ = [
    "DEMO_ACCOUNTS",
    "DEMO_PASSWORD",
    "DemoAccount",
    "DemoSummary",
    "Sizes",
    "association_row",
    "is_empty",
    "main",
    "seed_demo",
    "sizes_for",
]


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
        pipelines = write_setup(bulk, now, password_hash)
        data = DemoData(
            bulk, DemoRandom(seed), build_pools(seed, sizes.companies), now, sizes, pipelines, large=scale == "large"
        )
        with bulk.indexes_deferred(BULK_TABLES):
            data.run()
        bulk.set_last_activity()
        bulk.reset_sequences(Base.metadata.sorted_tables)
        s, c = data.summary, bulk.counts
    _refresh_statistics(engine)
    if scale == "small":
        seed_health(engine, now.replace(tzinfo=UTC))
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


def _refresh_statistics(engine: Engine) -> None:
    """Planner statistics after a bulk load: without them SQLite may pick the wrong index."""
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()


def main(argv: list[str] | None = None) -> int:
    from cslib.config import get_settings
    from cslib.db import make_engine
    from cslib.migrate import upgrade

    parser = argparse.ArgumentParser(prog="python -m cslib.demo", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale", action="store_true", help="load the large data set (100,000 companies, 1,000,000 activities)"
    )
    parser.add_argument("--database-url", help="SQLAlchemy URL (default: the app's DATABASE_URL)")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    parser.add_argument("--factor", type=float, default=1.0, help="scale the row counts (default 1)")
    args = parser.parse_args(argv)
    url = args.database_url or get_settings().resolved_database_url()
    engine = make_engine(url)
    try:
        print(f"Database: {make_url(url).render_as_string(hide_password=True)}")
        t0 = time.perf_counter()
        upgrade(engine)
        print(f"Schema up to date ({time.perf_counter() - t0:.1f} s).")
        if not is_empty(engine):
            print("The database already has data; demo data was not loaded.")
            return 0
        summary = seed_demo(engine, scale="large" if args.scale else "small", seed=args.seed, factor=args.factor)
        print("\n".join(summary.lines()))
        print(f"Sign in as e.g. {DEMO_ACCOUNTS[0].email} with the password {DEMO_PASSWORD!r}.")
        return 0
    except ValidationError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    finally:
        engine.dispose()


if __name__ == "__main__":
    sys.exit(main())
