"""The record panel's Actions menu: follow/unfollow, view property history, merge (companies),
and the inline sections those open. Inline (not st.dialog) so the panel also works inside
a page that shows it in a dialog of its own."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cslib import activities
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
    with st.popover("Actions", key=f"{key}:actions"):
        if following:
            if st.button("Unfollow", icon=":material/notifications_off:", key=f"{key}:unfollow", width="stretch"):
                run_write(
                    lambda s: activities.unfollow(s, actor, object_type, record_id),
                    success=f"You no longer follow {name}.",
                )
        elif st.button(
            "Follow", icon=":material/notifications:", key=f"{key}:follow", width="stretch", disabled=not can_edit
        ):
            run_write(
                lambda s: activities.follow(s, actor, object_type, record_id),
                success=f"You now follow {name}: its activities show in your Feed.",
            )
        st.button(
            "View property history",
            icon=":material/history:",
            key=f"{key}:show_history",
            width="stretch",
            on_click=_set_mode,
            args=(key, "history"),
        )
        if object_type in MERGEABLE:
            st.button(
                "Merge",
                icon=":material/merge:",
                key=f"{key}:show_merge",
                width="stretch",
                disabled=not can_edit,
                on_click=_set_mode,
                args=(key, "merge"),
                help="Merge this record with another one: one of the two stays.",
            )


def render_mode(actor: Actor, current: Snapshot, ctx: Context, name: str, *, key: str) -> None:
    """The section an action opened (property history or merge), with a Close button."""
    mode = st.session_state.get(mode_key(key))
    if mode not in ("history", "merge"):
        return
    with st.container(border=True):
        head, close = st.columns([5, 1], vertical_alignment="center")
        head.markdown("**Property history**" if mode == "history" else f"**Merge {md(name)} with another company**")
        close.button("Close", key=f"{key}:close_mode", on_click=_set_mode, args=(key, None), width="stretch")
        if mode == "history":
            history_table(actor, current, ctx)
        else:
            _render_merge(actor, current.id, name, key=key)


def _text(value: object, empty: str) -> str:
    return value if isinstance(value, str) and value.strip() else empty


def _render_merge(actor: Actor, record_id: int, name: str, *, key: str) -> None:
    prefix = f"{key}:merge:"
    search = st.text_input("Search companies", key=f"{prefix}q", placeholder="Name or domain", max_chars=200)
    with session.reading() as s:
        found: pd.DataFrame = merge_candidates(s, actor, exclude_id=record_id, search=search, limit=20)
    if found.empty:
        st.caption("No other company matches this search.")
        return
    names = {int(r.id): _text(r.name, "(no name)") for r in found.itertuples(index=False)}
    labels = {
        int(r.id): f"{md(names[int(r.id)])} · {md(_text(r.domain, 'no domain'))} · {md(_text(r.owner, 'no owner'))}"
        for r in found.itertuples(index=False)
    }
    pick = st.radio("Merge with", list(labels), format_func=labels.get, index=None, key=f"{prefix}pick")
    if pick is None:
        st.caption("Pick the company to merge with.")
        return
    names[record_id] = name
    keep = st.radio(
        "Which company stays?",
        [record_id, pick],
        format_func=lambda i: md(names[i]),
        key=f"{prefix}keep:{pick}",
        horizontal=True,
    )
    gone = pick if keep == record_id else record_id
    kept_name, gone_name = names[keep], names[gone]
    st.warning(
        f"Merge {md(gone_name)} into {md(kept_name)}? {md(gone_name)}'s activities, tasks, associations and "
        f"history move to {md(kept_name)}; {md(gone_name)} disappears from lists.",
        icon=":material/warning:",
    )
    if st.button("Merge", type="primary", key=f"{prefix}go", icon=":material/merge:"):
        run_write(
            lambda s: merge_companies(s, actor, keep_id=keep, merge_id=gone),
            success=f"Merged {gone_name} into {kept_name}.",
            clear=(prefix, mode_key(key)),
        )
