"""The scheduler lease (cslib.worker.lease) on every backend, with a fake clock."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import delete

from cslib.db import read_session, write_session
from cslib.models import SchedulerLease
from cslib.models.base import utcnow
from cslib.worker import lease

TTL = 30


@pytest.fixture
def db(engine):
    """The shared per-backend database without a lease row (acquire must create it)."""
    with write_session(engine) as s:
        s.execute(delete(SchedulerLease))
    return engine


def status(engine) -> lease.LeaseStatus:  # noqa: ANN001
    with read_session(engine) as s:
        return lease.lease_status(s)


def test_acquire_creates_the_row_and_takes_a_free_lease(db):
    t = utcnow()
    assert status(db) == lease.LeaseStatus(None, None, None, False, None)
    assert lease.try_acquire(db, "w1", "worker", ttl=TTL, now=t)
    st = status(db)
    assert (st.holder, st.kind, st.expires_at, st.acquired_at) == ("w1", "worker", t + timedelta(seconds=TTL), t)
    assert st.held_by("w1", now=t) and not st.held_by("w2", now=t)


def test_renewal_extends_the_expiry_and_keeps_acquired_at(db):
    t = utcnow()
    assert lease.try_acquire(db, "w1", "worker", ttl=TTL, now=t)
    assert lease.try_acquire(db, "w1", "worker", ttl=TTL, now=t + timedelta(seconds=10))
    st = status(db)
    assert st.expires_at == t + timedelta(seconds=10 + TTL) and st.acquired_at == t


def test_held_lease_is_refused_to_others(db):
    t = utcnow()
    assert lease.try_acquire(db, "w1", "worker", ttl=TTL, now=t)
    assert not lease.try_acquire(db, "w2", "worker", ttl=TTL, now=t + timedelta(seconds=29))
    assert not lease.try_acquire(db, "app1", "app", ttl=TTL, now=t + timedelta(seconds=29))
    st = status(db)
    assert st.holder == "w1" and not st.handoff_requested  # nobody asks a worker to hand off


def test_expired_lease_is_taken_over(db):
    t = utcnow()
    assert lease.try_acquire(db, "w1", "worker", ttl=TTL, now=t)
    later = t + timedelta(seconds=TTL + 1)
    assert lease.try_acquire(db, "app1", "app", ttl=TTL, now=later)
    st = status(db)
    assert (st.holder, st.kind, st.acquired_at) == ("app1", "app", later)
    assert not lease.try_acquire(db, "w1", "worker", ttl=TTL, now=later)  # the old holder lost it


def test_worker_takes_over_from_the_app_by_handoff(db):
    t = utcnow()
    assert lease.try_acquire(db, "app1", "app", ttl=TTL, now=t)
    # The worker is refused but leaves a request.
    assert not lease.try_acquire(db, "w1", "worker", ttl=TTL, now=t + timedelta(seconds=1))
    assert status(db).handoff_requested and status(db).holder == "app1"
    # The app's renewal succeeds and shows the request (the app then stops its scheduler).
    renewed = lease.acquire(db, "app1", "app", ttl=TTL, now=t + timedelta(seconds=2))
    assert renewed.holder == "app1" and renewed.handoff_requested
    assert lease.release(db, "app1")
    # Released for a worker: another app (or the same one) may not grab it first.
    assert not lease.try_acquire(db, "app1", "app", ttl=TTL, now=t + timedelta(seconds=3))
    assert not lease.try_acquire(db, "app2", "app", ttl=TTL, now=t + timedelta(seconds=3))
    assert lease.try_acquire(db, "w1", "worker", ttl=TTL, now=t + timedelta(seconds=4))
    st = status(db)
    assert (st.holder, st.kind, st.handoff_requested) == ("w1", "worker", False)


def test_reservation_for_a_worker_lapses_if_no_worker_comes(db):
    t = utcnow()
    assert lease.try_acquire(db, "app1", "app", ttl=TTL, now=t)
    assert not lease.try_acquire(db, "w1", "worker", ttl=TTL, now=t)
    assert lease.release(db, "app1")
    assert not lease.try_acquire(db, "app2", "app", ttl=TTL, now=t + timedelta(seconds=TTL - 1))
    assert lease.try_acquire(db, "app2", "app", ttl=TTL, now=t + timedelta(seconds=TTL + 1))
    assert not status(db).handoff_requested


def test_release_only_by_the_holder(db):
    t = utcnow()
    assert lease.try_acquire(db, "w1", "worker", ttl=TTL, now=t)
    assert not lease.release(db, "w2")
    assert status(db).holder == "w1"
    assert lease.release(db, "w1")
    assert status(db) == lease.LeaseStatus(None, None, None, False, None)
    assert lease.try_acquire(db, "app1", "app", ttl=TTL, now=t)  # free at once
    assert not lease.release(db, "w1")


def test_unknown_kind_is_refused(db):
    with pytest.raises(ValueError):
        lease.try_acquire(db, "x", "cron", ttl=TTL)


def test_concurrent_first_acquires_elect_exactly_one(db):
    """Eight threads race on a missing row: one insert wins, one holder wins, no errors."""
    barrier = threading.Barrier(8)
    won: list[str] = []
    errors: list[BaseException] = []

    def contender(name: str) -> None:
        try:
            barrier.wait(10)
            if lease.try_acquire(db, name, "worker", ttl=TTL):
                won.append(name)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=contender, args=(f"w{i}",)) for i in range(8)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(60)
    assert not errors
    assert len(won) == 1 and status(db).holder == won[0]
