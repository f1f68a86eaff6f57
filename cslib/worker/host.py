"""The scheduler host: runs APScheduler in whichever process holds the scheduler lease.

`python -m cslib.worker` runs a host of kind "worker" in the foreground; the app starts one
of kind "app" in a background thread (start_in_app) so the embedded default needs a single
command. Any number of hosts may run; the lease (cslib.lease) makes exactly one the leader,
and a worker takes over from an app. Only the leader runs an APScheduler BackgroundScheduler,
whose job store is the `apscheduler_jobs` table of the same database (never shared by two
running schedulers: APScheduler does not support that).

The scheduler's own jobs are few and periodic: `heartbeat` (so the Settings page can say
whether a scheduler is alive), `process_queue` (runs our job queue, cslib.jobs, which is
where the app puts work) and `requeue_stale`. Periodic domain work is registered with
`schedule_periodic`, which enqueues a queue job on a trigger.

APScheduler pickles jobs into the store, so job functions are "cslib.worker:<name>" whose
only argument is a hash of the database URL (not the holder: a scheduler that lost the lease
while frozen may write its jobs back once, and they must still suit the new leader). They
run for this process's host that leads on that database, found in a module-level registry;
hence `python -m cslib.worker` hands over to the imported module, not its `__main__` copy.
"""

from __future__ import annotations

import atexit
import hashlib
import importlib
import logging
import os
import signal
import socket
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from cslib import jobs, lease
from cslib.config import get_settings
from cslib.db import make_engine, write_session
from cslib.migrate import is_current, upgrade
from cslib.models import Heartbeat
from cslib.models.base import utcnow
from cslib.permissions import Actor
from cslib.validation import require_settings

log = logging.getLogger(__name__)

HEARTBEAT_NAME = "scheduler"
HEARTBEAT_SECONDS = 15
QUEUE_SECONDS = 2
QUEUE_BUDGET_SECONDS = 5
STALE_SECONDS = 60
ALIVE_WITHIN = timedelta(seconds=3 * HEARTBEAT_SECONDS)
JOBSTORE_TABLE = "apscheduler_jobs"
# Modules whose @jobs.handler registrations the runner needs; add domain modules here.
HANDLER_MODULES: list[str] = ["cslib.jobs", "cslib.health", "cslib.alerts"]

_HOSTS: dict[str, SchedulerHost] = {}  # holder -> host of this process, for the job functions
_PERIODIC: dict[str, dict] = {}  # job id -> enqueue arguments and trigger


# --- APScheduler job functions (referenced by "module:function"; keep them importable) ---


def _db_key(engine: Engine) -> str:
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
        jobs.run_pending(
            host.engine,
            host.holder,
            budget_seconds=QUEUE_BUDGET_SECONDS,
            require_lease=True,
            should_continue=lambda: host.is_leader,
        )


def requeue_stale_job(db: str) -> None:
    if (host := _leader(db)) is not None:
        jobs.requeue_stale(host.engine)


def enqueue_periodic_job(db: str, job_id: str) -> None:
    spec = _PERIODIC.get(job_id)
    if spec is not None and (host := _leader(db)) is not None:
        with write_session(host.engine) as s:
            jobs.enqueue(s, spec["kind"], spec["payload"], dedupe_key=f"periodic:{job_id}")


def schedule_periodic(
    job_id: str, kind: str, payload: dict | None = None, *, trigger: str = "interval", **trigger_args
) -> None:
    """Have the leader enqueue a `kind` job on an APScheduler trigger ("interval" / "cron").

    Register at import time of a module in HANDLER_MODULES; it takes effect when a host
    next becomes leader. The queued job is deduplicated, so a slow run is never stacked.
    """
    _PERIODIC[job_id] = {"kind": kind, "payload": dict(payload or {}), "trigger": trigger, "trigger_args": trigger_args}


