"""The scheduler host end to end: real `python -m cslib.worker` processes competing for the
lease (kill -9 included), and in-process hosts for the app → worker handoff."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from cslib import jobs, worker
from cslib.config import PROJECT_ROOT, get_settings
from cslib.db import read_session, write_session
from cslib.models import Heartbeat, Job
from cslib.models.base import utcnow
from cslib.permissions import Actor
from cslib.worker import SchedulerHost, lease
from tests.conftest import BACKENDS

ADMIN = Actor(1, "admin@example.com", "Admin", is_super_admin=True, has_service_seat=True)

LEASE = 3  # CS_LEASE_SECONDS for the subprocesses: renewals every second


def wait_until(predicate, timeout: float, interval: float = 0.05):  # noqa: ANN001, ANN201
    """Poll until predicate() is truthy; return its value, or None on timeout."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def lease_now(engine) -> lease.LeaseStatus:  # noqa: ANN001
    with read_session(engine) as s:
        return lease.lease_status(s)


def job_row(engine, job_id: int) -> Job:  # noqa: ANN001
    with read_session(engine) as s:
        job = s.get(Job, job_id)
        s.expunge(job)
        return job


def heartbeat(engine) -> tuple[str, object] | None:  # noqa: ANN001
    with read_session(engine) as s:
        row = s.get(Heartbeat, worker.HEARTBEAT_NAME)
        return (row.holder, row.at) if row else None


def enqueue(engine, kind: str, payload: dict | None = None) -> int:  # noqa: ANN001
    with write_session(engine) as s:
        return jobs.enqueue(s, kind, payload).id


def pid_of(holder: str | None) -> int | None:
    return int(holder.split(":")[2]) if holder else None


class Workers:
    """`python -m cslib.worker` subprocesses with their stderr logs in files."""

    def __init__(self, url: str, folder: Path) -> None:
        self.url, self.folder = url, folder
        self.procs: dict[int, subprocess.Popen] = {}
        self.logs: dict[int, Path] = {}

    def start(self) -> subprocess.Popen:
        env = {**os.environ, "DATABASE_URL": self.url, "CS_LEASE_SECONDS": str(LEASE), "PYTHONUNBUFFERED": "1"}
        log_path = self.folder / f"worker-{len(self.procs)}.log"
        with open(log_path, "wb") as log_file:
            proc = subprocess.Popen(
                [sys.executable, "-m", "cslib.worker"],
                cwd=PROJECT_ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=log_file,
            )
        self.procs[proc.pid], self.logs[proc.pid] = proc, log_path
        return proc

    def log(self, pid: int) -> str:
        return self.logs[pid].read_text()

    def acquired(self) -> set[int]:
        """Pids whose log says they acquired the lease."""
        return {pid for pid in self.procs if "acquired lease" in self.log(pid)}

    def kill_all(self) -> None:
        for proc in self.procs.values():
            if proc.poll() is None:
                proc.kill()
            proc.wait(10)

    def dump(self) -> str:
        return "\n".join(f"--- worker {pid}\n{self.log(pid)}" for pid in self.procs)


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_two_worker_processes_one_leader_jobs_once_and_failover(backend, make_db, tmp_path):
    engine = make_db(backend)
    url = engine.url.render_as_string(hide_password=False)
    workers = Workers(url, tmp_path)
    try:
        workers.start()
        workers.start()
        # Exactly one of them takes the lease; the other keeps trying without success.
        held = wait_until(lambda: pid_of(lease_now(engine).holder) in workers.procs, 20)
        assert held, workers.dump()
        leader_holder = lease_now(engine).holder
        leader_pid = pid_of(leader_holder)
        follower_pid = next(pid for pid in workers.procs if pid != leader_pid)
        time.sleep(LEASE / 3 * 2)  # the follower tries twice more
        assert workers.acquired() == {leader_pid}, workers.dump()
        assert lease_now(engine).holder == leader_holder

        # 20 queued jobs: each run exactly once, by the leader.
        ids = [enqueue(engine, "noop") for _ in range(20)]
        assert wait_until(lambda: all(job_row(engine, i).status == "done" for i in ids), 20), workers.dump()
        assert [(job_row(engine, i).attempts, job_row(engine, i).locked_by) for i in ids] == [(1, leader_holder)] * 20
        assert f"job {ids[-1]} done" in workers.log(leader_pid)
        beat = wait_until(lambda: heartbeat(engine), 20)
        assert beat and beat[0] == leader_holder

        # kill -9 the leader in the middle of a 30 s job.
        long_id = enqueue(engine, "sleep", {"seconds": 30})
        assert wait_until(lambda: job_row(engine, long_id).status == "running", 10), workers.dump()
        time.sleep(0.3)
        # The leader already read its payload; make the retry short so the test need not wait 30 s.
        with write_session(engine) as s:
            s.execute(update(Job).where(Job.id == long_id).values(payload={"seconds": 0.2}))
        workers.procs[leader_pid].send_signal(signal.SIGKILL)
        killed_at = time.monotonic()
        took_over = wait_until(lambda: pid_of(lease_now(engine).holder) == follower_pid, 15)
        takeover_seconds = time.monotonic() - killed_at
        assert took_over, workers.dump()
        assert takeover_seconds < LEASE + LEASE / 3 + 2, takeover_seconds
        follower_holder = lease_now(engine).holder
        assert wait_until(lambda: job_row(engine, long_id).status == "done", 15), workers.dump()
        long_job = job_row(engine, long_id)
        assert (long_job.attempts, long_job.locked_by) == (2, follower_holder)
        assert "re-queued 1 orphaned job(s)" in workers.log(follower_pid)
        new_beat = wait_until(lambda: (b := heartbeat(engine)) and b[0] == follower_holder and b, 20)
        assert new_beat and new_beat[1] > beat[1]

        # SIGTERM: a clean exit that gives the lease back.
        follower = workers.procs[follower_pid]
        follower.send_signal(signal.SIGTERM)
        assert follower.wait(15) == 0
        assert lease_now(engine).holder is None
        assert "released lease" in workers.log(follower_pid)
    finally:
        workers.kill_all()


