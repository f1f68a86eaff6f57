"""Tasks (SPEC §3.5): bulk actions over a selection, the "Start all tasks" queue, and the
Overview's task cards. Task lists themselves are `cslib.listing` lists of object type
"task" in the saved views of `cslib.views` (built-ins: Due today, Overdue, Due tomorrow,
All completed; their filters live in `cslib.view_rules`). Creating a task is
`cslib.activities.create_task`.

A selection is either ids picked one by one (or a whole page), or "all N matching" the
list's filters: then the filters are resolved again inside the write transaction, so the
action covers exactly what matches when it runs. Each bulk action is one transaction
(the caller's write session), writes property history for every task it changes in a
few set-based statements, and says how many tasks changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Select, func, insert, select, update
from sqlalchemy.orm import Session

from cslib import i18n, listing, query
from cslib.errors import NotFound, ValidationError
from cslib.models import (
    Association,
    PipelineStage,
    PropertyHistory,
    Task,
    User,
    View,
    utcnow,
)
from cslib.permissions import Actor, can_edit_records, can_view_as, has_full_use, require
from cslib.properties import PropertySpec, properties_for
from cslib.record_view import display_value, record_name
from cslib.records import coerce, history_text, snapshot
from cslib.users import names_for
from cslib.view_rules import BUILTIN_FILTERS, BUILTIN_VIEWS

EDIT_DENIED = "Your account cannot change tasks: it needs workspace access and a Service seat."
READ_DENIED = "Task lists need a Service seat: ask an admin to assign you one."
VIEW_AS_DENIED = "Only admins can see another user's tasks."
CONFIRM_DELETE = "Confirm that you want to delete the selected tasks."
NOTHING_SELECTED = "Select at least one task first."
MAX_PICKED = 5_000
QUEUE_LIMIT = 1_000
BULK_EDITABLE = ("title", "type", "priority", "status", "due_at", "assignee_id")
# Overview cards (SPEC §3.1): each opens the Actions list of exactly its own set.
TASK_CARDS: tuple[tuple[str, str], ...] = (
    ("due_today", "Tasks due today"),
    ("overdue", "Overdue tasks"),
    ("due_tomorrow", "Tasks due tomorrow"),
)
_CHUNK = 500


@dataclass(frozen=True)
class Selection:
    """Tasks to act on: `ids` picked by hand, or (`matching`) every task matching `filters`
    as the list shows them (`me` and `time_zone` as in `cslib.listing.list_records`)."""

    ids: tuple[int, ...] = ()
    matching: bool = False
    filters: tuple[dict | None, ...] = ()
    me: int | None = None
    time_zone: str | None = None

    @classmethod
    def of(cls, ids: Iterable[int]) -> Selection:
        return cls(ids=tuple(dict.fromkeys(ids)))

    @classmethod
    def all_matching(
        cls, filters: Sequence[dict | None], *, me: int | None = None, time_zone: str | None = None
    ) -> Selection:
        return cls(matching=True, filters=tuple(filters), me=me, time_zone=time_zone)


@dataclass(frozen=True)
class BulkResult:
    selected: int
    changed: int
    message: str


def _check_ids(ids: Sequence[object]) -> list[int]:
    out = []
    for raw in ids:
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
            raise ValidationError("Task ids must be whole numbers.")
        out.append(raw)
    if len(out) > MAX_PICKED:
        raise ValidationError(
            f"Pick at most {MAX_PICKED:,} tasks one by one; use “Select all” to act on every matching task."
        )
    return out


def selected_ids(session: Session, actor: Actor, selection: Selection, *, now: datetime | None = None) -> Select:
    """The ids of the live tasks in `selection`, as a SELECT to use inside a statement."""
    require(has_full_use(actor), READ_DENIED)
    if selection.me is not None and selection.me != actor.id:
        require(can_view_as(actor), VIEW_AS_DENIED)
    if selection.matching:
        props = properties_for(session, "task")
        where = listing.where_clauses(
            actor, "task", props, list(selection.filters), now=now, me=selection.me, time_zone=selection.time_zone
        )
        return select(Task.id).where(*where)
    ids = _check_ids(selection.ids)
    if not ids:
        raise ValidationError(NOTHING_SELECTED)
    return select(Task.id).where(Task.id.in_(ids), Task.deleted_at.is_(None))


def count_selected(session: Session, actor: Actor, selection: Selection, *, now: datetime | None = None) -> int:
    ids = selected_ids(session, actor, selection, now=now).subquery()
    return int(query.scalar(session, select(func.count()).select_from(ids)) or 0)


def _rows(session: Session, actor: Actor, selection: Selection, column, now: datetime) -> list[tuple[int, object]]:  # noqa: ANN001
    """(id, current value of `column`) of every selected task, locked on PostgreSQL so the
    history written matches the values replaced."""
    stmt = select(Task.id, column).where(Task.id.in_(selected_ids(session, actor, selection, now=now)))
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(of=Task)
    return [tuple(r) for r in session.execute(stmt.order_by(Task.id)).all()]


def _chunks(items: list, size: int = _CHUNK) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _write(
    session: Session,
    actor: Actor,
    changes: list[tuple[int, object]],
    prop: str,
    new: object,
    values: dict,
    now: datetime,
) -> None:
    """Set `values` on the tasks in `changes` ((id, old value of `prop`)) and append one
    history row each (old → `new`)."""
    ids = [task_id for task_id, _ in changes]
    for chunk in _chunks(ids):
        session.execute(
            update(Task)
            .where(Task.id.in_(chunk))
            .values(**values, updated_at=now, version=Task.version + 1)
            .execution_options(synchronize_session=False)
        )
    new_text = history_text(new)
    rows = [
        {
            "object_type": "task",
            "object_id": task_id,
            "property": prop,
            "old_value": history_text(old),
            "new_value": new_text,
            "changed_at": now,
            "changed_by_id": actor.id or None,
            "source": "bulk",
        }
        for task_id, old in changes
    ]
    for chunk in _chunks(rows, 2_000):
        session.execute(insert(PropertyHistory), chunk)
    session.expire_all()


def _bulk(
    session: Session,
    actor: Actor,
    selection: Selection,
    prop: str,
    new: object,
    *,
    values: dict | None = None,
    now: datetime | None = None,
) -> tuple[int, int]:
    """(selected, changed): set `prop` to `new` on every selected task where it differs."""
    require(can_edit_records(actor), EDIT_DENIED)
    now = now or utcnow()
    rows = _rows(session, actor, selection, getattr(Task, prop), now)
    target = history_text(new)
    changes = [(task_id, old) for task_id, old in rows if history_text(old) != target]
    if changes:
        _write(session, actor, changes, prop, new, values or {prop: new}, now)
    return len(rows), len(changes)


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
    selected, changed = _bulk(
        session, actor, selection, "status", "completed", values={"status": "completed", "completed_at": now}, now=now
    )
    return BulkResult(selected, changed, _message("Marked {n} as completed.", selected, changed, "already completed"))


def reopen_tasks(session: Session, actor: Actor, selection: Selection, *, now: datetime | None = None) -> BulkResult:
    """Mark as incomplete: completed tasks go back to "Not started"; open ones stay as they are."""
    now = now or utcnow()
    require(can_edit_records(actor), EDIT_DENIED)
    rows = _rows(session, actor, selection, Task.status, now)
    changes = [(task_id, old) for task_id, old in rows if old == "completed"]
    if changes:
        _write(session, actor, changes, "status", "not_started", {"status": "not_started", "completed_at": None}, now)
    return BulkResult(
        len(rows), len(changes), _message("Marked {n} as incomplete.", len(rows), len(changes), "not completed")
    )


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
    selected, changed = _bulk(
        session, actor, selection, "status", status, values={"status": status, "completed_at": None}, now=now
    )
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
    changes = [(task_id, None) for task_id, _ in rows]
    if changes:
        _write(session, actor, changes, "deleted_at", now, {"deleted_at": now}, now)
    if not rows:
        return BulkResult(0, 0, "No tasks matched, so nothing changed.")
    return BulkResult(len(rows), len(rows), f"Deleted {i18n.plural(len(rows), 'task')}.")


# --- the "Start all tasks" queue --------------------------------------------------------


def queue_ids(
    session: Session,
    actor: Actor,
    *,
    filters: Sequence[dict | None],
    sort: list[dict],
    me: int | None = None,
    time_zone: str | None = None,
    limit: int = QUEUE_LIMIT,
    now: datetime | None = None,
) -> list[int]:
    """The tasks of a list in the list's order (at most `limit`): what "Start all tasks"
    works through."""
    require(has_full_use(actor), READ_DENIED)
    if me is not None and me != actor.id:
        require(can_view_as(actor), VIEW_AS_DENIED)
    props = properties_for(session, "task")
    keys = listing.check_sort(props, sort)
    where = listing.where_clauses(actor, "task", props, list(filters), now=now, me=me, time_zone=time_zone)
    stmt = listing.ordered(session, select(Task.id).where(*where), Task, keys).limit(max(1, min(limit, QUEUE_LIMIT)))
    return [int(i) for i in session.scalars(stmt)]


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class LinkedRecord:
    object_type: str
    id: int
    name: str
    facts: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class TaskDetail:
    id: int
    version: int
    title: str
    type: str
    priority: str
    status: str
    due_at: datetime | None
    assignee_id: int | None
    assignee: str | None
    notes: str | None
    completed_at: datetime | None
    records: tuple[LinkedRecord, ...] = field(default_factory=tuple)

    @property
    def is_completed(self) -> bool:
        return self.status == "completed"


def task_detail(
    session: Session, actor: Actor, task_id: int, *, language: str = "en", time_zone: str = "UTC", currency: str = "USD"
) -> TaskDetail:
    """A task with the key facts of the records it is about (the queue's card and the task panel)."""
    require(has_full_use(actor), READ_DENIED)
    task = session.scalar(select(Task).where(Task.id == task_id, Task.deleted_at.is_(None)))
    if task is None:
        raise NotFound("That task does not exist any more: it was deleted.")
    assignee = session.scalar(select(User.name).where(User.id == task.assignee_id)) if task.assignee_id else None
    records = linked_records(session, actor, task.id, language=language, time_zone=time_zone, currency=currency)
    return TaskDetail(
        task.id,
        task.version,
        task.title,
        task.type,
        task.priority,
        task.status,
        task.due_at,
        task.assignee_id,
        assignee,
        task.notes,
        task.completed_at,
        records,
    )


# Key facts shown per linked record type (properties of that type, in this order).
KEY_FACTS = {
    "company": ("owner_id", "lifecycle_stage", "arr", "renewal_date", "health_category", "last_activity_at"),
    "contact": ("email", "phone", "job_title", "lifecycle_stage"),
}
RECORD_FACTS = ("stage_id", "amount", "close_date", "owner_id")


def linked_records(
    session: Session, actor: Actor, task_id: int, *, language: str, time_zone: str, currency: str, limit: int = 5
) -> tuple[LinkedRecord, ...]:
    """The records a task is linked to (companies first, then other records, then contacts)."""
    a = Association
    pairs = session.execute(
        select(a.from_type, a.from_id)
        .where(a.to_type == "task", a.to_id == task_id)
        .union_all(select(a.to_type, a.to_id).where(a.from_type == "task", a.from_id == task_id))
    ).all()
    rank = {"company": 0, "contact": 2, "meeting": 3, "task": 3}
    ordered = sorted(
        {(t, int(i)) for t, i in pairs if t not in ("task", "meeting")}, key=lambda p: (rank.get(p[0], 1), p[1])
    )
    out: list[LinkedRecord] = []
    for object_type, object_id in ordered:
        try:
            snap = snapshot(session, actor, object_type, object_id)
        except NotFound:  # deleted or merged away
            continue
        props = properties_for(session, object_type)
        values = {n: snap.values[n] for n in KEY_FACTS.get(object_type, RECORD_FACTS) if n in props}
        if values.get("stage_id") is not None:
            values["stage_id"] = session.scalar(
                select(PipelineStage.name).where(PipelineStage.id == values["stage_id"])
            )
        users = names_for(session, {v for n, v in values.items() if props[n].type == "user" and v})
        facts = tuple(
            Fact(
                props[n].label,
                display_value(props[n], v, users=users, language=language, time_zone=time_zone, currency=currency),
            )
            for n, v in values.items()
        )
        out.append(LinkedRecord(object_type, object_id, record_name(session, object_type, object_id), facts))
        if len(out) >= limit:
            break
    return tuple(out)


# --- Overview cards ----------------------------------------------------------------------


@dataclass(frozen=True)
class TaskCard:
    key: str
    title: str
    view_id: int | None
    total: int
    rows: pd.DataFrame  # id, title, due_at, priority, associated


def builtin_view_ids(session: Session) -> dict[str, int]:
    """The ids of the built-in task views that still exist (an admin may delete one)."""
    keys = [v.key for v in BUILTIN_VIEWS["task"]]
    rows = session.execute(
        select(View.builtin_key, View.id).where(
            View.object_type == "task", View.builtin_key.in_(keys), View.deleted_at.is_(None)
        )
    )
    return {k: int(i) for k, i in rows}


def task_card(
    session: Session,
    actor: Actor,
    key: str,
    *,
    user_id: int,
    time_zone: str,
    limit: int = 5,
    now: datetime | None = None,
    view_ids: dict[str, int] | None = None,
) -> TaskCard:
    """One Overview task card (`key` of TASK_CARDS): the count of the set, its first
    `limit` tasks by due date and the built-in view that lists exactly them."""
    page = listing.list_records(
        session,
        actor,
        "task",
        filters=[BUILTIN_FILTERS[key]],
        columns=["title", "due_at", "priority", "associated"],
        sort=[{"property": "due_at", "direction": "asc"}],
        page_size=limit,
        now=now,
        me=user_id,
        time_zone=time_zone,
    )
    view_ids = builtin_view_ids(session) if view_ids is None else view_ids
    return TaskCard(key, dict(TASK_CARDS)[key], view_ids.get(key), page.total, page.rows)


def task_cards(
    session: Session, actor: Actor, *, user_id: int, time_zone: str, limit: int = 5, now: datetime | None = None
) -> list[TaskCard]:
    """Tasks due today, overdue and due tomorrow for `user_id` (days of `time_zone`)."""
    view_ids = builtin_view_ids(session)
    return [
        task_card(session, actor, key, user_id=user_id, time_zone=time_zone, limit=limit, now=now, view_ids=view_ids)
        for key, _ in TASK_CARDS
    ]
