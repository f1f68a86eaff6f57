"""The Overview's Reporting section: up to five reports, "+ Add report" (the library,
shared and own reports), each report's menu (move, remove, edit), and for admins the
workspace's default five. Viewing as another user shows their reports, read-only."""

from __future__ import annotations

import streamlit as st

from cslib import i18n, reports
from cslib.errors import CsError
from cslib.i18n import _
from cslib.permissions import Actor, can_manage_settings
from cslib.ui import session
from cslib.ui.md import md
from cslib.ui.reports import builder_link, render_report
from cslib.ui.writes import run_write

DEFAULTS_KEY = "overview_report_defaults"
PREFIX = "ovr:"


def render(actor: Actor, viewed: Actor) -> None:
    own = viewed.id == actor.id
    defaults = own and can_manage_settings(actor) and st.session_state.get(DEFAULTS_KEY, False)
    with session.reading() as s:
        try:
            shown = (
                reports.workspace_defaults(s, actor)
                if defaults
                else reports.overview_reports(s, actor, user_id=None if own else viewed.id)
            )
        except CsError as exc:
            st.warning(md(str(exc)))
            return
    head, tools = st.columns([3, 2], vertical_alignment="bottom")
    with head:
        st.subheader(_("Reporting"), anchor=False)
        st.caption(_count(len(shown), defaults))
    if own:
        with tools:
            _tools(actor, shown, defaults)
    if not shown:
        st.info(_("No reports yet. Use “+ Add report” to pick up to five."), icon=":material/insights:")
        return
    _grid(actor, viewed, shown, editable=own, defaults=defaults)


def _count(n: int, defaults: bool) -> str:
    # The noun goes with the maximum (five), so one plural form serves every n.
    shown, most = i18n.number(n), i18n.number(reports.MAX_OVERVIEW_REPORTS)
    if defaults:
        return _(
            "The workspace's default: {n} of {max} reports. Users see these until they choose their own.",
            n=shown,
            max=most,
        )
    return _("{n} of {max} reports", n=shown, max=most)


def _tools(actor: Actor, shown: list[reports.ReportInfo], defaults: bool) -> None:
    if can_manage_settings(actor):
        st.toggle(
            _("Edit the default reports"),
            key=DEFAULTS_KEY,
            help=_("The five reports every user sees until they choose their own."),
        )
    add, more = st.columns([1, 1], vertical_alignment="center")
    with add.popover(_("+ Add report"), width="stretch"):
        _add_form(actor, shown, defaults)
    with more:
        builder_link(_("Create a report"))


def _add_form(actor: Actor, shown: list[reports.ReportInfo], defaults: bool) -> None:
    with session.reading() as s:
        choices = [r for r in reports.visible_reports(s, actor) if not defaults or r.sharing == "everyone"]
    on = {r.id for r in shown}
    options = [r.id for r in choices if r.id not in on]
    if not options:
        st.caption(_("Every report is on the Overview already."))
        return
    names = {r.id: r.name for r in choices}
    kinds = {r.id: _kind(r) for r in choices}
    picked = st.selectbox(
        _("Report"),
        options,
        format_func=lambda rid: f"{names[rid]} · {kinds[rid]}",
        key=f"{PREFIX}pick",
        index=None,
        placeholder=_("Pick a report"),
    )
    description = next((r.description for r in choices if r.id == picked), "")
    if description:
        st.caption(md(description))
    if st.button(_("Add report"), type="primary", key=f"{PREFIX}add", disabled=picked is None, width="stretch"):
        run_write(
            lambda s: reports.add_to_overview(s, actor, picked, defaults=defaults),
            success=lambda name: _("Added “{name}” to the Overview.", name=name),
            clear=(f"{PREFIX}pick",),
        )


def _kind(r: reports.ReportInfo) -> str:
    if r.is_library:
        return _("Library")
    return _("Shared") if r.sharing == "everyone" else _("Private")


def _grid(actor: Actor, viewed: Actor, shown: list[reports.ReportInfo], *, editable: bool, defaults: bool) -> None:
    views = []
    with session.reading() as s:
        for r in shown:
            views.append(reports.report_view(s, actor, r.id, viewed_id=None if viewed.id == actor.id else viewed.id))
    for start in range(0, len(views), 2):
        cols = st.columns(2)
        for col, (i, view) in zip(cols, enumerate(views[start : start + 2], start=start), strict=False):
            with col:
                toolbar = (lambda v=view, i=i: _menu(actor, v.report, i, len(views), defaults)) if editable else None
                render_report(view, actor, key=f"{PREFIX}chart:{view.report.id}", toolbar=toolbar, height=300)


def _menu(actor: Actor, report: reports.ReportInfo, index: int, count: int, defaults: bool) -> None:
    key = f"{PREFIX}{report.id}:"
    # Keyed by the report: after a removal the next report's menu, now in this place, stays closed.
    with st.popover("", icon=":material/more_vert:", help=_("Report actions"), key=f"{key}menu"):
        if index > 0 and st.button(_("Move up"), key=f"{key}up", icon=":material/arrow_upward:", type="tertiary"):
            _move(actor, report, -1, defaults)
        if index < count - 1 and st.button(
            _("Move down"), key=f"{key}down", icon=":material/arrow_downward:", type="tertiary"
        ):
            _move(actor, report, 1, defaults)
        if st.button(_("Remove from the Overview"), key=f"{key}remove", icon=":material/close:", type="tertiary"):
            run_write(
                lambda s: reports.remove_from_overview(s, actor, report.id, defaults=defaults),
                success=_("Removed “{name}” from the Overview.", name=report.name),
            )
        label = _("Edit report") if report.can_edit else _("Save a copy")
        builder_link(label, report.id)


def _move(actor: Actor, report: reports.ReportInfo, step: int, defaults: bool) -> None:
    run_write(
        lambda s: reports.move_on_overview(s, actor, report.id, step, defaults=defaults),
        success=_("Moved “{name}”.", name=report.name),
    )
