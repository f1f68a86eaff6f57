"""Exports through AppTest: the list's Export button (only with the export permission), the
dialog that takes the list as drawn and refuses what cannot be built, the confirmation, and
the Exports page with the user's own exports only."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from cslib import exports
from cslib.bootstrap import prepare
from cslib.config import PROJECT_ROOT, get_settings
from cslib.db import read_session, write_session
from cslib.models import Export, User
from cslib.ui.lists.export import OPEN_KEY
from tests.app.signed_in import markdown, plain, run_as
from tests.factories import make_company, make_pipeline, make_record, make_user, make_workspace, stages_of

CUSTOMERS = str(PROJECT_ROOT / "pages" / "customers.py")
REVENUE = str(PROJECT_ROOT / "pages" / "revenue.py")
EXPORTS = str(PROJECT_ROOT / "pages" / "exports.py")


@pytest.fixture
def db(app_database, tmp_path, monkeypatch):
    monkeypatch.setenv("CS_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    with write_session(app_database) as s:
        make_workspace(s, account_created_on=date(2025, 1, 1))
        csm = make_user(s, email="csm@example.com", name="Carl Csm")
        make_user(s, email="noexport@example.com", name="Nora Noexport", can_export=False)
        make_user(s, email="olga@example.com", name="Olga Other")
        for i in range(3):
            make_company(s, name=f"Carl Co {i}", owner_id=csm.id, arr=1000.0 * i)
        sales = make_pipeline(s, "deal", "Sales", stages=("Qualified", "Closed won"))
        make_record(s, sales, stages_of(s, sales)[0], name="Carl deal", owner_id=csm.id, amount=100.0)
        s.get(type(make_workspace(s)), 1).revenue_pipeline_ids = [sales.id]
    prepare(app_database, get_settings())  # built-in views, object types
    yield app_database
    get_settings.cache_clear()


def _open(db, script: str, email: str, state: dict | None = None, **params: str) -> AppTest:
    return run_as(db, email, AppTest.from_file(script, default_timeout=30), state=state, **params)


def _user_id(db, email: str) -> int:
    with read_session(db) as s:
        return s.scalar(select(User.id).where(User.email == email))


def _exports_of(db, email: str) -> list:
    """The user's export rows (plain rows: they outlive the session)."""
    with read_session(db) as s:
        query = select(*Export.__table__.c).where(Export.user_id == _user_id(db, email)).order_by(Export.id)
        return list(s.execute(query))


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def _dialog(db, email: str = "csm@example.com", script: str = CUSTOMERS, **params: str) -> AppTest:
    """The list with its Export dialog opened by the button."""
    at = _open(db, script, email, **params)
    key = next(b.key for b in at.button if b.key and b.key.endswith("_export"))
    _button(at, key).click().run()
    assert not at.exception
    assert at.text_input(key="ex_name").value  # the dialog is drawn
    return at


def test_the_export_button_shows_only_with_the_export_permission(db):
    with_permission = _open(db, CUSTOMERS, "csm@example.com")
    without = _open(db, CUSTOMERS, "noexport@example.com")
    assert not with_permission.exception and not without.exception
    assert "Export" in [b.label for b in with_permission.button]
    assert "Export" not in [b.label for b in without.button]
    assert "customers**" in markdown(without)  # the list itself is there for both


@pytest.mark.parametrize("layout", ["table", "board"])
def test_revenue_offers_export_in_table_and_board(db, layout):
    at = _open(db, REVENUE, "csm@example.com", layout=layout)
    assert not at.exception
    assert "Export" in [b.label for b in at.button]


def test_the_dialog_offers_the_seed_choices_with_sensible_defaults(db):
    at = _dialog(db)
    assert at.selectbox(key="ex_format").value == "csv"
    assert at.selectbox(key="ex_format").options == ["CSV", "XLSX"]
    assert at.text_input(key="ex_name").value.startswith("Owned by me ")
    assert at.selectbox(key="ex_language").value == "en"
    assert at.radio(key="ex_properties").value == "view"
    assert at.radio(key="ex_associations").value == "capped"
    assert at.radio(key="ex_associations").disabled  # only with "All properties and associations"
    assert at.checkbox(key="ex_domains").value is False  # companies only


def test_xlsx_with_all_associated_records_is_refused_and_the_name_kept(db):
    at = _dialog(db)
    at.selectbox(key="ex_format").set_value("xlsx")
    at.text_input(key="ex_name").input("Board pack")
    at.radio(key="ex_properties").set_value("all_associations").run()
    at.radio(key="ex_associations").set_value("all")
    _button(at, "ex_go").click().run()
    assert not at.exception
    assert any("can only be exported to CSV" in plain(e.value) for e in at.error), [e.value for e in at.error]
    assert at.text_input(key="ex_name").value == "Board pack"
    assert at.selectbox(key="ex_format").value == "xlsx"
    assert _exports_of(db, "csm@example.com") == []


