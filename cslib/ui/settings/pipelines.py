"""Settings › Pipelines: pipelines and stages of deals, subscriptions, projects, services,
tickets and custom objects, with closed/won flags, probability and required properties."""

from __future__ import annotations

import streamlit as st

from cslib import records
from cslib.i18n import _, ngettext, pgettext
from cslib.permissions import Actor
from cslib.ui import session
from cslib.ui.md import md
from cslib.ui.writes import drawn_version, form_keys, reload_button, run_write


def _stage_columns() -> dict:
    """The stages table (columns named by stable keys), headed in the reader's language."""
    column = st.column_config
    return {
        "Order": column.NumberColumn(_("Order"), width="small"),
        "Stage": column.TextColumn(_("Stage")),
        "Closed": column.CheckboxColumn(pgettext("pipeline stage", "Closed")),
        "Won": column.CheckboxColumn(pgettext("pipeline stage", "Won")),
        "Probability": column.NumberColumn(_("Probability"), format="percent"),
        "Required properties": column.TextColumn(_("Required properties")),
        "Records": column.NumberColumn(_("Records"), width="small"),
    }


def render(actor: Actor) -> None:
    st.subheader(_("Pipelines"))
    st.caption(
        _(
            "Records move through the stages of a pipeline on the board. A stage can require properties: "
            "moving a record there asks for them first."
        )
    )
    with session.reading() as s:
        objects = dict(records.pipeline_object_choices(s))
    top = st.columns([1, 1, 2], vertical_alignment="bottom")
    obj = top[0].selectbox(_("Object"), list(objects), format_func=objects.get, key="pl_object")
    with session.reading() as s:
        pipes = {p.id: p for p in records.list_pipelines(s, actor, obj)}
        requirable = dict(records.requirable_properties(s, obj))
    if not pipes:
        st.info(_("{objects} have no pipeline yet. Create one below.", objects=md(objects[obj])))
        _create_pipeline(actor, obj)
        return
    pid = top[1].selectbox(_("Pipeline"), list(pipes), format_func=lambda i: pipes[i].name, key=f"pl_pick_{obj}")
    pipe = pipes[pid]
    prefix = f"pl_{pid}_"
    version = drawn_version(f"{prefix}version", pipe.version)
    stages = ngettext("{n} stage", "{n} stages", len(pipe.stages))
    counted = ngettext("{n} record", "{n} records", pipe.record_count)
    top[2].caption(f"{stages} · {counted}")
    with session.reading() as s:
        frame = records.stages_frame(s, pipe)
    st.dataframe(frame, hide_index=True, column_config=_stage_columns(), key=f"{prefix}table")
    left, right = st.columns(2, gap="large")
    with left:
        _edit_stage(actor, pipe, version, requirable, prefix)
    with right:
        _add_stage(actor, pipe, version, prefix)
        _pipeline_actions(actor, pipe, version, prefix)
    reload_button(prefix, f"{prefix}reload")
    st.divider()
    _create_pipeline(actor, obj)


def _edit_stage(actor: Actor, pipe: records.PipelineInfo, version: int, requirable: dict, prefix: str) -> None:
    k = form_keys(prefix)  # renewed by Reload, so the fields show the saved values
    stages = {s.id: s for s in pipe.stages}
    sid = st.selectbox(_("Edit stage"), list(stages), format_func=lambda i: stages[i].name, key=f"{k}stage")
    stage = stages[sid]
    sp = f"{k}s{sid}_"
    with st.form(f"stage_form_{sid}"):
        name = st.text_input(_("Stage name"), value=stage.name, key=f"{sp}name", max_chars=120)
        c1, c2, c3 = st.columns(3, vertical_alignment="bottom")
        closed = c1.checkbox(
            pgettext("pipeline stage", "Closed"),
            value=stage.is_closed,
            key=f"{sp}closed",
            help=_("Records here are finished (won or lost)."),
        )
        won = c2.checkbox(
            pgettext("pipeline stage", "Won"), value=stage.is_won, key=f"{sp}won", help=_("A won stage is also closed.")
        )
        prob = c3.number_input(
            _("Probability (%)"),
            0,
            100,
            value=None if stage.probability is None else round(stage.probability * 100),
            step=5,
            key=f"{sp}prob",
            placeholder=_("Not set"),
        )
        required = st.multiselect(
            _("Required properties"),
            list(requirable),
            default=[p for p in stage.required_properties if p in requirable],
            format_func=requirable.get,
            key=f"{sp}required",
            help=_("A record must have these before it can be moved into this stage."),
            placeholder=_("Choose properties"),
        )
        if st.form_submit_button(_("Save stage"), type="primary", key=f"{sp}save"):
            run_write(
                lambda s: (
                    records.rename_stage(s, actor, sid, name, expected_version=version),
                    records.set_stage_flags(
                        s, actor, sid, is_closed=closed, is_won=won, probability=None if prob is None else prob / 100
                    ),
                    records.set_required_properties(s, actor, sid, required),
                ),
                success=_("Saved the stage {name}.", name=name.strip()),
                clear=(prefix,),
            )
    first, last = sid == pipe.stages[0].id, sid == pipe.stages[-1].id
    row = st.container(horizontal=True)
    up = row.button(_("Move up"), key=f"{sp}up", disabled=first, icon=":material/arrow_upward:")
    down = row.button(_("Move down"), key=f"{sp}down", disabled=last, icon=":material/arrow_downward:")
    with row.popover(
        _("Delete stage"), icon=":material/delete:", disabled=len(pipe.stages) == 1, key=f"{sp}delete_menu"
    ):
        st.write(_("Delete the stage **{name}**? Only a stage without records can be deleted.", name=md(stage.name)))
        delete = st.button(_("Delete stage"), type="primary", key=f"{sp}delete")
    # Acted on below the row, so an error message gets the full width.
    if up or down:
        direction = "up" if up else "down"
        moved = _("Moved {name} up.", name=stage.name) if up else _("Moved {name} down.", name=stage.name)
        run_write(
            lambda s: records.move_stage(s, actor, sid, direction, expected_version=version),
            success=moved,
            clear=(prefix,),
        )
    if delete:
        run_write(
            lambda s: records.delete_stage(s, actor, sid, expected_version=version),
            success=_("Deleted the stage {name}.", name=stage.name),
            clear=(prefix,),
        )


