"""What the worker writes: the list as the user sees it, association columns with their
cap, safe cells in CSV and XLSX, parts in a zip, and the user's notification."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest
from sqlalchemy import select, update

from cslib import exports
from cslib.bulk import association_row
from cslib.db import read_session
from cslib.models import Association, CompanyDomain, Contact, Export, Notification, User
from cslib.permissions import PermissionDenied
from tests.factories import make_company
from tests.unit.exports.conftest import read_csv, write
from tests.unit.exports.helpers import built, new_actor, request

HYPERLINK = '=HYPERLINK("http://x","y")'


def test_the_export_takes_the_lists_filters_and_sort(db):
    me = new_actor(db)
    write(db, lambda s: [make_company(s, name=n, arr=a) for n, a in (("Kept A", 10), ("Kept B", 30), ("Other", 99))])
    rows = read_csv(
        built(
            db,
            me,
            columns=["name", "arr"],
            filters=[{"property": "name", "operator": "contains", "value": "Kept"}, None],
            sort=[{"property": "arr", "direction": "desc"}],
        ).path
    )
    assert [r[1:] for r in rows[1:]] == [["Kept B", "30"], ["Kept A", "10"]]


def test_me_in_a_filter_is_the_exporting_user(db):
    me, other = new_actor(db), new_actor(db)
    write(
        db, lambda s: (make_company(s, name="Mine", owner_id=me.id), make_company(s, name="Theirs", owner_id=other.id))
    )
    mine = [{"property": "owner_id", "operator": "in", "value": ["me"]}]
    rows = read_csv(built(db, me, filters=mine).path)
    assert [r[1] for r in rows[1:]] == ["Mine"]


def _company_with_contacts(engine, n: int) -> int:
    def make(s):
        company = make_company(s, name="Big")
        contacts = [Contact(first_name=f"C{i}", last_name="Lee", email=f"c{i}@x.example") for i in range(n)]
        s.add_all(contacts)
        s.flush()
        keys = ("from_type", "from_id", "to_type", "to_id")
        pairs = [
            dict(zip(keys, association_row("company", company.id, "contact", c.id), strict=True)) for c in contacts
        ]
        s.execute(Association.__table__.insert(), pairs)
        return company.id

    return write(engine, make)


def test_up_to_1000_associated_records_per_column_by_default_and_all_in_csv_on_request(db):
    me = new_actor(db)
    _company_with_contacts(db, 1003)
    for choice, expected in (("capped", 1000), ("all", 1003)):
        rows = read_csv(built(db, me, properties="all_associations", associations=choice).path)
        header = rows[0]
        ids = rows[1][header.index("Associated Contact IDs")].split(";")
        names = rows[1][header.index("Associated Contact")].split(";")
        assert len(ids) == len(names) == expected
        assert names[0] == "C0 Lee"


def test_formulas_are_neutralised_in_csv_and_numbers_stay_numbers(db):
    me = new_actor(db)
    write(db, lambda s: [make_company(s, name=n, arr=a) for n, a in ((HYPERLINK, 1), ("-2+3", -1500), ("@SUM(A1)", 2))])
    rows = read_csv(built(db, me, columns=["name", "arr"], sort=[{"property": "arr", "direction": "asc"}]).path)
    assert [r[1:] for r in rows[1:]] == [["'-2+3", "-1500"], [f"'{HYPERLINK}", "1"], ["'@SUM(A1)", "2"]]


def test_formulas_open_as_text_in_xlsx_and_a_negative_arr_is_a_number(db):
    me = new_actor(db)
    write(db, lambda s: [make_company(s, name=n, arr=a) for n, a in ((HYPERLINK, 1), ("-2+3", -1500))])
    file = built(db, me, columns=["name", "arr"], format="xlsx", sort=[{"property": "arr", "direction": "asc"}])
    assert file.file_name == "Customers.xlsx"
    sheet = openpyxl.load_workbook(file.path).active
    cells = [[c for c in row] for row in sheet.iter_rows(min_row=2, values_only=False)]
    assert [(c[1].value, c[1].data_type) for c in cells] == [("-2+3", "s"), (HYPERLINK, "s")]
    assert [(c[2].value, c[2].data_type) for c in cells] == [(-1500, "n"), (1, "n")]
    assert all(c[1].quotePrefix for c in cells)


def test_a_long_export_is_split_into_parts_in_one_zip(db, monkeypatch):
    monkeypatch.setenv("CS_EXPORT_PART_ROWS", "2")
    from cslib.config import get_settings

    get_settings.cache_clear()
    me = new_actor(db)
    write(db, lambda s: [make_company(s, name=f"Co {i}") for i in range(5)])
    file = built(db, me, name="Big list", columns=["name"], sort=[{"property": "name", "direction": "asc"}])
    assert file.file_name == "Big list.zip" and file.media_type == "application/zip"
    with zipfile.ZipFile(file.path) as archive:
        names = archive.namelist()
        assert names == [f"Big list (part {n} of 3).csv" for n in (1, 2, 3)]
        parts = [archive.read(n).decode("utf-8-sig").splitlines() for n in names]
    assert [len(p) for p in parts] == [3, 3, 2]  # each part has the header row
    assert all(p[0] == "Record ID,Company name" for p in parts)
    assert [line.split(",")[1] for p in parts for line in p[1:]] == [f"Co {i}" for i in range(5)]
    with read_session(db) as s:
        export = s.scalars(select(Export)).one()
        assert (export.row_count, export.part_count, export.size_bytes) == (5, 3, file.path.stat().st_size)


def test_include_all_domains_adds_the_other_domains_after_the_domain(db):
    me = new_actor(db)

    def make(s):
        c = make_company(s, name="Multi", domain="main.example")
        s.add_all(
            [
                CompanyDomain(company_id=c.id, domain=d, is_primary=d == "main.example")
                for d in ("main.example", "b.example", "c.example")
            ]
        )

    write(db, make)
    rows = read_csv(built(db, me, columns=["domain", "name"], all_domains=True).path)
    assert rows[0] == ["Record ID", "Company domain name", "Additional domains", "Company name"]
    assert rows[1][1:] == ["main.example", "b.example;c.example", "Multi"]


def test_a_ready_export_notifies_its_user_with_the_download_link(db):
    me = new_actor(db)
    write(db, lambda s: make_company(s, name="Acme"))
    built(db, me, name="Q4 customers")
    with read_session(db) as s:
        note = s.scalars(select(Notification).where(Notification.user_id == me.id)).one()
        export = s.scalars(select(Export)).one()
        assert note.kind == "export_ready" and note.params == {"name": "Q4 customers"}
        assert note.link == f"/exports/{export.id}/download"


def test_users_without_the_export_permission_are_refused_in_cslib(db):
    me = new_actor(db, can_export=False)
    with pytest.raises(PermissionDenied):
        request(db, me)


def test_an_export_whose_user_lost_the_permission_fails_without_a_file(db):
    me = new_actor(db)
    export_id = request(db, me)
    write(db, lambda s: s.execute(update(User).where(User.id == me.id).values(can_export=False)))
    assert exports.build_export(db, export_id)["refused"] is True
    with read_session(db) as s:
        assert s.get(Export, export_id).status == "failed"
    assert not list(exports.exports_dir().glob("*.csv"))


def test_building_twice_gives_one_file(db):
    me = new_actor(db)
    write(db, lambda s: make_company(s, name="Acme"))
    export_id = request(db, me)
    assert "rows" in exports.build_export(db, export_id)
    assert exports.build_export(db, export_id)["skipped"] is True
    assert len([p for p in exports.exports_dir().iterdir()]) == 1
