"""The record panel's activity buttons (Note, Email, Call, Task, Meeting) and the small
form each opens: log the activity on the record, or create a task or meeting linked to it."""

from __future__ import annotations

from datetime import datetime, timedelta

import streamlit as st

from cslib import activities, i18n
from cslib.permissions import Actor, can_edit_records
from cslib.ui.md import md
from cslib.ui.record.about import combine
from cslib.ui.record.task_form import task_fields
from cslib.ui.writes import run_write

KINDS = (
    ("note", "Note", ":material/edit_note:"),
    ("email", "Email", ":material/mail:"),
    ("call", "Call", ":material/call:"),
    ("task", "Task", ":material/task_alt:"),
    ("meeting", "Meeting", ":material/event:"),
)
TITLES = {
    "note": "Create a note",
    "email": "Log an email",
    "call": "Log a call",
    "task": "Create a task",
    "meeting": "Schedule or log a meeting",
}


def compose_key(key: str) -> str:
    return f"{key}:compose"


def render_buttons(actor: Actor, *, key: str) -> None:
    """One button per activity; a click opens (or closes) its form below."""
    state = compose_key(key)
    open_kind = st.session_state.get(state)
    with st.container(horizontal=True, gap="small"):
        for kind, label, icon in KINDS:
            st.button(
                label,
                icon=icon,
                key=f"{key}:btn:{kind}",
                type="primary" if open_kind == kind else "secondary",
                disabled=not can_edit_records(actor),
                on_click=_toggle,
                args=(state, kind),
                help=TITLES[kind],
            )


def _toggle(state: str, kind: str) -> None:
    st.session_state[state] = None if st.session_state.get(state) == kind else kind


def render_composer(actor: Actor, object_type: str, record_id: int, record_label: str, *, key: str) -> None:
    """The form of the open activity button, if any."""
    kind = st.session_state.get(compose_key(key))
    if kind not in TITLES:
        return
    prefix = f"{key}:f:{kind}:"
    with st.form(f"{key}:form:{kind}", border=True):
        st.markdown(f"**{TITLES[kind]}** · {md(record_label)}")
        action = FORMS[kind](actor, object_type, record_id, prefix)
        left, right = st.columns(2)
        submitted = left.form_submit_button("Save", type="primary", key=f"{prefix}save", width="stretch")
        cancelled = right.form_submit_button("Cancel", key=f"{prefix}cancel", width="stretch")
    if cancelled:
        st.session_state[compose_key(key)] = None
        st.rerun()
    if submitted:
        done = {"note": "Note saved.", "task": "Task created.", "meeting": "Meeting saved."}
        run_write(
            action,
            success=done.get(kind, f"{kind.capitalize()} logged."),
            clear=(prefix, compose_key(key)),
        )


def _when(prefix: str, tz: str, *, label: str = "Date") -> tuple:
    now = datetime.now(i18n.zone(tz))
    day_col, time_col = st.columns(2)
    day = day_col.date_input(label, value=now.date(), key=f"{prefix}day", format="YYYY-MM-DD")
    at = time_col.time_input("Time", value=now.time().replace(second=0, microsecond=0), key=f"{prefix}time")
    return day, at


def _note(actor: Actor, object_type: str, record_id: int, prefix: str):  # noqa: ANN202
    body = st.text_area("Note", key=f"{prefix}body", height=140, max_chars=activities.MAX_BODY)
    return lambda s: activities.log_activity(s, actor, object_type, record_id, type="note", subject=None, body=body)


def _email(actor: Actor, object_type: str, record_id: int, prefix: str):  # noqa: ANN202
    directions = dict(activities.EMAIL_DIRECTIONS)
    direction = st.segmented_control(
        "Direction", list(directions), default="outgoing", format_func=directions.get, key=f"{prefix}direction"
    )
    subject = st.text_input("Subject", key=f"{prefix}subject", max_chars=300)
    body = st.text_area("Email text", key=f"{prefix}body", height=120)
    day, at = _when(prefix, actor.time_zone)
    return lambda s: activities.log_activity(
        s,
        actor,
        object_type,
        record_id,
        type="email",
        subject=subject,
        body=body,
        occurred_at=combine(day, at, actor.time_zone) if day and at else None,
        details={"direction": direction or "outgoing"},
    )


def _call(actor: Actor, object_type: str, record_id: int, prefix: str):  # noqa: ANN202
    outcomes = dict(activities.CALL_OUTCOMES)
    left, right = st.columns(2)
    outcome = left.selectbox("Outcome", list(outcomes), format_func=outcomes.get, key=f"{prefix}outcome")
    minutes = right.number_input("Duration (minutes)", min_value=0, max_value=1440, value=None, key=f"{prefix}min")
    body = st.text_area("Call notes", key=f"{prefix}body", height=100)
    day, at = _when(prefix, actor.time_zone)
    return lambda s: activities.log_activity(
        s,
        actor,
        object_type,
        record_id,
        type="call",
        subject=None,
        body=body,
        occurred_at=combine(day, at, actor.time_zone) if day and at else None,
        details={"outcome": outcome, "duration_min": minutes},
    )


def _task(actor: Actor, object_type: str, record_id: int, prefix: str):  # noqa: ANN202
    fields = task_fields(actor, prefix)
    return lambda s: activities.create_task(s, actor, associations=[(object_type, record_id)], **fields)


def _meeting(actor: Actor, object_type: str, record_id: int, prefix: str):  # noqa: ANN202
    title = st.text_input("Meeting title", key=f"{prefix}title", max_chars=300)
    now = datetime.now(i18n.zone(actor.time_zone))
    start_default = (now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    day = st.date_input("Date", value=start_default.date(), key=f"{prefix}day", format="YYYY-MM-DD")
    left, right = st.columns(2)
    start = left.time_input("Start", value=start_default.time(), key=f"{prefix}start")
    end = right.time_input("End", value=(start_default + timedelta(minutes=30)).time(), key=f"{prefix}end")
    location = st.text_input("Location", key=f"{prefix}location", max_chars=200)
    url = st.text_input("Meeting link", key=f"{prefix}url", max_chars=500, placeholder="https://…")
    description = st.text_area("Description", key=f"{prefix}description", height=80)

    def create(s):  # noqa: ANN001, ANN202
        start_at = combine(day, start, actor.time_zone) if day and start else None
        end_at = combine(day, end, actor.time_zone) if day and end else None
        return activities.create_meeting(
            s,
            actor,
            title=title,
            start_at=start_at,
            end_at=end_at,
            meeting_url=url,
            location=location,
            description=description,
            associations=[(object_type, record_id)],
        )

    return create


FORMS = {"note": _note, "email": _email, "call": _call, "task": _task, "meeting": _meeting}
