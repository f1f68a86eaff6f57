"""Actions → Alerts (SPEC §3.5): the "Tasks | Alerts" switch of the Actions tab, the alert
list with its filters *Object*, *Alert stage*, *Create date* and *Advanced*, and the side
panel a click on an alert opens (details, what moved the score, Acknowledge / Snooze /
Resolve / Reopen, "Create task from alert"). Everything on screen is in the URL
(`?tab=alerts&stage=…&alert=12`), so a link reopens the same list and panel."""

from __future__ import annotations

import html
from dataclasses import replace
from datetime import timedelta

import pandas as pd
import streamlit as st

from cslib import alert_listing as al
from cslib import alerts, i18n
from cslib.errors import CsError
from cslib.filters import count_conditions
from cslib.health import CATEGORY_COLORS
from cslib.listing import Page
from cslib.models import utcnow
from cslib.permissions import Actor, can_edit_records
from cslib.record_view import moment, record_url
from cslib.ui import filter_builder, session, task_queue
from cslib.ui.health_badge import category_badge
from cslib.ui.md import link_notes, md, md_link
from cslib.ui.record_table import redraw, table_key
from cslib.ui.writes import Markdown, conflict_notice, drawn_version, form_keys, run_write, show_flash
from cslib.users import active_users

KEY = "alerts"
TAB_PARAM = "tab"
TABS = {"tasks": "Tasks", "alerts": "Alerts"}
COLUMNS = {
    "customer": "Customer",
    "from": "From",
    "to": "To",
    "score": "Score",
    "profile": "Profile",
    "stage": "Alert stage",
    "raised": "Raised",
    "expires": "Expires",
}
WIDTHS = {"customer": 190, "from": 90, "to": 90, "score": 90, "profile": 120, "stage": 120}
SORTABLE = {"customer": "customer", "raised": "raised"}
DOT = "●"


def tasks_url(task_id: int) -> str:
    """Actions → Tasks with the task's panel open."""
    return f"/actions?record={int(task_id)}"


# --- Tasks | Alerts -----------------------------------------------------------------------


def tab_switch() -> str:
    """The Actions tab's "Tasks | Alerts" switch (`?tab=alerts`; Tasks by default). Hidden
    while the task queue runs, and while alerts cannot exist (no active profile, no alert)."""
    if task_queue.active():
        return "tasks"
    with session.reading() as s:
        usable = alerts.has_alerts_tab(s)
    if not usable:
        return "tasks"
    current = "alerts" if st.query_params.get(TAB_PARAM) == "alerts" else "tasks"
    picked = st.segmented_control(
        "Show",
        list(TABS),
        default=current,
        format_func=TABS.get,
        required=True,
        key=f"actions_tab_{current}",
        label_visibility="collapsed",
    )
    if picked and picked != current:
        st.query_params.from_dict({TAB_PARAM: "alerts"} if picked == "alerts" else {})
        st.rerun()
    return current


# --- the list -----------------------------------------------------------------------------


def go(q: al.AlertQuery) -> None:
    """Put `q` into the URL and draw it."""
    st.query_params.from_dict({TAB_PARAM: "alerts", **al.query_params(q)})
    st.rerun()


def render(actor: Actor) -> None:
    show_flash()
    with session.reading() as s:
        props = al.filter_properties(s)
        users = dict(active_users(s))
    q = al.parse_query(st.query_params.to_dict(), props)
    link_notes(q.notes)
    st.title("Alerts", anchor=False)
    st.caption("Changes of a customer's health status. Alerts expire 14 days after they are raised.")
    _filter_bar(q, props, users)
    try:
        with session.reading() as s:
            page = al.list_alerts(s, actor, q, props=props)
    except CsError as exc:
        st.error(md(str(exc)), icon=":material/error:")
        return
    st.markdown(f"**{i18n.plural(page.total, 'alert')}**")
    if page.rows.empty:
        st.info(_empty_text(q), icon=":material/notifications_off:")
    else:
        _table(actor, q, page, with_profile=len(props["alert.profile"].options) > 1)
    if page.pages > 1:
        chosen = st.pagination(page.pages, default=page.page, key=f"{KEY}_page_{page.page}_{page.pages}")
        if chosen != page.page:
            go(_with(q, page=chosen))
    if q.alert_id is not None:
        _panel(actor, q.alert_id)


