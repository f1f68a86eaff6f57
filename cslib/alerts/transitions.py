"""Health alerts after they are raised (SPEC §3.1, §3.5, §4): what "active" means, the
Overview card, one alert's details, stage changes, "Create task from alert" and expiry.
The Actions → Alerts list and its filters are in `cslib.alert_listing`.

The engine (`cslib.health`) raises alerts; this module never does. "Active" is computed
from the clock (stage new / acknowledged / snoozed and not yet expired), so lists are right
even when the expiry job has not run; the job only makes the stored stage say so.

Decisions where the spec is silent:
- Everyone with full use sees every customer's alerts (as every customer is listed on
  Customers); an alert of a deleted or merged-away customer is no longer listed.
- The Overview card lists the alerts of the viewed user's customers (the workspace owner
  property), like the rest of the Overview; Actions → Alerts lists everyone's.
- Snoozing picks a day after today (in the user's time zone) and lasts until that day
  starts, at the latest the alert's expiry day. An expired alert can no longer be changed.
- "Create task from alert" remembers its task by a marker in the task's notes (there is no
  task column on alerts): a second click finds that task instead of adding another.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from sqlalchemy import Select, and_, func, literal_column, select, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from cslib import i18n, jobs, query
from cslib.activity_log import create_task
from cslib.db import write_session
from cslib.errors import ConflictError, NotFound, ValidationError
from cslib.health import ACTIVE_ALERT_STAGES
from cslib.link_values import parse_int
from cslib.listing import READ_DENIED, SEAT_DENIED, VIEW_AS_DENIED
from cslib.models import Alert, Company, HealthProfile, HealthScoreEvent, Task, User, utcnow
from cslib.permissions import Actor, can_edit_records, can_use_workspace, can_view_as, has_full_use, require
from cslib.properties import HEALTH_CATEGORIES
from cslib.worker import schedule_periodic
from cslib.workspace import owner_column

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
CATEGORY_LABELS = dict(HEALTH_CATEGORIES)
CARD_LIMIT = 25
MAX_REASON = 500
TASK_MARKER = "From health alert #{id}."

EDIT_DENIED = "Handling alerts needs workspace access and a Service seat."
GONE = "This alert no longer exists, or its customer was deleted."
CONFLICT = "Someone else changed this alert since you opened it. Reload to see what they did."


# --- what "active" means ------------------------------------------------------------------


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


# --- reading ------------------------------------------------------------------------------


def require_read(actor: Actor, owner_id: int | None = None) -> None:
    require(can_use_workspace(actor), READ_DENIED)
    require(has_full_use(actor) or can_view_as(actor), SEAT_DENIED)
    if owner_id is not None and owner_id != actor.id:
        require(can_view_as(actor), VIEW_AS_DENIED)


def base_select(*columns) -> Select:  # noqa: ANN002
    """Alerts of live customers, joined to them (for one alert, or a page's names)."""
    return (
        select(*columns)
        .select_from(Alert)
        .join(Company, and_(Alert.object_type == "company", Company.id == Alert.object_id))
        .where(Company.deleted_at.is_(None), Company.merged_into_id.is_(None))
    )


def live_clause() -> ColumnElement[bool]:
    """Alerts of live customers, without a join: counting 20,000 alerts must not probe
    companies 20,000 times. A deleted or merged-away company has `deleted_at` set (a merge
    moves alerts to the record kept), and the few such ids are read once (an index on
    companies.deleted_at)."""
    dead = select(Company.id).where(Company.deleted_at.is_not(None))
    return and_(Alert.object_type == "company", Alert.object_id.not_in(dead))


def customers_clause(customers: Select) -> ColumnElement[bool]:
    """Alerts whose customer is among `customers` (a select of company ids). "+ 0" keeps
    SQLite from driving the query from ix_alerts_object, one probe per customer: the set is
    read once and the active alerts are scanned (measured: 10 ms instead of 30 ms for a
    user owning 21,000 customers)."""
    return (Alert.object_id + literal_column("0")).in_(customers)


def owned_clause(session: Session, owner_id: int) -> ColumnElement[bool]:
    """Alerts of the live customers `owner_id` owns (the workspace owner property)."""
    owned = select(Company.id).where(owner_column(session) == owner_id, Company.deleted_at.is_(None))
    return customers_clause(owned)


ROW_COLUMNS = (
    Alert.id,
    Alert.object_type,
    Alert.object_id,
    Company.name.label("customer"),
    Alert.profile_id,
    HealthProfile.name.label("profile"),
    Alert.direction,
    Alert.old_category,
    Alert.new_category,
    Alert.old_score,
    Alert.new_score,
    Alert.stage,
    Alert.raised_at,
    Alert.expires_at,
    Alert.snoozed_until,
)


def page_frame(
    session: Session, where: list, order: list, now: datetime, *, limit: int, offset: int = 0, by_name: bool = False
) -> pd.DataFrame:
    """One page of alerts as rows (see ROW_COLUMNS, plus `stage_now`, `change` and
    `score_change`): the page's ids are picked from alerts alone (joined to companies only
    to sort `by_name`), then only those rows are joined to their customer and profile."""
    ids = select(Alert.id).where(*where).order_by(*order).limit(limit).offset(offset)
    if by_name:
        ids = ids.join(Company, Company.id == Alert.object_id)
    stmt = (
        select(*ROW_COLUMNS)
        .select_from(Alert)
        .join(Company, Company.id == Alert.object_id)
        .outerjoin(HealthProfile, HealthProfile.id == Alert.profile_id)
        .where(Alert.id.in_(ids))
        .order_by(*order)
    )
    df = query.frame(session, stmt, max_rows=limit)
    if df.empty:
        return pd.DataFrame(columns=[c.key for c in ROW_COLUMNS] + ["stage_now", "change", "score_change"])
    df["stage_now"] = [effective_stage(s, e, now) for s, e in zip(df["stage"], df["expires_at"], strict=True)]
    df["change"] = [f"{label(o)} → {label(n)}" for o, n in zip(df["old_category"], df["new_category"], strict=True)]
    df["score_change"] = [score_change(o, n) for o, n in zip(df["old_score"], df["new_score"], strict=True)]
    return df


NEWEST_FIRST = (Alert.raised_at.desc(), Alert.id.desc())


def _card_where(session: Session, owner_id: int | None, now: datetime) -> list:
    where = [on_card_clause(now), live_clause()]
    if owner_id is not None:
        where.append(owned_clause(session, owner_id))
    return where


def newest_active(
    session: Session, actor: Actor, *, owner_id: int | None = None, limit: int = CARD_LIMIT, now: datetime | None = None
) -> pd.DataFrame:
    """The Overview card: the newest active alerts (snoozed ones hidden until their day),
    of the customers `owner_id` owns (everyone's when None), newest first."""
    require_read(actor, owner_id)
    now = now or utcnow()
    where = _card_where(session, owner_id, now)
    return page_frame(session, where, list(NEWEST_FIRST), now, limit=max(1, min(int(limit), 200)))


def count_active(session: Session, actor: Actor, *, owner_id: int | None = None, now: datetime | None = None) -> int:
    """How many alerts the Overview card has (the same set as `newest_active`)."""
    require_read(actor, owner_id)
    now = now or utcnow()
    stmt = select(func.count()).select_from(Alert).where(*_card_where(session, owner_id, now))
    return int(query.scalar(session, stmt) or 0)


def has_alerts_tab(session: Session) -> bool:
    """Alerts are worth a tab once a profile is active or any alert exists (history)."""
    active = select(HealthProfile.id).where(HealthProfile.status == "active").limit(1)
    return session.scalar(active) is not None or session.scalar(select(Alert.id).limit(1)) is not None


def any_active_profile(session: Session) -> bool:
    return session.scalar(select(HealthProfile.id).where(HealthProfile.status == "active").limit(1)) is not None


# --- one alert ----------------------------------------------------------------------------


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
    alert, customer = _visible(session, alert_id)
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
        profile=profile or "(deleted profile)",
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
        task=_existing_task(session, alert),
    )


