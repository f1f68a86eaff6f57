"""Settings › Health scores: the list of score profiles (switch on/off, clone, delete) and
the profile editor (segment, thresholds, groups of criteria) with a live preview of the
scores the unsaved profile would give.

Editing state lives in `st.session_state` under `hs_` keys: the profile being edited in
`hs_draft` (plain values, so nothing is lost on a refused save or a page switch), widget
values under `hs_w_`/`hs_g_`/`hs_c_` keys named after the stable group and criterion keys.
"""

from __future__ import annotations

import copy
import json
import logging
import time

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from cslib import health
from cslib import health_profiles as hp
from cslib import health_summary as hsum
from cslib.errors import ConflictError, CsError
from cslib.filters import describe
from cslib.i18n import plural
from cslib.permissions import Actor
from cslib.properties import HEALTH_CATEGORIES
from cslib.ui import filter_builder, session
from cslib.ui.md import md
from cslib.ui.writes import forget, form_keys, renew_keys, run_write

log = logging.getLogger(__name__)

EDIT_KEY = "hs_edit"  # None (the list), "new" or a profile id
DRAFT_KEY = "hs_draft"
PREVIEW_KEY = "hs_preview"
CONFLICT_KEY = "hs_w_conflict"
WIDGETS = ("hs_w_", "hs_g_", "hs_c_", "hs_cond_", "hs_seg", PREVIEW_KEY)
AUTO_PREVIEW_SECONDS = 0.6  # a slower preview (a big base) is refreshed on request only
CHART_CONFIG = {"displayModeBar": False, "displaylogo": False}
LABELS = dict(HEALTH_CATEGORIES)
BAND_FIELDS = {"min": "At least", "max_days": "Within days"}
PRIORITY_HELP = (
    "1 is the highest. A customer in the segment of several active profiles gets the health status of the "
    "one with the highest priority on its record and in lists; every active profile is still computed."
)


def render(actor: Actor) -> None:
    if st.session_state.get(EDIT_KEY) is None:
        _profile_list(actor)
    else:
        _editor(actor)


# --- the list -----------------------------------------------------------------------------


def _profile_list(actor: Actor) -> None:
    with session.reading() as s:
        rows = hp.list_profiles(s, actor, with_counts=True)
        props = hp.scoring_properties(s)
        users = _users(s)
    head, add = st.columns([4, 1], vertical_alignment="bottom")
    head.subheader("Health scores", anchor=False)
    head.caption(
        "A score profile gives customers in its segment a score from 0 to 100 and a status: Healthy, Neutral or "
        "At risk. Only active profiles are computed and shown; drafts are not. A customer in the segments of "
        "several active profiles shows the status of the one with the highest priority (1 is the highest)."
    )
    if add.button("+ Create profile", type="primary", key="hs_create", width="stretch"):
        priority = max((r.priority for r in rows), default=0) + 1
        _open(
            {
                "id": None,
                "version": None,
                "status": "draft",
                "name": "",
                "priority": min(priority, hp.MAX_PRIORITY),
                "segment": None,
                "thresholds": hp.default_thresholds(),
                "definition": hp.default_definition(),
            }
        )
    if not rows:
        st.info("No health score profiles yet. Create one to start from a template.", icon=":material/monitor_heart:")
        return
    for row in rows:
        _profile_row(actor, row, props, users)


