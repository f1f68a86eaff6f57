"""Every page in Danish and Polish on the demo workspace: it draws without an exception, and
none of the app's common English labels is left on it. The demo is the small data set the
app loads on first start, so every card, list and chart has content to label."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from streamlit.testing.v1 import AppTest

from cslib import users
from cslib.config import PROJECT_ROOT
from cslib.db import read_session, write_session
from cslib.demo import DEMO_PASSWORD, seed_demo
from cslib.models import Company, Contact, Pipeline, Record, Task, User
from cslib.ui.session import TOKEN_KEY

ADMIN = "admin@demo.example"
PAGES = {
    "overview": ("Home.py", {}),
    "customers": ("pages/customers.py", {}),
    "tasks": ("pages/actions.py", {}),
    "alerts": ("pages/actions.py", {"tab": "alerts"}),
    "schedule": ("pages/schedule.py", {}),
    "feed": ("pages/feed.py", {}),
    "feed of a csm": ("pages/feed.py", {}),
    "contact record": ("pages/record.py", {"type": "contact"}),
    "exports": ("pages/exports.py", {}),
    "record": ("pages/record.py", {"type": "company"}),
    "settings": ("pages/settings.py", {}),
    "revenue": ("pages/revenue.py", {}),
    "revenue board": ("pages/revenue.py", {"layout": "board"}),
    "projects board": ("pages/projects.py", {"layout": "board"}),
    "deal record": ("pages/record.py", {"type": "deal"}),
    "dashboards": ("pages/dashboards.py", {}),
    "report builder": ("pages/report.py", {}),
    "library report in the builder": ("pages/report.py", {"id": "1"}),
}
# Labels the app shows on many pages; in Danish or Polish none of them may remain English.
# (Words Danish shares with English, such as "Pipelines" and "Status", are left out.)
COMMON = (
    "Sign out", "Language", "Overview", "Customers", "Actions", "Schedule", "Settings", "Save", "Reload",
    "Cancel", "Delete", "Create task", "Create view", "Owned by me", "Due today", "Overdue", "Due date",
    "Create date", "Last activity date", "Company name", "Lifecycle stage", "Health score", "Health status",
    "At risk", "Healthy", "Renewals", "Advanced filters", "Columns", "Today", "Week", "Month", "Priority",
    "Not started", "Completed", "Assigned to", "No results", "Workspace", "Users & teams",
    "Custom objects", "Alerts", "Tasks", "Associated record", "Annual recurring revenue",
    "Renewal date", "Company owner", "Activity", "Notes", "Show more", "Filters",
    "Projects", "Revenue", "Deal owner", "Owner", "My deals", "My projects", "Board", "Table", "Amount",
    "Close date", "Deal name", "Move to stage", "Entered", "Conversion", "Weighted", "Stage",
    "Reporting", "Add report", "View data", "Date range", "Group by", "Measure", "Chart", "Report name",
    "Number of customers", "Edit dashboard", "Create dashboard",
)  # fmt: skip
WORDS = re.compile(r"\b(" + "|".join(re.escape(w) for w in COMMON) + r")\b")


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    """The small demo workspace (read-only for these tests), shared by every page run."""
    import streamlit as st

    from cslib.bootstrap import shared_engine
    from cslib.config import get_settings
    from cslib.db import make_engine, upgrade

    path = tmp_path_factory.mktemp("languages") / "app.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    seed_demo(engine, now=datetime.now(UTC))
    mp = pytest.MonkeyPatch()
    mp.setenv("DATABASE_URL", f"sqlite:///{path}")
    mp.setenv("CS_DEMO_DATA", "false")
    get_settings.cache_clear()
    shared_engine.cache_clear()
    st.cache_resource.clear()
    yield engine
    mp.undo()
    get_settings.cache_clear()
    shared_engine.cache_clear()
    st.cache_resource.clear()


def _texts(at: AppTest) -> list[str]:
    """What a person reads: headings, text, captions, alerts, and the labels of buttons,
    inputs, tabs, metrics and expanders."""
    out: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        out += [str(e.value) for e in getattr(at, kind)]
    for kind in ("button", "selectbox", "multiselect", "text_input", "radio", "checkbox", "toggle", "date_input"):
        out += [str(e.label) for e in getattr(at, kind)]
    out += [str(t.label) for t in at.tabs] + [str(m.label) for m in at.metric] + [str(x.label) for x in at.expander]
    return out


def _run(engine, page: str, language: str) -> AppTest:
    script, params = PAGES[page]
    with write_session(engine) as s:
        token = users.sign_in(s, ADMIN, DEMO_PASSWORD).token
        admin = users.actor_for_token(s, token)
        users.set_own_language(s, admin, language)
    at = AppTest.from_file(str(PROJECT_ROOT / script), default_timeout=60)
    at.session_state[TOKEN_KEY] = token
    for key, value in params.items():
        at.query_params[key] = value
    if page == "record":
        with read_session(engine) as s:
            at.query_params["id"] = str(s.query(Company.id).order_by(Company.id).first()[0])
    if page == "feed of a csm":  # an admin viewing a CSM's feed: the CSM owns companies
        with read_session(engine) as s:
            at.query_params["user"] = str(s.query(User.id).filter(User.email == "csm1@demo.example").scalar())
    if page == "contact record":
        with read_session(engine) as s:
            at.query_params["id"] = str(s.query(Contact.id).order_by(Contact.id).first()[0])
    if page == "deal record":
        with read_session(engine) as s:
            # A Sales deal: the demo's "Renewals pipeline" is a name an admin typed, not a label.
            sales = s.query(Pipeline.id).filter(Pipeline.name == "Sales pipeline").scalar()
            at.query_params["id"] = str(s.query(Record.id).filter(Record.pipeline_id == sales).first()[0])
    return at.run()


@pytest.mark.parametrize("language", ["da", "pl"])
@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_reads_in_the_language_without_english_left(demo, page, language):
    at = _run(demo, page, language)
    assert not at.exception, at.exception
    texts = _texts(at)
    assert texts, "the page drew nothing"
    english = sorted({m for t in texts for m in WORDS.findall(t)})
    assert english == []


def test_the_demo_has_something_on_every_page(demo):
    with read_session(demo) as s:
        assert s.query(Company).count() > 50 and s.query(Task).count() > 50


def test_the_check_sees_english_on_an_english_page(demo):
    """The same look at the page in English finds the labels, so an empty list above means
    they were translated, not missed."""
    at = _run(demo, "customers", "en")
    assert {"Customers", "Owned by me", "Advanced filters"} <= {m for t in _texts(at) for m in WORDS.findall(t)}
