"""The two ways to run a scheduler host: an app-kind host in a background thread of the app
(start_in_app, stop_in_app), and a worker-kind host in the foreground (main, which
`python -m cslib.worker` runs)."""

from __future__ import annotations

import atexit
import logging
import os
import signal
import sys
import threading
import time

from sqlalchemy import Engine

from cslib.config import get_settings
from cslib.db import is_current, make_engine, upgrade
from cslib.worker.host import SchedulerHost, db_key

log = logging.getLogger(__name__)

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
    key = db_key(engine)
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
