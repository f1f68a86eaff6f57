"""Actions → Tasks: the task views as a list tab (`cslib.ui.lists.page`) with row selection
and bulk actions, "+ Create task", "Start all tasks" and the task panel.

Selection: rows ticked on any page are remembered by task id while the list's filters stay
the same; "Select all N tasks" selects everything matching instead (resolved again by the
action itself). Any bulk action clears the selection."""

from __future__ import annotations

import json
from datetime import time

import streamlit as st

from cslib import tasks
from cslib.errors import CsError
from cslib.i18n import N_, _, ngettext
from cslib.permissions import Actor, can_edit_records
from cslib.properties import TASK_PRIORITIES, TASK_STATUSES, TASK_TYPES
from cslib.ui import lists, session
from cslib.ui.choices import picker_day, translated
from cslib.ui.lists import ListContext, ListHooks
from cslib.ui.md import md
from cslib.ui.record import combine
from cslib.ui.record_table import TableEvent, redraw, render_table, ticked_ids
from cslib.ui.tasks import forms, queue
from cslib.ui.writes import run_write
from cslib.users import active_users

KEY = "tasks"
SELECTION = "tasks_selection"


def render(actor: Actor) -> None:
    if queue.active():
        queue.render(actor)
        return
    hooks = ListHooks(buttons=_buttons, table=_table, preview=_preview, preview_title=_("Task"))
    lists.render(actor, "task", noun="task", key=KEY, hooks=hooks)
    forms.render_create_dialog(actor)


def _preview(actor: Actor, task_id: int) -> None:
    forms.render_task_panel(actor, task_id)


def _buttons(ctx: ListContext) -> None:
    can_edit = can_edit_records(ctx.actor)
    st.button(_("+ Create task"), key="tasks_create_btn", on_click=forms.open_create, disabled=not can_edit)
    if st.button(
        _("Start all tasks"),
        key="tasks_start_all",
        icon=":material/play_arrow:",
        disabled=ctx.page.total == 0,
        help=_("Work through every task of this list, one by one."),
    ):
        with session.reading() as s:
            ids = tasks.queue_ids(s, ctx.actor, filters=ctx.filters, sort=ctx.sort)
        queue.start(ids, ctx.view.name, ctx.page.total)


# --- selection ----------------------------------------------------------------------------


def _scope(ctx: ListContext) -> str:
    return json.dumps(ctx.filters, sort_keys=True, default=str)


def _selection(ctx: ListContext) -> dict:
    """{"ids": [...], "all": bool} for the list as filtered now (a filter change clears it)."""
    sel = st.session_state.get(SELECTION)
    if not sel or sel.get("scope") != _scope(ctx):
        sel = {"scope": _scope(ctx), "ids": [], "all": False}
        st.session_state[SELECTION] = sel
    return sel


def _clear_selection() -> None:
    st.session_state.pop(SELECTION, None)
    redraw(KEY)


def _select_all() -> None:
    st.session_state[SELECTION]["all"] = True
    redraw(KEY)


def _sync_ticks(sel: dict, ticked: set[int] | None, page_ids: list[int]) -> None:
    """Fold the rows ticked on this page into the selection."""
    if ticked is None:
        return
    if sel["all"]:
        if ticked != set(page_ids):
            sel["all"] = False
            sel["ids"] = sorted(ticked)
        return
    sel["ids"] = sorted((set(sel["ids"]) - set(page_ids)) | ticked)


def _as_selection(ctx: ListContext, sel: dict) -> tasks.Selection:
    return tasks.Selection.all_matching(ctx.filters) if sel["all"] else tasks.Selection.of(sel["ids"])


# --- the table ----------------------------------------------------------------------------


def _table(ctx: ListContext) -> TableEvent:
    page = ctx.page
    page_ids = [int(i) for i in page.rows["id"]]
    sel = _selection(ctx)
    _sync_ticks(sel, ticked_ids(KEY, page), page_ids)
    if page_ids:
        _bulk_bar(ctx, sel, page_ids)
    return render_table(
        page,
        ctx.props,
        ctx.sort,
        key=KEY,
        currency=ctx.currency,
        time_zone=ctx.actor.time_zone,
        with_time=True,
        ticked=set(page_ids) if sel["all"] else set(sel["ids"]),
        empty=_("No tasks match these filters."),
        hint=_("Tick rows to act on them; click a task to open it; click a column header to sort by it."),
    )


# --- bulk actions -------------------------------------------------------------------------


def _bulk_bar(ctx: ListContext, sel: dict, page_ids: list[int]) -> None:
    count = ctx.page.total if sel["all"] else len(sel["ids"])
    if not count:
        return
    with st.container(border=True):
        head, tail = st.columns([3, 2], vertical_alignment="center")
        if sel["all"]:
            head.markdown(
                ngettext(
                    "**All {n} task selected** (every task matching this list)",
                    "**All {n} tasks selected** (every task matching this list)",
                    count,
                )
            )
        else:
            head.markdown(ngettext("**{n} task selected**", "**{n} tasks selected**", count))
        with tail, st.container(horizontal=True, horizontal_alignment="right"):
            whole_page = set(page_ids) <= set(sel["ids"])
            if not sel["all"] and whole_page and ctx.page.total > len(page_ids):
                st.button(
                    ngettext("Select all {n} task", "Select all {n} tasks", ctx.page.total),
                    key="tasks_select_all",
                    on_click=_select_all,
                )
            st.button(_("Clear selection"), key="tasks_clear", type="tertiary", on_click=_clear_selection)
        _actions(ctx, sel, count)


