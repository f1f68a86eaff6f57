"""The record panel's Actions menu: follow/unfollow, view property history, merge (companies),
and the inline sections those open. Inline (not st.dialog) so the panel also works inside
a page that shows it in a dialog of its own."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cslib import activities
from cslib.i18n import _, pgettext
from cslib.permissions import Actor, can_edit_records
from cslib.records import Snapshot, merge_candidates, merge_companies
from cslib.ui import session
from cslib.ui.md import md
from cslib.ui.record.about import Context, history_table
from cslib.ui.writes import run_write

MERGEABLE = ("company",)


def mode_key(key: str) -> str:
    return f"{key}:mode"


def _set_mode(key: str, mode: str | None) -> None:
    st.session_state[mode_key(key)] = mode


def render_actions(actor: Actor, object_type: str, record_id: int, name: str, *, key: str, following: bool) -> None:
    """The "Actions" drop-down."""
    can_edit = can_edit_records(actor)
    with st.popover(pgettext("record menu", "Actions"), key=f"{key}:actions"):
        if following:
            if st.button(_("Unfollow"), icon=":material/notifications_off:", key=f"{key}:unfollow", width="stretch"):
                run_write(
                    lambda s: activities.unfollow(s, actor, object_type, record_id),
                    success=_("You no longer follow {name}.", name=name),
                )
        elif st.button(
            _("Follow"), icon=":material/notifications:", key=f"{key}:follow", width="stretch", disabled=not can_edit
        ):
            run_write(
                lambda s: activities.follow(s, actor, object_type, record_id),
                success=_("You now follow {name}: its activities show in your Feed.", name=name),
            )
        st.button(
            _("View property history"),
            icon=":material/history:",
            key=f"{key}:show_history",
            width="stretch",
            on_click=_set_mode,
            args=(key, "history"),
        )
        if object_type in MERGEABLE:
            st.button(
                _("Merge"),
                icon=":material/merge:",
                key=f"{key}:show_merge",
                width="stretch",
                disabled=not can_edit,
                on_click=_set_mode,
                args=(key, "merge"),
                help=_("Merge this record with another one: one of the two stays."),
            )


def render_mode(actor: Actor, current: Snapshot, ctx: Context, name: str, *, key: str) -> None:
    """The section an action opened (property history or merge), with a Close button."""
    mode = st.session_state.get(mode_key(key))
    if mode not in ("history", "merge"):
        return
    with st.container(border=True):
        head, close = st.columns([5, 1], vertical_alignment="center")
        title = _("Property history") if mode == "history" else _("Merge {name} with another company", name=md(name))
        head.markdown(f"**{title}**")
        close.button(_("Close"), key=f"{key}:close_mode", on_click=_set_mode, args=(key, None), width="stretch")
        if mode == "history":
            history_table(actor, current, ctx)
        else:
            _render_merge(actor, current.id, name, key=key)


def _text(value: object, empty: str) -> str:
    return value if isinstance(value, str) and value.strip() else empty


def _render_merge(actor: Actor, record_id: int, name: str, *, key: str) -> None:
    prefix = f"{key}:merge:"
    search = st.text_input(_("Search companies"), key=f"{prefix}q", placeholder=_("Name or domain"), max_chars=200)
    with session.reading() as s:
        found: pd.DataFrame = merge_candidates(s, actor, exclude_id=record_id, search=search, limit=20)
    if found.empty:
        st.caption(_("No other company matches this search."))
        return
    names = {int(r.id): _text(r.name, _("(no name)")) for r in found.itertuples(index=False)}
    no_domain, no_owner = _("no domain"), _("no owner")
    labels = {
        int(r.id): f"{md(names[int(r.id)])} · {md(_text(r.domain, no_domain))} · {md(_text(r.owner, no_owner))}"
        for r in found.itertuples(index=False)
    }
    pick = st.radio(_("Merge with"), list(labels), format_func=labels.get, index=None, key=f"{prefix}pick")
    if pick is None:
        st.caption(_("Pick the company to merge with."))
        return
    names[record_id] = name
    keep = st.radio(
        _("Which company stays?"),
        [record_id, pick],
        format_func=lambda i: md(names[i]),
        key=f"{prefix}keep:{pick}",
        horizontal=True,
    )
    gone = pick if keep == record_id else record_id
    kept_name, gone_name = names[keep], names[gone]
    st.warning(
        _(
            "Merge {merged} into {kept}? {merged}'s activities, tasks, associations and history move to "
            "{kept}; {merged} disappears from lists.",
            merged=md(gone_name),
            kept=md(kept_name),
        ),
        icon=":material/warning:",
    )
    if st.button(_("Merge"), type="primary", key=f"{prefix}go", icon=":material/merge:"):
        run_write(
            lambda s: merge_companies(s, actor, keep_id=keep, merge_id=gone),
            success=_("Merged {merged} into {kept}.", merged=gone_name, kept=kept_name),
            clear=(prefix, mode_key(key)),
        )
