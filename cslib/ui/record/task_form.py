"""The task fields (title, type, priority, due date and time, assignee, notes) that the
task panel, the "+ Create task" dialog and a record's "Create task" form share. A flat UI
module below both Actions → Tasks and the record panel, so neither imports the other."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import streamlit as st

from cslib import i18n, tasks
from cslib.i18n import _
from cslib.permissions import Actor
from cslib.properties import TASK_PRIORITIES, TASK_TYPES
from cslib.ui import session
from cslib.ui.choices import picker_day, translated
from cslib.ui.record.about import combine
from cslib.users import active_users


def task_fields(actor: Actor, prefix: str, *, initial: tasks.TaskDetail | None = None) -> dict:
    """Title, type, priority, due date and time, assignee and notes, as entered."""
    with session.reading() as s:
        users = dict(active_users(s))
    zone = i18n.zone(actor.time_zone)
    title = st.text_input(_("Task title"), value=initial.title if initial else "", key=f"{prefix}title", max_chars=300)
    types, priorities = dict(TASK_TYPES), dict(TASK_PRIORITIES)
    left, right = st.columns(2)
    kind = left.selectbox(
        _("Task type"),
        list(types),
        index=list(types).index(initial.type) if initial else 0,
        format_func=translated(types),
        key=f"{prefix}type",
    )
    priority = right.selectbox(
        _("Priority"),
        list(priorities),
        index=list(priorities).index(initial.priority) if initial else 0,
        format_func=translated(priorities),
        key=f"{prefix}priority",
    )
    if initial is None:
        due_local = datetime.combine(datetime.now(zone).date() + timedelta(days=3), time(8, 0))
    else:
        due_local = initial.due_at.astimezone(zone) if initial.due_at else None
    left, right = st.columns(2)
    due_day = left.date_input(
        _("Due date"), value=due_local.date() if due_local else None, key=f"{prefix}due", format=picker_day()
    )
    due_time = right.time_input(
        _("Time ({zone})", zone=actor.time_zone),
        value=due_local.time() if due_local else time(8, 0),
        key=f"{prefix}due_time",
    )
    owners = list(users)
    if initial is not None and initial.assignee_id and initial.assignee_id not in users:
        owners.append(initial.assignee_id)
        users[initial.assignee_id] = initial.assignee or _("Deactivated user")
    current = initial.assignee_id if initial else actor.id
    assignee = st.selectbox(
        _("Assigned to"),
        owners,
        index=owners.index(current) if current in owners else None,
        format_func=users.get,
        key=f"{prefix}assignee",
        placeholder=_("Unassigned"),
    )
    notes = st.text_area(_("Notes"), value=(initial.notes or "") if initial else "", key=f"{prefix}notes", height=80)
    due_at = combine(due_day, due_time or time(8, 0), actor.time_zone) if due_day else None
    return {
        "title": title,
        "type": kind,
        "priority": priority,
        "due_at": due_at,
        "assignee_id": assignee,
        "notes": notes,
    }
