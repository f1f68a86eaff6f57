"""The record panel's activity buttons (Note, Email, Call, Task, Meeting) and the small
form each opens: log the activity on the record, or create a task or meeting linked to it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

import streamlit as st

from cslib import activities, i18n
from cslib.i18n import N_, _, pgettext
from cslib.permissions import Actor, can_edit_records
from cslib.ui.choices import picker_day, translated
from cslib.ui.md import md
from cslib.ui.record.about import combine
from cslib.ui.record.task_form import task_fields
from cslib.ui.writes import run_write

KINDS = (
    ("note", ":material/edit_note:"),
    ("email", ":material/mail:"),
    ("call", ":material/call:"),
    ("task", ":material/task_alt:"),
    ("meeting", ":material/event:"),
)
TITLES = {
    "note": N_("Create a note"),
    "email": N_("Log an email"),
    "call": N_("Log a call"),
    "task": N_("Create a task"),
    "meeting": N_("Schedule or log a meeting"),
}
URL_HINT = "https://…"


def _kind_labels() -> dict[str, str]:
    """The buttons name the kinds of activity (nouns, as the timeline does)."""
    return {
        "note": _("Note"),
        "email": pgettext("activity", "Email"),
        "call": pgettext("activity", "Call"),
        "task": _("Task"),
        "meeting": _("Meeting"),
    }


def compose_key(key: str) -> str:
    return f"{key}:compose"


def render_buttons(actor: Actor, *, key: str, compact: bool = False) -> None:
    """One button per activity; a click opens (or closes) its form below. `compact` draws
    icons only, each named by its tooltip (the Feed's items)."""
    state = compose_key(key)
    open_kind = st.session_state.get(state)
    labels = _kind_labels()
    with st.container(horizontal=True, gap="small"):
        for kind, icon in KINDS:
            st.button(
                "" if compact else labels[kind],
                icon=icon,
                key=f"{key}:btn:{kind}",
                type="primary" if open_kind == kind else "secondary",
                disabled=not can_edit_records(actor),
                on_click=_toggle,
                args=(state, kind),
                help=_(TITLES[kind]),
            )


def _toggle(state: str, kind: str) -> None:
    st.session_state[state] = None if st.session_state.get(state) == kind else kind


def render_composer(
    actor: Actor,
    object_type: str,
    record_id: int,
    record_label: str,
    *,
    key: str,
    also: tuple[tuple[str, int], ...] = (),
) -> None:
    """The form of the open activity button, if any. A task or meeting is linked to the
    record and to the records in `also` (the Feed links a contact's company too)."""
    kind = st.session_state.get(compose_key(key))
    if kind not in TITLES:
        return
    prefix = f"{key}:f:{kind}:"
    with st.form(f"{key}:form:{kind}", border=True):
        st.markdown(f"**{_(TITLES[kind])}** · {md(record_label)}")
        action = FORMS[kind](actor, object_type, record_id, prefix, [(object_type, record_id), *also])
        left, right = st.columns(2)
        submitted = left.form_submit_button(_("Save"), type="primary", key=f"{prefix}save", width="stretch")
        cancelled = right.form_submit_button(_("Cancel"), key=f"{prefix}cancel", width="stretch")
    if cancelled:
        st.session_state[compose_key(key)] = None
        st.rerun()
    if submitted:
        done = {
            "note": _("Note saved."),
            "email": _("Email logged."),
            "call": _("Call logged."),
            "task": _("Task created."),
            "meeting": _("Meeting saved."),
        }
        run_write(
            action,
            success=done[kind],
            clear=(prefix, compose_key(key)),
        )


def _company(links: list) -> int | None:
    """The company the composer was opened for besides the record (the Feed's item)."""
    return next((i for t, i in links[1:] if t == "company"), None)


def _when(prefix: str, tz: str) -> tuple:
    now = datetime.now(i18n.zone(tz))
    day_col, time_col = st.columns(2)
    day = day_col.date_input(_("Date"), value=now.date(), key=f"{prefix}day", format=picker_day())
    at = time_col.time_input(_("Time"), value=now.time().replace(second=0, microsecond=0), key=f"{prefix}time")
    return day, at


def _note(actor: Actor, object_type: str, record_id: int, prefix: str, links: list) -> Callable:
    body = st.text_area(_("Note"), key=f"{prefix}body", height=140, max_chars=activities.MAX_BODY)
    return lambda s: activities.log_activity(
        s, actor, object_type, record_id, type="note", subject=None, body=body, company_id=_company(links)
    )


def _email(actor: Actor, object_type: str, record_id: int, prefix: str, links: list) -> Callable:
    directions = dict(activities.EMAIL_DIRECTIONS)
    direction = st.segmented_control(
        _("Direction"),
        list(directions),
        default="outgoing",
        format_func=translated(directions),
        key=f"{prefix}direction",
    )
    subject = st.text_input(_("Subject"), key=f"{prefix}subject", max_chars=300)
    body = st.text_area(_("Email text"), key=f"{prefix}body", height=120)
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
        company_id=_company(links),
    )


def _call(actor: Actor, object_type: str, record_id: int, prefix: str, links: list) -> Callable:
    outcomes = dict(activities.CALL_OUTCOMES)
    left, right = st.columns(2)
    outcome = left.selectbox(_("Outcome"), list(outcomes), format_func=translated(outcomes), key=f"{prefix}outcome")
    minutes = right.number_input(_("Duration (minutes)"), min_value=0, max_value=1440, value=None, key=f"{prefix}min")
    body = st.text_area(_("Call notes"), key=f"{prefix}body", height=100)
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
        company_id=_company(links),
    )


def _task(actor: Actor, object_type: str, record_id: int, prefix: str, links: list) -> Callable:  # noqa: ARG001
    fields = task_fields(actor, prefix)
    return lambda s: activities.create_task(s, actor, associations=links, **fields)


def _meeting(actor: Actor, object_type: str, record_id: int, prefix: str, links: list) -> Callable:  # noqa: ARG001
    title = st.text_input(_("Meeting title"), key=f"{prefix}title", max_chars=300)
    now = datetime.now(i18n.zone(actor.time_zone))
    start_default = (now + timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    day = st.date_input(_("Date"), value=start_default.date(), key=f"{prefix}day", format=picker_day())
    left, right = st.columns(2)
    start = left.time_input(pgettext("meeting", "Start"), value=start_default.time(), key=f"{prefix}start")
    end = right.time_input(
        pgettext("meeting", "End"), value=(start_default + timedelta(minutes=30)).time(), key=f"{prefix}end"
    )
    location = st.text_input(_("Location"), key=f"{prefix}location", max_chars=200)
    url = st.text_input(_("Meeting link"), key=f"{prefix}url", max_chars=500, placeholder=URL_HINT)
    description = st.text_area(_("Description"), key=f"{prefix}description", height=80)

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
            associations=links,
        )

    return create


FORMS = {"note": _note, "email": _email, "call": _call, "task": _task, "meeting": _meeting}
