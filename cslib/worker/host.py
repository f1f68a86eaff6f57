"""The scheduler host: runs APScheduler in whichever process holds the scheduler lease.

`python -m cslib.worker` runs a host of kind "worker" in the foreground; the app starts one
of kind "app" in a background thread (start_in_app) so the embedded default needs a single
command (both in cslib.worker.run). Any number of hosts may run; the lease (lease.py) makes exactly one the leader,
and a worker takes over from an app. Only the leader runs an APScheduler BackgroundScheduler,
whose job store is the `apscheduler_jobs` table of the same database (never shared by two
running schedulers: APScheduler does not support that).

The scheduler's own jobs are few and periodic: `heartbeat` (so the Settings page can say
whether a scheduler is alive), `process_queue` (runs our job queue, queue.py; the app puts work
there through cslib.jobs) and `requeue_stale`. Periodic domain work is declared with
cslib.jobs.schedule_periodic, which has the leader enqueue a queue job on a trigger.

APScheduler pickles jobs into the store, so job functions are "cslib.worker:<name>" whose
only argument is a hash of the database URL (not the holder: a scheduler that lost the lease
while frozen may write its jobs back once, and they must still suit the new leader). They
run for this process's host that leads on that database, found in this module's `_HOSTS`;
hence `python -m cslib.worker` (cslib/worker/__main__.py) calls the imported package's main.
"""

from __future__ import annotations

import hashlib
import importlib
import logging
import os
import socket
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from cslib import jobs
from cslib.config import get_settings
from cslib.db import write_session
from cslib.models import Heartbeat
from cslib.models.base import utcnow
from cslib.worker import lease, queue

log = logging.getLogger(__name__)

HEARTBEAT_NAME = "scheduler"
HEARTBEAT_SECONDS = 15
QUEUE_SECONDS = 2
QUEUE_BUDGET_SECONDS = 5
STALE_SECONDS = 60
ALIVE_WITHIN = timedelta(seconds=3 * HEARTBEAT_SECONDS)
JOBSTORE_TABLE = "apscheduler_jobs"
# The one list of domain packages whose jobs (cslib.jobs handlers and periodic jobs) the
# worker runs; the worker's own jobs are in cslib.worker.queue. A package missing here fails
# tests/unit/worker/test_registry.py, not a job at run time.
HANDLER_MODULES: list[str] = ["cslib.health", "cslib.alerts", "cslib.exports", "cslib.imports", "cslib.notifications"]

_HOSTS: dict[str, SchedulerHost] = {}  # holder -> host of this process, for the job functions


# --- APScheduler job functions (referenced by "module:function"; keep them importable) ---


def db_key(engine: Engine) -> str:
    url = engine.url.render_as_string(hide_password=False)
    return hashlib.sha256(url.encode()).hexdigest()[:16]


def _leader(db: str) -> SchedulerHost | None:
    """This process's host that currently leads on database `db`, if any."""
    return next((h for h in list(_HOSTS.values()) if h.db_key == db and h.is_leader), None)


def heartbeat_job(db: str) -> None:
    if (host := _leader(db)) is not None:
        write_heartbeat(host.engine, host.holder)


def process_queue_job(db: str) -> None:
    if (host := _leader(db)) is not None:
        queue.run_pending(
            host.engine,
            host.holder,
            budget_seconds=QUEUE_BUDGET_SECONDS,
            require_lease=True,
            should_continue=lambda: host.is_leader,
        )


def requeue_stale_job(db: str) -> None:
    if (host := _leader(db)) is not None:
        queue.requeue_stale(host.engine)


def enqueue_periodic_job(db: str, job_id: str) -> None:
    spec = jobs.periodic_jobs().get(job_id)
    if spec is not None and (host := _leader(db)) is not None:
        with write_session(host.engine) as s:
            jobs.enqueue(s, spec.kind, spec.payload, dedupe_key=f"periodic:{job_id}")


