"""What an alert's stages are and what "active" means: an open stage (new, acknowledged,
snoozed) not yet past its expiry, computed from the clock so lists are right even when the
expiry job has not run. Also the kinds of object and direction an alert has, and the
messages of refused reads and writes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_
from sqlalchemy.sql.elements import ColumnElement

from cslib.health import ACTIVE_ALERT_STAGES
from cslib.i18n import N_, _
from cslib.models import Alert

# Labels are English constants marked for the catalogs; `_()` translates them where shown
# (`stage_label`, `direction_label`).
STAGES = (
    ("new", N_("New")),
    ("acknowledged", N_("Acknowledged")),
    ("snoozed", N_("Snoozed")),
    ("resolved", N_("Resolved")),
    ("expired", N_("Expired")),
)
STAGE_LABELS = dict(STAGES)
ACTIVE_STAGES: tuple[str, ...] = tuple(ACTIVE_ALERT_STAGES)
OBJECTS = (("company", N_("Companies")),)
DIRECTIONS = (("down", N_("Got worse")), ("up", N_("Improved")))
CARD_LIMIT = 25
MAX_REASON = 500
TASK_MARKER = N_("From health alert #{id}.")

EDIT_DENIED = N_("Handling alerts needs workspace access and a Service seat.")
GONE = N_("This alert no longer exists, or its customer was deleted.")
CONFLICT = N_("Someone else changed this alert since you opened it. Reload to see what they did.")


def stage_label(stage: str) -> str:
    """An alert stage in the reader's language; an unknown one as it is."""
    return _(STAGE_LABELS[stage]) if stage in STAGE_LABELS else stage


def direction_label(direction: str) -> str:
    labels = dict(DIRECTIONS)
    return _(labels[direction]) if direction in labels else direction


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
