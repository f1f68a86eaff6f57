"""Overview, Schedule and Settings in Danish and in Polish: each page renders without an
exception in the language the user chose (their `language` column), with its labels,
counts and calendar in that language. English output is covered by the pages' own tests."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from cslib import users
from cslib.config import PROJECT_ROOT
from cslib.db import write_session
from cslib.i18n import today_in
from cslib.models import Meeting, MeetingAttendee, Task, User, WorkspaceSettings
from tests.app.signed_in import plain, run_as
from tests.factories import make_company, make_pipeline, make_user

HOME = str(PROJECT_ROOT / "Home.py")
SCHEDULE = str(PROJECT_ROOT / "pages" / "schedule.py")
SETTINGS = str(PROJECT_ROOT / "pages" / "settings.py")
WEDNESDAY = date(2026, 11, 18)
EXPECTED = {
    "da": {
        "overview": ("Oversigt", "Ejede kunder", "Samlet ARR", "Kommende fornyelser", "Dagens plan"),
        "schedule": ("Plan", "Dine opgaver og møder", "1 møde og 2 opgaver i denne uge.", "Skjul weekender"),
        "settings": (
            "Indstillinger",
            "Brugere og teams",
            "Arbejdsområde",
            "Standardsprog",
            "Baggrundsjob",
            "1. Vælg en fil",
            "Tidligere importer",
        ),
    },
    "pl": {
        "overview": ("Podsumowanie", "Przypisani klienci", "Łączny ARR", "Nadchodzące odnowienia"),
        "schedule": (
            "Harmonogram",
            "Twoje zadania i spotkania",
            "1 spotkanie i 2 zadania w tym tygodniu.",
            "Ukryj weekendy",
        ),
        "settings": (
            "Ustawienia",
            "Użytkownicy i zespoły",
            "Obszar roboczy",
            "Język domyślny",
            "Procesy w tle",
            "1. Wybierz plik",
            "Wcześniejsze importy",
        ),
    },
}


@pytest.fixture
def db(app_database):
    today = today_in("UTC")
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        admin = make_user(s, email="admin@example.com", name="Ada Admin", is_super_admin=True, time_zone="UTC")
        make_company(s, name="Acme Renewing", owner_id=admin.id, arr=12000, renewal_date=today + timedelta(days=10))
        make_pipeline(s, "deal", "Sales pipeline", stages=("New", "Won"))
        qbr = Meeting(
            title="QBR with Acme",
            start_at=datetime(2026, 11, 18, 9, tzinfo=UTC),
            end_at=datetime(2026, 11, 18, 10, tzinfo=UTC),
            organizer_id=admin.id,
        )
        s.add(qbr)
        s.flush()
        s.add(MeetingAttendee(meeting_id=qbr.id, user_id=admin.id))
        for day in (19, 20):
            s.add(Task(title=f"Follow up {day}", assignee_id=admin.id, due_at=datetime(2026, 11, day, 13, tzinfo=UTC)))
    return app_database


def _in(db, language: str) -> None:
    """The admin reads `language`: their own choice, saved as the profile menu saves it."""
    with write_session(db) as s:
        admin = users.get_actor(s, s.scalar(select(User.id).where(User.email == "admin@example.com")))
        users.set_own_language(s, admin, language)


def _texts(at: AppTest) -> str:
    """Everything a person reads on the page, one piece per line."""
    pieces = [e.value for kind in ("title", "subheader", "markdown", "caption", "info") for e in at.get(kind)]
    pieces += [t.label for t in at.tabs] + [m.label for m in at.metric]
    pieces += [w.label for kind in ("selectbox", "toggle", "button", "text_input") for w in at.get(kind)]
    return plain("\n".join(str(p) for p in pieces))


def _open(db, language: str, script: str, **params: str) -> AppTest:
    _in(db, language)
    at = run_as(db, "admin@example.com", AppTest.from_file(script, default_timeout=30), **params)
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("language", ["da", "pl"])
def test_the_overview_reads_in_the_users_language(db, language):
    text = _texts(_open(db, language, HOME))
    for label in EXPECTED[language]["overview"]:
        assert label in text, label


@pytest.mark.parametrize("language", ["da", "pl"])
def test_the_schedule_reads_in_the_users_language_with_a_calendar_in_it(db, language):
    at = _open(db, language, SCHEDULE, view="week", date=WEDNESDAY.isoformat())
    text = _texts(at)
    for label in EXPECTED[language]["schedule"]:
        assert label in text, label
    [calendar] = at.main.get("component_instance")
    options = json.loads(calendar.proto.json_args)["options"]
    assert options["locale"] == language and options["firstDay"] == 1  # Monday, as in Danish and Polish


@pytest.mark.parametrize("language", ["da", "pl"])
def test_settings_read_in_the_users_language(db, language):
    text = _texts(_open(db, language, SETTINGS))
    for label in EXPECTED[language]["settings"]:
        assert label in text, label