def _profile_row(actor: Actor, row: hp.ProfileRow, props: dict, users: dict) -> None:
    active = row.status == "active"
    with st.container(border=True):
        text, buttons = st.columns([4, 5], vertical_alignment="center")
        badge = ":green-badge[:material/check_circle: Active]" if active else ":gray-badge[Draft]"
        text.markdown(f"**{md(row.name)}** &nbsp; {badge}")
        scored = f" · {plural(row.scored or 0, 'customer')} scored" if active else ""
        text.caption(f"Priority {row.priority}{scored} · Applies to: {md(_segment_text(row.segment, props, users))}")
        bar = buttons.container(horizontal=True, horizontal_alignment="right")
        if bar.button("Edit", key=f"hs_edit_{row.id}", icon=":material/edit:"):
            with session.reading() as s:
                p = hp.get_profile(s, actor, row.id)
            _open(_draft_of(p))
        if bar.button("Clone", key=f"hs_clone_{row.id}", icon=":material/content_copy:"):
            run_write(lambda s: hp.clone_profile(s, actor, row.id), success=lambda p: f"Created the draft “{p.name}”.")
        switch = bar.button(
            "Switch off" if active else "Switch on",
            key=f"hs_switch_{row.id}",
            icon=":material/toggle_off:" if active else ":material/toggle_on:",
            help="Stop computing and showing this profile" if active else "Compute and show this profile",
        )
        with bar.popover("Delete", icon=":material/delete:"):
            st.markdown(
                f"Delete **{md(row.name)}**? Its scores, their history and its alerts are deleted too. "
                "This cannot be undone."
            )
            delete = st.button("Delete profile", type="primary", key=f"hs_delete_{row.id}")
    # Acted on outside the row, so a message gets the full width.
    if switch:
        status = "draft" if active else "active"
        run_write(
            lambda s: hp.set_status(s, actor, row.id, status, expected_version=row.version),
            success=lambda p: _after_save(p, "Switched on" if status == "active" else "Switched off"),
        )
    if delete:
        run_write(
            lambda s: hp.delete_profile(s, actor, row.id, expected_version=row.version),
            success=f"Deleted the profile “{row.name}”.",
        )


def _segment_text(segment: dict | None, props: dict, users: dict) -> str:
    if not segment:
        return "all companies"
    try:
        return describe(segment, props, users)
    except CsError as exc:
        return f"a segment that is no longer valid ({exc})"


def _users(s) -> dict[int, str]:  # noqa: ANN001
    from cslib.users import active_users

    return dict(active_users(s))


def _draft_of(p: hp.Profile) -> dict:
    return {
        "id": p.id,
        "version": p.version,
        "status": p.status,
        "name": p.name,
        "priority": p.priority,
        "segment": copy.deepcopy(p.segment),
        "thresholds": dict(p.thresholds),
        "definition": copy.deepcopy(p.definition),
    }


def _open(draft: dict) -> None:
    forget(*WIDGETS)
    st.session_state[DRAFT_KEY] = draft
    st.session_state[EDIT_KEY] = draft["id"] or "new"
    st.rerun()


def _close() -> None:
    forget(*WIDGETS, DRAFT_KEY)
    st.session_state[EDIT_KEY] = None


def _after_save(p: hp.Profile, done: str) -> str:
    """Runs after the commit: rescore (or clear) the profile's customers and say so."""
    sentence = ""
    try:
        with st.spinner("Scoring customers…"):
            sentence = health.after_profile_saved(session.get_engine(), p.id)
    except Exception:  # the save stands; the hourly recompute catches up
        log.exception("scoring after saving health profile %s failed", p.id)
        sentence = "Its scores will be computed within the hour."
    return f"{done} “{p.name}”. {sentence}".strip()


# --- the editor ---------------------------------------------------------------------------


def _editor(actor: Actor) -> None:
    draft = st.session_state.get(DRAFT_KEY)
    if draft is None:  # state lost (e.g. an old session): back to the list
        _close()
        st.rerun()
    with session.reading() as s:
        props = hp.scoring_properties(s)
        users = _users(s)
    if st.button("All profiles", key="hs_back", icon=":material/arrow_back:", type="tertiary"):
        _close()
        st.rerun()
    title = "New health score profile" if draft["id"] is None else f"Edit “{md(draft['name'])}”"
    st.subheader(title, anchor=False)
    definition = draft["definition"]
    left, right = st.columns([1, 1], gap="large")
    with left:
        _basics(draft, props, users)
        st.markdown("**Groups of criteria**")
        st.caption(
            "Each criterion adds or takes away points; a group's points stay between 0 and its max points. "
            "The groups' max points add up to 100, so a score runs from 0 to 100."
        )
        # Filled once the groups below have read their inputs.
        total_slot = st.empty()
    # The preview is drawn last (it reads every input), into this slot.
    with right:
        preview_slot = st.container(border=True)
    for i, group in enumerate(list(definition["groups"])):
        _group(definition, group, i, props, users)
    _add_group(definition)
    st.divider()
    with total_slot.container():
        _total(definition)
    with preview_slot:
        result = _preview(draft)
    _save_bar(actor, draft, result)
    _conflict_bar(actor, draft)


