"""The task panel (Actions → Tasks, `?record=<task id>`) through AppTest: Reload after a
conflict shows the saved values, and a deleted task's panel closes with only the toast."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from cslib import records
from cslib.bootstrap import prepare
from cslib.config import PROJECT_ROOT, get_settings
from cslib.db import read_session, write_session
from cslib.models import PropertyHistory, Task, WorkspaceSettings, utcnow
from cslib.users import get_actor
from tests.app.signed_in import plain, run_as
from tests.factories import make_user

PAGE = str(PROJECT_ROOT / "pages" / "actions.py")


@pytest.fixture
def db(app_database):
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        csm = make_user(s, email="csm@example.com", name="Carl Csm", has_service_seat=True)
        other = make_user(s, email="olga@example.com", name="Olga Other", has_service_seat=True)
        due = utcnow().replace(second=0, microsecond=0) + timedelta(days=1)  # the panel edits whole minutes
        task = Task(title="Call Acme", due_at=due, assignee_id=csm.id)
        s.add(task)
        s.flush()
        ids = {"task": task.id, "csm": csm.id, "other": other.id}
    prepare(app_database, get_settings())
    return app_database, ids


def _open(engine, task_id: int) -> AppTest:
    at = run_as(engine, "csm@example.com", AppTest.from_file(PAGE, default_timeout=30), record=str(task_id))
    assert not at.exception, at.exception
    return at


def _title(at: AppTest, task_id: int):  # noqa: ANN202
    """The panel's title input, whatever generation of keys the form is drawn with."""
    (widget,) = [
        w for w in at.text_input if (w.key or "").startswith(f"task_panel:{task_id}:") and w.key.endswith("title")
    ]
    return widget


def test_reload_after_a_conflict_shows_the_saved_title_and_saving_again_overwrites_nothing(db):
    engine, ids = db
    tid = ids["task"]
    at = _open(engine, tid)
    assert _title(at, tid).value == "Call Acme"
    with write_session(engine) as s:  # Olga renames the task while Carl's panel is open
        olga = get_actor(s, ids["other"])
        records.update_properties(s, olga, "task", tid, {"title": "Call Acme about renewal"}, expected_version=1)
    _title(at, tid).input("Email Acme")
    at.button[[b.label for b in at.button].index("Save")].click().run()
    assert any("Olga Other changed this record" in e.value for e in at.error), [e.value for e in at.error]
    at.run()  # any later run (another click) still offers Reload
    assert any("Olga Other changed this record" in e.value for e in at.error)
    shown = {w.id: w.value for w in at.text_input}
    at.button(key=f"task_panel:{tid}:reload").click().run()
    for widget in at.text_input:  # a browser sends back what it shows for a widget whose id stayed
        if widget.id in shown:
            widget.input(shown[widget.id])
    assert _title(at, tid).value == "Call Acme about renewal"
    assert not at.error
    at.button[[b.label for b in at.button].index("Save")].click().run()
    assert not at.error
    with read_session(engine) as s:
        assert s.get(Task, tid).title == "Call Acme about renewal"
        assert s.scalar(select(func.count()).where(PropertyHistory.changed_by_id == ids["csm"])) == 0


def test_deleting_a_task_closes_the_panel_with_only_the_toast(db):
    engine, ids = db
    tid = ids["task"]
    at = _open(engine, tid)
    at.checkbox(key=f"task_panel:{tid}:sure").check().run()
    at.button(key=f"task_panel:{tid}:delete").click().run()
    assert not at.exception
    assert [plain(t.value) for t in at.toast] == ["Deleted “Call Acme”."]
    assert not at.warning and not at.error, [w.value for w in at.warning]
    assert "record" not in at.query_params
    with read_session(engine) as s:
        assert s.get(Task, tid).deleted_at is not None
