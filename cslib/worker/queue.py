"""Our job queue: rows in `jobs` that the lease-holding scheduler runs.

Why not add jobs to APScheduler directly: its job store must never be shared by two running
schedulers, and it advances `next_run_time` when it hands a job out, so a job whose process
dies mid-run is silently lost. Rows here carry a status, an attempt count and a lock with an
expiry, so work queued by any app process is run by whoever holds the scheduler lease,
retried with exponential backoff when it fails, and re-queued when its runner dies.

Handlers must be idempotent: a job whose runner died (or lost the lease) mid-run runs again.
The outcome of a run is only recorded if the job is still locked by that runner, so a runner
that lost its job to a re-queue cannot overwrite the newer run's result.

Jobs are queued, and their handlers declared, through cslib.jobs; this module runs them.
"""

from __future__ import annotations

import json
import logging
import time
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, func, literal, select, update
from sqlalchemy.orm import Session

from cslib import jobs
from cslib.config import get_settings
from cslib.db import write_session
from cslib.models import Job
from cslib.models.base import utcnow
from cslib.worker import lease

log = logging.getLogger(__name__)

STATUSES = ("queued", "running", "done", "failed")
MAX_SLEEP_SECONDS = 60
KEEP_FINISHED_DAYS = 14
MAX_BACKOFF_SECONDS = 3600
MAX_ERROR_CHARS = 4000


# --- the worker's own jobs --------------------------------------------------------------


@jobs.handler("noop")
def _noop(engine: Engine, payload: dict) -> dict:
    """Does nothing: for diagnostics and tests of the queue itself."""
    return {"ok": True}


@jobs.handler("sleep")
def _sleep(engine: Engine, payload: dict) -> dict:
    """Sleeps payload["seconds"] (at most 60): lets tests simulate a long job."""
    seconds = max(0.0, min(float(payload.get("seconds", 1)), MAX_SLEEP_SECONDS))
    time.sleep(seconds)
    return {"slept": seconds}


jobs.schedule_periodic("purge_finished_jobs", "purge_finished_jobs", hours=6)


@jobs.handler("purge_finished_jobs")
def _purge_finished(engine: Engine, payload: dict) -> dict:
    """Finished jobs are kept a while for the status page, then removed so the table stays small."""
    days = max(1, int(payload.get("days", KEEP_FINISHED_DAYS)))
    return {"deleted": purge_finished(engine, older_than=timedelta(days=days))}


def purge_finished(engine: Engine, *, older_than: timedelta, now: datetime | None = None) -> int:
    cutoff = (now or utcnow()) - older_than
    with write_session(engine) as s:
        result = s.execute(
            delete(Job)
            .where(Job.status.in_(("done", "failed")), Job.finished_at < cutoff)
            .execution_options(synchronize_session=False)
        )
        return result.rowcount or 0


# --- claiming and running ---------------------------------------------------------------


def claim_next(
    engine: Engine,
    holder: str,
    *,
    now: datetime | None = None,
    timeout_seconds: float | None = None,
    require_lease: bool = False,
) -> Job | None:
    """Atomically take the oldest due queued job: status running, attempts + 1, locked.

    Safe with several processes: on SQLite the write transaction starts with BEGIN
    IMMEDIATE, so claims are serialised; on PostgreSQL the candidate row is selected FOR
    UPDATE SKIP LOCKED. The UPDATE is conditional on status='queued' in any case. With
    `require_lease`, nothing is claimed unless `holder` holds the scheduler lease (checked in
    the same transaction), so a scheduler that lost its lease stops taking work at once.
    """
    timeout = timeout_seconds if timeout_seconds is not None else get_settings().cs_job_timeout_seconds
    with write_session(engine) as s:
        t = now or utcnow()
        if require_lease and not lease.holds(s, holder, now=t):
            return None
        for _ in range(5):
            job_id = s.scalar(
                select(Job.id)
                .where(Job.status == "queued", Job.run_after <= t)
                .order_by(Job.run_after, Job.id)
                .limit(1)
                .with_for_update(skip_locked=True)
            )
            if job_id is None:
                return None
            claimed = s.execute(
                update(Job)
                .where(Job.id == job_id, Job.status == "queued")
                .values(
                    status="running",
                    attempts=Job.attempts + 1,
                    started_at=t,
                    finished_at=None,
                    locked_by=holder,
                    locked_until=t + timedelta(seconds=timeout),
                )
                .execution_options(synchronize_session=False)
            )
            if claimed.rowcount == 1:
                return s.get(Job, job_id, populate_existing=True)
    return None


def run_one(engine: Engine, holder: str, *, now: datetime | None = None, require_lease: bool = False) -> Job | None:
    """Claim one job, run its handler outside the claim transaction, record the outcome.

    Returns the job as recorded afterwards, or None when nothing was due. A handler's
    exception is recorded as the job's error text (and retried while attempts remain); it
    never propagates. An unknown kind fails at once: retrying would not help.
    """
    job = claim_next(engine, holder, now=now, require_lease=require_lease)
    if job is None:
        return None
    fn = jobs.get_handler(job.kind)
    if fn is None:
        error = f"unknown job kind {job.kind!r}: no handler is registered for it"
        log.error("job %d failed: %s", job.id, error)
        return _finish(engine, job, holder, now=now, error=error, retry=False)
    started = time.monotonic()
    timeout = float(get_settings().cs_job_timeout_seconds)
    try:
        with jobs.running(jobs.Running(job.id, holder, job.attempts, timeout, job.max_attempts)):
            result = fn(engine, dict(job.payload or {}))
        if result is not None and not isinstance(result, dict):
            raise TypeError(f"handler returned {type(result).__name__}, expected a dict or None")
        json.dumps(result)  # fail here, as the job's error, rather than at commit
    except Exception as exc:  # noqa: BLE001 - a failing job must not stop the queue
        error = _error_text(exc)
        log.warning("job %d (%s) attempt %d failed: %s", job.id, job.kind, job.attempts, error.splitlines()[0])
        return _finish(engine, job, holder, now=now, error=error, retry=True)
    log.info("job %d done (%s, attempt %d, %.2f s)", job.id, job.kind, job.attempts, time.monotonic() - started)
    return _finish(engine, job, holder, now=now, result=result)


