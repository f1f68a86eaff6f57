"""What domain code needs from the job queue: declare the jobs it owns and queue work.

Each domain package declares, at import time, the handlers of the job kinds it owns
(`@jobs.handler("health.recompute")`) and the periodic jobs it wants
(`jobs.schedule_periodic(...)`); the worker (cslib.worker) imports the domain packages from
its one list, HANDLER_MODULES, and reads this registry. `enqueue` queues a job in the
caller's transaction for whichever process holds the scheduler lease.

This module stays small and below every domain package: it imports no scheduler
(APScheduler) and nothing of cslib.worker, so importing a domain package never starts or
loads the worker.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from cslib.db import write_session
from cslib.models import Job
from cslib.models.base import utcnow

Handler = Callable[[Engine, dict], dict | None]
_HANDLERS: dict[str, Handler] = {}
_PERIODIC: dict[str, Periodic] = {}


@dataclass(frozen=True)
class Running:
    """The job a handler is running for: which attempt, by which runner."""

    id: int
    holder: str
    attempts: int
    timeout_seconds: float
    max_attempts: int = 1


_RUNNING: ContextVar[Running | None] = ContextVar("cs_running_job", default=None)


@dataclass(frozen=True)
class Periodic:
    """A `kind` job the scheduler's leader queues on an APScheduler trigger."""

    kind: str
    payload: dict = field(default_factory=dict)
    trigger: str = "interval"
    trigger_args: dict = field(default_factory=dict)


# --- declaring jobs ---------------------------------------------------------------------


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register `fn(engine, payload) -> dict | None` as the handler of `kind`.

    The returned dict is stored as the job's result (it must be JSON-serialisable). The
    package that defines handlers must be in cslib.worker.HANDLER_MODULES, or its jobs fail
    as "unknown kind" (tests/unit/worker/test_registry.py checks every kind the code queues).
    """

    def register(fn: Handler) -> Handler:
        old = _HANDLERS.get(kind)
        same = old is not None and (old.__module__, old.__qualname__) == (fn.__module__, fn.__qualname__)
        if old is not None and not same:  # a re-import of the same module is fine
            raise ValueError(f"job kind {kind!r} already has a handler: {old.__module__}.{old.__qualname__}")
        _HANDLERS[kind] = fn
        return fn

    return register


def get_handler(kind: str) -> Handler | None:
    return _HANDLERS.get(kind)


def registered_kinds() -> list[str]:
    return sorted(_HANDLERS)


def schedule_periodic(
    job_id: str, kind: str, payload: dict | None = None, *, trigger: str = "interval", **trigger_args
) -> None:
    """Have the leader enqueue a `kind` job on an APScheduler trigger ("interval" / "cron").

    Declare at import time of a package in cslib.worker.HANDLER_MODULES; it takes effect when
    a host next becomes leader. The queued job is deduplicated, so a slow run is never stacked.
    """
    _PERIODIC[job_id] = Periodic(kind, dict(payload or {}), trigger, dict(trigger_args))


def periodic_jobs() -> dict[str, Periodic]:
    """The periodic jobs declared so far, by job id."""
    return dict(_PERIODIC)


# --- queueing ---------------------------------------------------------------------------


def enqueue(
    session: Session,
    kind: str,
    payload: dict | None = None,
    *,
    dedupe_key: str | None = None,
    run_after: datetime | None = None,
    max_attempts: int = 3,
) -> Job:
    """Queue a job in the caller's transaction (flushed, not committed).

    With `dedupe_key`, an already queued job with that key is returned instead of adding a
    second one (a running job does not count: it may have started before the new data
    arrived). On SQLite call this inside cslib.db.write_session (it reads, then writes); on
    PostgreSQL a transaction-level advisory lock on the key serialises concurrent enqueues.
    """
    if max_attempts < 1:
        raise ValueError("max_attempts must be at least 1")
    if dedupe_key is not None:
        if session.get_bind().dialect.name == "postgresql":
            session.execute(select(func.pg_advisory_xact_lock(_advisory_key(dedupe_key))))
        existing = session.scalars(
            select(Job).where(Job.dedupe_key == dedupe_key, Job.status == "queued").order_by(Job.id).limit(1)
        ).first()
        if existing is not None:
            return existing
    now = utcnow()
    job = Job(
        kind=kind,
        payload=dict(payload or {}),
        status="queued",
        attempts=0,
        max_attempts=max_attempts,
        dedupe_key=dedupe_key,
        queued_at=now,
        run_after=run_after or now,
    )
    session.add(job)
    session.flush()
    return job


def _advisory_key(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(f"cs-job:{text}".encode(), digest_size=8).digest(), "big", signed=True)


# --- while a handler runs -------------------------------------------------------------------


@contextmanager
def running(job: Running) -> Iterator[None]:
    """The worker runs a handler inside this, so `keep_alive` knows which job it extends."""
    token = _RUNNING.set(job)
    try:
        yield
    finally:
        _RUNNING.reset(token)


def last_attempt() -> bool:
    """True when the running job will not be retried if this attempt fails (and outside
    a job): a handler then records the failure where its user reads it."""
    job = _RUNNING.get()
    return job is None or job.attempts >= job.max_attempts


class JobLost(Exception):
    """The job was taken from this runner (its lock expired and it was re-queued)."""


def keep_alive(engine: Engine) -> None:
    """Extend the running job's lock by the job timeout, so a long handler (a big export)
    is not re-queued while it still works; raise JobLost when the job is no longer ours,
    so the handler stops instead of racing the newer attempt. Outside a job: nothing."""
    job = _RUNNING.get()
    if job is None:
        return
    with write_session(engine) as s:
        kept = s.execute(
            update(Job)
            .where(
                Job.id == job.id,
                Job.status == "running",
                Job.locked_by == job.holder,
                Job.attempts == job.attempts,
            )
            .values(locked_until=utcnow() + timedelta(seconds=job.timeout_seconds))
            .execution_options(synchronize_session=False)
        ).rowcount
    if kept != 1:
        raise JobLost(f"job {job.id} attempt {job.attempts} was taken over")
