"""Task forms: the fields of a task (shared by the record panel's Task button and the
Actions tab), the "+ Create task" panel with "Create" and "Create and add another", and
the task panel a click on a task opens (edit, linked records, delete)."""

from __future__ import annotations

import streamlit as st

from cslib import activities, records, tasks
from cslib.errors import CsError
from cslib.i18n import _, moment
from cslib.permissions import Actor, can_edit_records
from cslib.properties import TASK_STATUSES
from cslib.records import record_url
from cslib.ui import session
from cslib.ui.md import md
from cslib.ui.record import task_fields
from cslib.ui.writes import conflict_notice, drawn_version, forget, form_keys, run_write

CREATE_OPEN = "tasks_create_open"
CREATE_PREFIX = "tasks_create:"
ADDED_KEY = "tasks_create_added"
CREATED_COUNT = "tasks_created_count"


def _record_picker(actor: Actor, prefix: str) -> list[tuple[str, int]]:
    """Find records by name and keep the picked ones (across searches)."""
    picked: dict[str, str] = st.session_state.setdefault(f"{prefix}links", {})
    text = st.text_input(
        _("Associate with records"),
        key=f"{prefix}find",
        placeholder=_("Type 2+ letters of a company, contact or deal"),
    )
    found: list[tuple[str, int, str]] = []
    if text.strip():
        with session.reading() as s:
            found = records.find_records(s, actor, text)
        if not found and len(text.strip()) >= 2:
            st.caption(_("No records match “{text}”.", text=md(text.strip())))
    options = dict(picked) | {f"{t}:{i}": label for t, i, label in found}
    chosen = st.multiselect(
        _("Associated records"),
        list(options),
        default=list(picked),
        format_func=options.get,
        key=f"{prefix}picked_{len(options)}_{hash(tuple(options))}",
        placeholder=_("None yet: search above"),
    )
    st.session_state[f"{prefix}links"] = {k: options[k] for k in chosen}
    return [(k.split(":")[0], int(k.split(":")[1])) for k in chosen]


def open_create() -> None:
    st.session_state[CREATE_OPEN] = True
    st.session_state.pop(ADDED_KEY, None)


def render_create_dialog(actor: Actor) -> None:
    """The "+ Create task" panel while it is open (a session flag, so "Create and add
    another" can keep it open across reruns)."""
    if not st.session_state.get(CREATE_OPEN):
        return

    def closed() -> None:
        st.session_state[CREATE_OPEN] = False
        st.session_state.pop(ADDED_KEY, None)
        forget(CREATE_PREFIX)

    @st.dialog(_("Create task"), width="medium", on_dismiss=closed)
    def dialog() -> None:
        # The note stays while the next task is typed: were it gone on the next rerun (a
        # date typed), every field below would move up and be drawn anew under the cursor.
        added = st.session_state.get(ADDED_KEY)
        if added:
            st.success(_("Created “{title}”. Add another one below.", title=md(added)), icon=":material/check_circle:")
        # A new key per task: a widget whose state was forgotten can still send its old value.
        prefix = f"{CREATE_PREFIX}{st.session_state.get(CREATED_COUNT, 0)}:"
        fields = task_fields(actor, prefix)
        links = _record_picker(actor, prefix)
        title = str(fields["title"]).strip()
        create, another = st.columns(2)
        if create.button(_("Create"), type="primary", key=f"{prefix}go", width="stretch"):
            st.session_state[CREATE_OPEN] = False
            _create(actor, fields, links, title)
            st.session_state[CREATE_OPEN] = True  # only reached when it failed: keep what was typed
        if another.button(_("Create and add another"), key=f"{prefix}more", width="stretch"):
            shown = st.session_state.get(ADDED_KEY)
            st.session_state[ADDED_KEY] = title
            _create(actor, fields, links, title)
            st.session_state[ADDED_KEY] = shown  # only reached when it failed

    dialog()


def _create(actor: Actor, fields: dict, links: list[tuple[str, int]], title: str) -> None:
    """Create the task; on success forget the form and rerun, else show why and return."""

    def created(_task_id: object) -> str:
        st.session_state[CREATED_COUNT] = st.session_state.get(CREATED_COUNT, 0) + 1
        return _("Created the task “{title}”.", title=title)

    run_write(
        lambda s: activities.create_task(s, actor, associations=links, **fields),
        success=created,
        clear=(CREATE_PREFIX,),
    )


def render_task_panel(actor: Actor, task_id: int, *, key: str = "task_panel") -> None:
    """A task: edit its fields, see the records it is about, complete or delete it."""
    with session.reading() as s:
        try:
            detail = tasks.task_detail(s, actor, task_id, language=actor.language, time_zone=actor.time_zone)
        except CsError as exc:
            st.warning(md(str(exc)))
            return
    prefix = f"{key}:{task_id}:"
    version = drawn_version(f"{prefix}version", detail.version)
    statuses = {k: _(label) for k, label in TASK_STATUSES}
    st.markdown(f"### {md(detail.title)}")
    due = moment(detail.due_at, actor.language, actor.time_zone)
    who = md(detail.assignee) if detail.assignee else _("nobody")
    st.caption(_("{status} · due {time} · assigned to {name}", status=statuses[detail.status], time=due, name=who))
    render_linked(detail)
    editable = can_edit_records(actor)
    wkeys = form_keys(prefix)  # renewed by Reload, so the fields show the saved values
    with st.form(f"{prefix}form", border=False, enter_to_submit=False):
        fields = task_fields(actor, wkeys, initial=detail)
        new_status = st.selectbox(
            _("Status"),
            list(statuses),
            index=list(statuses).index(detail.status),
            format_func=statuses.get,
            key=f"{wkeys}status",
        )
        saved = st.form_submit_button(_("Save"), type="primary", disabled=not editable, key=f"{prefix}save")
    if saved:
        changes = fields | {"status": new_status}
        run_write(
            lambda s: records.update_properties(s, actor, "task", task_id, changes, expected_version=version),
            success=_("Saved “{title}”.", title=changes["title"].strip() or detail.title),
            clear=(prefix,),
            form=prefix,
        )
    conflict_notice(prefix, f"{prefix}reload")
    with st.expander(_("Delete task"), icon=":material/delete:", key=f"{prefix}delete_box"):
        sure = st.checkbox(_("I'm sure I want to delete this task"), key=f"{prefix}sure")
        if st.button(_("Delete task"), key=f"{prefix}delete", disabled=not (editable and sure)):
            run_write(
                lambda s: tasks.delete_tasks(s, actor, tasks.Selection.of([task_id]), confirmed=True),
                success=lambda _result: _close_panel(_("Deleted “{title}”.", title=detail.title)),
                clear=(prefix,),
            )


def _close_panel(message: str) -> str:
    """After a delete: close the panel (the list opens it from `?record=`), so the rerun
    shows only the toast, not "That task does not exist any more"."""
    st.query_params.pop("record", None)
    return message


def render_linked(detail: tasks.TaskDetail, *, stacked: bool = False) -> None:
    """The records a task is about, each a link with its key facts (one per line when
    `stacked`, as the task queue shows them; else one caption line)."""
    if not detail.records:
        st.caption(_("This task is not associated with any record."))
        return
    for rec in detail.records:
        with st.container(border=True):
            st.markdown(f"**[{md(rec.name)}]({record_url(rec.object_type, rec.id)})**")
            if stacked:
                for fact in rec.facts:
                    st.markdown(f"{md(fact.label)}: **{md(fact.value)}**")
            elif rec.facts:
                st.caption(" · ".join(f"{md(f.label)}: {md(f.value)}" for f in rec.facts))