def _visible(session: Session, alert_id: object) -> tuple[Alert, str]:
    alert_id = parse_int(alert_id)
    if alert_id is None:
        raise NotFound(GONE)
    stmt = base_select(Alert, Company.name).where(Alert.id == alert_id)
    row = session.execute(stmt.execution_options(populate_existing=True)).first()
    if row is None:
        raise NotFound(GONE)
    return row[0], row[1] or "(no name)"


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


def _existing_task(session: Session, alert: Alert) -> TaskRef | None:
    """The live task made from this alert, if any."""
    if alert.task_id is None:
        return None
    row = session.execute(
        select(Task.id, Task.title).where(Task.id == alert.task_id, Task.deleted_at.is_(None))
    ).first()
    return TaskRef(int(row[0]), row[1]) if row else None


# --- stage changes ------------------------------------------------------------------------


def _for_write(
    session: Session, actor: Actor, alert_id: int, expected_version: int | None, now: datetime
) -> tuple[Alert, str]:
    require(can_edit_records(actor), EDIT_DENIED)
    alert, customer = _visible(session, alert_id)
    if expected_version is not None and int(expected_version) != alert.version:
        raise ConflictError(CONFLICT)
    if effective_stage(alert.stage, alert.expires_at, now) == "expired":
        raise ValidationError(f"This alert expired on {_day(alert.expires_at, actor)}: it can no longer be changed.")
    return alert, customer