def _with(q: al.AlertQuery, **changes) -> al.AlertQuery:  # noqa: ANN003
    return replace(q, **changes)


def _empty_text(q: al.AlertQuery) -> str:
    if q == al.AlertQuery():
        return "No active alerts: no customer's health status has changed in the last 14 days."
    return "No alerts match these filters."


def _filter_bar(q: al.AlertQuery, props: dict, users: dict) -> None:
    # Keys carry the value shown, so a link that changes the URL redraws the widgets from it.
    obj, stage, created, adv = st.columns([2, 5, 2, 2.6], vertical_alignment="bottom")
    objects = dict(alerts.OBJECTS)
    picked_obj = obj.selectbox(
        "Object", list(objects), format_func=objects.get, key=f"{KEY}_object_{q.object_type}", index=0
    )
    stages = stage.multiselect(
        "Alert stage",
        list(alerts.STAGE_LABELS),
        default=list(q.stages),
        format_func=alerts.STAGE_LABELS.get,
        key=f"{KEY}_stage_{'-'.join(q.stages) or 'all'}",
        placeholder="Any stage",
    )
    choices = al.CREATED_CHOICES
    picked_created = created.selectbox(
        "Create date",
        list(choices),
        index=list(choices).index(q.created),
        format_func=lambda k: choices[k][0],
        key=f"{KEY}_created_{q.created}",
    )
    ordered = tuple(s for s in alerts.STAGE_LABELS if s in stages)
    if (picked_obj, ordered, picked_created) != (q.object_type, q.stages, q.created):
        go(_with(q, object_type=picked_obj, stages=ordered, created=picked_created, page=1, alert_id=None))
    n = count_conditions(q.advanced)
    with adv.popover(f"Advanced ({n})" if n else "Advanced", icon=":material/filter_list:", width="stretch"):
        st.markdown("**Advanced filters**")
        st.caption("On the alert (profile, direction, statuses) and on any property of its customer.")
        result = filter_builder.render(f"{KEY}_adv", q.advanced, props, users)
        if result is not False:
            filter_builder.reset(f"{KEY}_adv")
            go(_with(q, advanced=result, page=1, alert_id=None))


def _stage_text(row, actor: Actor) -> str:  # noqa: ANN001
    text = alerts.STAGE_LABELS.get(row.stage_now, row.stage_now)
    until = row.snoozed_until
    if row.stage_now == "snoozed" and until is not None and not pd.isna(until):
        text += (
            f" until {i18n.day(until.to_pydatetime().astimezone(i18n.zone(actor.time_zone)).date(), actor.language)}"
        )
    return text


def display_frame(rows: pd.DataFrame, actor: Actor) -> pd.DataFrame:
    """The page's rows as the grid shows them (category labels with a dot, stage words)."""
    return pd.DataFrame(
        {
            "id": rows["id"].astype("int64"),
            "customer": rows["customer"],
            "from": [f"{DOT} {alerts.label(c)}" if c else "—" for c in rows["old_category"]],
            "to": [f"{DOT} {alerts.label(c)}" for c in rows["new_category"]],
            "score": rows["score_change"],
            "profile": rows["profile"].fillna("—"),
            "stage": [_stage_text(r, actor) for r in rows.itertuples()],
            "raised": rows["raised_at"],
            "expires": rows["expires_at"],
        }
    )


def _colour(value: object) -> str:
    for key, colour in CATEGORY_COLORS.items():
        if value == f"{DOT} {alerts.label(key)}":
            return f"color: {colour}; font-weight: 600"
    return ""


