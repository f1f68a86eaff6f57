"""The Projects and Revenue tabs: the pipeline drop-down, table or board, and what a tab
shows before it is set up. Both are the one list page (`cslib.ui.lists`) scoped to one
pipeline; the board, its moves and the conversion strip come from this package."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from cslib import lists, records, users
from cslib.errors import CsError
from cslib.i18n import _
from cslib.lists import ListState
from cslib.permissions import Actor, can_manage_settings
from cslib.properties import shown_labels
from cslib.records import PipelineInfo
from cslib.ui import session
from cslib.ui.boards.drawing import render_board
from cslib.ui.boards.moving import render_move_menu
from cslib.ui.lists import ListContext, ListHooks, go
from cslib.ui.lists import render as render_list
from cslib.ui.md import md
from cslib.ui.record import render_record_panel
from cslib.ui.writes import run_write
from cslib.validation import parse_int

LAYOUT_ICONS = {"table": ":material/table_rows:", "board": ":material/view_kanban:"}


@dataclass(frozen=True)
class Choice:
    """One entry of a tab's pipeline drop-down."""

    pipeline: PipelineInfo
    label: str


def render_projects_tab(actor: Actor) -> None:
    """Projects, or the object the workspace uses for them (Services, Tickets, a custom object)."""
    with session.reading() as s:
        object_type = users.get_workspace(s).projects_object
        choices = [] if object_type is None else _choices(s, actor, [object_type], with_object=False)
    if object_type is None:
        _not_set_up(actor)
        return
    if not choices:
        _no_pipelines(actor, _("There are no pipelines for these records yet."))
        return
    _render(actor, choices, key="projects")


def render_revenue_tab(actor: Actor) -> None:
    """The revenue pipelines chosen in Settings (e.g. Deals and Subscriptions)."""
    with session.reading() as s:
        picked = list(users.get_workspace(s).revenue_pipeline_ids or [])
        choices = [
            c for c in _choices(s, actor, list(users.REVENUE_OBJECTS), with_object=True) if c.pipeline.id in picked
        ]
    if not choices:
        _no_pipelines(actor, _("No revenue pipelines are chosen for this tab yet."))
        return
    _render(actor, choices, key="revenue")


def _choices(s, actor: Actor, object_types: list[str], *, with_object: bool) -> list[Choice]:  # noqa: ANN001
    """Pipelines of `object_types` in order, labelled "Deals · Sales pipeline" when the tab
    mixes objects, else by name."""
    labels = records.pipeline_object_choices(s)
    out = []
    for object_type in object_types:
        plural = shown_labels(object_type, None, dict(labels).get(object_type))[1]
        for p in records.list_pipelines(s, actor, object_type, counts=False):
            out.append(Choice(p, _("{object} · {pipeline}", object=plural, pipeline=p.name) if with_object else p.name))
    return out


def _not_set_up(actor: Actor) -> None:
    """No projects object yet: admins activate it or pick a custom object; others learn who can."""
    st.title(_("Projects"), anchor=False)
    if not can_manage_settings(actor):
        st.info(
            _(
                "Projects are not set up in this workspace yet. A super admin or a user with the "
                "“Manage customer success settings” permission can activate them."
            ),
            icon=":material/info:",
        )
        return
    st.markdown(
        _(
            "Projects keep the details of project work and its stages. Activate the projects "
            "object to track them here in pipelines, as a table or a board."
        )
    )
    left, right = st.columns([1, 2])
    if left.button(_("Activate the projects object"), type="primary", key="projects_activate"):
        run_write(
            lambda s: users.activate_projects_object(s, actor),
            success=_("The projects object is active. Its pipeline is ready to use."),
        )
    if right.button(_("No thanks, I'll use a custom object"), key="projects_custom"):
        st.switch_page("pages/settings.py", query_params={"tab": "objects"})


def _no_pipelines(actor: Actor, sentence: str) -> None:
    if can_manage_settings(actor):
        st.info(
            md(sentence) + " " + _("Choose them in [Settings](/settings)."),
            icon=":material/info:",
        )
    else:
        st.info(
            md(sentence)
            + " "
            + _("A super admin or a user with the “Manage customer success settings” permission can choose them."),
            icon=":material/info:",
        )


def _picked(choices: list[Choice]) -> Choice:
    """The pipeline in the link, else the first; a pipeline not on this tab is said so."""
    wanted = parse_int(st.query_params.get("pipeline") or "")
    found = next((c for c in choices if c.pipeline.id == wanted), None)
    if wanted is not None and found is None:  # not a number at all: the list's own note says so
        st.warning(_("The link's pipeline is not on this tab. Showing {name} instead.", name=md(choices[0].label)))
    return found or choices[0]


def _render(actor: Actor, choices: list[Choice], *, key: str) -> None:
    choice = _picked(choices)
    pipeline = choice.pipeline
    scope = {"property": "pipeline_id", "operator": "in", "value": [pipeline.id]}

    def buttons(ctx: ListContext) -> None:
        _pipeline_menu(ctx, choices, choice, key)
        _layout_switch(ctx, key)

    def board(ctx: ListContext):  # noqa: ANN202
        return render_board(ctx, pipeline)

    def preview(actor: Actor, record_id: int) -> None:
        render_move_menu(actor, pipeline, record_id, key=f"{key}_preview")
        render_record_panel(actor, pipeline.object_type, record_id, key="preview")

    hooks = ListHooks(buttons=buttons, preview=preview, scope=scope, board=board, export=True)
    try:
        render_list(actor, pipeline.object_type, noun="record", key=f"{key}_{pipeline.object_type}", hooks=hooks)
    except CsError as exc:
        st.error(md(str(exc)))


def _pipeline_menu(ctx: ListContext, choices: list[Choice], choice: Choice, key: str) -> None:
    ids = [c.pipeline.id for c in choices]
    labels = {c.pipeline.id: c.label for c in choices}
    picked = st.selectbox(
        _("Pipeline"),
        ids,
        index=ids.index(choice.pipeline.id),
        format_func=lambda i: labels.get(i, str(i)),
        key=f"{key}_pipeline",
        label_visibility="collapsed",
        width=260,
    )
    if picked != choice.pipeline.id:
        target = next(c for c in choices if c.pipeline.id == picked)
        same_object = target.pipeline.object_type == choice.pipeline.object_type
        # Views belong to one object: another object's pipeline starts from its own views.
        base = ctx.state if same_object else ListState(layout=ctx.state.layout)
        go(base.with_(pipeline_id=picked, page=1, record_id=None))


def _layout_switch(ctx: ListContext, key: str) -> None:
    labels = {"table": _("Table"), "board": _("Board")}
    picked = st.segmented_control(
        _("Layout"),
        list(lists.LAYOUTS),
        default=ctx.layout,
        format_func=lambda k: f"{LAYOUT_ICONS[k]} {labels[k]}",
        key=f"{key}_layout_{ctx.layout}",
        label_visibility="collapsed",
    )
    if picked and picked != ctx.layout:
        go(ctx.state.with_(layout=picked, page=1))