def _basics(draft: dict, props: dict, users: dict) -> None:
    name_col, prio_col = st.columns([3, 1])
    draft["name"] = name_col.text_input(
        "Profile name",
        value=draft["name"],
        key=f"{form_keys('hs_w_')}name",
        max_chars=hp.MAX_NAME,
        placeholder="e.g. Customer health",
    )
    draft["priority"] = prio_col.number_input(
        "Priority",
        1,
        hp.MAX_PRIORITY,
        value=int(draft["priority"]),
        step=1,
        key=f"{form_keys('hs_w_')}priority",
        help=PRIORITY_HELP,
    )
    st.markdown("**Applies to**")
    with st.container(border=True):
        text = _segment_text(draft["segment"], props, users)
        st.markdown(md(text[:1].upper() + text[1:]))
        with st.popover("Edit segment", icon=":material/filter_list:"):
            st.caption("Companies matching these filters are scored by this profile. No filter: every company.")
            result = filter_builder.render(form_keys("hs_seg"), draft["segment"], props, users)
            if result is not False:
                draft["segment"] = result
                filter_builder.reset(form_keys("hs_seg"))
                st.rerun()
    st.markdown("**Status thresholds**")
    t = draft["thresholds"]
    h_col, n_col = st.columns(2)
    t["healthy"] = h_col.number_input(
        "Healthy from",
        0.0,
        100.0,
        value=_float(t.get("healthy")),
        step=1.0,
        format="%g",
        key=f"{form_keys('hs_w_')}healthy",
    )
    t["neutral"] = n_col.number_input(
        "Neutral from",
        0.0,
        100.0,
        value=_float(t.get("neutral")),
        step=1.0,
        format="%g",
        key=f"{form_keys('hs_w_')}neutral",
    )
    if isinstance(t["neutral"], float) and isinstance(t["healthy"], float):
        st.caption(
            f"Healthy: {t['healthy']:g} and up · Neutral: {t['neutral']:g} up to {t['healthy']:g} · "
            f"At risk: below {t['neutral']:g}"
        )


