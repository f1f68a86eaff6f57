"""The Customers tab in Danish and Polish: the reader's language comes from their own
choice (users.language), and the list, its filter bar, views and dialogs read in it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from cslib import users
from cslib.bootstrap import prepare
from cslib.config import PROJECT_ROOT, get_settings
from cslib.db import write_session
from cslib.models import User, WorkspaceSettings
from cslib.ui.lists.views import DIALOG_KEY
from cslib.users import get_actor
from tests.app.signed_in import markdown, run_as
from tests.factories import make_company, make_user

PAGE = str(PROJECT_ROOT / "pages" / "customers.py")
EXPECTED = {
    "da": {
        "title": "Ejet af mig",
        "count": "**30 kunder**",
        "bar": "Oprettelsesdato",
        "choice": "Når som helst",
        "section": "Standardvisninger",
        "dialog": ("Opret visning", "Navn"),
    },
    "pl": {
        "title": "Należące do mnie",
        "count": "**30 klientów**",
        "bar": "Data utworzenia",
        "choice": "Dowolny czas",
        "section": "Widoki domyślne",
        "dialog": ("Utwórz widok", "Nazwa"),
    },
}


@pytest.fixture
def db(app_database):
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        csm = make_user(s, email="csm@example.com", name="Carl Csm")
        for i in range(30):
            make_company(s, name=f"Carl Co {i:02d}", owner_id=csm.id, arr=1000.0 * i, lifecycle_stage="customer")
    prepare(app_database, get_settings())  # built-in views, object types
    return app_database


def _reader(db, language: str) -> None:
    with write_session(db) as s:
        actor = get_actor(s, s.scalar(select(User.id).where(User.email == "csm@example.com")))
        users.set_own_language(s, actor, language)


@pytest.mark.parametrize("language", ["da", "pl"])
def test_the_customers_list_reads_in_the_readers_language(db, language):
    _reader(db, language)
    want = EXPECTED[language]
    at = run_as(db, "csm@example.com", AppTest.from_file(PAGE, default_timeout=30))
    assert not at.exception
    assert at.title[0].value == want["title"]
    assert want["count"] in markdown(at)
    bar = at.selectbox(key="customers_bar_created")
    assert bar.label == want["bar"] and bar.value == "any"  # the option stays a code
    assert want["choice"] in bar.options
    assert want["section"] in [c.value for c in at.sidebar.caption]
    assert len(at.dataframe[0].value) == 25


@pytest.mark.parametrize("language", ["da", "pl"])
def test_the_create_view_dialog_and_a_bad_link_read_in_the_readers_language(db, language):
    _reader(db, language)
    title, name = EXPECTED[language]["dialog"]
    state = {DIALOG_KEY: {"kind": "create", "view_id": None}}
    at = run_as(db, "csm@example.com", AppTest.from_file(PAGE, default_timeout=30), state=state, sort="x:y")
    assert not at.exception
    assert [w.label for w in at.text_input if w.key == "vd_create_name"] == [name]
    assert title in [b.label for b in at.button]
    note = {"da": "Linkets sortering var ugyldig", "pl": "Sortowanie z linku było nieprawidłowe"}[language]
    assert any(note in w.value for w in at.warning)
