"""Settings › Health scores: the profile editor (name, priority, segment, thresholds, the
groups of criteria and the preview side by side) and its save bar."""

from __future__ import annotations

import streamlit as st

from cslib import health, i18n
from cslib.errors import ConflictError
from cslib.i18n import N_, _
from cslib.permissions import Actor
from cslib.ui import filter_builder, session
from cslib.ui.health.criteria import float_or_none, render_add_group, render_group
from cslib.ui.health.preview import render_preview
from cslib.ui.health.state import (
    CONFLICT_KEY,
    DRAFT_KEY,
    WIDGETS,
    after_save,
    close_draft,
    draft_of,
    filter_text,
    open_draft,
    user_names,
)
from cslib.ui.md import md
from cslib.ui.writes import form_keys, renew_keys, run_write

PRIORITY_HELP = N_(
    "1 is the highest. A customer in the segment of several active profiles gets the health status of the "
    "one with the highest priority on its record and in lists; every active profile is still computed."
)


def render_editor(actor: Actor) -> None:
    draft = st.session_state.get(DRAFT_KEY)
    if draft is None:  # state lost (e.g. an old session): back to the list
        close_draft()
        st.rerun()
    with session.reading() as s:
        props = health.scoring_properties(s)
        users = user_names(s)
    if st.button(_("All profiles"), key="hs_back", icon=":material/arrow_back:", type="tertiary"):
        close_draft()
        st.rerun()
    title = _("New health score profile") if draft["id"] is None else _("Edit “{name}”", name=md(draft["name"]))
    st.subheader(title, anchor=False)
    definition = draft["definition"]
    left, right = st.columns([1, 1], gap="large")
    with left:
        _basics(draft, props, users)
        st.markdown("**" + _("Groups of criteria") + "**")
        st.caption(
            _(
                "Each criterion adds or takes away points; a group's points stay between 0 and its max points. "
                "The groups' max points add up to 100, so a score runs from 0 to 100."
            )
        )
        # Filled once the groups below have read their inputs.
        total_slot = st.empty()
    # The preview is drawn last (it reads every input), into this slot.
    with right:
        preview_slot = st.container(border=True)
    for i, group in enumerate(list(definition["groups"])):
        render_group(definition, group, i, props, users)
    render_add_group(definition)
    st.divider()
    with total_slot.container():
        _total(definition)
    with preview_slot:
        result = render_preview(draft)
    _save_bar(actor, draft, result)
    _conflict_bar(actor, draft)


def _basics(draft: dict, props: dict, users: dict) -> None:
    name_col, prio_col = st.columns([3, 1])
    draft["name"] = name_col.text_input(
        _("Profile name"),
        value=draft["name"],
        key=f"{form_keys('hs_w_')}name",
        max_chars=health.MAX_NAME,
        placeholder=_("e.g. Customer health"),
    )
    draft["priority"] = prio_col.number_input(
        _("Priority"),
        1,
        health.MAX_PRIORITY,
        value=int(draft["priority"]),
        step=1,
        key=f"{form_keys('hs_w_')}priority",
        help=_(PRIORITY_HELP),
    )
    st.markdown("**" + _("Applies to") + "**")
    with st.container(border=True):
        text = filter_text(draft["segment"], props, users)
        st.markdown(md(text[:1].upper() + text[1:]))
        with st.popover(_("Edit segment"), icon=":material/filter_list:", key="hs_w_segment_menu"):
            st.caption(_("Companies matching these filters are scored by this profile. No filter: every company."))
            result = filter_builder.render(form_keys("hs_seg"), draft["segment"], props, users)
            if result is not False:
                draft["segment"] = result
                filter_builder.reset(form_keys("hs_seg"))
                st.rerun()
    st.markdown("**" + _("Status thresholds") + "**")
    t = draft["thresholds"]
    h_col, n_col = st.columns(2)
    t["healthy"] = h_col.number_input(
        _("Healthy from"),
        0.0,
        100.0,
        value=float_or_none(t.get("healthy")),
        step=1.0,
        format="%g",
        key=f"{form_keys('hs_w_')}healthy",
    )
    t["neutral"] = n_col.number_input(
        _("Neutral from"),
        0.0,
        100.0,
        value=float_or_none(t.get("neutral")),
        step=1.0,
        format="%g",
        key=f"{form_keys('hs_w_')}neutral",
    )
    if isinstance(t["neutral"], float) and isinstance(t["healthy"], float):
        healthy, neutral = i18n.number(t["healthy"]), i18n.number(t["neutral"])
        st.caption(
            _(
                "Healthy: {healthy} and up · Neutral: {neutral} up to {healthy} · At risk: below {neutral}",
                healthy=healthy,
                neutral=neutral,
            )
        )