# --- in-process hosts -------------------------------------------------------------------


def stop_all(*hosts: SchedulerHost | None) -> None:
    for host in hosts:
        if host is not None:
            host.stop(timeout=20)


@pytest.mark.parametrize("backend", BACKENDS)
def test_app_hands_the_lease_over_to_a_worker(backend, make_db):
    engine = make_db(backend)
    app = SchedulerHost(engine, kind="app", lease_seconds=1.5).start()
    worker_host = None
    try:
        assert wait_until(lambda: app.is_leader and app.scheduler is not None, 10)
        app_scheduler = app.scheduler
        assert app_scheduler.running
        worker_host = SchedulerHost(engine, kind="worker", lease_seconds=1.5).start()
        both_at_once = False
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            # Read the worker first: it cannot stop leading while we look, so a True/True
            # reading means both really were leaders.
            worker_leads = worker_host.is_leader
            if worker_leads and app.is_leader:
                both_at_once = True
            if worker_leads:  # keep watching a few lease renewals more
                deadline = min(deadline, time.monotonic() + 1.5)
            time.sleep(0.005)
        assert worker_host.is_leader and not both_at_once
        assert not app.is_leader and app.scheduler is None and not app_scheduler.running
        held = lease_now(engine)
        assert (held.holder, held.kind, held.handoff_requested) == (worker_host.holder, "worker", False)
        job_id = enqueue(engine, "noop")
        assert wait_until(lambda: job_row(engine, job_id).status == "done", 10)
        assert job_row(engine, job_id).locked_by == worker_host.holder
    finally:
        stop_all(worker_host, app)


def test_a_host_that_loses_its_lease_stops_its_scheduler(make_db):
    engine = make_db("sqlite")
    host = SchedulerHost(engine, kind="worker", lease_seconds=1.5).start()
    try:
        assert wait_until(lambda: host.is_leader and host.scheduler is not None, 10)
        scheduler = host.scheduler
        # Another holder took the lease (as after an expiry while this host was frozen).
        with write_session(engine) as s:
            s.execute(
                update(lease.SchedulerLease).values(
                    holder="intruder", holder_kind="worker", expires_at=utcnow() + timedelta(minutes=5)
                )
            )
        assert wait_until(lambda: not host.is_leader and host.scheduler is None, 5)
        assert not scheduler.running
        assert lease_now(engine).holder == "intruder"  # not released by the loser
        job_id = enqueue(engine, "noop")
        time.sleep(1)
        assert job_row(engine, job_id).status == "queued"  # nobody runs jobs without the lease
        assert lease.release(engine, "intruder")
        assert wait_until(lambda: host.is_leader, 5)
        assert wait_until(lambda: job_row(engine, job_id).status == "done", 10)
    finally:
        stop_all(host)


def test_status_heartbeat_periodic_jobs_and_release_on_stop(make_db):
    engine = make_db("sqlite")
    jobs.schedule_periodic("test-tick", "noop", trigger="interval", seconds=1)
    host = SchedulerHost(engine, kind="worker", lease_seconds=1.5).start()
    try:
        assert wait_until(lambda: heartbeat(engine), 10)
        with read_session(engine) as s:
            status = worker.worker_status(s, ADMIN)
        assert (status.lease_holder, status.lease_kind, status.heartbeat_holder) == (host.holder, "worker", host.holder)
        assert status.alive and set(status.queue) == {"queued", "running", "done", "failed"}
        with read_session(engine) as s:
            later = worker.worker_status(s, ADMIN, now=status.last_heartbeat + worker.ALIVE_WITHIN * 1.1)
        assert not later.alive

        def periodic_done() -> bool:
            with read_session(engine) as s:
                return s.query(Job).filter_by(dedupe_key="periodic:test-tick", status="done").count() >= 1

        assert wait_until(periodic_done, 10)
    finally:
        jobs._PERIODIC.pop("test-tick", None)
        stop_all(host)
    assert not host.running and lease_now(engine).holder is None


def test_start_in_app_once_per_database_and_only_if_enabled(make_db, monkeypatch):
    engine = make_db("sqlite")
    try:
        first = worker.start_in_app(engine, lease_seconds=1.5)
        assert first is not None and first.kind == "app" and first.running
        assert worker.start_in_app(engine) is first
        assert wait_until(lambda: first.is_leader, 10)
    finally:
        worker.stop_in_app(timeout=20)
    assert not first.running and lease_now(engine).holder is None
    monkeypatch.setenv("CS_IN_APP_SCHEDULER", "false")
    get_settings.cache_clear()
    try:
        assert worker.start_in_app(engine) is None
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()