schedule_periodic("purge_finished_jobs", "purge_finished_jobs", hours=6)


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
        self.db_key = _db_key(engine)
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
            jobs.requeue_orphans(self.engine, self.holder)  # logs what it re-queued
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
        for job_id, spec in _PERIODIC.items():
            scheduler.add_job(
                "cslib.worker:enqueue_periodic_job",
                spec["trigger"],
                id=f"periodic:{job_id}",
                name=f"periodic:{job_id}",
                kwargs={"db": self.db_key, "job_id": job_id},
                replace_existing=True,
                **spec["trigger_args"],
            )
        scheduler.start()
        for job in scheduler.get_jobs():  # periodic jobs no longer registered in code
            if job.id.startswith("periodic:") and job.id.removeprefix("periodic:") not in _PERIODIC:
                job.remove()
        return scheduler

    def _lose(self, reason: str) -> None:
        """Someone else holds the lease now: stop at once, without waiting or releasing.

        A job still running finishes in its thread, but its outcome is only recorded if
        the new leader has not re-queued it (cslib.jobs records conditionally).
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


def _prepare_process() -> None:
    """Import the handler modules; quieten APScheduler's "still running" warnings."""
    for name in HANDLER_MODULES:
        importlib.import_module(name)
    logger = logging.getLogger("apscheduler.scheduler")
    if _FILTER not in logger.filters:
        logger.addFilter(_FILTER)


# --- the app's in-process scheduler -----------------------------------------------------

_IN_APP: dict[str, SchedulerHost] = {}
_IN_APP_LOCK = threading.Lock()


def start_in_app(engine: Engine, *, lease_seconds: float | None = None) -> SchedulerHost | None:
    """Start (once per process and database) an app-kind host; None if disabled by settings.

    The host only leads while no worker holds the lease, and hands over to a worker that
    starts later. Stopped by stop_in_app(), host.stop(), or at interpreter exit.
    """
    if not get_settings().cs_in_app_scheduler:
        return None
    logging.getLogger("apscheduler").setLevel(logging.WARNING)  # it logs every run at INFO
    key = _db_key(engine)
    with _IN_APP_LOCK:
        host = _IN_APP.get(key)
        if host is None or not host.running:
            if not _IN_APP:
                atexit.register(stop_in_app, timeout=10)
            host = _IN_APP[key] = SchedulerHost(engine, kind="app", lease_seconds=lease_seconds).start()
        return host


def stop_in_app(timeout: float | None = None) -> None:
    with _IN_APP_LOCK:
        hosts = list(_IN_APP.values())
        _IN_APP.clear()
    for host in hosts:
        host.stop(timeout)


# --- status for the Settings page -------------------------------------------------------


@dataclass(frozen=True)
class WorkerStatus:
    lease_holder: str | None
    lease_kind: str | None
    lease_expires_at: datetime | None
    handoff_requested: bool
    last_heartbeat: datetime | None
    heartbeat_holder: str | None
    alive: bool
    queue: dict[str, int] = field(default_factory=dict)


def worker_status(session: Session, actor: Actor, *, now: datetime | None = None) -> WorkerStatus:
    """Who runs the scheduler, whether it is alive (heartbeat within 45 s), and the queue
    (for admins, on the Settings page)."""
    require_settings(actor)
    t = now or utcnow()
    held = lease.lease_status(session)
    beat = session.get(Heartbeat, HEARTBEAT_NAME)
    last = beat.at if beat is not None else None
    return WorkerStatus(
        lease_holder=held.holder,
        lease_kind=held.kind,
        lease_expires_at=held.expires_at,
        handoff_requested=held.handoff_requested,
        last_heartbeat=last,
        heartbeat_holder=beat.holder if beat is not None else None,
        alive=last is not None and t - last <= ALIVE_WITHIN,
        queue=jobs.queue_counts(session),
    )


# --- python -m cslib.worker -------------------------------------------------------------


def main() -> int:
    """Run a worker host in the foreground until SIGTERM/SIGINT (a second one exits at once)."""
    logging.basicConfig(
        level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s [%(process)d]: %(message)s"
    )
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    settings = get_settings()
    engine = make_engine(settings.resolved_database_url())
    try:
        upgrade(engine)
    except Exception:
        time.sleep(2)  # another process may have been migrating the same database
        if not is_current(engine):
            raise
    host = SchedulerHost(engine, kind="worker", lease_seconds=settings.cs_lease_seconds)

    def on_signal(signum: int, _frame) -> None:  # noqa: ANN001
        if host._stop.is_set():
            log.warning("second %s: exiting now", signal.Signals(signum).name)
            os._exit(1)
        log.info("%s: stopping (the running job may finish first)", signal.Signals(signum).name)
        host.request_stop()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    host.run_forever()
    engine.dispose()
    return 0


if __name__ == "__main__":
    # Run the imported module, not this __main__ copy: job functions look hosts up in
    # cslib.worker._HOSTS.
    from cslib.worker import main as _main

    raise SystemExit(_main())
