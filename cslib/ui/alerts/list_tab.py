"""Actions → Alerts (SPEC §3.5): the "Tasks | Alerts" switch of the Actions tab, the alert
list with its filters *Object*, *Alert stage*, *Create date* and *Advanced*, and the side
panel a click on an alert opens (details, what moved the score, Acknowledge / Snooze /
Resolve / Reopen, "Create task from alert"). Everything on screen is in the URL
(`?tab=alerts&stage=…&alert=12`), so a link reopens the same list and panel."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd
import streamlit as st

from cslib import alerts, i18n
from cslib.errors import CsError
from cslib.filters import count_conditions
from cslib.health import CATEGORY_COLORS
from cslib.i18n import N_, _, ngettext
from cslib.lists import Page
from cslib.permissions import Actor
from cslib.ui import filter_builder, session
from cslib.ui import tasks as task_ui
from cslib.ui.alerts.panel import open_panel
from cslib.ui.choices import translated
from cslib.ui.md import link_notes, md
from cslib.ui.record_table import redraw, table_key
from cslib.ui.writes import show_flash
from cslib.users import active_users

KEY = "alerts"
TAB_PARAM = "tab"
TABS = {"tasks": N_("Tasks"), "alerts": N_("Alerts")}
# Column ids and their headers (English constants, translated where drawn).
COLUMNS = {
    "customer": N_("Customer"),
    "from": N_("From"),
    "to": N_("To"),
    "score": N_("Score"),
    "profile": N_("Profile"),
    "stage": N_("Alert stage"),
    "raised": N_("Raised"),
    "expires": N_("Expires"),
}
WIDTHS = {"customer": 190, "from": 90, "to": 90, "score": 90, "profile": 120, "stage": 120}
SORTABLE = {"customer": "customer", "raised": "raised"}
DOT = "●"


# --- Tasks | Alerts -----------------------------------------------------------------------


def tab_switch() -> str:
    """The Actions tab's "Tasks | Alerts" switch (`?tab=alerts`; Tasks by default). Hidden
    while the task queue runs, and while alerts cannot exist (no active profile, no alert)."""
    if task_ui.queue_active():
        return "tasks"
    with session.reading() as s:
        usable = alerts.has_alerts_tab(s)
    if not usable:
        return "tasks"
    current = "alerts" if st.query_params.get(TAB_PARAM) == "alerts" else "tasks"
    picked = st.segmented_control(
        _("Show"),
        list(TABS),
        default=current,
        format_func=translated(TABS),
        required=True,
        key=f"actions_tab_{current}",
        label_visibility="collapsed",
    )
    if picked and picked != current:
        st.query_params.from_dict({TAB_PARAM: "alerts"} if picked == "alerts" else {})
        st.rerun()
    return current


# --- the list -----------------------------------------------------------------------------


def go(q: alerts.AlertQuery) -> None:
    """Put `q` into the URL and draw it."""
    st.query_params.from_dict({TAB_PARAM: "alerts", **alerts.query_params(q)})
    st.rerun()


def render(actor: Actor) -> None:
    show_flash()
    with session.reading() as s:
        props = alerts.filter_properties(s)
        users = dict(active_users(s))
    q = alerts.parse_query(st.query_params.to_dict(), props)
    link_notes(q.notes)
    st.title(_("Alerts"), anchor=False)
    st.caption(_("Changes of a customer's health status. Alerts expire 14 days after they are raised."))
    _filter_bar(q, props, users)
    try:
        with session.reading() as s:
            page = alerts.list_alerts(s, actor, q, props=props)
    except CsError as exc:
        st.error(md(str(exc)), icon=":material/error:")
        return
    st.markdown(ngettext("**{n} alert**", "**{n} alerts**", page.total))
    if page.rows.empty:
        st.info(_empty_text(q), icon=":material/notifications_off:")
    else:
        _table(actor, q, page, with_profile=len(props["alert.profile"].options) > 1)
    if page.pages > 1:
        chosen = st.pagination(page.pages, default=page.page, key=f"{KEY}_page_{page.page}_{page.pages}")
        if chosen != page.page:
            go(_with(q, page=chosen))
    if q.alert_id is not None:
        open_panel(actor, q.alert_id)


def _with(q: alerts.AlertQuery, **changes) -> alerts.AlertQuery:  # noqa: ANN003
    return replace(q, **changes)


def _empty_text(q: alerts.AlertQuery) -> str:
    if q == alerts.AlertQuery():
        return _("No active alerts: no customer's health status has changed in the last 14 days.")
    return _("No alerts match these filters.")


def _filter_bar(q: alerts.AlertQuery, props: dict, users: dict) -> None:
    # Keys carry the value shown, so a link that changes the URL redraws the widgets from it.
    obj, stage, created, adv = st.columns([2, 5, 2, 2.6], vertical_alignment="bottom")
    objects = dict(alerts.OBJECTS)
    picked_obj = obj.selectbox(
        _("Object"),
        list(objects),
        format_func=translated(objects),
        key=f"{KEY}_object_{q.object_type}",
        index=0,
    )
    stages = stage.multiselect(
        _("Alert stage"),
        list(alerts.STAGE_LABELS),
        default=list(q.stages),
        format_func=alerts.stage_label,
        key=f"{KEY}_stage_{'-'.join(q.stages) or 'all'}",
        placeholder=_("Any stage"),
    )
    choices = alerts.CREATED_CHOICES
    picked_created = created.selectbox(
        _("Create date"),
        list(choices),
        index=list(choices).index(q.created),
        format_func=translated({k: label for k, (label, *_rest) in choices.items()}),
        key=f"{KEY}_created_{q.created}",
    )
    ordered = tuple(s for s in alerts.STAGE_LABELS if s in stages)
    if (picked_obj, ordered, picked_created) != (q.object_type, q.stages, q.created):
        go(_with(q, object_type=picked_obj, stages=ordered, created=picked_created, page=1, alert_id=None))
    n = count_conditions(q.advanced)
    label = _("Advanced ({n})", n=n) if n else _("Advanced")
    with adv.popover(label, icon=":material/filter_list:", width="stretch", key=f"{KEY}_adv_menu_{n}"):
        st.markdown("**" + _("Advanced filters") + "**")
        st.caption(_("On the alert (profile, direction, statuses) and on any property of its customer."))
        result = filter_builder.render(f"{KEY}_adv", q.advanced, props, users)
        if result is not False:
            filter_builder.reset(f"{KEY}_adv")
            go(_with(q, advanced=result, page=1, alert_id=None))


def _stage_text(row, actor: Actor) -> str:  # noqa: ANN001
    text = alerts.stage_label(row.stage_now)
    until = row.snoozed_until
    if row.stage_now == "snoozed" and until is not None and not pd.isna(until):
        day = i18n.day(until.to_pydatetime().astimezone(i18n.zone(actor.time_zone)).date(), actor.language)
        return _("{stage} until {day}", stage=text, day=day)
    return text


def _local_day(when: pd.Timestamp, actor: Actor) -> str:
    return i18n.day(when.to_pydatetime().astimezone(i18n.zone(actor.time_zone)).date(), actor.language)


def display_frame(rows: pd.DataFrame, actor: Actor) -> pd.DataFrame:
    """The page's rows as the grid shows them (category labels with a dot, stage words, times
    in the reader's zone and language)."""
    return pd.DataFrame(
        {
            "id": rows["id"].astype("int64"),
            "customer": rows["customer"],
            "from": [f"{DOT} {alerts.label(c)}" if c else "—" for c in rows["old_category"]],
            "to": [f"{DOT} {alerts.label(c)}" for c in rows["new_category"]],
            "score": rows["score_change"],
            "profile": rows["profile"].fillna("—"),
            "stage": [_stage_text(r, actor) for r in rows.itertuples()],
            "raised": [i18n.moment(t.to_pydatetime(), actor.language, actor.time_zone) for t in rows["raised_at"]],
            "expires": [_local_day(t, actor) for t in rows["expires_at"]],
        }
    )


