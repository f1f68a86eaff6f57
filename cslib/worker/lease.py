"""The scheduler lease: exactly one scheduler at a time, across any number of processes.

APScheduler cannot share a job store between two running schedulers, so every process that
could run one (each `python -m cslib.worker`, each app process with the in-app scheduler)
competes for one row, `scheduler_lease` name="scheduler". The holder renews it well before
it expires; a holder that stops renewing (killed, frozen, cut off from the database) is
replaced once the lease expires.

A worker has priority over the app: when a worker finds the lease held by an app, it sets
`handoff_requested`. The app sees the flag on its next renewal, stops its scheduler (still
renewing while its running job finishes) and releases the lease. A release made because of
a handoff keeps the lease reserved for workers until the old expiry time, so the app cannot
take it straight back before the worker's next try; if no worker comes, the app may.

Every change is a conditional UPDATE (on the holder and expiry that were read) inside a
write transaction: BEGIN IMMEDIATE on SQLite, the row locked FOR UPDATE on PostgreSQL.
Holders compare wall-clock times, so hosts sharing a PostgreSQL server need synchronised
clocks (skew well under a third of the lease).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from cslib.db import write_session
from cslib.models import SchedulerLease
from cslib.models.base import utcnow

NAME = "scheduler"
KINDS = ("worker", "app")
_COLUMNS = (
    SchedulerLease.holder,
    SchedulerLease.holder_kind,
    SchedulerLease.expires_at,
    SchedulerLease.handoff_requested,
    SchedulerLease.acquired_at,
)


@dataclass(frozen=True)
class LeaseStatus:
    holder: str | None
    kind: str | None
    expires_at: datetime | None
    handoff_requested: bool
    acquired_at: datetime | None = None

    def held_by(self, holder: str, *, now: datetime | None = None) -> bool:
        """`holder` holds an unexpired lease at `now`."""
        return self.holder == holder and self.expires_at is not None and self.expires_at > (now or utcnow())


def acquire(engine: Engine, holder: str, kind: str, *, ttl: float, now: datetime | None = None) -> LeaseStatus:
    """Try to take or renew the lease; return the lease as it stands afterwards.

    Succeeds (status.holder == holder) when the lease is ours (renewal; a pending handoff
    request stays visible), free, or expired. A free lease reserved for a worker after a
    handoff is refused to an app until the reservation expires. A worker refused because an
    app holds the lease sets `handoff_requested`.
    """
    if kind not in KINDS:
        raise ValueError(f"lease kind must be one of {KINDS}, not {kind!r}")
    with write_session(engine) as s:
        row = _locked_row(s)
        t = now or utcnow()  # read after the lock is held: waiting for it must not shorten the lease
        expired = row.expires_at is None or row.expires_at <= t
        ours = row.holder == holder
        if ours:
            may_take = True
        elif row.holder is not None:
            may_take = expired
        else:  # free, perhaps reserved for a worker after a handoff
            may_take = kind == "worker" or not row.handoff_requested or expired
        if may_take:
            values = dict(
                holder=holder,
                holder_kind=kind,
                expires_at=t + timedelta(seconds=ttl),
                acquired_at=row.acquired_at if ours else t,
                handoff_requested=bool(row.handoff_requested) if ours else False,
            )
            if _compare_and_set(s, row, values):
                return LeaseStatus(
                    holder, kind, values["expires_at"], values["handoff_requested"], values["acquired_at"]
                )
        elif kind == "worker" and row.holder_kind == "app" and not row.handoff_requested:
            _compare_and_set(s, row, {"handoff_requested": True})
        return _status(s.execute(select(*_COLUMNS).where(SchedulerLease.name == NAME)).one())


def try_acquire(engine: Engine, holder: str, kind: str, *, ttl: float, now: datetime | None = None) -> bool:
    """Take or renew the lease; True when `holder` holds it afterwards."""
    return acquire(engine, holder, kind, ttl=ttl, now=now).holder == holder


def release(engine: Engine, holder: str) -> bool:
    """Give the lease up if `holder` has it; True when it did.

    After a handoff request the lease stays reserved for workers until its expiry time.
    """
    with write_session(engine) as s:
        row = _locked_row(s)
        if row.holder != holder:
            return False
        values = dict(holder=None, holder_kind=None, acquired_at=None, handoff_requested=False, expires_at=None)
        if row.handoff_requested:
            values.update(handoff_requested=True, expires_at=row.expires_at)
        return _compare_and_set(s, row, values)


def holds(session: Session, holder: str, *, now: datetime | None = None) -> bool:
    """`holder` holds an unexpired lease (a plain read, usable inside another transaction)."""
    return lease_status(session).held_by(holder, now=now)


def lease_status(session: Session) -> LeaseStatus:
    row = session.execute(select(*_COLUMNS).where(SchedulerLease.name == NAME)).first()
    if row is None:
        return LeaseStatus(None, None, None, False, None)
    return _status(row)


def _status(row) -> LeaseStatus:  # noqa: ANN001
    return LeaseStatus(row.holder, row.holder_kind, row.expires_at, bool(row.handoff_requested), row.acquired_at)


def _locked_row(s: Session):  # noqa: ANN202
    """The lease row, locked for this transaction; created if missing (a concurrent insert
    by another process is tolerated: ON CONFLICT DO NOTHING, then read again)."""
    query = select(*_COLUMNS).where(SchedulerLease.name == NAME).with_for_update()
    row = s.execute(query).first()
    if row is None:
        dialect = s.get_bind().dialect.name
        insert = pg_insert if dialect == "postgresql" else sqlite_insert
        s.execute(
            insert(SchedulerLease)
            .values(name=NAME, handoff_requested=False)
            .on_conflict_do_nothing(index_elements=["name"])
        )
        row = s.execute(query).one()
    return row


def _compare_and_set(s: Session, row, values: dict) -> bool:  # noqa: ANN001
    """UPDATE the row only if holder and expiry are still what we read."""
    done = s.execute(
        update(SchedulerLease)
        .where(
            SchedulerLease.name == NAME,
            SchedulerLease.holder.is_not_distinct_from(row.holder),
            SchedulerLease.expires_at.is_not_distinct_from(row.expires_at),
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return done.rowcount == 1
