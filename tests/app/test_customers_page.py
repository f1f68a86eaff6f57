"""The Customers tab through AppTest: the default view, links with bad parameters, and the
Overview's customer view cards for the viewed user."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from cslib import views
from cslib.bootstrap import prepare
from cslib.config import PROJECT_ROOT, get_settings
from cslib.db import read_session, write_session
from cslib.models import User, View, WorkspaceSettings
from cslib.ui.lists.views import DIALOG_KEY
from cslib.users import get_actor
from tests.app.signed_in import markdown, plain, run_as
from tests.factories import make_company, make_user

PAGE = str(PROJECT_ROOT / "pages" / "customers.py")
HOME = str(PROJECT_ROOT / "Home.py")


@pytest.fixture
def db(app_database):
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        csm = make_user(s, email="csm@example.com", name="Carl Csm")
        other = make_user(s, email="olga@example.com", name="Olga Other")
        make_user(s, email="admin@example.com", name="Ada Admin", is_super_admin=True)
        for i in range(30):
            make_company(s, name=f"Carl Co {i:02d}", owner_id=csm.id, arr=1000.0 * i)
        make_company(s, name="Olga Co", owner_id=other.id)
    prepare(app_database, get_settings())  # built-in views, object types
    return app_database


def _open(db, script: str, email: str, **params: str) -> AppTest:
    return run_as(db, email, AppTest.from_file(script, default_timeout=30), **params)


def test_owned_by_me_is_the_default_view_paged_25_at_a_time(db):
    at = _open(db, PAGE, "csm@example.com")
    assert not at.exception
    assert at.title[0].value == "Owned by me"
    assert "**30 customers**" in markdown(at)
    table = at.dataframe[0].value
    assert len(table) == 25 and "Olga Co" not in set(table["name"])


def test_a_sorted_second_page_comes_from_the_link(db):
    at = _open(db, PAGE, "csm@example.com", sort="arr:desc", page="2")
    assert not at.exception
    assert list(at.dataframe[0].value["name"]) == [f"Carl Co {i:02d}" for i in range(4, -1, -1)]


@pytest.mark.parametrize(
    ("params", "note"),
    [
        ({"view": "99999"}, "doesn't exist any more"),
        ({"view": "1 OR 1=1"}, "view “1 OR 1=1” is not valid"),
        ({"adv": '{"property": "arr", "operator": "contains", "value": "x"}'}, "advanced filter was ignored"),
        ({"sort": "password_hash:asc"}, "sort was not valid"),
        ({"page": "0"}, "page number"),
    ],
)
def test_bad_link_parameters_say_so_and_the_list_still_shows(db, params, note):
    at = _open(db, PAGE, "csm@example.com", **params)
    assert not at.exception
    assert any(note in plain(w.value) for w in at.warning), [w.value for w in at.warning]
    assert "**30 customers**" in markdown(at)


def test_overview_cards_show_the_viewed_users_customers(db):
    at = _open(db, HOME, "csm@example.com")
    assert not at.exception
    counts = [m.value for m in at.metric if m.label == "Records"]
    assert counts[0] == "30"  # Owned by me
    assert "Carl Co 00" in markdown(at)


def test_an_admin_viewing_as_a_csm_sees_that_csms_cards(db):
    from sqlalchemy import select

    from cslib.db import read_session
    from cslib.models import User

    with read_session(db) as s:
        carl = s.scalar(select(User.id).where(User.email == "csm@example.com"))
    at = _open(db, HOME, "admin@example.com")
    assert [m.value for m in at.metric if m.label == "Records"][0] == "0"
    at.selectbox(key="view_as_user").set_value(carl).run()
    assert not at.exception
    assert [m.value for m in at.metric if m.label == "Records"][0] == "30"


def test_reload_after_a_conflict_in_edit_view_shows_the_saved_name_and_overwrites_nothing(db):
    with write_session(db) as s:
        ada = get_actor(s, s.scalar(select(User.id).where(User.email == "admin@example.com")))
        vid = views.create_view(s, ada, "company", name="Renewals").id
    at = _open(db, PAGE, "admin@example.com")
    at.session_state[DIALOG_KEY] = {"kind": "edit", "view_id": vid}
    at.run()
    with write_session(db) as s:  # the view is renamed elsewhere while the dialog is open
        views.update_view(s, ada, vid, expected_version=1, name="Renewals 2027")
    (name,) = [w for w in at.text_input if (w.key or "").startswith("vd_edit_")]
    name.input("Ada's renewals")
    at.button(key="vd_edit_go").click().run()
    assert any("Someone else changed this view" in e.value.replace("\\", "") for e in at.error)
    with read_session(db) as s:
        assert s.get(View, vid).name == "Renewals 2027"
    shown = {w.id: w.value for w in at.text_input}
    (reload,) = [b for b in at.button if (b.key or "").startswith("vd_edit_") and b.key.endswith("reload")]
    reload.click().run()
    for widget in at.text_input:  # a browser sends back what it shows for a widget whose id stayed
        if widget.id in shown:
            widget.input(shown[widget.id])
    (name,) = [w for w in at.text_input if (w.key or "").startswith("vd_edit_")]
    assert name.value == "Renewals 2027"
    at.button(key="vd_edit_go").click().run()
    assert not at.error
    with read_session(db) as s:
        assert s.get(View, vid).name == "Renewals 2027"
