"""The worker: runs the job queue in whichever process holds the scheduler lease.

A scheduler host competes for the lease (one row in `scheduler_lease`); the leader runs an
APScheduler whose few periodic jobs beat the heartbeat, run due queue jobs, re-queue stale
ones and enqueue the periodic jobs that packages declared. `python -m cslib.worker` runs a
worker host in the foreground; the app runs an app host in a background thread
(start_in_app) that hands over to a worker. The Settings page reads worker_status.

Domain packages do not import this package (it loads APScheduler): they declare and queue
their jobs through cslib.jobs, and the worker imports them from its one list,
HANDLER_MODULES (load_jobs), before it runs anything.

Other packages import only the names below; the modules inside are this package's own
business (the tests of the lease and the queue import them directly).

Modules, lowest first (each imports only those above it):
- lease: the scheduler lease, exactly one holder across processes, a worker before the app;
- queue: claiming, running, retrying, re-queueing and purging queue jobs; its own jobs;
- host: the scheduler host, APScheduler's job functions ("cslib.worker:<name>" in its
  store, so they are public names here), the list of packages with jobs;
- status: who runs the scheduler and whether it is alive;
- run: the app's background host and `main` (`python -m cslib.worker`, __main__.py).
"""

from cslib.worker.host import (
    ALIVE_WITHIN,
    HANDLER_MODULES,
    HEARTBEAT_NAME,
    SchedulerHost,
    enqueue_periodic_job,
    heartbeat_job,
    load_jobs,
    process_queue_job,
    requeue_stale_job,
    write_heartbeat,
)
from cslib.worker.queue import STATUSES, get_job, queue_counts
from cslib.worker.run import main, start_in_app, stop_in_app
from cslib.worker.status import WorkerStatus, worker_status

__all__ = [
    "ALIVE_WITHIN",
    "HANDLER_MODULES",
    "HEARTBEAT_NAME",
    "STATUSES",
    "SchedulerHost",
    "WorkerStatus",
    "enqueue_periodic_job",
    "get_job",
    "heartbeat_job",
    "load_jobs",
    "main",
    "process_queue_job",
    "queue_counts",
    "requeue_stale_job",
    "start_in_app",
    "stop_in_app",
    "worker_status",
    "write_heartbeat",
]
