"""The daily clean-up deletes what nobody will look at again and keeps the rest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from cslib import jobs, notifications
from cslib.models import Notification
from tests.factories import make_actor
from tests.unit.notifications.kinds_for_tests import PLAIN

NOW = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


def _row(session, user_id: int, title: str, *, read_days: int | None = None, dismissed_days: int | None = None) -> None:
    days = max(d for d in (read_days, dismissed_days, 0) if d is not None)
    session.add(
        Notification(
            user_id=user_id,
            kind=PLAIN,
            title=title,
            params={},
            created_at=NOW - timedelta(days=days + 1),
            read_at=None if read_days is None else NOW - timedelta(days=read_days),
            dismissed_at=None if dismissed_days is None else NOW - timedelta(days=dismissed_days),
        )
    )


def test_dismissed_after_30_days_and_read_after_90_days_are_deleted(session):
    me = make_actor(session)
    _row(session, me.id, "dismissed 31 days ago", dismissed_days=31)
    _row(session, me.id, "dismissed 29 days ago", dismissed_days=29)
    _row(session, me.id, "read 91 days ago", read_days=91)
    _row(session, me.id, "read 89 days ago", read_days=89)
    _row(session, me.id, "unread for 200 days", read_days=None)
    _row(session, me.id, "read 10 days ago, dismissed 40 days ago", read_days=10, dismissed_days=40)
    session.flush()
    assert notifications.purge_notifications(session, now=NOW) == 3
    left = sorted(session.scalars(select(Notification.title).where(Notification.user_id == me.id)))
    assert left == ["dismissed 29 days ago", "read 89 days ago", "unread for 200 days"]


def test_the_purge_runs_daily_in_the_worker():
    job = jobs.periodic_jobs()["purge_notifications"]
    assert (job.kind, job.trigger, job.trigger_args) == ("notifications.purge", "interval", {"hours": 24})
    assert jobs.get_handler("notifications.purge") is not None
