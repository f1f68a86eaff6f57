"""The task queue ("Start all tasks", "Start N tasks"): one task at a time with the key
facts of its record, Complete / Skip / Next / Exit and "3 of 17" progress. The queue is a
list of task ids fixed when it starts; a task deleted meanwhile is passed over."""

from __future__ import annotations

import streamlit as st

from cslib import i18n, records, tasks
from cslib.errors import CsError
from cslib.i18n import _, moment, ngettext, pgettext
from cslib.permissions import Actor, can_edit_records
from cslib.properties import TASK_PRIORITIES, TASK_STATUSES, TASK_TYPES
from cslib.ui import session
from cslib.ui.md import md
from cslib.ui.tasks.forms import render_linked
from cslib.ui.writes import run_write, show_flash

QUEUE = "tasks_queue"


def active() -> bool:
    return bool(st.session_state.get(QUEUE))


def start(ids: list[int], name: str, total: int) -> None:
    """Open the queue on `ids` (from the list called `name`, which had `total` tasks)."""
    if not ids:
        st.toast(_("There are no tasks to work through."))
        return
    st.session_state[QUEUE] = {"ids": list(ids), "pos": 0, "completed": [], "skipped": [], "name": name}
    if total > len(ids):
        st.session_state[QUEUE]["note"] = ngettext(
            "The queue holds the first {shown} of {n} task.",
            "The queue holds the first {shown} of {n} tasks.",
            total,
            shown=i18n.number(len(ids)),
        )
    st.rerun()


def _exit() -> None:
    st.session_state.pop(QUEUE, None)


def _advance(queue: dict, *, skipped: bool = False) -> None:
    task_id = queue["ids"][queue["pos"]]
    if skipped and task_id not in queue["completed"]:
        queue["skipped"].append(task_id)
    queue["pos"] += 1


def render(actor: Actor) -> None:
    show_flash()
    queue = st.session_state[QUEUE]
    total = len(queue["ids"])
    head, out = st.columns([5, 1], vertical_alignment="bottom")
    head.title(_("Tasks: {view}", view=md(queue["name"])), anchor=False)
    out.button(pgettext("queue", "Exit"), key="queue_exit", icon=":material/close:", on_click=_exit, width="stretch")
    if queue.get("note"):
        st.caption(queue["note"])
    if queue["pos"] >= total:
        _finished(queue)
        return
    position = queue["pos"] + 1
    st.progress(position / total, text=_progress(position, total))
    task_id = queue["ids"][queue["pos"]]
    try:
        with session.reading() as s:
            detail = tasks.task_detail(s, actor, task_id, language=actor.language, time_zone=actor.time_zone)
    except CsError as exc:
        st.info(md(_("{error} Moving on to the next one.", error=str(exc))))
        if st.button(pgettext("queue", "Next"), key="queue_next_missing", type="primary"):
            _advance(queue)
            st.rerun()
        return
    _card(actor, detail)
    _buttons(actor, queue, detail)


def _card(actor: Actor, detail: tasks.TaskDetail) -> None:
    left, right = st.columns([3, 2], gap="large")
    with left, st.container(border=True):
        st.subheader(md(detail.title), anchor=False)
        due = moment(detail.due_at, actor.language, actor.time_zone) if detail.due_at else _("no due date")
        facts = [
            _("**Due** {time}", time=due),
            _("**Type** {type}", type=_(dict(TASK_TYPES)[detail.type])),
            _("**Priority** {priority}", priority=_(dict(TASK_PRIORITIES)[detail.priority])),
            _("**Status** {status}", status=_(dict(TASK_STATUSES)[detail.status])),
            _("**Assigned to** {name}", name=md(detail.assignee) if detail.assignee else _("nobody")),
        ]
        st.markdown(" · ".join(facts))
        if detail.is_completed:
            st.success(_("Completed"), icon=":material/check_circle:")
        st.markdown(md(detail.notes, one_line=False) if detail.notes else _("_No notes._"))
    with right:
        render_linked(detail, stacked=True)


def _buttons(actor: Actor, queue: dict, detail: tasks.TaskDetail) -> None:
    with st.container(horizontal=True, gap="small"):
        if st.button(
            _("Complete"),
            key="queue_complete",
            type="primary" if not detail.is_completed else "secondary",
            icon=":material/check:",
            disabled=detail.is_completed or not can_edit_records(actor),
        ):
            _complete(actor, queue, detail)
        skip_help = _("Leave this task open and move on")
        if st.button(_("Skip"), key="queue_skip", disabled=detail.is_completed, help=skip_help):
            _advance(queue, skipped=True)
            st.rerun()
        if st.button(
            pgettext("queue", "Next"), key="queue_next", type="primary" if detail.is_completed else "secondary"
        ):
            _advance(queue)
            st.rerun()


def _complete(actor: Actor, queue: dict, detail: tasks.TaskDetail) -> None:
    def complete(s) -> None:  # noqa: ANN001
        records.update_properties(s, actor, "task", detail.id, {"status": "completed"}, expected_version=detail.version)
        queue["completed"].append(detail.id)

    run_write(complete, success=_("Completed “{title}”.", title=detail.title))


def _finished(queue: dict) -> None:
    total = len(queue["ids"])
    done, skipped = len(set(queue["completed"])), len(set(queue["skipped"]))
    rest = total - done - skipped
    parts = [
        ngettext("{n} task completed", "{n} tasks completed", done),
        ngettext("{n} skipped", "{n} skipped", skipped),
    ]
    if rest:
        parts.append(ngettext("{n} left as it was", "{n} left as they were", rest))
    st.progress(1.0, text=_progress(total, total))
    summary = ngettext(
        "You worked through {n} task: {summary}.",
        "You worked through {n} tasks: {summary}.",
        total,
        summary=", ".join(parts),
    )
    st.success(summary, icon=":material/celebration:")
    st.button(_("Back to the list"), key="queue_back", type="primary", on_click=_exit)


def _progress(position: int, total: int) -> str:
    # TRANSLATORS: progress through the task queue, "3 of 17".
    return _("{position} of {total}", position=i18n.number(position), total=i18n.number(total))