def _table(actor: Actor, q: al.AlertQuery, page: Page, *, with_profile: bool) -> None:
    df = display_frame(page.rows, actor)
    ids = [int(i) for i in df["id"]]
    sort_key, direction = q.sort
    columns = [c for c in COLUMNS if with_profile or c != "profile"]
    config: dict = {"id": None}
    for name in columns:
        label = COLUMNS[name] + ((" ↑" if direction == "asc" else " ↓") if name == sort_key else "")
        if name in ("raised", "expires"):
            fmt = "MMM D, YYYY, HH:mm" if name == "raised" else "MMM D, YYYY"
            config[name] = st.column_config.DatetimeColumn(
                label, format=fmt, timezone=actor.time_zone, width=150 if name == "raised" else 105
            )
        else:
            config[name] = st.column_config.TextColumn(label, width=WIDTHS.get(name))
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
    st.caption("Click an alert to see its details; click Customer or Raised to sort by it.")
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


# --- the side panel -----------------------------------------------------------------------


def _panel(actor: Actor, alert_id: int) -> None:
    def closed() -> None:
        st.query_params.pop("alert", None)

    @st.dialog("Alert", width="large", on_dismiss=closed)
    def dialog() -> None:
        render_alert_panel(actor, alert_id)

    dialog()


def render_alert_panel(actor: Actor, alert_id: int) -> None:
    """One alert: customer, profile, change, dates, what moved the score, and its actions."""
    now = utcnow()
    try:
        with session.reading() as s:
            d = alerts.alert_detail(s, actor, alert_id, now=now)
    except CsError as exc:
        st.warning(md(str(exc)), icon=":material/info:")
        return
    prefix = f"alert_panel:{d.id}:"
    version = drawn_version(f"{prefix}version", d.version)
    st.markdown(f"### {md_link(d.customer, record_url(d.object_type, d.object_id))}")
    arrow = ":material/trending_down:" if d.direction == "down" else ":material/trending_up:"
    st.html(
        f'<div style="display:flex;gap:.5rem;align-items:center;font-size:1rem">'
        f"{category_badge(d.old_category)} <b>{html.escape(alerts.score_text(d.old_score))}</b>"
        f'<span style="opacity:.6">→</span>'
        f"{category_badge(d.new_category)} <b>{html.escape(alerts.score_text(d.new_score))}</b></div>"
    )
    tz, lang = actor.time_zone, actor.language
    stage = alerts.STAGE_LABELS.get(d.stage, d.stage)
    st.markdown(
        f"{arrow} **{stage}** · Score profile **{md(d.profile)}**  \n"
        f":gray[Raised {moment(d.raised_at, lang, tz)} ({alerts.ago(d.raised_at, now)}) · "
        + (
            f"expired {moment(d.expires_at, lang, tz)}]"
            if d.stage == "expired"
            else f"expires {moment(d.expires_at, lang, tz)} ({alerts.expires_in(d.expires_at, now)})]"
        )
    )
    if d.stage == "snoozed" and d.snoozed_until:
        when = moment(d.snoozed_until, lang, tz)
        st.info(f"Snoozed until {when}: {md(d.snooze_reason or '')}", icon=":material/snooze:")
    if d.stage == "resolved" and d.resolved_at:
        st.caption(f"Resolved {moment(d.resolved_at, lang, tz)}" + (f" by {md(d.updated_by)}" if d.updated_by else ""))
    if d.stage == "expired":
        st.info(
            "This alert has expired: it is kept as history and can no longer be changed.", icon=":material/history:"
        )
    _changes(d.changes)
    if d.task:
        st.markdown(f":material/task_alt: Follow-up task: {md_link(d.task.title, tasks_url(d.task.id))}")
    if d.stage != "expired":
        _actions(actor, d, prefix, version, now)


def _changes(changes: list[dict]) -> None:
    st.markdown("**What moved the score**")
    if not changes:
        st.caption("No breakdown was recorded for this change.")
        return
    st.dataframe(
        {
            "Criterion": [str(c.get("label") or c.get("key") or "—") for c in changes],
            "Group": [str(c.get("group") or "—") for c in changes],
            "Points before": [alerts.points_text(c.get("old")) for c in changes],
            "Points after": [alerts.points_text(c.get("new")) for c in changes],
            "Change": [_delta(c.get("old"), c.get("new")) for c in changes],
        },
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(changes), 38 + 35 * 6),
    )


