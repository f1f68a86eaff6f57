"""Settings › Health scores: the list of score profiles, each with its segment, status and
how many customers it scores, and the buttons to edit, clone, switch on or off and delete."""

from __future__ import annotations

import streamlit as st

from cslib import health
from cslib.i18n import _, ngettext
from cslib.permissions import Actor
from cslib.ui import session
from cslib.ui.health.state import after_save, draft_of, filter_text, open_draft, user_names
from cslib.ui.md import md
from cslib.ui.writes import run_write


def render_list(actor: Actor) -> None:
    with session.reading() as s:
        rows = health.list_profiles(s, actor, with_counts=True)
        props = health.scoring_properties(s)
        users = user_names(s)
    head, add = st.columns([4, 1], vertical_alignment="bottom")
    head.subheader(_("Health scores"), anchor=False)
    head.caption(
        _(
            "A score profile gives customers in its segment a score from 0 to 100 and a status: Healthy, Neutral "
            "or At risk. Only active profiles are computed and shown; drafts are not. A customer in the segments "
            "of several active profiles shows the status of the one with the highest priority (1 is the highest)."
        )
    )
    if add.button(_("+ Create profile"), type="primary", key="hs_create", width="stretch"):
        priority = max((r.priority for r in rows), default=0) + 1
        open_draft(
            {
                "id": None,
                "version": None,
                "status": "draft",
                "name": "",
                "priority": min(priority, health.MAX_PRIORITY),
                "segment": None,
                "thresholds": health.default_thresholds(),
                "definition": health.default_definition(),
            }
        )
    if not rows:
        st.info(
            _("No health score profiles yet. Create one to start from a template."), icon=":material/monitor_heart:"
        )
        return
    for row in rows:
        _profile_row(actor, row, props, users)


def _profile_row(actor: Actor, row: health.ProfileRow, props: dict, users: dict) -> None:
    active = row.status == "active"
    with st.container(border=True):
        text, buttons = st.columns([4, 5], vertical_alignment="center")
        badge = (
            ":green-badge[:material/check_circle: " + _("Active") + "]" if active else ":gray-badge[" + _("Draft") + "]"
        )
        title = f"**{md(row.name)}** &nbsp; {badge}"
        text.markdown(title)
        text.caption(_row_caption(row, md(filter_text(row.segment, props, users))))
        bar = buttons.container(horizontal=True, horizontal_alignment="right")
        if bar.button(_("Edit"), key=f"hs_edit_{row.id}", icon=":material/edit:"):
            with session.reading() as s:
                p = health.get_profile(s, actor, row.id)
            open_draft(draft_of(p))
        if bar.button(_("Clone"), key=f"hs_clone_{row.id}", icon=":material/content_copy:"):
            run_write(
                lambda s: health.clone_profile(s, actor, row.id),
                success=lambda p: _("Created the draft “{name}”.", name=p.name),
            )
        switch = bar.button(
            _("Switch off") if active else _("Switch on"),
            key=f"hs_switch_{row.id}",
            icon=":material/toggle_off:" if active else ":material/toggle_on:",
            help=_("Stop computing and showing this profile") if active else _("Compute and show this profile"),
        )
        with bar.popover(_("Delete"), icon=":material/delete:", key=f"hs_delete_menu_{row.id}"):
            st.markdown(
                _(
                    "Delete **{name}**? Its scores, their history and its alerts are deleted too. "
                    "This cannot be undone.",
                    name=md(row.name),
                )
            )
            delete = st.button(_("Delete profile"), type="primary", key=f"hs_delete_{row.id}")
    # Acted on outside the row, so a message gets the full width.
    if switch:
        status = "draft" if active else "active"
        run_write(
            lambda s: health.set_status(s, actor, row.id, status, expected_version=row.version),
            success=lambda p: after_save(p, "on" if status == "active" else "off"),
        )
    if delete:
        run_write(
            lambda s: health.delete_profile(s, actor, row.id, expected_version=row.version),
            success=_("Deleted the profile “{name}”.", name=row.name),
        )


def _row_caption(row: health.ProfileRow, applies_to: str) -> str:
    """ "Priority 1 · 40 customers scored · Applies to: all companies"."""
    priority = _("Priority {number}", number=row.priority)
    applies = _("Applies to: {segment}", segment=applies_to)
    if row.status != "active":
        return f"{priority} · {applies}"
    scored = ngettext("{n} customer scored", "{n} customers scored", row.scored or 0)
    return f"{priority} · {scored} · {applies}"