def _float(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def _total(definition: dict) -> None:
    total = hp.max_points_total(definition)
    text = f"Max points: {total:g} of {hp.MAX_POINTS}"
    if total == hp.MAX_POINTS:
        st.success(text, icon=":material/check_circle:")
    else:
        st.error(f"{text}. The groups' max points must add up to exactly {hp.MAX_POINTS}.", icon=":material/error:")


def _group(definition: dict, g: dict, index: int, props: dict, users: dict) -> None:
    gk = g["key"]
    with st.container(border=True):
        name_col, max_col, del_col = st.columns([6, 2, 1], vertical_alignment="bottom")
        g["name"] = name_col.text_input(
            f"{hp.GROUP_KINDS[g['kind']]} name",
            value=g["name"],
            key=f"{form_keys('hs_g_')}{gk}_name",
            max_chars=hp.MAX_LABEL,
        )
        g["max_points"] = max_col.number_input(
            "Max points",
            0,
            hp.MAX_POINTS,
            value=int(g["max_points"] or 0),
            step=5,
            key=f"{form_keys('hs_g_')}{gk}_max",
            help="The most this group adds to the score: its criteria's points are summed and kept between 0 "
            "and this. A group without any data for a customer is left out and its points shared by the others.",
        )
        if del_col.button("", icon=":material/delete:", key=f"{form_keys('hs_g_')}{gk}_del", help="Remove this group"):
            definition["groups"].pop(index)
            st.rerun()
        for ci, c in enumerate(list(g["criteria"])):
            _criterion(g, c, ci, props, users)
        choices = hp.KINDS_OF_GROUP[g["kind"]]
        pick, add, _ = st.columns([2, 1, 2], vertical_alignment="bottom")
        kind = pick.selectbox(
            "New criterion", choices, format_func=hp.CRITERION_KINDS.get, key=f"{form_keys('hs_g_')}{gk}_newkind"
        )
        if add.button("+ Add criterion", key=f"{form_keys('hs_g_')}{gk}_add", width="stretch"):
            g["criteria"].append(hp.new_criterion(kind, _criterion_keys(definition)))
            st.rerun()


def _criterion_keys(definition: dict) -> set[str]:
    return {c.get("key") for g in definition["groups"] for c in g.get("criteria", [])}


def _add_group(definition: dict) -> None:
    bar = st.container(horizontal=True)
    n = len(definition["groups"]) + 1
    taken = {g["key"] for g in definition["groups"]}
    for kind in ("property", "event"):
        if bar.button(f"+ Add {kind} group", key=f"hs_w_addgroup_{kind}", disabled=n > hp.MAX_GROUPS):
            definition["groups"].append(hp.new_group(kind, taken, n))
            st.rerun()


def _criterion(g: dict, c: dict, index: int, props: dict, users: dict) -> None:
    ck, kind = c["key"], c["kind"]
    p = f"{form_keys('hs_c_')}{ck}"
    with st.container(border=True):
        if kind in ("property_condition", "property_linear"):
            body = st.container()
        else:
            body, side = st.columns([3, 2], gap="medium")
        with body:
            label_col, del_col = st.columns([8, 1], vertical_alignment="bottom")
            c["label"] = label_col.text_input(
                hp.CRITERION_KINDS[kind], value=c.get("label", ""), key=f"{p}_label", max_chars=hp.MAX_LABEL
            )
            if del_col.button("", icon=":material/close:", key=f"{p}_del", help="Remove this criterion"):
                g["criteria"].pop(index)
                st.rerun()
            if kind == "property_condition":
                _condition(c, p, props, users)
            elif kind == "property_linear":
                _linear(c, p, props)
            elif kind == "event_count":
                a, b = st.columns(2)
                c["event"] = _event_select(a, c, p)
                c["window_days"] = b.number_input(
                    "In the last … days",
                    1,
                    hp.MAX_WINDOW_DAYS,
                    value=int(c.get("window_days") or 90),
                    step=1,
                    key=f"{p}_window",
                )
                st.caption("A count gets the points of the highest band it reaches; below every band, 0.")
            elif kind == "recency":
                a, b = st.columns(2)
                c["event"] = _event_select(a, c, p)
                c["otherwise"] = _points_input(b, "Otherwise (points)", c.get("otherwise", 0), f"{p}_otherwise")
                st.caption(
                    "Days since the last one: the first band they fit in gives its points; "
                    "beyond every band, or never, “Otherwise”."
                )
            else:
                st.caption(
                    "Tickets linked to the customer that are not in a closed stage. A count gets the points "
                    "of the highest band it reaches."
                )
        if kind in ("event_count", "recency", "open_tickets"):
            with side:
                c["bands"] = _bands(c, "max_days" if kind == "recency" else "min", f"{p}_bands")


def _condition(c: dict, p: str, props: dict, users: dict) -> None:
    text, pts = st.columns([7, 2], vertical_alignment="bottom")
    with text:
        shown = _segment_text(c.get("filter"), props, users) if c.get("filter") else "no condition yet"
        st.markdown(f"**When:** {md(shown)}")
        with st.popover("Edit condition", icon=":material/filter_list:"):
            result = filter_builder.render(f"{form_keys('hs_cond_')}{c['key']}", c.get("filter"), props, users)
            if result is not False:
                c["filter"] = result
                filter_builder.reset(f"{form_keys('hs_cond_')}{c['key']}")
                st.rerun()
    c["points"] = _points_input(pts, "Points", c.get("points"), f"{p}_points")


def _linear(c: dict, p: str, props: dict) -> None:
    numeric = hp.linear_properties(props)
    names = list(numeric)
    current = c.get("property")
    cols = st.columns([3, 1, 1, 1, 1], vertical_alignment="bottom")
    c["property"] = cols[0].selectbox(
        "Property",
        names,
        index=names.index(current) if current in numeric else None,
        format_func=lambda n: numeric[n].label,
        key=f"{p}_prop",
        placeholder="Pick a number property",
    )
    c["low"] = cols[1].number_input("Low value", value=_float(c.get("low")), format="%g", key=f"{p}_low")
    c["high"] = cols[2].number_input("High value", value=_float(c.get("high")), format="%g", key=f"{p}_high")
    c["points_low"] = _points_input(cols[3], "Points at low", c.get("points_low"), f"{p}_plow")
    c["points_high"] = _points_input(cols[4], "Points at high", c.get("points_high"), f"{p}_phigh")
    st.caption(
        "At or below the low value: the points at low; at or above the high value: the points at high; in "
        "proportion in between. Customers without a value are left out of this criterion."
    )


def _event_select(col, c: dict, p: str) -> str:  # noqa: ANN001
    events = list(health.EVENT_LABELS)
    return col.selectbox(
        "Activity",
        events,
        index=events.index(c["event"]) if c.get("event") in events else 0,
        format_func=health.EVENT_LABELS.get,
        key=f"{p}_event",
    )


def _points_input(col, label: str, value: object, key: str) -> float | None:  # noqa: ANN001
    return col.number_input(
        label, -float(hp.MAX_POINTS), float(hp.MAX_POINTS), value=_float(value), step=1.0, format="%g", key=key
    )


def _bands(c: dict, field: str, key: str) -> list[dict]:
    """A table of bands (threshold, points). The table edits a base frame kept while the
    widget lives; the draft gets what it shows."""
    label = BAND_FIELDS[field]
    base_key = f"{key}_base"
    if key not in st.session_state or base_key not in st.session_state:
        bands = c.get("bands") or []
        st.session_state[base_key] = pd.DataFrame(
            {label: [_float(b.get(field)) for b in bands], "Points": [_float(b.get("points")) for b in bands]},
            dtype="float64",
        )
    edited = st.data_editor(
        st.session_state[base_key],
        key=key,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            label: st.column_config.NumberColumn(label, min_value=0, step=1, format="%d", required=True),
            "Points": st.column_config.NumberColumn(
                "Points", min_value=-hp.MAX_POINTS, max_value=hp.MAX_POINTS, step=1, format="%g", required=True
            ),
        },
    )
    return bands_of(edited, field)


