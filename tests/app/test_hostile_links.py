"""Hostile link values on every page that reads a number from its link: each is refused with
a clear note and the page still draws (no Streamlit error box). See tests/HOSTILE_INPUTS.md."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from cslib.bootstrap import prepare
from cslib.config import PROJECT_ROOT, get_settings
from cslib.db import write_session
from cslib.models import Task, WorkspaceSettings, utcnow
from cslib.ui.md import md
from tests.app.signed_in import live_markup, plain, run_as
from tests.factories import make_alert, make_company, make_health_profile, make_user

HOSTILE = {"superscript": "²", "5000 digits": "9" * 5000, "negative": "-1", "space": " 7", "hex": "0x10"}
PAGES = {
    "customers page": ("customers.py", {}, "page", "The link's page number"),
    "customers view": ("customers.py", {}, "view", "The link's view"),
    "tasks page": ("actions.py", {}, "page", "The link's page number"),
    "alerts page": ("actions.py", {"tab": "alerts"}, "page", "The link's page number"),
    "alerts alert": ("actions.py", {"tab": "alerts"}, "alert", "The link's alert"),
    "record id": ("record.py", {"type": "company"}, "id", "its id must be a whole number"),
    "schedule user": ("schedule.py", {}, "user", "The link's user"),
}


@pytest.fixture
def db(app_database):
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        csm = make_user(s, email="csm@example.com", name="Carl Csm", has_service_seat=True)
        make_alert(s, make_company(s, name="Acme Corp", owner_id=csm.id), make_health_profile(s, name="Health"))
        s.add(Task(title="Call Acme", due_at=utcnow(), assignee_id=csm.id))
    prepare(app_database, get_settings())
    return app_database


def _messages(at: AppTest) -> list[str]:
    """Warnings and errors as read on screen (markdown escapes removed)."""
    return [plain(e.value) for e in (*at.warning, *at.error)]


@pytest.mark.parametrize("value", HOSTILE.values(), ids=HOSTILE.keys())
@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_a_hostile_number_in_a_link_is_ignored_with_a_note(db, page, value):
    script, base, param, note = page
    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / script), default_timeout=30)
    at = run_as(db, "csm@example.com", at, **base, **{param: value})
    assert not at.exception, at.exception
    assert any(note in m for m in _messages(at)), _messages(at)
    assert all(len(m) < 300 for m in _messages(at))  # the value is quoted cut short
    if base.get("tab") == "alerts":
        assert at.title[0].value == "Alerts"


@pytest.mark.parametrize(
    ("script", "base", "param"),
    [
        ("actions.py", {"tab": "alerts"}, "object"),
        ("actions.py", {"tab": "alerts"}, "page"),
        ("actions.py", {}, "due"),
        ("schedule.py", {}, "tz"),
        ("schedule.py", {}, "user"),
        ("schedule.py", {}, "date"),
    ],
)
def test_markdown_in_a_link_value_is_quoted_literally(db, script, base, param):
    at = AppTest.from_file(str(PROJECT_ROOT / "pages" / script), default_timeout=30)
    at = run_as(db, "csm@example.com", at, **base, **{param: "[Sign in again](http://evil.example)"})
    assert not at.exception, at.exception
    notes = [w.value for w in at.warning]
    assert any(md("[Sign in again](http://evil.example)") in n for n in notes), notes
    assert not [n for n in notes if live_markup(n)], notes
