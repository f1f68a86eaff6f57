"""Changing dashboards: create one, "Add dashboard" to the workspace (pick one, access for
everyone or for teams, confirm view access), rename, delete, change or remove access, add
reports, and each report's place and width."""

from __future__ import annotations

import streamlit as st

from cslib import dashboards, reports
from cslib.i18n import _
from cslib.permissions import Actor
from cslib.ui import session
from cslib.ui.reports import builder_link
from cslib.ui.writes import form_keys, renew_keys, run_write

PREFIX = "dashm:"
EDIT_KEY = "dash:edit"


def _open(dashboard_id: int) -> None:
    st.query_params["id"] = str(dashboard_id)
    st.session_state.pop("dash:pick", None)


def render_tools(actor: Actor) -> None:
    create, add = st.columns(2)
    with create.popover(_("+ Create dashboard"), width="stretch"):
        # Keys renewed after each creation, so the field shows empty for the next one.
        fields = form_keys(f"{PREFIX}new:")
        name = st.text_input(_("Dashboard name"), key=f"{fields}name", max_chars=dashboards.MAX_NAME)
        if st.button(_("Create"), type="primary", key=f"{PREFIX}create", width="stretch"):

            def created(dashboard_id: int) -> str:
                renew_keys(f"{PREFIX}new:")
                _open(dashboard_id)
                st.session_state[EDIT_KEY] = True
                return _("Created the dashboard “{name}”. Add reports to it.", name=" ".join(name.split()))

            run_write(lambda s: dashboards.create_dashboard(s, actor, name), success=created, clear=(f"{PREFIX}new:",))
    if dashboards.can_manage_access(actor) and add.button(_("Add dashboard"), type="primary", width="stretch"):
        st.dialog(_("Add dashboard"))(_add_form)(actor)


def _add_form(actor: Actor) -> None:
    with session.reading() as s:
        choices = dashboards.addable_dashboards(s, actor)
        teams = dashboards.team_choices(s)
    if not choices:
        st.info(_("Every dashboard is in the workspace already. Create one first."))
        return
    names = {d.id: d.name for d in choices}
    picked = st.selectbox(_("Dashboard"), list(names), format_func=names.get, key=f"{PREFIX}add_pick")
    access, team_ids = _access_fields(f"{PREFIX}add_", teams, dashboards.EVERYONE, ())
    confirmed = st.checkbox(_(dashboards.CONFIRM_LABEL), key=f"{PREFIX}add_confirm")
    if st.button(_("Add dashboard"), type="primary", key=f"{PREFIX}add_go", width="stretch"):

        def added(name: str) -> str:
            _open(picked)
            return _("Added “{name}” to the workspace.", name=name)

        run_write(
            lambda s: dashboards.add_to_workspace(
                s, actor, picked, access=access, team_ids=team_ids, confirmed=confirmed
            ),
            success=added,
            clear=(f"{PREFIX}add_",),
        )


def _access_fields(key: str, teams: list[tuple[int, str]], access: str, chosen: tuple[int, ...]):  # noqa: ANN202
    options = list(dashboards.ACCESS_LABELS)
    picked = st.radio(
        _("Access"),
        options,
        index=options.index(access) if access in options else 0,
        format_func=lambda k: _(dashboards.ACCESS_LABELS[k]),
        key=f"{key}access",
    )
    team_ids: list[int] = []
    if picked == dashboards.TEAMS:
        names = dict(teams)
        team_ids = st.multiselect(
            _("Teams"),
            list(names),
            default=[t for t in chosen if t in names],
            format_func=names.get,
            key=f"{key}teams",
            placeholder=_("Pick teams"),
        )
    return picked, team_ids


def render_board_tools(actor: Actor, board: dashboards.DashboardInfo) -> None:
    if not board.can_edit:
        return
    st.toggle(_("Edit dashboard"), key=EDIT_KEY)
    add, more = st.columns([4, 1], vertical_alignment="center")
    with add.popover(_("+ Add report"), width="stretch"):
        _add_report(actor, board)
    with more.popover("", icon=":material/more_vert:", help=_("Dashboard actions")):
        _board_menu(actor, board)


