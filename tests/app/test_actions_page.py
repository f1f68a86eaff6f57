"""Actions → Tasks through AppTest: the built-in views, the filter bar from the link, bad
link parameters, the Overview task cards, and the task queue."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from cslib.bootstrap import prepare
from cslib.config import PROJECT_ROOT, get_settings
from cslib.db import write_session
from cslib.models import Task, WorkspaceSettings, utcnow
from tests.app.signed_in import markdown, run_as
from tests.factories import make_user

PAGE = str(PROJECT_ROOT / "pages" / "actions.py")
HOME = str(PROJECT_ROOT / "Home.py")


@pytest.fixture
def db(app_database):
    now = utcnow()
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        csm = make_user(s, email="csm@example.com", name="Carl Csm", has_service_seat=True)
        other = make_user(s, email="olga@example.com", name="Olga Other", has_service_seat=True)
        for i in range(3):
            s.add(Task(title=f"Today {i}", due_at=now, assignee_id=csm.id, priority="high" if i == 0 else "none"))
        for i in range(30):
            s.add(Task(title=f"Late {i:02d}", due_at=now - timedelta(days=3 + i), assignee_id=csm.id))
        s.add(Task(title="Tomorrow", due_at=now + timedelta(days=1), assignee_id=csm.id))
        s.add(Task(title="Olga's", due_at=now, assignee_id=other.id))
    prepare(app_database, get_settings())
    return app_database


def _open(db, script: str, email: str, **params: str) -> AppTest:
    return run_as(db, email, AppTest.from_file(script, default_timeout=30), **params)


def test_due_today_is_the_first_view_and_lists_only_my_tasks(db):
    at = _open(db, PAGE, "csm@example.com")
    assert not at.exception
    assert at.title[0].value == "Due today"
    assert "**3 tasks**" in markdown(at)
    assert sorted(at.dataframe[0].value["title"]) == ["Today 0", "Today 1", "Today 2"]


def test_the_filter_bar_comes_from_the_link(db):
    at = _open(db, PAGE, "csm@example.com", priority="high")
    assert not at.exception
    assert list(at.dataframe[0].value["title"]) == ["Today 0"]


def test_a_bad_filter_bar_value_is_explained_and_the_list_still_shows(db):
    at = _open(db, PAGE, "csm@example.com", due="someday")
    assert not at.exception
    assert any("due date filter “someday”" in w.value for w in at.warning)
    assert "**3 tasks**" in markdown(at)


def test_overview_cards_count_each_set_and_link_to_its_own_view(db):
    at = _open(db, HOME, "csm@example.com")
    assert not at.exception
    counts = {m.label: m.value for m in at.metric}
    assert (counts["Tasks due today"], counts["Overdue tasks"], counts["Tasks due tomorrow"]) == ("3", "30", "1")


def test_start_all_tasks_walks_the_view_with_progress(db):
    at = _open(db, PAGE, "csm@example.com")
    at.button(key="tasks_start_all").click().run()
    assert not at.exception
    assert at.title[0].value == "Tasks: Due today"
    assert "1 of 3" in at.get("progress")[0].proto.text
    at.button(key="queue_complete").click().run()
    at.button(key="queue_next").click().run()
    assert "2 of 3" in at.get("progress")[0].proto.text
    at.button(key="queue_skip").click().run()
    at.button(key="queue_skip").click().run()
    assert any("1 task completed, 2 skipped" in s.value for s in at.success)