def test_an_empty_name_is_refused_in_the_dialog(db):
    at = _dialog(db)
    at.text_input(key="ex_name").input("   ")
    _button(at, "ex_go").click().run()
    assert any("Give the export a name" in plain(e.value) for e in at.error)
    assert at.session_state[OPEN_KEY] == "customers"  # still open
    assert _exports_of(db, "csm@example.com") == []


def test_an_export_takes_the_list_as_drawn_and_is_confirmed(db):
    at = _dialog(db, cols="arr,name", sort="arr:desc")
    at.text_input(key="ex_name").input("My customers")
    at.selectbox(key="ex_language").set_value("pl")
    _button(at, "ex_go").click().run()
    assert not at.exception
    done = " ".join(m.value for m in at.success)
    assert "Your export “My customers” is being built. You'll be notified when it's ready." in plain(done)
    [made] = _exports_of(db, "csm@example.com")
    assert f"(/exports?export={made.id})" in done
    assert (made.name, made.format, made.language, made.status) == ("My customers", "csv", "pl", "queued")
    assert made.options["columns"] == ["arr", "name"]
    assert made.options["sort"] == [{"property": "arr", "direction": "desc"}]
    assert {"property": "owner_id", "operator": "in", "value": ["me"]} in made.options["filters"]  # Owned by me
    assert made.view_id is not None
    assert OPEN_KEY not in at.session_state  # the dialog closed


def test_the_exports_page_lists_the_new_export_as_queued(db):
    at = _dialog(db)
    at.text_input(key="ex_name").input("Queued one")
    _button(at, "ex_go").click().run()
    page = _open(db, EXPORTS, "csm@example.com")
    assert not page.exception
    text = plain(markdown(page))
    assert "**Queued one**" in text and "Queued" in text.replace("Queued one", "")


def _ready(db, email: str, name: str, **kw) -> int:
    now = datetime.now(UTC)
    with write_session(db) as s:
        row = Export(
            user_id=_user_id(db, email),
            name=name,
            object_type="company",
            format="xlsx",
            options={},
            status=kw.pop("status", "ready"),
            stored_name="x.xlsx",
            row_count=1234,
            size_bytes=1_234_567,
            finished_at=now,
            expires_at=now + timedelta(days=kw.pop("days", 30)),
        )
        s.add(row)
        s.flush()
        return row.id


def test_the_exports_page_shows_only_the_users_own_exports(db):
    _ready(db, "csm@example.com", "Mine")
    _ready(db, "olga@example.com", "Olga's secret list")
    at = _open(db, EXPORTS, "csm@example.com")
    assert not at.exception
    text = plain(markdown(at))
    assert "**Mine**" in text and "Olga" not in text
    assert "1,234" in text and "1.2 MB" in text and "Expires on" in text


def test_a_ready_export_has_a_plain_download_link_and_an_expired_one_none(db):
    ready = _ready(db, "csm@example.com", "Fresh")
    _ready(db, "csm@example.com", "Stale", days=-1)
    at = _open(db, EXPORTS, "csm@example.com")
    links = [e for e in at.get("link_button")]
    assert [e.proto.url for e in links] == [exports.download_path(ready)]
    assert "Expired" in plain(markdown(at))


def test_without_the_permission_the_page_is_not_in_the_menu_and_refuses_by_url(db):
    at = _open(db, EXPORTS, "noexport@example.com")
    assert not at.exception
    assert any("No access" in e.value for e in at.error)
    assert not at.get("link_button")


@pytest.mark.parametrize("value", ["abc", "-1", "99999999999999999999", "1 OR 1=1", ""])
def test_a_bad_export_in_the_link_is_ignored(db, value):
    _ready(db, "csm@example.com", "Mine")
    at = _open(db, EXPORTS, "csm@example.com", export=value)
    assert not at.exception and "**Mine**" in plain(markdown(at))


def test_a_board_export_keeps_the_tabs_pipeline(db):
    at = _dialog(db, script=REVENUE, layout="board")
    assert "ex_domains" not in [c.key for c in at.checkbox]  # domains are for companies only
    _button(at, "ex_go").click().run()
    assert not at.exception
    [made] = _exports_of(db, "csm@example.com")
    assert made.object_type == "deal"
    assert any(f and f.get("property") == "pipeline_id" for f in made.options["filters"])