def _total(definition: dict) -> None:
    total = health.max_points_total(definition)
    values = {"total": i18n.number(total), "max": i18n.number(health.MAX_POINTS)}
    if total == health.MAX_POINTS:
        st.success(_("Max points: {total} of {max}", **values), icon=":material/check_circle:")
    else:
        st.error(
            _("Max points: {total} of {max}. The groups' max points must add up to exactly {max}.", **values),
            icon=":material/error:",
        )


def _save_bar(actor: Actor, draft: dict, preview: dict | None) -> None:
    active = draft["status"] == "active"
    if preview and preview["result"] is not None and preview["result"].scored:
        # The preview sits at the top; repeat its gist where the user is now.
        p = preview["result"]
        shares = health.shares(p.counts)
        parts = " · ".join(
            f"{label} {i18n.percent(shares[key] / 100)}" for key, label, _colour in health.category_series()
        )
        average = i18n.number(None if p.avg_score is None else round(p.avg_score, 1))
        st.caption(_("Preview: average score {score} · {shares}", score=average, shares=parts))
    if health.max_points_total(draft["definition"]) != health.MAX_POINTS:
        _total(draft["definition"])
    bar = st.container(horizontal=True)
    if active:
        save = bar.button(_("Save"), type="primary", key="hs_w_save", icon=":material/save:")
        other = bar.button(
            _("Save and switch off"), key="hs_w_save_off", help=_("Save as a draft: not computed or shown")
        )
        statuses = {"save": "active", "other": "draft"}
    else:
        other = bar.button(_("Save and switch on"), type="primary", key="hs_w_save_on", icon=":material/toggle_on:")
        save = bar.button(_("Save as draft"), key="hs_w_save", icon=":material/save:")
        statuses = {"save": "draft", "other": "active"}
    if bar.button(_("Cancel"), key="hs_w_cancel", type="tertiary"):
        close_draft()
        st.rerun()
    if not (save or other):
        return
    status = statuses["other" if other else "save"]
    fields = dict(
        name=draft["name"],
        segment=draft["segment"],
        priority=draft["priority"],
        definition=draft["definition"],
        thresholds=draft["thresholds"],
        status=status,
    )

    def write(s):  # noqa: ANN001, ANN202
        if draft["id"] is None:
            return health.create_profile(s, actor, **fields)
        return health.update_profile(s, actor, draft["id"], expected_version=draft["version"], **fields)

    def saved(p: health.Profile) -> str:
        close_draft()
        if p.status == "active" or active:  # scores to compute, or to clear
            return after_save(p, "saved")
        return _("Saved the draft “{name}”.", name=p.name)

    error = run_write(write, success=saved)
    if isinstance(error, ConflictError):
        st.session_state[CONFLICT_KEY] = True


def _conflict_bar(actor: Actor, draft: dict) -> None:
    """After a refused stale save: offer to throw the edits away and load the saved profile."""
    if not st.session_state.get(CONFLICT_KEY):
        return
    text, button = st.columns([3, 1], vertical_alignment="center")
    text.warning(_("Someone else saved this profile after you opened it."), icon=":material/sync_problem:")
    if button.button(_("Reload the saved profile"), key="hs_w_reload", icon=":material/refresh:"):
        renew_keys(*WIDGETS)  # new widget keys: the browser shows the saved values, not the typed ones
        with session.reading() as s:
            open_draft(draft_of(health.get_profile(s, actor, draft["id"])))
