"""Settings → Import through AppTest: who sees it, a refused file, a companies file mapped
and previewed, started, written (by the engine's job, run here directly) and summed up,
then undone from the list of past imports."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from cslib import imports
from cslib.bootstrap import prepare
from cslib.config import PROJECT_ROOT, get_settings
from cslib.db import read_session, write_session
from cslib.models import Company, Import, User
from cslib.properties import properties_for
from cslib.ui import nav
from cslib.users import get_actor
from tests.app.signed_in import markdown, plain, run_as
from tests.factories import make_user, make_workspace

PAGE = str(PROJECT_ROOT / "pages" / "settings.py")
COMPANIES = (
    b"Record ID,Company name,Company Domain Name,Annual Revenue,Create Date,Region code\n"
    b'9001,Acme,acme.com,"1,200.50",2024-05-01 09:30,N1\n'
    b"9002,Globex,globex.com,300,,S2\n"
    b"9003,,nodomain.example,12,not a date,E3\n"
)


@pytest.fixture
def db(app_database, tmp_path, monkeypatch):
    monkeypatch.setenv("CS_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    with write_session(app_database) as s:
        make_workspace(s, account_created_on=date(2025, 1, 1))
        make_user(s, email="admin@example.com", name="Ada Admin", is_super_admin=True)
        make_user(s, email="csm@example.com", name="Carl Csm")
        make_user(s, email="importer@example.com", name="Iris Importer", can_import=True)
    prepare(app_database, get_settings())
    yield app_database
    get_settings.cache_clear()


def _open(db, email: str) -> AppTest:
    at = run_as(db, email, AppTest.from_file(PAGE, default_timeout=30))
    assert not at.exception, at.exception
    return at


def _upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="imp_file_0").set_value((name, data, "text/csv"))
    at.run(timeout=30)
    assert not at.exception, at.exception
    return at


def _in_menu(db, email: str) -> bool:
    """Whether the Settings page is listed in the user's menu."""
    with read_session(db) as s:
        actor = get_actor(s, s.scalar(select(User.id).where(User.email == email)))
    return nav.PAGE_BY_KEY["settings"].allowed(actor)


def _errors(at: AppTest) -> list[str]:
    return [plain(e.value) for e in at.error]


def _targets(at: AppTest, count: int) -> list[str]:
    """What each column imports into, as the reader sees it."""
    boxes = [at.selectbox(key=f"imp_map_{_draft(at)}_company_{i}_target") for i in range(count)]
    return [box.format_func(box.value) for box in boxes]


def _frame(at: AppTest, column: str):
    """The table on the page with a column headed `column`."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _draft(at: AppTest) -> int:
    return at.session_state["imp_current"]


def test_an_admin_finds_the_import_tab_and_a_csm_without_the_permission_does_not(db):
    admin = _open(db, "admin@example.com")
    assert "Import" in [t.label for t in admin.tabs]
    assert admin.file_uploader(key="imp_file_0") is not None
    assert not _in_menu(db, "csm@example.com")
    direct = _open(db, "csm@example.com")
    assert "No access" in plain(direct.error[0].value)
    assert not direct.file_uploader


def test_a_user_with_the_import_permission_sees_settings_with_import_only(db):
    assert _in_menu(db, "importer@example.com")
    at = _open(db, "importer@example.com")
    assert not at.tabs  # no other section
    assert at.file_uploader(key="imp_file_0") is not None
    # They may not add properties: "New property…" is not offered.
    _upload(at, "companies.csv", COMPANIES)
    box = at.selectbox(key=f"imp_map_{_draft(at)}_company_5_target")
    assert "New property…" not in box.options and "new" not in [box.format_func(o) for o in box.options]


def test_a_file_that_is_not_a_table_shows_why_and_makes_no_import(db):
    at = _upload(_open(db, "admin@example.com"), "photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert len(_errors(at)) == 1 and "file" in _errors(at)[0].lower()
    assert not at.exception
    at.run()  # a rerun does not upload the file again
    with read_session(db) as s:
        assert s.scalar(select(Import.id)) is None
    assert len(_errors(at)) == 1


def test_a_companies_file_is_mapped_previewed_imported_and_undone(db):
    at = _upload(_open(db, "admin@example.com"), "companies.csv", COMPANIES)
    assert not _errors(at)
    assert _targets(at, 6) == [
        "Record ID",
        "Company name",
        "Company domain name",
        "Annual recurring revenue",
        "Create date",
        "Don't import",
    ]
    text = plain(markdown(at)).replace("**", "")
    assert "2 new records, 0 updates, 1 row with problems (all 3 rows checked)" in text
    problems = _frame(at, "Problem")
    assert list(problems["Row"]) == [4] and "“not a date” is not a date" in problems["Problem"][0]
    shown = _frame(at, "Result")
    assert list(shown["Result"]) == ["New", "New", "Skipped"]
    assert list(shown["Company name"])[:2] == ["Acme", "Globex"]
    # The unmapped column becomes a new text property.
    prefix = f"imp_map_{_draft(at)}_company_5"
    at.selectbox(key=f"{prefix}_target").select("new").run()
    assert at.text_input(key=f"{prefix}_label").value == "Region code"
    assert at.selectbox(key=f"{prefix}_type").value == "string"
    assert not _errors(at)
    # Mapping two columns to one property is refused at once.
    at.selectbox(key=f"imp_map_{_draft(at)}_company_2_target").select("property:name").run()
    assert any("both fill" in e for e in _errors(at))
    at.selectbox(key=f"imp_map_{_draft(at)}_company_2_target").select("property:domain").run()
    assert not _errors(at)

    import_id = _draft(at)
    at.button(key=f"imp_start_{import_id}").click().run()
    assert not at.exception, at.exception
    assert [p.proto.text for p in at.get("progress")] == ["Waiting to start…"]
    imports.run_import(db, import_id)
    at.run()
    figures = {m.label: m.value for m in at.metric}
    assert [figures[k] for k in ("Created", "Updated", "Unchanged", "Skipped")] == ["2", "0", "0", "1"]
    assert "Done: the file is imported." in [plain(s.value) for s in at.success]
    assert "Customers" in plain(markdown(at))
    with read_session(db) as s:
        assert sorted(s.scalars(select(Company.name))) == ["Acme", "Globex"]
        region = next(p for p in properties_for(s, "company").values() if p.label == "Region code")
        assert region.type == "string"

    at.button(key=f"imp_undo_yes_{import_id}").click().run()
    assert not at.exception, at.exception
    with read_session(db) as s:
        assert s.scalar(select(Import.status).where(Import.id == import_id)) == "undoing"
    imports.run_undo(db, import_id)
    at.run()
    with read_session(db) as s:
        assert s.scalar(select(Company.id)) is None
    assert "This import was undone." in [plain(i.value) for i in at.info]

    at.button(key="imp_new").click().run()
    assert at.file_uploader(key="imp_file_1") is not None
    assert "companies.csv" in plain(markdown(at))  # still listed under past imports
