"""The Dashboards tab: pick a dashboard (kept in the URL), narrow every report on it to a
date range and an owner or team (in the URL too), and see its grid of reports. Editing,
adding to the workspace and access are in `manage`."""

from __future__ import annotations

import streamlit as st

from cslib import dashboards, reports, users
from cslib.errors import CsError
from cslib.i18n import _, ngettext
from cslib.permissions import Actor
from cslib.ui import session
from cslib.ui.dashboards import manage
from cslib.ui.md import md
from cslib.ui.reports import render_report
from cslib.ui.writes import show_flash

PREFIX = "dash:"
ROW = 12  # a grid row, in twelfths


def render(actor: Actor) -> None:
    show_flash()
    with session.reading() as s:
        summaries = dashboards.list_dashboards(s, actor)
    head, tools = st.columns([1, 1], vertical_alignment="bottom")
    head.title(_("Dashboards"), anchor=False)
    with tools:
        manage.render_tools(actor)
    if not summaries:
        st.info(_("No dashboards yet. Create one, add reports to it, and add it to the workspace for your team."))
        return
    current = _picked(summaries)
    try:
        with session.reading() as s:
            board = dashboards.get_dashboard(s, actor, current)
    except CsError as exc:
        st.warning(md(str(exc)))
        return
    _header(actor, board)
    scope = _scope_bar(actor)
    if not board.items:
        st.info(_("This dashboard has no reports yet."), icon=":material/dashboard_customize:")
        return
    editing = board.can_edit and st.session_state.get(manage.EDIT_KEY, False)
    _grid(actor, board, scope, editing)


def _picked(summaries: list[dashboards.DashboardSummary]) -> int:
    ids = [d.id for d in summaries]
    raw = st.query_params.get("id")
    wanted = int(raw) if raw and raw.isdigit() else None
    if wanted is not None and wanted not in ids:
        st.warning(_("That dashboard does not exist or is not shared with you. Showing another one."))
    current = wanted if wanted in ids else ids[0]
    names = {d.id: d.name for d in summaries}
    key = f"{PREFIX}pick"
    if st.session_state.get(key) not in ids or wanted in ids:
        st.session_state[key] = current
    picked = st.selectbox(_("Dashboard"), ids, format_func=names.get, key=key, on_change=_follow_pick, args=(key,))
    if str(picked) != raw:
        st.query_params["id"] = str(picked)
    return picked


def _follow_pick(key: str) -> None:
    """A pick goes into the link before the run, where the link's id decides (else the
    link's old id would put the selectbox back)."""
    st.query_params["id"] = str(st.session_state[key])


def _header(actor: Actor, board: dashboards.DashboardInfo) -> None:
    name, tools = st.columns([1, 1], vertical_alignment="bottom")
    with name:
        st.subheader(md(board.name), anchor=False)
        st.caption(_access_text(board))
        if board.description:
            st.caption(md(board.description))
        if board.hidden_count:
            st.caption(
                ngettext(
                    "{n} report on it is private to someone else and not shown.",
                    "{n} reports on it are private to someone else and not shown.",
                    board.hidden_count,
                )
            )
    with tools:
        manage.render_board_tools(actor, board)


def _access_text(board: dashboards.DashboardInfo) -> str:
    if not board.in_workspace:
        return _("Not in the workspace yet: only you and admins see it.")
    if board.access == dashboards.EVERYONE:
        return _("In the workspace for everyone.")
    return _("In the workspace for the teams {teams}.", teams=", ".join(md(t) for t in board.team_names))


def _scope_bar(actor: Actor) -> reports.Scope:
    """The dashboard's date range and owner or team, in the URL (`range`, `who`)."""
    ranges = list(reports.DATE_RANGES)
    raw_range = st.query_params.get("range", "all")
    if raw_range not in ranges:
        st.caption(_("The link's date range was not understood; showing all time."))
        raw_range = "all"
    with session.reading() as s:
        people = users.active_users(s)
        teams = dashboards.team_choices(s)
    choices = {"all": _("Everyone"), **{f"team:{i}": _("Team {name}", name=n) for i, n in teams}}
    choices |= {f"user:{i}": n for i, n in people}
    raw_who = st.query_params.get("who", "all")
    if raw_who not in choices:
        st.caption(_("The link's owner was not understood; showing everyone's."))
        raw_who = "all"
    a, b, _rest = st.columns([1, 1, 1])
    picked_range = a.selectbox(
        _("Date range"),
        ranges,
        index=ranges.index(raw_range),
        format_func=lambda k: _(reports.DATE_RANGES[k]),
        key=f"{PREFIX}range",
    )
    keys = list(choices)
    picked_who = b.selectbox(
        _("Owner or team"), keys, index=keys.index(raw_who), format_func=choices.get, key=f"{PREFIX}who"
    )
    _set_param("range", picked_range, "all")
    _set_param("who", picked_who, "all")
    kind, _sep, value = picked_who.partition(":")
    return reports.Scope(
        date_range=picked_range,
        user_ids=(int(value),) if kind == "user" else (),
        team_ids=(int(value),) if kind == "team" else (),
    )


def _set_param(name: str, value: str, default: str) -> None:
    if value == default:
        st.query_params.pop(name, None)
    elif st.query_params.get(name) != value:
        st.query_params[name] = value


def rows_of(items: tuple[dashboards.DashboardItem, ...]) -> list[list[dashboards.DashboardItem]]:
    """The grid's rows: items in order, a new row when the next would overflow twelve."""
    rows: list[list[dashboards.DashboardItem]] = []
    used = ROW
    for item in items:
        if used + item.width > ROW:
            rows.append([])
            used = 0
        rows[-1].append(item)
        used += item.width
    return rows


def _grid(actor: Actor, board: dashboards.DashboardInfo, scope: reports.Scope, editing: bool) -> None:
    with session.reading() as s:
        views = {i.report_id: reports.report_view(s, actor, i.report_id, scope=scope) for i in board.items}
    last = len(board.items) - 1
    for row in rows_of(board.items):
        widths = [i.width for i in row]
        if sum(widths) < ROW:
            widths.append(ROW - sum(widths))
        for col, item in zip(st.columns(widths), row, strict=False):
            with col:
                toolbar = (lambda i=item: manage.item_menu(actor, board, i, last)) if editing else None
                render_report(
                    views[item.report_id],
                    actor,
                    key=f"{PREFIX}{board.id}:{item.report_id}",
                    scope=scope,
                    toolbar=toolbar,
                )