def _add_report(actor: Actor, board: dashboards.DashboardInfo) -> None:
    with session.reading() as s:
        choices = reports.visible_reports(s, actor)
    on = {i.report_id for i in board.items}
    names = {r.id: r.name for r in choices if r.id not in on}
    if not names:
        st.caption(_("Every report you can see is on this dashboard."))
        return
    key = f"{PREFIX}{board.id}:"
    picked = st.selectbox(_("Report"), list(names), format_func=names.get, key=f"{key}report")
    widths = list(dashboards.WIDTHS)
    width = st.selectbox(
        _("Width"),
        widths,
        index=widths.index(dashboards.DEFAULT_WIDTH),
        format_func=lambda w: _(dashboards.WIDTHS[w]),
        key=f"{key}width",
    )
    if st.button(_("Add report"), type="primary", key=f"{key}add", width="stretch"):
        run_write(
            lambda s: dashboards.add_report(s, actor, board.id, picked, width),
            success=lambda name: _("Added “{name}” to the dashboard.", name=name),
        )
    builder_link(_("Create a report"))


def _board_menu(actor: Actor, board: dashboards.DashboardInfo) -> None:
    key = f"{PREFIX}{board.id}:"
    name = st.text_input(_("Dashboard name"), value=board.name, key=f"{key}name", max_chars=dashboards.MAX_NAME)
    if st.button(_("Rename"), key=f"{key}rename"):
        run_write(
            lambda s: dashboards.rename_dashboard(s, actor, board.id, name),
            success=lambda new: _("Renamed the dashboard to “{name}”.", name=new),
        )
    if board.can_manage_access and board.in_workspace:
        st.divider()
        with session.reading() as s:
            teams = dashboards.team_choices(s)
        access, team_ids = _access_fields(f"{key}acc_", teams, board.access or dashboards.EVERYONE, board.team_ids)
        if st.button(_("Change access"), key=f"{key}change"):
            run_write(
                lambda s: dashboards.change_access(s, actor, board.id, access=access, team_ids=team_ids),
                success=_("Changed who can see “{name}”.", name=board.name),
            )
        if st.button(_("Remove from the workspace"), key=f"{key}unplace"):
            run_write(
                lambda s: dashboards.remove_from_workspace(s, actor, board.id),
                success=lambda n: _("Removed “{name}” from the workspace. It is a draft again.", name=n),
            )
    st.divider()
    sure = st.checkbox(_("I'm sure I want to delete this dashboard"), key=f"{key}sure")
    if st.button(_("Delete dashboard"), key=f"{key}delete", icon=":material/delete:", disabled=not sure):

        def deleted(removed: str) -> str:
            st.query_params.pop("id", None)
            return _("Deleted the dashboard “{name}”.", name=removed)

        run_write(lambda s: dashboards.delete_dashboard(s, actor, board.id), success=deleted)


def item_menu(actor: Actor, board: dashboards.DashboardInfo, item: dashboards.DashboardItem, last: int) -> None:
    key = f"{PREFIX}{board.id}:{item.report_id}:"
    # Keyed by the report: after a removal the next report's menu, now in this place, stays closed.
    with st.popover("", icon=":material/more_vert:", help=_("Report actions"), key=f"{key}menu"):
        if item.position > 0 and st.button(_("Move earlier"), key=f"{key}up", icon=":material/arrow_back:"):
            _move(actor, board, item, -1)
        if item.position < last and st.button(_("Move later"), key=f"{key}down", icon=":material/arrow_forward:"):
            _move(actor, board, item, 1)
        widths = list(dashboards.WIDTHS)
        width = st.selectbox(
            _("Width"),
            widths,
            index=widths.index(item.width) if item.width in widths else 0,
            format_func=lambda w: _(dashboards.WIDTHS[w]),
            key=f"{key}width",
        )
        if width != item.width:
            run_write(
                lambda s: dashboards.set_width(s, actor, board.id, item.report_id, width),
                success=_("Changed the report's width."),
            )
        if st.button(_("Remove from the dashboard"), key=f"{key}remove", icon=":material/close:"):
            run_write(
                lambda s: dashboards.remove_report(s, actor, board.id, item.report_id),
                success=_("Removed the report from the dashboard."),
            )


def _move(actor: Actor, board: dashboards.DashboardInfo, item: dashboards.DashboardItem, step: int) -> None:
    run_write(
        lambda s: dashboards.move_report(s, actor, board.id, item.report_id, step),
        success=_("Moved the report."),
    )
