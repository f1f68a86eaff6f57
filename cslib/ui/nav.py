"""The page list, built per user: only tabs the user may open show in the menu; a
forbidden page opened by URL shows a clear "no access" message (guard)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

import streamlit as st

from cslib import i18n, users
from cslib import permissions as perm
from cslib.i18n import N_, _
from cslib.permissions import Actor
from cslib.ui import session
from cslib.ui.md import md
from cslib.ui.signin import render_sign_in

ACTOR_KEY = "_actor"
# The url path of the page this run draws, and of the one the run before drew.
PAGE_KEY, PREVIOUS_PAGE_KEY = "_nav_page", "_nav_previous_page"
# Menu sections; page titles and sections are translated when the menu is built, while
# url paths stay English, so a link works in every language.
WORKSPACE = N_("Workspace")
ADMIN = N_("Admin")


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
    PageSpec("overview", N_("Overview"), ":material/dashboard:", "overview", WORKSPACE, _tab("overview")),
    PageSpec(
        "customers",
        N_("Customers"),
        ":material/domain:",
        "customers",
        WORKSPACE,
        _tab("customers"),
        "pages/customers.py",
    ),
    PageSpec(
        "projects",
        N_("Projects"),
        ":material/view_kanban:",
        "projects",
        WORKSPACE,
        _tab("projects"),
        "pages/projects.py",
    ),
    PageSpec(
        "revenue",
        N_("Revenue"),
        ":material/payments:",
        "revenue",
        WORKSPACE,
        _tab("revenue"),
        "pages/revenue.py",
    ),
    PageSpec(
        "actions", N_("Actions"), ":material/task_alt:", "actions", WORKSPACE, _tab("actions"), "pages/actions.py"
    ),
    PageSpec(
        "schedule",
        N_("Schedule"),
        ":material/calendar_month:",
        "schedule",
        WORKSPACE,
        _tab("schedule"),
        "pages/schedule.py",
    ),
    PageSpec("feed", N_("Feed"), ":material/dynamic_feed:", "feed", WORKSPACE, _tab("feed"), "pages/feed.py"),
    PageSpec(
        "dashboards",
        N_("Dashboards"),
        ":material/space_dashboard:",
        "dashboards",
        WORKSPACE,
        _tab("dashboards"),
        "pages/dashboards.py",
    ),
    PageSpec(
        "exports", N_("Exports"), ":material/download:", "exports", WORKSPACE, perm.can_export, "pages/exports.py"
    ),
    PageSpec(
        "settings",
        N_("Settings"),
        ":material/settings:",
        "settings",
        ADMIN,
        # Users with the Import permission see the page with its Import section only.
        lambda a: perm.can_manage_settings(a) or perm.can_import(a),
        "pages/settings.py",
    ),
    PageSpec(
        "record", N_("Record"), ":material/article:", "record", WORKSPACE, perm.has_full_use, "pages/record.py", True
    ),
    PageSpec(
        "report",
        N_("Report builder"),
        ":material/add_chart:",
        "report",
        WORKSPACE,
        perm.can_add_reports,
        "pages/report.py",
        True,
    ),
)
PAGE_BY_KEY = {p.key: p for p in PAGES}


def page_title(key: str) -> str:
    """A page's title in the reader's language; the projects tab takes the label of the
    object the workspace uses for projects (Projects, Services, Tickets, a custom object)."""
    if key == "projects":
        with session.reading() as s:
            label = users.projects_tab_label(s)
        if label:
            return label
    return _(PAGE_BY_KEY[key].title)


def _target(spec: PageSpec, overview: Callable[[], None]):  # noqa: ANN202
    return spec.script or overview


def build(actor: Actor | None, overview: Callable[[], None]):  # noqa: ANN201
    """The st.navigation for this run. Signed out: every URL shows the sign-in form and
    returns to that URL afterwards."""
    if actor is None:
        pages = [
            st.Page(
                partial(render_sign_in, next_path=f"/{p.url_path}" if i else "/"),
                title=_("Sign in"),
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
            title=page_title(spec.key),
            icon=spec.icon,
            url_path=spec.url_path,
            default=i == 0,
            visibility="visible" if visible and not spec.hidden else "hidden",
        )
        sections.setdefault(_(spec.section), []).append(page)
    current = st.navigation(sections, position="sidebar")
    st.session_state[PREVIOUS_PAGE_KEY] = st.session_state.get(PAGE_KEY)
    st.session_state[PAGE_KEY] = current.url_path
    return current


def just_arrived(key: str) -> bool:
    """True on the first run of page `key` after another page (or none) was shown: a tab
    that keeps what it loaded for the session reads it afresh then. A page run on its own
    (as in tests), without the navigation, never "arrives"."""
    if PAGE_KEY not in st.session_state:
        return False
    return st.session_state.get(PREVIOUS_PAGE_KEY) != PAGE_BY_KEY[key].url_path


def guard(key: str) -> Actor:
    """The signed-in user, if they may open page `key`; otherwise a clear message and stop."""
    actor = st.session_state.get(ACTOR_KEY) or session.current_actor()
    if actor is not None:
        i18n.set_for_run(actor.language)
    spec = PAGE_BY_KEY[key]
    if actor is None:
        render_sign_in(next_path=f"/{spec.url_path}")
        st.stop()
    if not spec.allowed(actor):
        st.error(
            _(
                "**No access.** Your account ({email}) cannot open {page}. Ask a super admin if you need it.",
                email=md(actor.email),
                page=md(page_title(key)),
            )
        )
        st.markdown(_("[Go to the Overview](/)"))
        st.stop()
    return actor