def _save(session: Session, actor: Actor, alert: Alert, **values) -> Alert:  # noqa: ANN003
    """Write `values` only if nobody changed the alert since it was read (version)."""
    result = session.execute(
        update(Alert)
        .where(Alert.id == alert.id, Alert.version == alert.version)
        .values(**values, updated_by_id=actor.id or None, version=alert.version + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise ConflictError(CONFLICT)
    session.expire(alert)
    return alert


_CLEARED = {"snoozed_until": None, "snooze_reason": None, "resolved_at": None}


def acknowledge(
    session: Session, actor: Actor, alert_id: int, *, expected_version: int | None = None, now: datetime | None = None
) -> Alert:
    """New or snoozed → acknowledged (someone is on it)."""
    now = now or utcnow()
    alert, _ = _for_write(session, actor, alert_id, expected_version, now)
    if alert.stage == "acknowledged":
        raise ValidationError("This alert is already acknowledged.")
    if alert.stage == "resolved":
        raise ValidationError("This alert is resolved: reopen it first.")
    return _save(session, actor, alert, stage="acknowledged", **_CLEARED)


def resolve(
    session: Session, actor: Actor, alert_id: int, *, expected_version: int | None = None, now: datetime | None = None
) -> Alert:
    """New, acknowledged or snoozed → resolved."""
    now = now or utcnow()
    alert, _ = _for_write(session, actor, alert_id, expected_version, now)
    if alert.stage == "resolved":
        raise ValidationError("This alert is already resolved.")
    return _save(session, actor, alert, stage="resolved", snoozed_until=None, snooze_reason=None, resolved_at=now)


def reopen(
    session: Session, actor: Actor, alert_id: int, *, expected_version: int | None = None, now: datetime | None = None
) -> Alert:
    """Acknowledged, snoozed or resolved → new, unless a newer alert replaced it."""
    now = now or utcnow()
    alert, _ = _for_write(session, actor, alert_id, expected_version, now)
    if alert.stage == "new":
        raise ValidationError("This alert is already new.")
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
        raise ValidationError("A newer alert about this customer's score replaced this one: open that one instead.")
    return _save(session, actor, alert, stage="new", **_CLEARED)


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
    alert, _ = _for_write(session, actor, alert_id, expected_version, now)
    if alert.stage == "resolved":
        raise ValidationError("This alert is resolved: reopen it first.")
    if isinstance(until, datetime):
        until = until.date()
    if not isinstance(until, date):
        raise ValidationError("Pick the day the snooze ends.")
    if until <= i18n.today_in(actor.time_zone, now):
        raise ValidationError("Pick a day after today to snooze until.")
    until_at = datetime.combine(until, time(0), tzinfo=i18n.zone(actor.time_zone)).astimezone(UTC)
    if until_at >= alert.expires_at:
        raise ValidationError(
            f"This alert expires on {_day(alert.expires_at, actor)}: snooze it until that day at the latest, "
            "or resolve it."
        )
    text = str(reason or "").strip()
    if not text:
        raise ValidationError("Say why you snooze this alert: the reason cannot be empty.")
    if len(text) > MAX_REASON:
        raise ValidationError(f"The snooze reason can be at most {MAX_REASON} characters (it has {len(text):,}).")
    if "\x00" in text:
        raise ValidationError("The snooze reason cannot contain a NUL character.")
    return _save(session, actor, alert, stage="snoozed", snoozed_until=until_at, snooze_reason=text, resolved_at=None)


# --- create task from alert ---------------------------------------------------------------


@dataclass(frozen=True)
class TaskFromAlert:
    task_id: int
    title: str
    created: bool  # False: the alert already had a task, which is returned instead


def task_title(customer: str, alert: Alert) -> str:
    """The task's title, e.g. "Follow up: Acme Corp is now At risk (score 62 → 38)"."""
    change = score_change(alert.old_score, alert.new_score)
    text = f"Follow up: {customer} is now {label(alert.new_category)} (score {change})"
    return text if len(text) <= 300 else text[:299] + "…"


def _task_notes(alert: Alert, profile: str, changes: list[dict]) -> str:
    lines = [
        f"Health score profile “{profile}”: {label(alert.old_category)} ({score_text(alert.old_score)}) → "
        f"{label(alert.new_category)} ({score_text(alert.new_score)}).",
    ]
    if changes:
        lines.append("What moved the score:")
        for c in changes[:3]:
            lines.append(
                f"- {c.get('label') or c.get('key')}: {points_text(c.get('old'))} → {points_text(c.get('new'))} points"
            )
    lines.append(TASK_MARKER.format(id=alert.id))
    return "\n".join(lines)


def _assignee(session: Session, company_id: int, actor: Actor) -> int | None:
    """The customer's CSM owner, else its owner (if active), else the actor."""
    row = session.execute(select(Company.csm_owner_id, Company.owner_id).where(Company.id == company_id)).first()
    for user_id in row or ():
        if user_id is not None and session.scalar(select(User.is_active).where(User.id == user_id)):
            return int(user_id)
    return actor.id or None


def create_task_from_alert(
    session: Session, actor: Actor, alert_id: int, *, now: datetime | None = None
) -> TaskFromAlert:
    """A follow-up to-do about the alert's customer (due tomorrow 09:00 in the actor's time
    zone, high priority when the customer fell to At risk), and the alert acknowledged. A
    second click returns the task made the first time instead of adding another."""
    now = now or utcnow()
    alert, customer = _for_write(session, actor, alert_id, None, now)
    existing = _existing_task(session, alert)
    if existing is not None:
        return TaskFromAlert(existing.id, existing.title, created=False)
    profile = session.scalar(select(HealthProfile.name).where(HealthProfile.id == alert.profile_id)) or "—"
    title = task_title(customer, alert)
    urgent = alert.direction == "down" and alert.new_category == "at_risk"
    notes = _task_notes(alert, profile, score_changes(session, alert))
    company_id = alert.object_id
    # Claim the alert first: a second click racing this one waits here, then gets a conflict.
    claimed = _save(
        session, actor, alert, **({"stage": "acknowledged", **_CLEARED} if alert.stage in ("new", "snoozed") else {})
    )
    tomorrow = i18n.today_in(actor.time_zone, now) + timedelta(days=1)
    task_id = create_task(
        session,
        actor,
        title=title,
        type="todo",
        priority="high" if urgent else "medium",
        due_at=datetime.combine(tomorrow, time(9, 0), tzinfo=i18n.zone(actor.time_zone)).astimezone(UTC),
        assignee_id=_assignee(session, company_id, actor),
        notes=notes,
        associations=[("company", company_id)],
    )
    session.execute(update(Alert).where(Alert.id == claimed.id).values(task_id=task_id))
    return TaskFromAlert(task_id, title, created=True)


# --- expiry -------------------------------------------------------------------------------


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


# --- words --------------------------------------------------------------------------------


def label(category: str | None) -> str:
    return "—" if category is None else CATEGORY_LABELS.get(category, category)


def score_text(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{float(value):.1f}".removesuffix(".0")


def points_text(value: object) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "—"
    text = score_text(float(value))
    return text.replace("-", "−")


def score_change(old: float | None, new: float | None) -> str:
    """The change of score as "62 → 38" (one decimal where there is one)."""
    return f"{score_text(old)} → {score_text(new)}"


def _day(when: datetime, actor: Actor) -> str:
    return i18n.day(when.astimezone(i18n.zone(actor.time_zone)).date(), actor.language)


def ago(when: datetime, now: datetime) -> str:
    """How long ago, for "raised 2 days ago": "just now", "5 minutes ago", "3 hours ago"."""
    seconds = max(0, int((now - when).total_seconds()))
    if seconds < 60:
        return "just now"
    return f"{_span(seconds)} ago"


def expires_in(when: datetime, now: datetime) -> str:
    """How long until, for "expires in 12 days": rounded up ("in 14 days" just after being
    raised, "in 3 hours"); "expired" once past."""
    seconds = int((when - now).total_seconds())
    if seconds <= 0:
        return "expired"
    if seconds >= 86400:
        n, unit = -(-seconds // 86400), "day"
    elif seconds > 82800:  # 23 to 24 hours: "in 1 day" rather than "in 24 hours"
        n, unit = 1, "day"
    elif seconds >= 3600:
        n, unit = -(-seconds // 3600), "hour"
    else:
        n, unit = -(-seconds // 60), "minute"
    return f"in {n} {unit}{'' if n == 1 else 's'}"


def _span(seconds: int) -> str:
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'' if n == 1 else 's'}"
    return "1 minute"
