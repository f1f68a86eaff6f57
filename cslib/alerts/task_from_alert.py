""" "Create task from alert": a follow-up to-do about the alert's customer, and the alert
acknowledged. The task is remembered by the alert's task id and a marker in the task's
notes, so a second click finds that task instead of adding another. The title and notes
are written in the language of the user who makes the task."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from cslib import i18n
from cslib.activities import create_task
from cslib.alerts.detail import existing_task, score_changes
from cslib.alerts.stages import TASK_MARKER
from cslib.alerts.transitions import CLEARED, for_write, save
from cslib.alerts.wording import label, points_text, score_change, score_text
from cslib.i18n import _
from cslib.models import Alert, Company, HealthProfile, User, utcnow
from cslib.permissions import Actor


@dataclass(frozen=True)
class TaskFromAlert:
    task_id: int
    title: str
    created: bool  # False: the alert already had a task, which is returned instead


def task_title(customer: str, alert: Alert) -> str:
    """The task's title, e.g. "Follow up: Acme Corp is now At risk (score 62 → 38)"."""
    change = score_change(alert.old_score, alert.new_score)
    text = _(
        "Follow up: {customer} is now {category} (score {change})",
        customer=customer,
        category=label(alert.new_category),
        change=change,
    )
    return text if len(text) <= 300 else text[:299] + "…"


def _task_notes(alert: Alert, profile: str, changes: list[dict]) -> str:
    lines = [
        _(
            "Health score profile “{profile}”: {old} ({old_score}) → {new} ({new_score}).",
            profile=profile,
            old=label(alert.old_category),
            old_score=score_text(alert.old_score),
            new=label(alert.new_category),
            new_score=score_text(alert.new_score),
        ),
    ]
    if changes:
        lines.append(_("What moved the score:"))
        for c in changes[:3]:
            line = _(
                "{criterion}: {old} → {new} points",
                criterion=c.get("label") or c.get("key"),
                old=points_text(c.get("old")),
                new=points_text(c.get("new")),
            )
            lines.append(f"- {line}")
    lines.append(_(TASK_MARKER, id=alert.id))
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
    alert, customer = for_write(session, actor, alert_id, None, now)
    existing = existing_task(session, alert)
    if existing is not None:
        return TaskFromAlert(existing.id, existing.title, created=False)
    profile = session.scalar(select(HealthProfile.name).where(HealthProfile.id == alert.profile_id)) or "—"
    title = task_title(customer, alert)
    urgent = alert.direction == "down" and alert.new_category == "at_risk"
    notes = _task_notes(alert, profile, score_changes(session, alert))
    company_id = alert.object_id
    # Claim the alert first: a second click racing this one waits here, then gets a conflict.
    claimed = save(
        session, actor, alert, **({"stage": "acknowledged", **CLEARED} if alert.stage in ("new", "snoozed") else {})
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
