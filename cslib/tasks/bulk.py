"""Bulk actions over a selection of tasks: complete, reopen, assign, edit one property and
delete. Each is one transaction (the caller's write session), writes through the bulk form
of the one write path (`cslib.records.update_properties_bulk`: values, versions and a
history row for every task it changes, in a few set-based statements), and says how many
tasks changed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib import i18n
from cslib.errors import ValidationError
from cslib.models import Task, User, utcnow
from cslib.permissions import Actor, can_edit_records, require
from cslib.properties import PropertySpec, properties_for
from cslib.records import coerce, update_properties_bulk
from cslib.tasks.selection import Selection, selected_ids

EDIT_DENIED = "Your account cannot change tasks: it needs workspace access and a Service seat."
CONFIRM_DELETE = "Confirm that you want to delete the selected tasks."
BULK_EDITABLE = ("title", "type", "priority", "status", "due_at", "assignee_id")
SOURCE = "bulk"  # how the history rows of these changes say they were made


@dataclass(frozen=True)
class BulkResult:
    selected: int
    changed: int
    message: str


def _rows(session: Session, actor: Actor, selection: Selection, column, now: datetime) -> dict[int, object]:  # noqa: ANN001
    """{id: current value of `column`} of every selected task, locked on PostgreSQL so the
    history written matches the values replaced."""
    stmt = select(Task.id, column).where(Task.id.in_(selected_ids(session, actor, selection, now=now)))
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(of=Task)
    return {task_id: value for task_id, value in session.execute(stmt.order_by(Task.id))}


def _bulk(
    session: Session, actor: Actor, selection: Selection, prop: str, new: object, *, now: datetime | None = None
) -> tuple[int, int]:
    """(selected, changed): set `prop` to `new` on every selected task where it differs."""
    require(can_edit_records(actor), EDIT_DENIED)
    now = now or utcnow()
    rows = _rows(session, actor, selection, getattr(Task, prop), now)
    changed = update_properties_bulk(session, actor, "task", prop, new, rows, now=now, source=SOURCE)
    return len(rows), len(changed)


def _message(template: str, selected: int, changed: int, unchanged: str) -> str:
    """E.g. "Marked 3 tasks as completed. 1 other task was already completed." """
    if selected == 0:
        return "No tasks matched, so nothing changed."
    rest = selected - changed
    if changed == 0:
        return f"Nothing changed: {'the task was' if rest == 1 else f'all {rest:,} tasks were'} {unchanged}."
    text = template.replace("{n}", i18n.plural(changed, "task"))
    if rest:
        text += f" {i18n.plural(rest, 'other task')} {'was' if rest == 1 else 'were'} {unchanged}."
    return text


def complete_tasks(session: Session, actor: Actor, selection: Selection, *, now: datetime | None = None) -> BulkResult:
    """Mark as completed (and stamp when)."""
    now = now or utcnow()
    selected, changed = _bulk(session, actor, selection, "status", "completed", now=now)
    return BulkResult(selected, changed, _message("Marked {n} as completed.", selected, changed, "already completed"))


def reopen_tasks(session: Session, actor: Actor, selection: Selection, *, now: datetime | None = None) -> BulkResult:
    """Mark as incomplete: completed tasks go back to "Not started"; open ones stay as they are."""
    now = now or utcnow()
    require(can_edit_records(actor), EDIT_DENIED)
    rows = _rows(session, actor, selection, Task.status, now)
    completed = {task_id: old for task_id, old in rows.items() if old == "completed"}
    changed = update_properties_bulk(session, actor, "task", "status", "not_started", completed, now=now, source=SOURCE)
    message = _message("Marked {n} as incomplete.", len(rows), len(changed), "not completed")
    return BulkResult(len(rows), len(changed), message)


def assign_tasks(
    session: Session, actor: Actor, selection: Selection, user_id: object, *, now: datetime | None = None
) -> BulkResult:
    """Assign to an active user."""
    require(can_edit_records(actor), EDIT_DENIED)
    spec = properties_for(session, "task")["assignee_id"]
    new = coerce(session, spec, user_id)
    if new is None:
        raise ValidationError("Pick the user to assign the tasks to.")
    selected, changed = _bulk(session, actor, selection, "assignee_id", new, now=now)
    name = session.scalar(select(User.name).where(User.id == new))
    return BulkResult(
        selected, changed, _message("Assigned {n} to " + str(name) + ".", selected, changed, "assigned to them already")
    )


def edit_tasks(
    session: Session, actor: Actor, selection: Selection, prop: str, value: object, *, now: datetime | None = None
) -> BulkResult:
    """Edit: set one property to one value on every selected task (empty clears it, where
    the property may be empty)."""
    require(can_edit_records(actor), EDIT_DENIED)
    props = properties_for(session, "task")
    if prop not in BULK_EDITABLE:
        label = props[prop].label if prop in props else str(prop)[:40]
        raise ValidationError(f"“{label}” can't be changed on many tasks at once.")
    spec = props[prop]
    new = coerce(session, spec, value)
    if new is None and prop in ("title", "type", "priority", "status"):
        raise ValidationError(f"{spec.label} can't be empty.")
    if prop == "assignee_id" and new is not None:
        return assign_tasks(session, actor, selection, new, now=now)
    if prop == "status":
        return (
            complete_tasks(session, actor, selection, now=now)
            if new == "completed"
            else _set_open(session, actor, selection, new, now=now)
        )
    selected, changed = _bulk(session, actor, selection, prop, new, now=now)
    shown = _shown(spec, new, session)
    return BulkResult(
        selected, changed, _message(f"Set {spec.label} to {shown} on " + "{n}.", selected, changed, "set so already")
    )


def _set_open(session: Session, actor: Actor, selection: Selection, status: str, *, now: datetime | None) -> BulkResult:
    selected, changed = _bulk(session, actor, selection, "status", status, now=now)
    label = dict(properties_for(session, "task")["status"].options)[status]
    return BulkResult(
        selected, changed, _message(f"Set Status to {label} on " + "{n}.", selected, changed, "set so already")
    )


def _shown(spec: PropertySpec, value: object, session: Session) -> str:
    if value is None:
        return "empty"
    if spec.type == "user":
        return session.scalar(select(User.name).where(User.id == value)) or str(value)
    if spec.type == "enumeration":
        return spec.option_label(value)
    if isinstance(value, datetime):
        return f"{value.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
    return f"“{value}”"


def delete_tasks(
    session: Session, actor: Actor, selection: Selection, *, confirmed: bool, now: datetime | None = None
) -> BulkResult:
    """Delete (after confirmation): the tasks leave every list and calendar; history stays."""
    require(can_edit_records(actor), EDIT_DENIED)
    if confirmed is not True:
        raise ValidationError(CONFIRM_DELETE)
    now = now or utcnow()
    rows = _rows(session, actor, selection, Task.deleted_at, now)
    update_properties_bulk(session, actor, "task", "deleted_at", now, rows, now=now, source=SOURCE)
    if not rows:
        return BulkResult(0, 0, "No tasks matched, so nothing changed.")
    return BulkResult(len(rows), len(rows), f"Deleted {i18n.plural(len(rows), 'task')}.")
