"""Settings › Health scores: the list of score profiles (switch on/off, clone, delete) and
the profile editor (segment, thresholds, groups of criteria) with a live preview of the
scores the unsaved profile would give.

Editing state lives in `st.session_state` under `hs_` keys: the profile being edited in
`hs_draft` (plain values, so nothing is lost on a refused save or a page switch), widget
values under `hs_w_`/`hs_g_`/`hs_c_` keys named after the stable group and criterion keys.

Modules: state (session keys, the draft, after a save), profiles_list, editor (the form
and its save bar), criteria (groups and criteria blocks), preview.
"""

from __future__ import annotations

import streamlit as st

from cslib.permissions import Actor
from cslib.ui.health.editor import render_editor
from cslib.ui.health.profiles_list import render_list
from cslib.ui.health.state import EDIT_KEY


def render(actor: Actor) -> None:
    if st.session_state.get(EDIT_KEY) is None:
        render_list(actor)
    else:
        render_editor(actor)