def run_pending(
    engine: Engine,
    holder: str,
    *,
    budget_seconds: float = 5,
    require_lease: bool = False,
    should_continue: Callable[[], bool] | None = None,
) -> int:
    """Run due jobs one after another until none is due or `budget_seconds` have passed.

    Returns how many jobs were run. A database error ends this round (logged); the next
    round tries again. `should_continue` is asked before each claim (the scheduler host
    passes "am I still the leader").
    """
    deadline = time.monotonic() + budget_seconds
    count = 0
    while time.monotonic() < deadline:
        if should_continue is not None and not should_continue():
            break
        try:
            job = run_one(engine, holder, require_lease=require_lease)
        except Exception:  # noqa: BLE001 - e.g. the database is briefly unavailable
            log.exception("could not run queued jobs")
            break
        if job is None:
            break
        count += 1
    return count


def _finish(
    engine: Engine,
    job: Job,
    holder: str,
    *,
    now: datetime | None,
    result: dict | None = None,
    error: str | None = None,
    retry: bool = False,
) -> Job | None:
    """Record the outcome, but only if the job is still ours (same runner, same attempt)."""
    with write_session(engine) as s:
        t = now or utcnow()
        if error is None:
            values = dict(status="done", result=result, error=None, finished_at=t, locked_until=None)
        elif retry and job.attempts < job.max_attempts:
            backoff = min(2**job.attempts, MAX_BACKOFF_SECONDS)
            values = dict(
                status="queued",
                error=error,
                run_after=t + timedelta(seconds=backoff),
                locked_by=None,
                locked_until=None,
            )
        else:
            values = dict(status="failed", error=error, finished_at=t, locked_until=None)
        recorded = s.execute(
            update(Job)
            .where(Job.id == job.id, Job.status == "running", Job.locked_by == holder, Job.attempts == job.attempts)
            .values(**values)
            .execution_options(synchronize_session=False)
        )
        if recorded.rowcount == 0:
            log.warning(
                "job %d: outcome of attempt %d not recorded: the job was re-queued meanwhile", job.id, job.attempts
            )
        return s.get(Job, job.id, populate_existing=True)


def _error_text(exc: BaseException) -> str:
    head = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    tb = "".join(traceback.format_exception(type(exc), exc, exc.__traceback__))
    text = f"{head}\n\n{tb}"
    return text if len(text) <= MAX_ERROR_CHARS else text[: MAX_ERROR_CHARS - 15] + "\n[truncated]"


# --- recovery ---------------------------------------------------------------------------


def requeue_stale(engine: Engine, *, now: datetime | None = None) -> int:
    """Running jobs whose lock expired go back to the queue (or fail if out of attempts).

    Covers a runner that hangs or died without anyone taking the lease over. Returns how
    many jobs were changed.
    """
    with write_session(engine) as s:
        t = now or utcnow()
        stale = (Job.status == "running") & (Job.locked_until < t)
        return _requeue(s, stale, t, "stale", "lock expired while running on ")


def requeue_orphans(engine: Engine, holder: str, *, now: datetime | None = None) -> int:
    """Re-queue every running job not locked by `holder` (called on taking the lease).

    Only the lease holder runs jobs, so a running job locked by anyone else was left by a
    scheduler that died or lost its lease. Returns how many jobs were changed.
    """
    with write_session(engine) as s:
        t = now or utcnow()
        orphan = (Job.status == "running") & (Job.locked_by.is_(None) | (Job.locked_by != holder))
        return _requeue(s, orphan, t, "orphaned", "scheduler replaced while running on ")


def _requeue(s: Session, condition, t: datetime, label: str, reason: str) -> int:  # noqa: ANN001
    why = literal(reason) + func.coalesce(Job.locked_by, "?")
    again = s.execute(
        update(Job)
        .where(condition, Job.attempts < Job.max_attempts)
        .values(status="queued", run_after=t, locked_by=None, locked_until=None, error=why)
        .execution_options(synchronize_session=False)
    ).rowcount
    failed = s.execute(
        update(Job)
        .where(condition, Job.attempts >= Job.max_attempts)
        .values(status="failed", finished_at=t, locked_until=None, error=why + "; no attempts left")
        .execution_options(synchronize_session=False)
    ).rowcount
    if again or failed:
        log.warning("re-queued %d %s job(s); %d failed, out of attempts", again, label, failed)
    return again + failed


# --- reading ----------------------------------------------------------------------------


def queue_counts(session: Session) -> dict[str, int]:
    """Jobs per status; every status is present (0 when none)."""
    counts = dict.fromkeys(STATUSES, 0)
    for status, n in session.execute(select(Job.status, func.count()).group_by(Job.status)):
        counts[status] = n
    return counts


def get_job(session: Session, job_id: int) -> Job | None:
    return session.get(Job, job_id)
