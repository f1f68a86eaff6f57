"""The record page and Actions → Tasks in Danish and Polish: the reader's language comes
from their own choice (users.language), and the pages draw in it without an error, with
counts in the language's plural forms and numbers in its format."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from cslib import activities, records, users
from cslib.bootstrap import prepare
from cslib.config import PROJECT_ROOT, get_settings
from cslib.db import write_session
from cslib.models import Contact, Task, WorkspaceSettings, utcnow
from cslib.users import get_actor
from tests.app.signed_in import markdown, plain, run_as
from tests.factories import make_company, make_user

RECORD = str(PROJECT_ROOT / "pages" / "record.py")
ACTIONS = str(PROJECT_ROOT / "pages" / "actions.py")
T = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)

# What each page must say in the reader's language (labels, and a count with its plural form).
RECORD_TEXTS = {
    "da": {"about": "Om", "tabs": ["Aktiviteter", "Tilknytninger (1)"], "save": "Gem", "note": "Note",
           "call": "Opkald", "count": "2 aktiviteter i alt.", "facts": "Forbundet · 12 min. · Udgående"},
    "pl": {"about": "Informacje", "tabs": ["Aktywności", "Powiązania (1)"], "save": "Zapisz", "note": "Notatka",
           "call": "Połączenie", "count": "Łącznie: 2 aktywności.", "facts": "Połączono · 12 min · Wychodzące"},
}  # fmt: skip
TASK_TEXTS = {
    "da": {"start_all": "Start alle opgaver", "create": "+ Opret opgave", "progress": "1 af 3",
           "complete": "Afslut", "skip": "Spring over", "exit": "Forlad køen", "title": "Opgaver: "},
    "pl": {"start_all": "Rozpocznij wszystkie zadania", "create": "+ Utwórz zadanie", "progress": "1 z 3",
           "complete": "Ukończ", "skip": "Pomiń", "exit": "Wyjdź", "title": "Zadania: "},
}  # fmt: skip


@pytest.fixture
def db(app_database):
    now = utcnow()
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        csm = make_user(s, email="csm@example.com", name="Carl Csm", has_service_seat=True)
        co = make_company(s, name="Acme", domain="acme.example", owner_id=csm.id, arr=12000.0)
        ann = Contact(first_name="Ann", last_name="Lee", email="ann@acme.example")
        s.add(ann)
        s.flush()
        me = get_actor(s, csm.id)
        records.associate(s, me, "company", co.id, "contact", ann.id)
        activities.log_activity(s, me, "company", co.id, type="note", subject=None, body="Kick-off", occurred_at=T)
        activities.log_activity(
            s,
            me,
            "company",
            co.id,
            type="call",
            subject=None,
            body=None,
            occurred_at=T + timedelta(hours=1),
            details={"outcome": "connected", "duration_min": 12},
        )
        for i in range(3):
            s.add(Task(title=f"Today {i}", due_at=now, assignee_id=csm.id))
    prepare(app_database, get_settings())
    return SimpleNamespace(engine=app_database, company=co.id, csm=csm.id)


def _reading(db, language: str) -> None:
    with write_session(db.engine) as s:
        users.set_own_language(s, get_actor(s, db.csm), language)


@pytest.mark.parametrize("language", ["da", "pl"])
def test_the_record_page_reads_in_the_users_language(db, language):
    _reading(db, language)
    want = RECORD_TEXTS[language]
    at = run_as(
        db.engine, "csm@example.com", AppTest.from_file(RECORD, default_timeout=30), type="company", id=str(db.company)
    )
    assert not at.exception, at.exception
    assert [s.value for s in at.subheader] == [want["about"]]
    assert [t.label for t in at.tabs] == want["tabs"]
    assert at.button(key="recpage:save").label == want["save"]
    assert at.button(key="recpage:btn:note").label == want["note"]
    assert at.button(key="recpage:btn:call").label == want["call"]
    captions = plain("\n".join(c.value for c in at.caption))
    assert want["count"] in captions and want["facts"] in captions
    assert "Kick-off" in plain(markdown(at))


@pytest.mark.parametrize("language", ["da", "pl"])
def test_the_task_list_and_queue_read_in_the_users_language(db, language):
    _reading(db, language)
    want = TASK_TEXTS[language]
    at = run_as(db.engine, "csm@example.com", AppTest.from_file(ACTIONS, default_timeout=30))
    assert not at.exception, at.exception
    assert at.button(key="tasks_start_all").label == want["start_all"]
    assert at.button(key="tasks_create_btn").label == want["create"]
    at.button(key="tasks_start_all").click().run()
    assert not at.exception, at.exception
    assert at.title[0].value.startswith(want["title"])
    assert want["progress"] == at.get("progress")[0].proto.text
    assert at.button(key="queue_complete").label == want["complete"]
    assert at.button(key="queue_skip").label == want["skip"]
    assert at.button(key="queue_exit").label == want["exit"]
