"""What an alert's stages are and what "active" means: an open stage (new, acknowledged,
snoozed) not yet past its expiry, computed from the clock so lists are right even when the
expiry job has not run. Also the kinds of object and direction an alert has, and the
messages of refused reads and writes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_
from sqlalchemy.sql.elements import ColumnElement

from cslib.health import ACTIVE_ALERT_STAGES
from cslib.models import Alert

STAGES = (
    ("new", "New"),
    ("acknowledged", "Acknowledged"),
    ("snoozed", "Snoozed"),
    ("resolved", "Resolved"),
    ("expired", "Expired"),
)
STAGE_LABELS = dict(STAGES)
ACTIVE_STAGES: tuple[str, ...] = tuple(ACTIVE_ALERT_STAGES)
OBJECTS = (("company", "Companies"),)
DIRECTIONS = (("down", "Got worse"), ("up", "Improved"))
CARD_LIMIT = 25
MAX_REASON = 500
TASK_MARKER = "From health alert #{id}."

EDIT_DENIED = "Handling alerts needs workspace access and a Service seat."
GONE = "This alert no longer exists, or its customer was deleted."
CONFLICT = "Someone else changed this alert since you opened it. Reload to see what they did."


def active_clause(now: datetime) -> ColumnElement[bool]:
    """Alerts that are active at `now`: an open stage and not yet expired."""
    return and_(Alert.stage.in_(ACTIVE_STAGES), Alert.expires_at > now)


def on_card_clause(now: datetime) -> ColumnElement[bool]:
    """Active alerts the Overview shows: not snoozed until later than `now`."""
    snoozing = and_(Alert.stage == "snoozed", Alert.snoozed_until.is_not(None), Alert.snoozed_until > now)
    return and_(active_clause(now), ~snoozing)


def is_active(alert: Alert, now: datetime) -> bool:
    return alert.stage in ACTIVE_STAGES and alert.expires_at > now


def effective_stage(stage: str, expires_at: datetime, now: datetime) -> str:
    """The stage as of `now`: an open alert past its expiry is "expired", job or no job."""
    return "expired" if stage in ACTIVE_STAGES and expires_at <= now else stage
