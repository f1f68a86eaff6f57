"""The task queue ("Start all tasks", "Start N tasks"): one task at a time with the key
facts of its record, Complete / Skip / Next / Exit and "3 of 17" progress. The queue is a
list of task ids fixed when it starts; a task deleted meanwhile is passed over."""

from __future__ import annotations

import streamlit as st

from cslib import i18n, records, tasks
from cslib.errors import CsError
from cslib.permissions import Actor, can_edit_records
from cslib.properties import TASK_PRIORITIES, TASK_STATUSES, TASK_TYPES
from cslib.records import moment
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
        st.toast("There are no tasks to work through.")
        return
    st.session_state[QUEUE] = {"ids": list(ids), "pos": 0, "completed": [], "skipped": [], "name": name}
    if total > len(ids):
        st.session_state[QUEUE]["note"] = f"The queue holds the first {len(ids):,} of {total:,} tasks."
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
    head.title(f"Tasks: {md(queue['name'])}", anchor=False)
    out.button("Exit", key="queue_exit", icon=":material/close:", on_click=_exit, width="stretch")
    if queue.get("note"):
        st.caption(queue["note"])
    if queue["pos"] >= total:
        _finished(queue)
        return
    position = queue["pos"] + 1
    st.progress(position / total, text=f"{position} of {total}")
    task_id = queue["ids"][queue["pos"]]
    try:
        with session.reading() as s:
            detail = tasks.task_detail(s, actor, task_id, language=actor.language, time_zone=actor.time_zone)
    except CsError as exc:
        st.info(md(f"{exc} Moving on to the next one."))
        if st.button("Next", key="queue_next_missing", type="primary"):
            _advance(queue)
            st.rerun()
        return
    _card(actor, detail)
    _buttons(actor, queue, detail)


def _card(actor: Actor, detail: tasks.TaskDetail) -> None:
    left, right = st.columns([3, 2], gap="large")
    with left, st.container(border=True):
        st.subheader(md(detail.title), anchor=False)
        status = dict(TASK_STATUSES)[detail.status]
        facts = [
            f"**Due** {moment(detail.due_at, actor.language, actor.time_zone) if detail.due_at else 'no due date'}",
            f"**Type** {dict(TASK_TYPES)[detail.type]}",
            f"**Priority** {dict(TASK_PRIORITIES)[detail.priority]}",
            f"**Status** {status}",
            f"**Assigned to** {md(detail.assignee or 'nobody')}",
        ]
        st.markdown(" · ".join(facts))
        if detail.is_completed:
            st.success("Completed", icon=":material/check_circle:")
        st.markdown(md(detail.notes, one_line=False) if detail.notes else "_No notes._")
    with right:
        render_linked(detail, stacked=True)


def _buttons(actor: Actor, queue: dict, detail: tasks.TaskDetail) -> None:
    with st.container(horizontal=True, gap="small"):
        if st.button(
            "Complete",
            key="queue_complete",
            type="primary" if not detail.is_completed else "secondary",
            icon=":material/check:",
            disabled=detail.is_completed or not can_edit_records(actor),
        ):
            _complete(actor, queue, detail)
        if st.button("Skip", key="queue_skip", disabled=detail.is_completed, help="Leave this task open and move on"):
            _advance(queue, skipped=True)
            st.rerun()
        if st.button("Next", key="queue_next", type="primary" if detail.is_completed else "secondary"):
            _advance(queue)
            st.rerun()


def _complete(actor: Actor, queue: dict, detail: tasks.TaskDetail) -> None:
    def complete(s) -> None:  # noqa: ANN001
        records.update_properties(s, actor, "task", detail.id, {"status": "completed"}, expected_version=detail.version)
        queue["completed"].append(detail.id)

    run_write(complete, success=f"Completed “{detail.title}”.")


def _finished(queue: dict) -> None:
    total = len(queue["ids"])
    done, skipped = len(set(queue["completed"])), len(set(queue["skipped"]))
    rest = total - done - skipped
    parts = [f"{i18n.plural(done, 'task')} completed", f"{skipped} skipped"]
    if rest:
        parts.append(f"{rest} left as they were")
    st.progress(1.0, text=f"{total} of {total}")
    st.success(f"You worked through {i18n.plural(total, 'task')}: {', '.join(parts)}.", icon=":material/celebration:")
    st.button("Back to the list", key="queue_back", type="primary", on_click=_exit)
