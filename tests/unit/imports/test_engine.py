"""An import end to end: create, match, update, link, re-import, undo."""

from __future__ import annotations

from sqlalchemy import select

from cslib.db import read_session
from cslib.models import Company, Contact
from tests.unit.imports.helpers import csv_bytes, new_admin, run, state, undo

COMPANIES = [
    ["Record ID", "Company name", "Company Domain Name", "Company owner", "Annual Revenue", "Create Date"],
    ["9001", "Acme", "acme.com", "", "1,200.50", "2024-05-01 09:30"],
    ["9002", "Globex", "https://www.globex.com/", "", "300", ""],
]


def test_a_companies_file_is_imported_and_a_second_time_changes_nothing(db):
    admin = new_admin(db, email="boss@example.com")
    first = run(db, admin, csv_bytes(COMPANIES))
    assert (first.status, first.created, first.updated, first.skipped) == ("done", 2, 0, 0), first.error
    with read_session(db) as s:
        rows = s.execute(select(Company.name, Company.domain, Company.arr).order_by(Company.name)).all()
    assert rows == [
        (
            "Acme",
            "acme.com",
            1200.5,
        ),
        ("Globex", "globex.com", 300.0),
    ]
    before = state(db)
    again = run(db, admin, csv_bytes(COMPANIES))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert state(db) == before


def test_contacts_link_to_companies_by_source_id_and_undo_restores_everything(db):
    admin = new_admin(db)
    run(db, admin, csv_bytes(COMPANIES))
    before = state(db)
    contacts = [
        ["First Name", "Last Name", "Email", "Associated Company IDs"],
        ["Ann", "Lee", "ann@acme.com", "9001"],
        ["Bo", "Berg", "bo@globex.com", "9002;9001"],
        ["Cy", "Nobody", "cy@x.com", "777"],
    ]
    done = run(db, admin, csv_bytes(contacts), "contact")
    assert (done.created, done.skipped) == (2, 1)
    with read_session(db) as s:
        assert s.scalar(select(Contact.id).where(Contact.email == "bo@globex.com")) is not None
    assert state(db) != before
    undone = undo(db, admin, done.id)
    assert undone.status == "undone"
    assert state(db) == before