def bands_of(frame: pd.DataFrame, field: str) -> list[dict]:
    """Bands from the table's rows; empty rows dropped, half-filled ones kept for the
    validator to name."""
    label = BAND_FIELDS[field]
    out = []
    for threshold, points in zip(frame[label], frame["Points"], strict=True):
        threshold, points = _cell(threshold), _cell(points)
        if threshold is None and points is None:
            continue
        out.append({field: threshold, "points": points})
    return out


def _cell(value: object) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)  # type: ignore[arg-type]


# --- saving -------------------------------------------------------------------------------


def _save_bar(actor: Actor, draft: dict, preview: dict | None) -> None:
    active = draft["status"] == "active"
    if preview and preview["result"] is not None and preview["result"].scored:
        # The preview sits at the top; repeat its gist where the user is now.
        p = preview["result"]
        shares = hsum.shares(p.counts)
        parts = " · ".join(f"{label} {shares[key]:.1f} %" for key, label in HEALTH_CATEGORIES)
        st.caption(f"Preview: average score {p.avg_score:.1f} · {parts}")
    if hp.max_points_total(draft["definition"]) != hp.MAX_POINTS:
        _total(draft["definition"])
    bar = st.container(horizontal=True)
    if active:
        save = bar.button("Save", type="primary", key="hs_w_save", icon=":material/save:")
        other = bar.button("Save and switch off", key="hs_w_save_off", help="Save as a draft: not computed or shown")
        statuses = {"save": "active", "other": "draft"}
    else:
        other = bar.button("Save and switch on", type="primary", key="hs_w_save_on", icon=":material/toggle_on:")
        save = bar.button("Save as draft", key="hs_w_save", icon=":material/save:")
        statuses = {"save": "draft", "other": "active"}
    if bar.button("Cancel", key="hs_w_cancel", type="tertiary"):
        _close()
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
            return hp.create_profile(s, actor, **fields)
        return hp.update_profile(s, actor, draft["id"], expected_version=draft["version"], **fields)

    def saved(p: hp.Profile) -> str:
        _close()
        if p.status == "active" or active:  # scores to compute, or to clear
            return _after_save(p, "Saved")
        return f"Saved the draft “{p.name}”."

    error = run_write(write, success=saved)
    if isinstance(error, ConflictError):
        st.session_state[CONFLICT_KEY] = True


def _conflict_bar(actor: Actor, draft: dict) -> None:
    """After a refused stale save: offer to throw the edits away and load the saved profile."""
    if not st.session_state.get(CONFLICT_KEY):
        return
    text, button = st.columns([3, 1], vertical_alignment="center")
    text.warning("Someone else saved this profile after you opened it.", icon=":material/sync_problem:")
    if button.button("Reload the saved profile", key="hs_w_reload", icon=":material/refresh:"):
        renew_keys(*WIDGETS)  # new widget keys: the browser shows the saved values, not the typed ones
        with session.reading() as s:
            _open(_draft_of(hp.get_profile(s, actor, draft["id"])))


# --- preview ------------------------------------------------------------------------------


