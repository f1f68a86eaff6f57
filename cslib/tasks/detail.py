"""One task with the key facts of the records it is linked to: the queue's card and the
task panel."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib.errors import NotFound
from cslib.i18n import _
from cslib.models import Association, PipelineStage, Task, User, live
from cslib.permissions import Actor, has_full_use, require
from cslib.properties import object_type_def, properties_for
from cslib.records import display_value, record_name, snapshot
from cslib.tasks.selection import READ_DENIED
from cslib.users import names_for


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
    session: Session,
    actor: Actor,
    task_id: int,
    *,
    language: str | None = None,
    time_zone: str = "UTC",
    currency: str = "USD",
) -> TaskDetail:
    """A task with the key facts of the records it is about (the queue's card and the task panel)."""
    require(has_full_use(actor), READ_DENIED)
    task = session.scalar(select(Task).where(Task.id == task_id, live(Task)))
    if task is None:
        raise NotFound(_("That task does not exist any more: it was deleted."))
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


def linked_records(
    session: Session,
    actor: Actor,
    task_id: int,
    *,
    language: str | None,
    time_zone: str,
    currency: str,
    limit: int = 5,
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
        values = {n: snap.values[n] for n in object_type_def(object_type).key_facts if n in props}
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
