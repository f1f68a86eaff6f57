"""Settings › Health scores: the editing state shared by the list and the editor (session keys, the
draft being edited, opening and closing it) and what runs after a save."""

from __future__ import annotations

import copy
import logging

import streamlit as st

from cslib import health
from cslib.errors import CsError
from cslib.filters import describe
from cslib.i18n import _
from cslib.ui import session
from cslib.ui.writes import forget

log = logging.getLogger(__name__)

EDIT_KEY = "hs_edit"  # None (the list), "new" or a profile id
DRAFT_KEY = "hs_draft"
PREVIEW_KEY = "hs_preview"
CONFLICT_KEY = "hs_w_conflict"
WIDGETS = ("hs_w_", "hs_g_", "hs_c_", "hs_cond_", "hs_seg", PREVIEW_KEY)


def user_names(s) -> dict[int, str]:  # noqa: ANN001
    from cslib.users import active_users

    return dict(active_users(s))


def draft_of(p: health.Profile) -> dict:
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


def open_draft(draft: dict) -> None:
    forget(*WIDGETS)
    st.session_state[DRAFT_KEY] = draft
    st.session_state[EDIT_KEY] = draft["id"] or "new"
    st.rerun()


def close_draft() -> None:
    forget(*WIDGETS, DRAFT_KEY)
    st.session_state[EDIT_KEY] = None


def done_text(done: str, name: str) -> str:
    """What a save did to profile `name`: `done` is "saved", "on" or "off"."""
    if done == "on":
        return _("Switched on “{name}”.", name=name)
    if done == "off":
        return _("Switched off “{name}”.", name=name)
    return _("Saved “{name}”.", name=name)


def after_save(p: health.Profile, done: str) -> str:
    """Runs after the commit: rescore (or clear) the profile's customers and say so."""
    sentence = ""
    try:
        with st.spinner(_("Scoring customers…")):
            sentence = health.after_profile_saved(session.get_engine(), p.id)
    except Exception:  # the save stands; the hourly recompute catches up
        log.exception("scoring after saving health profile %s failed", p.id)
        sentence = _("Its scores will be computed within the hour.")
    return f"{done_text(done, p.name)} {sentence}".strip()


def filter_text(segment: dict | None, props: dict, users: dict) -> str:
    if not segment:
        return _("all companies")
    try:
        return describe(segment, props, users)
    except CsError as exc:
        return _("a segment that is no longer valid ({problem})", problem=str(exc))