def _preview(draft: dict) -> dict | None:
    """Draw the preview; returns what it shows (None while not computed)."""
    st.markdown("**Preview**")
    st.caption("What this profile would give today, before you save it.")
    signature = json.dumps([draft["definition"], draft["segment"], draft["thresholds"]], sort_keys=True, default=str)
    cached = st.session_state.get(PREVIEW_KEY)
    fresh = cached is not None and cached["signature"] == signature
    auto = cached is None or cached["seconds"] <= AUTO_PREVIEW_SECONDS
    if not fresh and not auto:
        note = st.empty()
        fresh = not st.button("Update preview", key="hs_w_preview", icon=":material/refresh:")
        if fresh:  # not clicked: keep showing the last one, marked as such
            note.caption("The preview is not up to date with your changes.")
    if not fresh:
        cached = _compute_preview(draft, signature)
        st.session_state[PREVIEW_KEY] = cached
    if cached is None:
        return None
    if cached["error"]:
        st.info(f"The preview appears once the profile is complete. {md(cached['error'])}", icon=":material/info:")
    else:
        _show_preview(cached["result"], cached["thresholds"])
    return cached


def _compute_preview(draft: dict, signature: str) -> dict:
    started = time.perf_counter()
    out = {"signature": signature, "result": None, "error": None, "thresholds": None}
    try:
        thresholds = hp.validate_thresholds(draft["thresholds"])
        with session.reading() as s:
            segment = hp.validate_segment(s, draft["segment"])
            out["result"] = health.preview(s, definition=draft["definition"], segment=segment, thresholds=thresholds)
        out["thresholds"] = thresholds
    except CsError as exc:
        out["error"] = str(exc)
    out["seconds"] = time.perf_counter() - started
    return out


def _show_preview(p: health.Preview, thresholds: dict) -> None:
    if not p.customers:
        st.info("No companies are in this segment.", icon=":material/info:")
        return
    a, b = st.columns(2)
    a.metric("Average score", "—" if p.avg_score is None else f"{p.avg_score:.1f}")
    b.metric(
        "Data coverage",
        "—" if p.coverage is None else f"{p.coverage:.0%}",
        help="The average share of points that come from real data: groups without any data are left out.",
    )
    percents = hsum.shares(p.counts)
    cols = st.columns(3)
    for col, (key, label) in zip(cols, HEALTH_CATEGORIES, strict=True):
        col.metric(
            label, f"{p.counts.get(key, 0):,}", f"{percents.get(key, 0):.1f} %", delta_color="off", delta_arrow="off"
        )
    left_out = p.customers - p.scored
    note = f"{plural(p.scored, 'customer')} scored of {plural(p.customers, 'company', 'companies')} in the segment"
    if left_out:
        note += f"; {plural(left_out, 'company', 'companies')} without any data are not scored"
    st.caption(note + ".")
    st.plotly_chart(preview_figure(p.bins, thresholds), width="stretch", config=CHART_CONFIG, key="hs_preview_chart")


def preview_figure(bins: list[int], thresholds: dict) -> go.Figure:
    """Customers per 10-point band; each bar in the colour of its lowest score's status, and
    dotted lines where Neutral and Healthy begin."""
    centres = [10 * i + 5 for i in range(len(bins))]
    category = [health.category_for(10 * i, thresholds) for i in range(len(bins))]
    bars = [
        dict(
            type="bar",
            x=centres,
            y=[n if cat == key else 0 for n, cat in zip(bins, category, strict=True)],
            width=9.4,
            name=label,
            marker=dict(color=health.CATEGORY_COLORS[key]),
            hovertemplate="%{y:,} customers<extra>" + label + "</extra>",
        )
        for key, label in HEALTH_CATEGORIES
    ]
    lines = [
        dict(type="line", x0=v, x1=v, y0=0, y1=1, yref="paper", line=dict(color="#6b6f76", width=1, dash="dot"))
        for v in (thresholds["neutral"], thresholds["healthy"])
    ]
    layout = dict(
        title=dict(text="Score distribution"),
        height=320,
        margin=dict(l=8, r=8, t=40, b=40),
        barmode="stack",
        bargap=0,
        shapes=lines,
        legend=dict(orientation="h", yanchor="top", y=-0.3, xanchor="left", x=0, traceorder="normal"),
        xaxis=dict(title=dict(text="Health score"), range=[0, 100], tickvals=list(range(0, 101, 10))),
        yaxis=dict(title=dict(text="Customers"), rangemode="tozero", tickformat=",d"),
    )
    return go.Figure(dict(data=bars, layout=layout))
