"""The side panel a click on an alert opens (Actions → Alerts, `?alert=12`): customer,
profile, change, dates, what moved the score, and Acknowledge / Snooze / Resolve / Reopen /
"Create task from alert". Widget keys start with `alert_panel:<id>:`."""

from __future__ import annotations

import html
from datetime import timedelta

import streamlit as st

from cslib import alerts, i18n
from cslib.errors import CsError
from cslib.i18n import N_, _, moment
from cslib.models import utcnow
from cslib.permissions import Actor, can_edit_records
from cslib.records import record_url
from cslib.ui import session
from cslib.ui.choices import picker_day
from cslib.ui.health_badge import category_badge
from cslib.ui.md import md, md_link
from cslib.ui.writes import Markdown, conflict_notice, drawn_version, form_keys, run_write


def tasks_url(task_id: int) -> str:
    """Actions → Tasks with the task's panel open."""
    return f"/actions?record={int(task_id)}"


def open_panel(actor: Actor, alert_id: int) -> None:
    def closed() -> None:
        st.query_params.pop("alert", None)

    @st.dialog(_("Alert"), width="large", on_dismiss=closed)
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
    profile = _("Score profile **{profile}**", profile=md(d.profile))
    raised = _("Raised {when} ({ago})", when=moment(d.raised_at, lang, tz), ago=alerts.ago(d.raised_at, now))
    if d.stage == "expired":
        expiry = _("expired {when}", when=moment(d.expires_at, lang, tz))
    else:
        expiry = _(
            "expires {when} ({span})", when=moment(d.expires_at, lang, tz), span=alerts.expires_in(d.expires_at, now)
        )
    header = f"{arrow} **{alerts.stage_label(d.stage)}** · {profile}  \n:gray[{raised} · {expiry}]"
    st.markdown(header)
    if d.stage == "snoozed" and d.snoozed_until:
        when = moment(d.snoozed_until, lang, tz)
        st.info(
            _("Snoozed until {when}: {reason}", when=when, reason=md(d.snooze_reason or "")), icon=":material/snooze:"
        )
    if d.stage == "resolved" and d.resolved_at:
        when = moment(d.resolved_at, lang, tz)
        if d.updated_by:
            st.caption(_("Resolved {when} by {user}", when=when, user=md(d.updated_by)))
        else:
            st.caption(_("Resolved {when}", when=when))
    if d.stage == "expired":
        st.info(
            _("This alert has expired: it is kept as history and can no longer be changed."),
            icon=":material/history:",
        )
    _changes(d.changes)
    if d.task:
        link = md_link(d.task.title, tasks_url(d.task.id))
        st.markdown(":material/task_alt: " + _("Follow-up task: {task}", task=link))
    if d.stage != "expired":
        _actions(actor, d, prefix, version, now)


def _changes(changes: list[dict]) -> None:
    st.markdown("**" + _("What moved the score") + "**")
    if not changes:
        st.caption(_("No breakdown was recorded for this change."))
        return
    st.dataframe(
        {
            "criterion": [str(c.get("label") or c.get("key") or "—") for c in changes],
            "group": [str(c.get("group") or "—") for c in changes],
            "before": [alerts.points_text(c.get("old")) for c in changes],
            "after": [alerts.points_text(c.get("new")) for c in changes],
            "change": [_delta(c.get("old"), c.get("new")) for c in changes],
        },
        column_config={
            "criterion": st.column_config.TextColumn(_("Criterion")),
            "group": st.column_config.TextColumn(_("Group")),
            "before": st.column_config.TextColumn(_("Points before")),
            "after": st.column_config.TextColumn(_("Points after")),
            "change": st.column_config.TextColumn(_("Change")),
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
    link = "[" + _("Open it in Actions → Tasks") + f"]({tasks_url(made.task_id)})"
    if made.created:
        return Markdown(_("Created the task “{title}”. {link}", title=md(made.title), link=link))
    return Markdown(_("This alert already has a task: “{title}”. {link}", title=md(made.title), link=link))


# (key, label, icon, the stage it leads to (disabled while there), action, success message);
# labels and messages are English constants, translated where shown.
_STAGE_ACTIONS = (
    ("ack", N_("Acknowledge"), ":material/done:", "acknowledged", alerts.acknowledge, N_("Alert acknowledged.")),
    ("resolve", N_("Resolve"), ":material/check_circle:", "resolved", alerts.resolve, N_("Alert resolved.")),
    ("reopen", N_("Reopen"), ":material/undo:", "new", alerts.reopen, N_("Alert reopened: it is new again.")),
)


def _actions(actor: Actor, d: alerts.AlertDetail, prefix: str, version: int, now) -> None:  # noqa: ANN001
    editable = can_edit_records(actor)
    if not editable:
        st.caption(_("Handling alerts needs a Service seat."))
    with st.container(horizontal=True, gap="small"):
        if st.button(
            _("Create task from alert"),
            key=f"{prefix}task",
            type="primary",
            icon=":material/add_task:",
            disabled=not editable,
        ):
            run_write(lambda s: alerts.create_task_from_alert(s, actor, d.id), success=_task_done, clear=(prefix,))
        for key, label, icon, leads_to, action, success in _STAGE_ACTIONS:
            if st.button(_(label), key=f"{prefix}{key}", icon=icon, disabled=not editable or d.stage == leads_to):
                run_write(
                    lambda s, act=action: act(s, actor, d.id, expected_version=version),
                    form=prefix,
                    success=_(success),
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
    snoozing = st.session_state.get(f"{prefix}snoozing", False)
    with st.expander(_("Snooze"), icon=":material/snooze:", expanded=snoozing, key=f"{prefix}snooze_menu"):
        with st.form(f"{prefix}snooze_form", border=False, enter_to_submit=False):
            st.caption(_("Hide the alert from the Overview until a day (it stays listed here)."))
            default = min(today + timedelta(days=3), last)
            until = st.date_input(
                _("Snooze until ({time_zone})", time_zone=actor.time_zone),
                value=default if default > today else None,
                min_value=today + timedelta(days=1),
                max_value=max(last, today + timedelta(days=1)),
                key=f"{k}until",
                format=picker_day(),
            )
            reason = st.text_area(
                _("Reason"), key=f"{k}reason", max_chars=alerts.MAX_REASON, height=80, placeholder=_("Why wait?")
            )
            go_snooze = st.form_submit_button(_("Snooze"), type="primary", key=f"{prefix}snooze_submit")
    if go_snooze:
        st.session_state[f"{prefix}snoozing"] = True
        run_write(
            lambda s: alerts.snooze(s, actor, d.id, until=until, reason=reason, expected_version=version),
            success=lambda _result: _("Alert snoozed until {day}.", day=i18n.day(until, actor.language)),
            clear=(prefix,),
            form=prefix,
        )
