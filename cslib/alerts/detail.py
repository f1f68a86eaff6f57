"""One alert's details: its customer and profile, the criteria that moved the score when
it was raised, and the task made from it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib.alerts.reading import base_select, require_read
from cslib.alerts.stages import GONE, effective_stage
from cslib.errors import NotFound
from cslib.i18n import _
from cslib.models import Alert, Company, HealthProfile, HealthScoreEvent, Task, User, live, utcnow
from cslib.permissions import Actor
from cslib.validation import parse_int


@dataclass(frozen=True)
class TaskRef:
    id: int
    title: str


@dataclass(frozen=True)
class AlertDetail:
    id: int
    version: int
    object_type: str
    object_id: int
    customer: str
    profile: str
    direction: str
    old_category: str | None
    new_category: str
    old_score: float | None
    new_score: float
    stage: str  # as of now: "expired" once past expires_at
    raised_at: datetime
    expires_at: datetime
    snoozed_until: datetime | None
    snooze_reason: str | None
    resolved_at: datetime | None
    updated_by: str | None
    changes: list[dict]  # the score event's reason.changes, biggest first
    task: TaskRef | None


def alert_detail(session: Session, actor: Actor, alert_id: int, *, now: datetime | None = None) -> AlertDetail:
    """An alert with its customer, profile, the criteria that moved the score and its task."""
    require_read(actor)
    now = now or utcnow()
    alert, customer = visible_alert(session, alert_id)
    profile = session.scalar(select(HealthProfile.name).where(HealthProfile.id == alert.profile_id))
    updated_by = (
        session.scalar(select(User.name).where(User.id == alert.updated_by_id)) if alert.updated_by_id else None
    )
    return AlertDetail(
        id=alert.id,
        version=alert.version,
        object_type=alert.object_type,
        object_id=alert.object_id,
        customer=customer,
        profile=profile or _("(deleted profile)"),
        direction=alert.direction,
        old_category=alert.old_category,
        new_category=alert.new_category,
        old_score=alert.old_score,
        new_score=alert.new_score,
        stage=effective_stage(alert.stage, alert.expires_at, now),
        raised_at=alert.raised_at,
        expires_at=alert.expires_at,
        snoozed_until=alert.snoozed_until,
        snooze_reason=alert.snooze_reason,
        resolved_at=alert.resolved_at,
        updated_by=updated_by,
        changes=score_changes(session, alert),
        task=existing_task(session, alert),
    )


def visible_alert(session: Session, alert_id: object) -> tuple[Alert, str]:
    alert_id = parse_int(alert_id)
    if alert_id is None:
        raise NotFound(_(GONE))
    stmt = base_select(Alert, Company.name).where(Alert.id == alert_id)
    row = session.execute(stmt.execution_options(populate_existing=True)).first()
    if row is None:
        raise NotFound(_(GONE))
    return row[0], row[1] or _("(no name)")


def score_changes(session: Session, alert: Alert) -> list[dict]:
    """What moved the score when the alert was raised: the score event written with it."""
    e = HealthScoreEvent
    reason = session.scalar(
        select(e.reason)
        .where(e.profile_id == alert.profile_id, e.object_id == alert.object_id, e.at <= alert.raised_at)
        .order_by(e.at.desc(), e.id.desc())
        .limit(1)
    )
    changes = (reason or {}).get("changes") if isinstance(reason, dict) else None
    return [c for c in changes or [] if isinstance(c, dict)]


def existing_task(session: Session, alert: Alert) -> TaskRef | None:
    """The live task made from this alert, if any."""
    if alert.task_id is None:
        return None
    row = session.execute(select(Task.id, Task.title).where(Task.id == alert.task_id, live(Task))).first()
    return TaskRef(int(row[0]), row[1]) if row else None
