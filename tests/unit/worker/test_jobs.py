"""The job queue (cslib.jobs, cslib.worker.queue) on every backend, with a fake clock where time matters."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import delete, update

from cslib import jobs
from cslib.db import read_session, write_session
from cslib.models import Job, SchedulerLease
from cslib.models.base import utcnow
from cslib.worker import lease, queue

CALLS: list[dict] = []


@jobs.handler("test.fail")
def _fail(engine, payload):  # noqa: ANN001
    raise ValueError(f"boom {payload.get('n', 0)}")


@jobs.handler("test.record")
def _record(engine, payload):  # noqa: ANN001
    CALLS.append(payload)
    return {"seen": payload}


@jobs.handler("test.not_json")
def _not_json(engine, payload):  # noqa: ANN001
    return {"when": object()}


@jobs.handler("test.stolen")
def _stolen(engine, payload):  # noqa: ANN001
    """While running, another scheduler takes over and re-claims this very job."""
    queue.requeue_orphans(engine, "other")
    queue.claim_next(engine, "other")
    return {"ran": "first"}


@pytest.fixture
def db(engine):
    """The shared per-backend database with an empty queue and no lease."""
    with write_session(engine) as s:
        s.execute(delete(Job))
        s.execute(delete(SchedulerLease))
    CALLS.clear()
    return engine


def add(engine, kind="noop", payload=None, **kw) -> Job:  # noqa: ANN001
    with write_session(engine) as s:
        return jobs.enqueue(s, kind, payload, **kw)


def load(engine, job_id: int) -> Job:  # noqa: ANN001
    with read_session(engine) as s:
        job = queue.get_job(s, job_id)
        s.expunge(job)
        return job


def test_enqueue_adds_a_queued_job(db):
    job = add(db, "noop", {"a": 1})
    got = load(db, job.id)
    assert (got.kind, got.payload, got.status, got.attempts, got.max_attempts) == ("noop", {"a": 1}, "queued", 0, 3)
    assert got.run_after <= utcnow()


def test_dedupe_key_returns_the_queued_job_but_not_a_finished_one(db):
    first = add(db, "noop", dedupe_key="k")
    again = add(db, "noop", dedupe_key="k")
    other = add(db, "noop", dedupe_key="other")
    assert again.id == first.id and other.id != first.id
    queue.run_one(db, "w")  # runs `first`
    assert load(db, first.id).status == "done"
    assert add(db, "noop", dedupe_key="k").id != first.id


def test_claim_takes_the_oldest_due_job_and_respects_run_after(db):
    t = utcnow()
    later = add(db, run_after=t + timedelta(minutes=5))
    old = add(db, run_after=t - timedelta(minutes=2))
    newer = add(db, run_after=t - timedelta(minutes=1))
    first = queue.claim_next(db, "w", now=t)
    assert first.id == old.id and first.status == "running" and first.attempts == 1
    assert first.locked_by == "w" and first.started_at == t
    assert first.locked_until == t + timedelta(seconds=600)
    assert queue.claim_next(db, "w", now=t).id == newer.id
    assert queue.claim_next(db, "w", now=t) is None  # `later` is not due yet
    assert queue.claim_next(db, "w", now=t + timedelta(minutes=6)).id == later.id


def test_run_one_records_the_result(db):
    job = add(db, "test.record", {"x": 2})
    done = queue.run_one(db, "w")
    assert done.id == job.id and done.status == "done" and done.result == {"seen": {"x": 2}}
    assert done.finished_at is not None and done.error is None and done.locked_by == "w"
    assert CALLS == [{"x": 2}]
    assert queue.run_one(db, "w") is None


def test_failures_are_retried_with_backoff_then_fail(db):
    t = utcnow()
    job = add(db, "test.fail", {"n": 7}, run_after=t)
    first = queue.run_one(db, "w", now=t)
    assert (first.status, first.attempts, first.locked_by) == ("queued", 1, None)
    assert first.run_after == t + timedelta(seconds=2)
    assert first.error.startswith("ValueError: boom 7")
    assert "Traceback" in first.error
    assert queue.run_one(db, "w", now=t + timedelta(seconds=1)) is None  # backing off
    t2 = t + timedelta(seconds=2)
    second = queue.run_one(db, "w", now=t2)
    assert (second.status, second.attempts, second.run_after) == ("queued", 2, t2 + timedelta(seconds=4))
    t3 = t2 + timedelta(seconds=4)
    third = queue.run_one(db, "w", now=t3)
    assert third.id == job.id and (third.status, third.attempts) == ("failed", 3)
    assert third.finished_at == t3 and "ValueError: boom 7" in third.error
    assert queue.run_one(db, "w", now=t3 + timedelta(days=1)) is None


def test_handler_errors_do_not_stop_run_pending(db):
    bad = add(db, "test.fail", max_attempts=1)
    bad_result = add(db, "test.not_json")
    good = add(db, "test.record", {"y": 1})
    assert queue.run_pending(db, "w", budget_seconds=5) == 3
    assert load(db, bad.id).status == "failed"
    assert "not JSON serializable" in load(db, bad_result.id).error
    assert load(db, good.id).status == "done"


def test_unknown_kind_fails_at_once_with_a_clear_error(db):
    job = add(db, "no.such.kind", max_attempts=5)
    got = queue.run_one(db, "w")
    assert got.id == job.id and got.status == "failed" and got.attempts == 1
    assert "unknown job kind 'no.such.kind'" in got.error


def test_requeue_stale_uses_the_lock_expiry(db):
    t = utcnow()
    retry = add(db, run_after=t)
    spent = add(db, run_after=t, max_attempts=1)
    queue.claim_next(db, "dead", now=t, timeout_seconds=600)
    queue.claim_next(db, "dead", now=t, timeout_seconds=600)
    assert queue.requeue_stale(db, now=t + timedelta(seconds=599)) == 0
    assert queue.requeue_stale(db, now=t + timedelta(seconds=601)) == 2
    again, failed = load(db, retry.id), load(db, spent.id)
    assert (again.status, again.locked_by, again.attempts) == ("queued", None, 1)
    assert "lock expired while running on dead" in again.error
    assert failed.status == "failed" and "no attempts left" in failed.error
    # The re-queued job runs again and, on success, clears the error.
    assert queue.run_one(db, "w", now=t + timedelta(seconds=602)).status == "done"
    assert load(db, retry.id).attempts == 2 and load(db, retry.id).error is None


def test_requeue_orphans_takes_back_jobs_of_other_holders_only(db):
    mine, theirs = add(db), add(db)
    assert queue.claim_next(db, "new").id == mine.id
    assert queue.claim_next(db, "old").id == theirs.id
    assert queue.requeue_orphans(db, "new") == 1
    assert load(db, mine.id).status == "running"
    assert load(db, theirs.id).status == "queued"
    assert "replaced while running on old" in load(db, theirs.id).error


def test_outcome_of_a_run_whose_job_was_taken_over_is_not_recorded(db):
    job = add(db, "test.stolen")
    queue.run_one(db, "first")
    got = load(db, job.id)
    assert (got.status, got.locked_by, got.attempts, got.result) == ("running", "other", 2, None)


def test_claim_with_require_lease_needs_the_lease(db):
    add(db)
    assert queue.claim_next(db, "w", require_lease=True) is None
    assert lease.try_acquire(db, "w", "worker", ttl=30)
    assert queue.claim_next(db, "other", require_lease=True) is None
    assert queue.claim_next(db, "w", require_lease=True) is not None


def test_concurrent_claimers_never_share_a_job(db):
    ids = [add(db).id for _ in range(30)]
    claimed: dict[str, list[int]] = {}
    errors: list[BaseException] = []

    def claimer(name: str) -> None:
        mine = claimed.setdefault(name, [])
        try:
            while (job := queue.claim_next(db, name)) is not None:
                mine.append(job.id)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=claimer, args=(f"c{i}",)) for i in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert not errors
    every = [i for got in claimed.values() for i in got]
    assert sorted(every) == sorted(ids)  # each exactly once


def test_queue_counts_has_every_status(db):
    add(db)
    add(db)
    add(db, "test.fail", max_attempts=1)
    queue.run_one(db, "w")
    with read_session(db) as s:
        counts = queue.queue_counts(s)
    assert counts == {"queued": 2, "running": 0, "done": 1, "failed": 0}  # the oldest ran
    with write_session(db) as s:
        s.execute(update(Job).values(status="queued"))
    with read_session(db) as s:
        assert queue.queue_counts(s) == {"queued": 3, "running": 0, "done": 0, "failed": 0}
        assert queue.get_job(s, 10**9) is None


def test_sleep_is_capped_and_kinds_cannot_be_registered_twice(db, monkeypatch):
    slept: list[float] = []
    monkeypatch.setattr(queue.time, "sleep", slept.append)
    assert jobs.get_handler("sleep")(db, {"seconds": 999}) == {"slept": 60}
    assert slept == [60]
    assert jobs.get_handler("noop")(db, {}) == {"ok": True}
    with pytest.raises(ValueError, match="already has a handler"):
        jobs.handler("noop")(lambda engine, payload: None)
    assert {"noop", "sleep"} <= set(jobs.registered_kinds())


def test_finished_jobs_are_purged_after_the_keep_period(engine):
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select

    from cslib.db import read_session, write_session
    from cslib.jobs import enqueue
    from cslib.models import Job
    from cslib.worker.queue import purge_finished, run_one

    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    with write_session(engine) as s:
        old = enqueue(s, "noop", run_after=t0).id
    run_one(engine, "t", now=t0)
    with write_session(engine) as s:
        s.execute(Job.__table__.update().where(Job.id == old).values(finished_at=t0))
        fresh = enqueue(s, "noop").id
    assert purge_finished(engine, older_than=timedelta(days=14), now=t0 + timedelta(days=15)) >= 1
    with read_session(engine) as s:
        ids = set(s.scalars(select(Job.id)))
    assert old not in ids and fresh in ids


@jobs.handler("test.keep_alive")
def _keep_alive(engine, payload):  # noqa: ANN001
    """A long handler extends its lock; after another scheduler took the job, it must stop."""
    job_id = payload["id"]
    with read_session(engine) as s:
        before = s.get(Job, job_id).locked_until
    jobs.keep_alive(engine)
    with read_session(engine) as s:
        CALLS.append({"extended": s.get(Job, job_id).locked_until > before})
    queue.requeue_orphans(engine, "other")
    with pytest.raises(jobs.JobLost):
        jobs.keep_alive(engine)
    CALLS.append({"lost": True})


def test_keep_alive_extends_a_long_jobs_lock_until_another_scheduler_takes_it(db):
    with write_session(db) as s:
        job = jobs.enqueue(s, "test.keep_alive", {})
        job.payload = {"id": job.id}
    done = queue.run_one(db, "runner")
    assert CALLS == [{"extended": True}, {"lost": True}]
    assert done.status == "queued" and done.error.startswith("scheduler replaced")
    jobs.keep_alive(db)  # outside a job: nothing to extend, no error
