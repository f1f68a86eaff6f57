"""The daily clean-up: notifications dismissed more than 30 days ago, or read more than 90
days ago, are deleted (unread ones stay until read or dismissed). Importing this module
registers the periodic job and its handler ("notifications.purge")."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, or_
from sqlalchemy.orm import Session

from cslib import jobs
from cslib.db import write_session
from cslib.models import Notification, utcnow

KEEP_DISMISSED = timedelta(days=30)
KEEP_READ = timedelta(days=90)


def purge_notifications(session: Session, *, now: datetime | None = None) -> int:
    """Delete notifications dismissed over 30 days or read over 90 days ago; how many."""
    now = now or utcnow()
    result = session.execute(
        delete(Notification)
        .where(
            or_(
                Notification.dismissed_at < now - KEEP_DISMISSED,
                Notification.read_at < now - KEEP_READ,
            )
        )
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


jobs.schedule_periodic("purge_notifications", "notifications.purge", hours=24)


@jobs.handler("notifications.purge")
def _purge_job(engine: Engine, payload: dict) -> dict:
    with write_session(engine) as s:
        return {"deleted": purge_notifications(s)}