def _add_stage(actor: Actor, pipe: records.PipelineInfo, version: int, prefix: str) -> None:
    k = form_keys(prefix)
    with st.form(f"add_stage_form_{pipe.id}"):
        st.markdown(_("**Add stage**"))
        name = st.text_input(_("New stage name"), key=f"{k}new_name", max_chars=120)
        c1, c2 = st.columns(2)
        closed = c1.checkbox(pgettext("pipeline stage", "Closed"), key=f"{k}new_closed")
        won = c2.checkbox(pgettext("pipeline stage", "Won"), key=f"{k}new_won")
        if st.form_submit_button(_("Add stage"), key=f"{prefix}add"):
            run_write(
                lambda s: records.add_stage(
                    s, actor, pipe.id, name, expected_version=version, is_closed=closed, is_won=won
                ),
                success=_("Added the stage {name}.", name=name.strip()),
                clear=(prefix,),
            )


def _pipeline_actions(actor: Actor, pipe: records.PipelineInfo, version: int, prefix: str) -> None:
    with st.form(f"rename_pipeline_form_{pipe.id}"):
        name = st.text_input(_("Pipeline name"), value=pipe.name, key=f"{form_keys(prefix)}rename", max_chars=120)
        if st.form_submit_button(_("Rename pipeline"), key=f"{prefix}rename_submit"):
            run_write(
                lambda s: records.rename_pipeline(s, actor, pipe.id, name, expected_version=version),
                success=_("Renamed the pipeline to {name}.", name=name.strip()),
                clear=(prefix,),
            )
    with st.popover(_("Delete pipeline"), icon=":material/delete:", key=f"{prefix}delete_menu"):
        st.write(
            _(
                "Delete the pipeline **{name}** and its stages? Only an empty pipeline can be deleted.",
                name=md(pipe.name),
            )
        )
        if st.button(_("Delete pipeline"), type="primary", key=f"{prefix}delete"):
            run_write(
                lambda s: records.delete_pipeline(s, actor, pipe.id, expected_version=version),
                success=_("Deleted the pipeline {name}.", name=pipe.name),
                clear=(prefix, f"pl_pick_{pipe.object_type}"),
            )


def _create_pipeline(actor: Actor, obj: str) -> None:
    with st.form(f"create_pipeline_form_{obj}"):
        st.markdown(_("**+ Create pipeline**"))
        c1, c2 = st.columns([1, 2])
        name = c1.text_input(pgettext("pipeline", "Name"), key=f"cp_{obj}_name", max_chars=120)
        stages = c2.text_area(
            _("Stages, one per line"),
            key=f"cp_{obj}_stages",
            height=120,
            placeholder=_("New\nIn progress\nDone"),
        )
        if st.form_submit_button(_("Create pipeline"), key=f"cp_{obj}_submit"):
            run_write(
                lambda s: records.create_pipeline(s, actor, obj, name, stages.splitlines()),
                success=_("Created the pipeline {name}.", name=name.strip()),
                clear=(f"cp_{obj}_",),
            )