def _colour(value: object) -> str:
    for key, colour in CATEGORY_COLORS.items():
        if value == f"{DOT} {alerts.label(key)}":
            return f"color: {colour}; font-weight: 600"
    return ""


def _table(actor: Actor, q: alerts.AlertQuery, page: Page, *, with_profile: bool) -> None:
    df = display_frame(page.rows, actor)
    ids = [int(i) for i in df["id"]]
    sort_key, direction = q.sort
    columns = [c for c in COLUMNS if with_profile or c != "profile"]
    config: dict = {"id": None}
    for name in columns:
        label = _(COLUMNS[name]) + ((" ↑" if direction == "asc" else " ↓") if name == sort_key else "")
        width = {"raised": 150, "expires": 105}.get(name, WIDTHS.get(name))
        config[name] = st.column_config.TextColumn(label, width=width)
    state = st.dataframe(
        df.style.map(_colour, subset=["from", "to"]),
        hide_index=True,
        column_order=columns,
        column_config=config,
        on_select="rerun",
        selection_mode=["single-cell", "single-column"],
        key=table_key(KEY, page),
        height=min(38 + 35 * len(df), 38 + 35 * 25),
    )
    st.caption(_("Click an alert to see its details; click Customer or Raised to sort by it."))
    selection = state.get("selection", {}) if state else {}
    if selection.get("columns"):
        redraw(KEY)
        name = selection["columns"][0]
        if name in SORTABLE:
            key = SORTABLE[name]
            new_dir = "asc" if key == "customer" else "desc"
            if sort_key == key:
                new_dir = "desc" if direction == "asc" else "asc"
            go(_with(q, sort=(key, new_dir), page=1))
    elif selection.get("cells"):
        redraw(KEY)
        go(_with(q, alert_id=ids[selection["cells"][0][0]]))