def _delta(old: object, new: object) -> str:
    if not isinstance(new, int | float):
        return "—"
    diff = float(new) - (float(old) if isinstance(old, int | float) else 0.0)
    return ("+" if diff > 0 else "") + alerts.points_text(round(diff, 1))


def _task_done(made: alerts.TaskFromAlert) -> str:
    link = f"[Open it in Actions → Tasks]({tasks_url(made.task_id)})"
    if made.created:
        return Markdown(f"Created the task “{md(made.title)}”. {link}")
    return Markdown(f"This alert already has a task: “{md(made.title)}”. {link}")


def _actions(actor: Actor, d: alerts.AlertDetail, prefix: str, version: int, now) -> None:  # noqa: ANN001
    editable = can_edit_records(actor)
    if not editable:
        st.caption("Handling alerts needs a Service seat.")
    with st.container(horizontal=True, gap="small"):
        if st.button(
            "Create task from alert",
            key=f"{prefix}task",
            type="primary",
            icon=":material/add_task:",
            disabled=not editable,
        ):
            run_write(lambda s: alerts.create_task_from_alert(s, actor, d.id), success=_task_done, clear=(prefix,))
        if st.button(
            "Acknowledge",
            key=f"{prefix}ack",
            icon=":material/done:",
            disabled=not editable or d.stage == "acknowledged",
        ):
            run_write(
                lambda s: alerts.acknowledge(s, actor, d.id, expected_version=version),
                form=prefix,
                success="Alert acknowledged.",
                clear=(prefix,),
            )
        if st.button(
            "Resolve",
            key=f"{prefix}resolve",
            icon=":material/check_circle:",
            disabled=not editable or d.stage == "resolved",
        ):
            run_write(
                lambda s: alerts.resolve(s, actor, d.id, expected_version=version),
                form=prefix,
                success="Alert resolved.",
                clear=(prefix,),
            )
        if st.button(
            "Reopen", key=f"{prefix}reopen", icon=":material/undo:", disabled=not editable or d.stage == "new"
        ):
            run_write(
                lambda s: alerts.reopen(s, actor, d.id, expected_version=version),
                form=prefix,
                success="Alert reopened: it is new again.",
                clear=(prefix,),
            )
    if d.stage != "resolved" and editable:
        _snooze_form(actor, d, prefix, version, now)
    # A refused stale action: the message and Reload stay until Reload.
    conflict_notice(prefix, f"{prefix}reload")


def _snooze_form(actor: Actor, d: alerts.AlertDetail, prefix: str, version: int, now) -> None:  # noqa: ANN001
    k = form_keys(prefix)  # renewed by Reload, so the form is drawn afresh
    today = i18n.today_in(actor.time_zone, now)
    last = d.expires_at.astimezone(i18n.zone(actor.time_zone)).date()
    with st.expander("Snooze", icon=":material/snooze:", expanded=st.session_state.get(f"{prefix}snoozing", False)):
        with st.form(f"{prefix}snooze_form", border=False, enter_to_submit=False):
            st.caption("Hide the alert from the Overview until a day (it stays listed here).")
            default = min(today + timedelta(days=3), last)
            until = st.date_input(
                f"Snooze until ({actor.time_zone})",
                value=default if default > today else None,
                min_value=today + timedelta(days=1),
                max_value=max(last, today + timedelta(days=1)),
                key=f"{k}until",
                format="YYYY-MM-DD",
            )
            reason = st.text_area(
                "Reason", key=f"{k}reason", max_chars=alerts.MAX_REASON, height=80, placeholder="Why wait?"
            )
            go_snooze = st.form_submit_button("Snooze", type="primary")
    if go_snooze:
        st.session_state[f"{prefix}snoozing"] = True
        run_write(
            lambda s: alerts.snooze(s, actor, d.id, until=until, reason=reason, expected_version=version),
            success=lambda _: f"Alert snoozed until {i18n.day(until, actor.language)}.",
            clear=(prefix,),
            form=prefix,
        )
