"""The page list, built per user: only tabs the user may open show in the menu; a
forbidden page opened by URL shows a clear "no access" message (guard)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import streamlit as st

from cslib import permissions as perm
from cslib.permissions import Actor
from cslib.ui import session
from cslib.ui.md import md
from cslib.ui.signin import render_sign_in

ACTOR_KEY = "_actor"


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    icon: str
    url_path: str
    section: str
    allowed: Callable[[Actor], bool]
    script: str | None = None
    hidden: bool = False  # reachable by URL (e.g. the record page), never listed in the menu


def _tab(key: str) -> Callable[[Actor], bool]:
    return lambda a: perm.can_open_tab(a, key)


PAGES = (
    PageSpec("overview", "Overview", ":material/dashboard:", "overview", "Workspace", _tab("overview")),
    PageSpec(
        "customers", "Customers", ":material/domain:", "customers", "Workspace", _tab("customers"), "pages/customers.py"
    ),
    PageSpec("actions", "Actions", ":material/task_alt:", "actions", "Workspace", _tab("actions"), "pages/actions.py"),
    PageSpec(
        "schedule",
        "Schedule",
        ":material/calendar_month:",
        "schedule",
        "Workspace",
        _tab("schedule"),
        "pages/schedule.py",
    ),
    PageSpec(
        "settings",
        "Settings",
        ":material/settings:",
        "settings",
        "Admin",
        perm.can_manage_settings,
        "pages/settings.py",
    ),
    PageSpec(
        "record", "Record", ":material/article:", "record", "Workspace", perm.has_full_use, "pages/record.py", True
    ),
)
PAGE_BY_KEY = {p.key: p for p in PAGES}


def _target(spec: PageSpec, overview: Callable[[], None]):  # noqa: ANN202
    return spec.script or overview


def build(actor: Actor | None, overview: Callable[[], None]):  # noqa: ANN201
    """The st.navigation for this run. Signed out: every URL shows the sign-in form and
    returns to that URL afterwards."""
    if actor is None:
        pages = [
            st.Page(
                partial(render_sign_in, next_path=f"/{p.url_path}" if i else "/"),
                title="Sign in",
                url_path=p.url_path,
                default=i == 0,
            )
            for i, p in enumerate(PAGES)
        ]
        return st.navigation(pages, position="hidden")
    st.session_state[ACTOR_KEY] = actor
    sections: dict[str, list] = {}
    for i, spec in enumerate(PAGES):
        visible = spec.allowed(actor)
        page = st.Page(
            _target(spec, overview),
            title=spec.title,
            icon=spec.icon,
            url_path=spec.url_path,
            default=i == 0,
            visibility="visible" if visible and not spec.hidden else "hidden",
        )
        sections.setdefault(spec.section, []).append(page)
    return st.navigation(sections, position="sidebar")


def guard(key: str) -> Actor:
    """The signed-in user, if they may open page `key`; otherwise a clear message and stop."""
    actor = st.session_state.get(ACTOR_KEY) or session.current_actor()
    spec = PAGE_BY_KEY[key]
    if actor is None:
        render_sign_in(next_path=f"/{spec.url_path}")
        st.stop()
    if not spec.allowed(actor):
        st.error(
            f"**No access.** Your account ({md(actor.email)}) cannot open {spec.title}. "
            "Ask a super admin if you need it."
        )
        st.markdown("[Go to the Overview](/)")
        st.stop()
    return actor