def _done(result: tasks.BulkResult) -> str:
    _clear_selection()
    return result.message


def _actions(ctx: ListContext, sel: dict, count: int) -> None:
    actor = ctx.actor
    selection = _as_selection(ctx, sel)
    disabled = not can_edit_records(actor)
    with st.container(horizontal=True, gap="small"):
        start = ngettext("Start {n} task", "Start {n} tasks", count)
        if st.button(start, key="tasks_bulk_start", icon=":material/play_arrow:"):
            _start_selected(ctx, sel)
        if st.button(_("Mark as completed"), key="tasks_bulk_done", icon=":material/check:", disabled=disabled):
            run_write(lambda s: tasks.complete_tasks(s, actor, selection), success=_done)
        if st.button(_("Mark as incomplete"), key="tasks_bulk_undone", icon=":material/undo:", disabled=disabled):
            run_write(lambda s: tasks.reopen_tasks(s, actor, selection), success=_done)
        with st.popover(_("Assign"), icon=":material/person:", disabled=disabled, key="tasks_bulk_assign_menu"):
            _assign(actor, selection)
        with st.popover(_("Edit"), icon=":material/edit:", disabled=disabled, key="tasks_bulk_edit_menu"):
            _edit(actor, selection)
        with st.popover(_("Delete"), icon=":material/delete:", disabled=disabled, key="tasks_bulk_delete_menu"):
            sure = st.checkbox(
                ngettext("I'm sure I want to delete {n} task", "I'm sure I want to delete {n} tasks", count),
                key="tasks_bulk_sure",
            )
            if st.button(_("Delete"), key="tasks_bulk_delete", type="primary", disabled=not sure):
                run_write(lambda s: tasks.delete_tasks(s, actor, selection, confirmed=True), success=_done)


def _start_selected(ctx: ListContext, sel: dict) -> None:
    """The queue over the selection, in the list's order."""
    with session.reading() as s:
        ordered = tasks.queue_ids(s, ctx.actor, filters=ctx.filters, sort=ctx.sort)
    if not sel["all"]:
        picked = set(sel["ids"])
        ordered = [i for i in ordered if i in picked] + sorted(picked - set(ordered))
    _clear_selection()
    queue.start(ordered, ctx.view.name, len(ordered))


def _assign(actor: Actor, selection: tasks.Selection) -> None:
    with session.reading() as s:
        users = dict(active_users(s))
    user = st.selectbox(
        _("Assign to"),
        list(users),
        format_func=users.get,
        key="tasks_bulk_assignee",
        index=None,
        placeholder=_("Choose a user"),
    )
    if st.button(_("Assign"), key="tasks_bulk_assign", type="primary", disabled=user is None):
        run_write(lambda s: tasks.assign_tasks(s, actor, selection, user), success=_done)


EDIT_LABELS = {
    "title": N_("Title"),
    "type": N_("Task type"),
    "priority": N_("Priority"),
    "status": N_("Status"),
    "due_at": N_("Due date"),
    "assignee_id": N_("Assigned to"),
}
_CHOICES = {"type": TASK_TYPES, "priority": TASK_PRIORITIES, "status": TASK_STATUSES}


def _edit(actor: Actor, selection: tasks.Selection) -> None:
    prop = st.selectbox(_("Property"), list(EDIT_LABELS), format_func=translated(EDIT_LABELS), key="tasks_bulk_prop")
    value: object
    if prop in _CHOICES:
        options = dict(_CHOICES[prop])
        value = st.selectbox(
            _("New value"), list(options), format_func=translated(options), key=f"tasks_bulk_val_{prop}"
        )
    elif prop == "due_at":
        day = st.date_input(_("New due date"), value=None, key="tasks_bulk_day", format=picker_day())
        at = st.time_input(_("Time ({zone})", zone=actor.time_zone), value=time(8, 0), key="tasks_bulk_time")
        value = combine(day, at or time(8, 0), actor.time_zone) if day else None
        if day is None:
            st.caption(_("Leave the date empty to clear the due date."))
    elif prop == "assignee_id":
        with session.reading() as s:
            users = dict(active_users(s))
        value = st.selectbox(_("New value"), list(users), format_func=users.get, key="tasks_bulk_val_user")
    else:
        value = st.text_input(_("New value"), key="tasks_bulk_val_text", max_chars=300)
    if st.button(_("Apply"), key="tasks_bulk_edit", type="primary"):
        err = run_write(lambda s: tasks.edit_tasks(s, actor, selection, prop, value), success=_done, show_error=False)
        if isinstance(err, CsError):
            st.error(md(str(err)), icon=":material/error:")
