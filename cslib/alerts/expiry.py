"""Expiry: the hourly job that marks open alerts past their expiry as expired (lists do
not wait for it: "active" is computed from the clock). Importing this module registers
the job and its handler with the worker."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.orm import Session

from cslib import jobs
from cslib.alerts.stages import ACTIVE_STAGES
from cslib.db import write_session
from cslib.jobs import schedule_periodic
from cslib.models import Alert, utcnow


def expire_alerts(session: Session, *, now: datetime | None = None) -> int:
    """Mark open alerts past their expiry as expired; returns how many."""
    now = now or utcnow()
    result = session.execute(
        update(Alert)
        .where(Alert.stage.in_(ACTIVE_STAGES), Alert.expires_at <= now)
        .values(stage="expired", version=Alert.version + 1)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount or 0


schedule_periodic("expire_alerts", "alerts.expire", hours=1)


@jobs.handler("alerts.expire")
def _expire_job(engine, payload: dict) -> dict:  # noqa: ANN001
    with write_session(engine) as s:
        return {"expired": expire_alerts(s)}
