"""Stage changes of one alert: acknowledge, resolve, reopen and snooze, each refused once
the alert expired and written only if nobody changed the alert since it was read.

Snoozing picks a day after today (in the user's time zone) and lasts until that day
starts, at the latest the alert's expiry day."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from cslib import i18n
from cslib.alerts.detail import visible_alert
from cslib.alerts.stages import CONFLICT, EDIT_DENIED, MAX_REASON, active_clause, effective_stage
from cslib.alerts.wording import day_text
from cslib.errors import ConflictError, ValidationError
from cslib.i18n import N_, _, ngettext
from cslib.models import Alert, utcnow
from cslib.permissions import Actor, can_edit_records, require

REOPEN_FIRST = N_("This alert is resolved: reopen it first.")


def for_write(
    session: Session, actor: Actor, alert_id: int, expected_version: int | None, now: datetime
) -> tuple[Alert, str]:
    require(can_edit_records(actor), EDIT_DENIED)
    alert, customer = visible_alert(session, alert_id)
    if expected_version is not None and int(expected_version) != alert.version:
        raise ConflictError(_(CONFLICT))
    if effective_stage(alert.stage, alert.expires_at, now) == "expired":
        raise ValidationError(
            _("This alert expired on {day}: it can no longer be changed.", day=day_text(alert.expires_at, actor))
        )
    return alert, customer


def save(session: Session, actor: Actor, alert: Alert, **values) -> Alert:  # noqa: ANN003
    """Write `values` only if nobody changed the alert since it was read (version)."""
    result = session.execute(
        update(Alert)
        .where(Alert.id == alert.id, Alert.version == alert.version)
        .values(**values, updated_by_id=actor.id or None, version=alert.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ConflictError(_(CONFLICT))
    session.expire(alert)
    return alert


CLEARED = {"snoozed_until": None, "snooze_reason": None, "resolved_at": None}


def acknowledge(
    session: Session, actor: Actor, alert_id: int, *, expected_version: int | None = None, now: datetime | None = None
) -> Alert:
    """New or snoozed → acknowledged (someone is on it)."""
    now = now or utcnow()
    alert, _customer = for_write(session, actor, alert_id, expected_version, now)
    if alert.stage == "acknowledged":
        raise ValidationError(_("This alert is already acknowledged."))
    if alert.stage == "resolved":
        raise ValidationError(_(REOPEN_FIRST))
    return save(session, actor, alert, stage="acknowledged", **CLEARED)


def resolve(
    session: Session, actor: Actor, alert_id: int, *, expected_version: int | None = None, now: datetime | None = None
) -> Alert:
    """New, acknowledged or snoozed → resolved."""
    now = now or utcnow()
    alert, _customer = for_write(session, actor, alert_id, expected_version, now)
    if alert.stage == "resolved":
        raise ValidationError(_("This alert is already resolved."))
    return save(session, actor, alert, stage="resolved", snoozed_until=None, snooze_reason=None, resolved_at=now)


def reopen(
    session: Session, actor: Actor, alert_id: int, *, expected_version: int | None = None, now: datetime | None = None
) -> Alert:
    """Acknowledged, snoozed or resolved → new, unless a newer alert replaced it."""
    now = now or utcnow()
    alert, _customer = for_write(session, actor, alert_id, expected_version, now)
    if alert.stage == "new":
        raise ValidationError(_("This alert is already new."))
    newer = session.scalar(
        select(Alert.id)
        .where(
            Alert.id != alert.id,
            Alert.object_type == alert.object_type,
            Alert.object_id == alert.object_id,
            Alert.profile_id == alert.profile_id,
            Alert.direction == alert.direction,
            active_clause(now),
        )
        .limit(1)
    )
    if newer is not None:
        raise ValidationError(_("A newer alert about this customer's score replaced this one: open that one instead."))
    return save(session, actor, alert, stage="new", **CLEARED)


def snooze(
    session: Session,
    actor: Actor,
    alert_id: int,
    *,
    until: date,
    reason: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Alert:
    """Hide the alert from the Overview until `until` starts (the user's time zone), with a
    reason (required, at most 500 characters)."""
    now = now or utcnow()
    alert, _customer = for_write(session, actor, alert_id, expected_version, now)
    if alert.stage == "resolved":
        raise ValidationError(_(REOPEN_FIRST))
    if isinstance(until, datetime):
        until = until.date()
    if not isinstance(until, date):
        raise ValidationError(_("Pick the day the snooze ends."))
    if until <= i18n.today_in(actor.time_zone, now):
        raise ValidationError(_("Pick a day after today to snooze until."))
    until_at = datetime.combine(until, time(0), tzinfo=i18n.zone(actor.time_zone)).astimezone(UTC)
    if until_at >= alert.expires_at:
        raise ValidationError(
            _(
                "This alert expires on {day}: snooze it until that day at the latest, or resolve it.",
                day=day_text(alert.expires_at, actor),
            )
        )
    text = str(reason or "").strip()
    if not text:
        raise ValidationError(_("Say why you snooze this alert: the reason cannot be empty."))
    if len(text) > MAX_REASON:
        raise ValidationError(
            ngettext(
                "The snooze reason can be at most {n} character (it has {length}).",
                "The snooze reason can be at most {n} characters (it has {length}).",
                MAX_REASON,
                length=i18n.number(len(text)),
            )
        )
    if "\x00" in text:
        raise ValidationError(_("The snooze reason cannot contain a NUL character."))
    return save(session, actor, alert, stage="snoozed", snoozed_until=until_at, snooze_reason=text, resolved_at=None)