def write_heartbeat(engine: Engine, holder: str, *, now: datetime | None = None) -> None:
    """Upsert the heartbeat row name="scheduler"."""
    at = now or utcnow()
    with write_session(engine) as s:
        insert = pg_insert if s.get_bind().dialect.name == "postgresql" else sqlite_insert
        stmt = insert(Heartbeat).values(name=HEARTBEAT_NAME, holder=holder, at=at)
        s.execute(stmt.on_conflict_do_update(index_elements=["name"], set_={"holder": holder, "at": at}))


class _JobStore(SQLAlchemyJobStore):
    """SQLAlchemyJobStore that leaves the engine alone on shutdown: the stock one disposes
    of it, and the engine is shared with the rest of the process (e.g. the app's pages)."""

    def shutdown(self) -> None:
        pass


class _QuietBusyQueue(logging.Filter):
    """process_queue runs every 2 s; while a long job runs, APScheduler would warn each time
    that the previous run is still going. That is expected: drop those lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not ("maximum number of running instances" in str(record.msg) and "process_queue" in str(record.args))


# --- the host ---------------------------------------------------------------------------


def default_holder(kind: str) -> str:
    return f"{kind}:{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class SchedulerHost:
    """Competes for the lease every lease_seconds/3 and runs the scheduler while it holds it.

    `is_leader` is true only while the lease is held, the last renewal is still valid, and
    the host is not stepping down, so two hosts are never leaders at the same instant.
    """

    def __init__(
        self,
        engine: Engine,
        *,
        kind: str = "worker",
        holder: str | None = None,
        lease_seconds: float | None = None,
        start_apscheduler: bool = True,
    ) -> None:
        if kind not in lease.KINDS:
            raise ValueError(f"kind must be one of {lease.KINDS}")
        self.engine = engine
        self.kind = kind
        self.holder = holder or default_holder(kind)
        self.db_key = db_key(engine)
        self.lease_seconds = float(lease_seconds or get_settings().cs_lease_seconds)
        self.interval = self.lease_seconds / 3
        self.start_apscheduler = start_apscheduler
        self.scheduler: BackgroundScheduler | None = None
        self._leader = False
        self._valid_until = 0.0  # monotonic time until which our last renewal holds
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def is_leader(self) -> bool:
        return self._leader and time.monotonic() < self._valid_until

    @property
    def running(self) -> bool:  # the start()ed loop thread is alive
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> SchedulerHost:
        """Run the host loop in a daemon thread (for the app process)."""
        if not self.running:
            self._stop.clear()
            self._thread = threading.Thread(target=self.run_forever, name=f"cs-scheduler-{self.kind}", daemon=True)
            self._thread.start()
        return self

    def request_stop(self) -> None:
        """Ask the loop to stop (safe from a signal handler); stop() also waits."""
        self._stop.set()

    def stop(self, timeout: float | None = None) -> None:
        """Stop: shut the scheduler down (waiting for its running job), release the lease."""
        self._stop.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def run_forever(self) -> None:
        """The host loop, in the calling thread, until request_stop()/stop()."""
        _HOSTS[self.holder] = self
        log.info("scheduler host %s started (lease %.0f s)", self.holder, self.lease_seconds)
        try:
            while not self._stop.is_set():
                next_tick = time.monotonic() + self.interval
                self.tick()
                self._stop.wait(max(0.0, next_tick - time.monotonic()))
        finally:
            self._step_down("stopping")
            _HOSTS.pop(self.holder, None)
            log.info("scheduler host %s stopped", self.holder)

    def tick(self) -> None:
        """One round: take or renew the lease and act on what changed."""
        asked_at = time.monotonic()
        try:
            status = lease.acquire(self.engine, self.holder, self.kind, ttl=self.lease_seconds)
        except Exception:  # noqa: BLE001 - the database may be briefly unavailable
            log.exception("could not renew the scheduler lease")
            if self._leader and time.monotonic() + self.interval >= self._valid_until:
                self._lose("the lease could not be renewed in time")
            return
        if status.holder != self.holder:
            if self._leader or self.scheduler is not None:
                self._lose(f"taken over by {status.holder}")
            return
        self._valid_until = asked_at + self.lease_seconds
        if not self._leader:
            self._lead()
        elif self.kind == "app" and status.handoff_requested:
            self._step_down("a worker asked for the lease")

    def _lead(self) -> None:
        log.info("acquired lease (holder=%s, kind=%s)", self.holder, self.kind)
        try:
            queue.requeue_orphans(self.engine, self.holder)  # logs what it re-queued
            self._leader = True
            if self.start_apscheduler:
                self.scheduler = self._start_scheduler()
        except Exception:  # noqa: BLE001 - give the lease back and try again next round
            log.exception("could not start the scheduler")
            self._step_down("the scheduler failed to start")

    def _start_scheduler(self) -> BackgroundScheduler:
        _prepare_process()
        scheduler = BackgroundScheduler(
            jobstores={"default": _JobStore(engine=self.engine, tablename=JOBSTORE_TABLE)},
            executors={"default": ThreadPoolExecutor(max_workers=4)},
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
            timezone=UTC,
        )
        now = datetime.now(UTC)
        own = {"kwargs": {"db": self.db_key}, "replace_existing": True, "next_run_time": now}
        scheduler.add_job(
            "cslib.worker:heartbeat_job", "interval", seconds=HEARTBEAT_SECONDS, id="heartbeat", name="heartbeat", **own
        )
        scheduler.add_job(
            "cslib.worker:process_queue_job",
            "interval",
            seconds=QUEUE_SECONDS,
            id="process_queue",
            name="process_queue",
            **own,
        )
        scheduler.add_job(
            "cslib.worker:requeue_stale_job",
            "interval",
            seconds=STALE_SECONDS,
            id="requeue_stale",
            name="requeue_stale",
            **own,
        )
        periodic = jobs.periodic_jobs()
        for job_id, spec in periodic.items():
            scheduler.add_job(
                "cslib.worker:enqueue_periodic_job",
                spec.trigger,
                id=f"periodic:{job_id}",
                name=f"periodic:{job_id}",
                kwargs={"db": self.db_key, "job_id": job_id},
                replace_existing=True,
                **spec.trigger_args,
            )
        scheduler.start()
        for job in scheduler.get_jobs():  # periodic jobs no longer registered in code
            if job.id.startswith("periodic:") and job.id.removeprefix("periodic:") not in periodic:
                job.remove()
        return scheduler

    def _lose(self, reason: str) -> None:
        """Someone else holds the lease now: stop at once, without waiting or releasing.

        A job still running finishes in its thread, but its outcome is only recorded if
        the new leader has not re-queued it (queue.py records conditionally).
        """
        log.warning("lost lease (%s)", reason)
        self._leader = False
        scheduler, self.scheduler = self.scheduler, None
        if scheduler is not None:
            scheduler.shutdown(wait=False)

    def _step_down(self, reason: str) -> None:
        """Stop the scheduler, waiting for its running job while still renewing, then release."""
        self._leader = False  # no new claims from here on
        scheduler, self.scheduler = self.scheduler, None
        if scheduler is not None:
            waiter = threading.Thread(target=scheduler.shutdown, kwargs={"wait": True}, daemon=True)
            waiter.start()
            while waiter.is_alive():
                waiter.join(self.interval)
                if waiter.is_alive():
                    try:
                        lease.acquire(self.engine, self.holder, self.kind, ttl=self.lease_seconds)
                    except Exception:  # noqa: BLE001
                        log.exception("could not renew the lease while stopping")
        try:
            if lease.release(self.engine, self.holder):
                log.info("released lease (%s)", reason)
        except Exception:  # noqa: BLE001 - it expires on its own
            log.exception("could not release the lease")


_FILTER = _QuietBusyQueue()


def load_jobs() -> list[str]:
    """Import the packages in HANDLER_MODULES so their jobs are declared; the job kinds known."""
    for name in HANDLER_MODULES:
        importlib.import_module(name)
    return jobs.registered_kinds()


def _prepare_process() -> None:
    """Declare every package's jobs; quieten APScheduler's "still running" warnings."""
    load_jobs()
    logger = logging.getLogger("apscheduler.scheduler")
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)
