"""Bulk actions over a selection of tasks: complete, reopen, assign, edit one property and
delete. Each is one transaction (the caller's write session), writes through the bulk form
of the one write path (`cslib.records.update_properties_bulk`: values, versions and a
history row for every task it changes, in a few set-based statements), and says how many
tasks changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib import i18n
from cslib.errors import ValidationError
from cslib.i18n import N_, _, ngettext
from cslib.models import Task, User, utcnow
from cslib.permissions import Actor, can_edit_records, require
from cslib.properties import PropertySpec, properties_for
from cslib.records import coerce, update_properties_bulk
from cslib.tasks.selection import Selection, selected_ids

EDIT_DENIED = N_("Your account cannot change tasks: it needs workspace access and a Service seat.")
CONFIRM_DELETE = N_("Confirm that you want to delete the selected tasks.")
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


Sentence = Callable[[int], str]  # a whole sentence about n tasks, in the reader's language


def _message(selected: int, changed: int, done: Sentence, others: Sentence, nothing: Sentence) -> str:
    """E.g. "Marked 3 tasks as completed. 1 other task was already completed.": `done`
    says what changed, `others` what was left as it was, `nothing` when nothing changed."""
    if selected == 0:
        return _("No tasks matched, so nothing changed.")
    rest = selected - changed
    if changed == 0:
        return nothing(rest)
    return f"{done(changed)} {others(rest)}" if rest else done(changed)


def _set_so_already(n: int) -> str:
    return ngettext("{n} other task was set so already.", "{n} other tasks were set so already.", n)


def _nothing_set(n: int) -> str:
    return ngettext(
        "Nothing changed: the task was set so already.", "Nothing changed: all {n} tasks were set so already.", n
    )


def complete_tasks(session: Session, actor: Actor, selection: Selection, *, now: datetime | None = None) -> BulkResult:
    """Mark as completed (and stamp when)."""
    now = now or utcnow()
    selected, changed = _bulk(session, actor, selection, "status", "completed", now=now)
    message = _message(
        selected,
        changed,
        lambda n: ngettext("Marked {n} task as completed.", "Marked {n} tasks as completed.", n),
        lambda n: ngettext("{n} other task was already completed.", "{n} other tasks were already completed.", n),
        lambda n: ngettext(
            "Nothing changed: the task was already completed.",
            "Nothing changed: all {n} tasks were already completed.",
            n,
        ),
    )
    return BulkResult(selected, changed, message)


def reopen_tasks(session: Session, actor: Actor, selection: Selection, *, now: datetime | None = None) -> BulkResult:
    """Mark as incomplete: completed tasks go back to "Not started"; open ones stay as they are."""
    now = now or utcnow()
    require(can_edit_records(actor), EDIT_DENIED)
    rows = _rows(session, actor, selection, Task.status, now)
    completed = {task_id: old for task_id, old in rows.items() if old == "completed"}
    changed = update_properties_bulk(session, actor, "task", "status", "not_started", completed, now=now, source=SOURCE)
    message = _message(
        len(rows),
        len(changed),
        lambda n: ngettext("Marked {n} task as incomplete.", "Marked {n} tasks as incomplete.", n),
        lambda n: ngettext("{n} other task was not completed.", "{n} other tasks were not completed.", n),
        lambda n: ngettext(
            "Nothing changed: the task was not completed.", "Nothing changed: all {n} tasks were not completed.", n
        ),
    )
    return BulkResult(len(rows), len(changed), message)


def assign_tasks(
    session: Session, actor: Actor, selection: Selection, user_id: object, *, now: datetime | None = None
) -> BulkResult:
    """Assign to an active user."""
    require(can_edit_records(actor), EDIT_DENIED)
    spec = properties_for(session, "task")["assignee_id"]
    new = coerce(session, spec, user_id)
    if new is None:
        raise ValidationError(_("Pick the user to assign the tasks to."))
    selected, changed = _bulk(session, actor, selection, "assignee_id", new, now=now)
    name = str(session.scalar(select(User.name).where(User.id == new)))
    message = _message(
        selected,
        changed,
        lambda n: ngettext("Assigned {n} task to {name}.", "Assigned {n} tasks to {name}.", n, name=name),
        lambda n: ngettext(
            "{n} other task was assigned to them already.", "{n} other tasks were assigned to them already.", n
        ),
        lambda n: ngettext(
            "Nothing changed: the task was assigned to them already.",
            "Nothing changed: all {n} tasks were assigned to them already.",
            n,
        ),
    )
    return BulkResult(selected, changed, message)


def edit_tasks(
    session: Session, actor: Actor, selection: Selection, prop: str, value: object, *, now: datetime | None = None
) -> BulkResult:
    """Edit: set one property to one value on every selected task (empty clears it, where
    the property may be empty)."""
    require(can_edit_records(actor), EDIT_DENIED)
    props = properties_for(session, "task")
    if prop not in BULK_EDITABLE:
        label = props[prop].label if prop in props else str(prop)[:40]
        raise ValidationError(_("“{field}” can't be changed on many tasks at once.", field=label))
    spec = props[prop]
    new = coerce(session, spec, value)
    if new is None and prop in ("title", "type", "priority", "status"):
        raise ValidationError(_("{field} can't be empty.", field=spec.label))
    if prop == "assignee_id" and new is not None:
        return assign_tasks(session, actor, selection, new, now=now)
    if prop == "status":
        return (
            complete_tasks(session, actor, selection, now=now)
            if new == "completed"
            else _set_open(session, actor, selection, new, now=now)
        )
    selected, changed = _bulk(session, actor, selection, prop, new, now=now)
    return BulkResult(
        selected, changed, _message(selected, changed, _set(session, spec, new), _set_so_already, _nothing_set)
    )


def _set_open(session: Session, actor: Actor, selection: Selection, status: str, *, now: datetime | None) -> BulkResult:
    selected, changed = _bulk(session, actor, selection, "status", status, now=now)
    spec = properties_for(session, "task")["status"]
    return BulkResult(
        selected, changed, _message(selected, changed, _set(session, spec, status), _set_so_already, _nothing_set)
    )


def _set(session: Session, spec: PropertySpec, value: object) -> Sentence:
    """ "Set Priority to High on 3 tasks.": the value as people read it (a typed text quoted,
    a time in UTC, which the setter may not share with everyone who reads it)."""
    field = spec.label
    if value is None:
        return lambda n: ngettext(
            "Set {field} to empty on {n} task.", "Set {field} to empty on {n} tasks.", n, field=field
        )
    if spec.type in ("string", "text"):
        text = str(value)
        return lambda n: ngettext(
            "Set {field} to “{value}” on {n} task.",
            "Set {field} to “{value}” on {n} tasks.",
            n,
            field=field,
            value=text,
        )
    if spec.type == "user":
        shown = session.scalar(select(User.name).where(User.id == value)) or str(value)
    elif spec.type == "enumeration":
        shown = spec.option_label(value)
    elif isinstance(value, datetime):
        shown = f"{i18n.moment(value, time_zone='UTC')} UTC"
    else:
        shown = str(value)
    return lambda n: ngettext(
        "Set {field} to {value} on {n} task.", "Set {field} to {value} on {n} tasks.", n, field=field, value=shown
    )


def delete_tasks(
    session: Session, actor: Actor, selection: Selection, *, confirmed: bool, now: datetime | None = None
) -> BulkResult:
    """Delete (after confirmation): the tasks leave every list and calendar; history stays."""
    require(can_edit_records(actor), EDIT_DENIED)
    if confirmed is not True:
        raise ValidationError(_(CONFIRM_DELETE))
    now = now or utcnow()
    rows = _rows(session, actor, selection, Task.deleted_at, now)
    update_properties_bulk(session, actor, "task", "deleted_at", now, rows, now=now, source=SOURCE)
    if not rows:
        return BulkResult(0, 0, _("No tasks matched, so nothing changed."))
    return BulkResult(len(rows), len(rows), ngettext("Deleted {n} task.", "Deleted {n} tasks.", len(rows)))
