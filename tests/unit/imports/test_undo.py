"""Undoing an import: every row it touched is as it was before (records, custom values,
domains, links, history, source IDs), a later change by someone is kept, a second undo
does nothing, and an import that stopped half-way can be undone too."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cslib import imports
from cslib.db import read_session
from cslib.errors import CsError, ValidationError
from cslib.imports import Target
from cslib.models import Company, Contact
from cslib.records import update_properties
from tests.unit.imports.helpers import actions, counts, csv_bytes, draft, new_admin, run, state, undo, write

COMPANIES = [
    ["Record ID", "Company name", "Company Domain Name", "Additional domains", "Annual Revenue", "Tier"],
    ["9001", "Acme", "acme.com", "acme.dk", "100", "Gold"],
    ["9002", "Globex", "globex.com", "", "200", "Silver"],
]


def _with_tier(engine, admin, rows) -> imports.ImportInfo:
    """Import `rows` with their last column as the custom text property "Tier" (made by
    the first import, found by its label afterwards)."""
    info = draft(engine, admin, csv_bytes(rows))
    mapping = list(info.mapping)
    if mapping[-1] == imports.SKIP:
        mapping[-1] = Target("new", "Tier")
    return run(engine, admin, csv_bytes(rows), mapping=mapping)


def tier_of(engine) -> dict[str, object]:
    with read_session(engine) as s:
        return {name: (custom or {}).get("tier") for name, custom in s.execute(select(Company.name, Company.custom))}


def test_undo_of_a_companies_import_that_created_and_updated_restores_every_row(db):
    admin = new_admin(db)
    first = _with_tier(db, admin, COMPANIES)
    assert (first.created, first.skipped) == (2, 0)
    assert tier_of(db) == {"Acme": "Gold", "Globex": "Silver"}
    before = state(db)
    rows = [
        COMPANIES[0],
        ["9001", "Acme Corp", "acme.com", "", "150", "Platinum"],  # updated, custom value too
        ["9002", "Globex", "globex.com", "", "200", ""],  # unchanged
        ["9003", "Initech", "initech.com", "initech.dk;initech.de", "", "Bronze"],  # created with domains
    ]
    second = _with_tier(db, admin, rows)
    assert (second.created, second.updated, second.unchanged) == (1, 1, 1)
    assert tier_of(db) == {"Acme Corp": "Platinum", "Globex": "Silver", "Initech": "Bronze"}
    assert state(db) != before
    undone = undo(db, admin, second.id)
    assert undone.status == "undone" and undone.undone_at is not None
    assert state(db) == before
    assert tier_of(db) == {"Acme": "Gold", "Globex": "Silver"}


def test_undo_of_the_first_import_leaves_an_empty_workspace(db):
    admin = new_admin(db)
    before = state(db)
    first = _with_tier(db, admin, COMPANIES)
    undo(db, admin, first.id)
    assert state(db) == before


def test_undo_of_a_contacts_import_unmakes_its_links_and_restores_updated_contacts(db):
    admin = new_admin(db, email="anna@example.com")
    run(db, admin, csv_bytes(COMPANIES[:1] + COMPANIES[1:]))
    run(
        db,
        admin,
        csv_bytes([["Email", "First Name", "Associated Company IDs"], ["old@acme.com", "Old", "9001"]]),
        "contact",
    )
    before = state(db)
    rows = [
        ["Email", "First Name", "Job Title", "Contact owner", "Associated Company IDs"],
        ["OLD@acme.com", "Olde", "CTO", "anna@example.com", "9002"],  # updated, a new link
        ["new@globex.com", "New", "", "", "9001;9002"],  # created with two links
    ]
    done = run(db, admin, csv_bytes(rows), "contact")
    assert (done.created, done.updated, done.skipped) == (1, 1, 0)
    assert counts(db)["associations"] == 4
    undo(db, admin, done.id)
    assert state(db) == before
    assert counts(db)["associations"] == 1


def test_a_value_someone_changed_after_the_import_is_kept_by_undo_and_reported(db):
    admin = new_admin(db)
    run(db, admin, csv_bytes(COMPANIES))
    done = run(
        db,
        admin,
        csv_bytes([COMPANIES[0][:5], ["9001", "Acme", "acme.com", "", "999"], ["9002", "Globex 2", "", "", "222"]]),
    )
    assert done.updated == 2
    with read_session(db) as s:
        acme = s.scalar(select(Company).where(Company.domain == "acme.com"))
        acme_id, version = acme.id, acme.version

    def edit(s):
        update_properties(s, admin, "company", acme_id, {"arr": 555}, expected_version=version)

    write(db, edit)
    write(db, lambda s: imports.undo_import(s, admin, done.id))
    result = imports.run_undo(db, done.id, admin.id)
    assert (result["restored"], result["kept"]) == (2, 1)  # Globex's name and ARR back; Acme's ARR kept
    with read_session(db) as s:
        rows = s.execute(select(Company.name, Company.arr).order_by(Company.id)).all()
    assert [tuple(r) for r in rows] == [("Acme", 555.0), ("Globex", 200.0)]


def test_undoing_twice_does_nothing_the_second_time(db):
    admin = new_admin(db)
    before = state(db)
    done = run(db, admin, csv_bytes(COMPANIES))
    undo(db, admin, done.id)
    assert state(db) == before
    run(db, admin, csv_bytes([["Company name", "Company Domain Name"], ["Acme again", "acme.com"]]))
    after_other = state(db)
    with pytest.raises(ValidationError, match="Only a finished or stopped import can be undone."):
        write(db, lambda s: imports.undo_import(s, admin, done.id))
    assert imports.run_undo(db, done.id, admin.id) == {"import_id": done.id, "skipped": True}
    assert state(db) == after_other


def test_an_import_that_failed_half_way_can_be_undone(db, monkeypatch):
    monkeypatch.setattr("cslib.imports.run.CHUNK_ROWS", 2)
    real = imports.run.write_chunk
    calls = []

    def failing(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise CsError("The disk is full.")
        return real(*args, **kwargs)

    admin = new_admin(db)
    run(db, admin, csv_bytes([["Email", "First Name"], ["a@x.com", "A"]]), "contact")
    before = state(db)
    monkeypatch.setattr("cslib.imports.run.write_chunk", failing)
    rows = [["Email", "First Name"], ["a@x.com", "Anne"], ["b@x.com", "B"], ["c@x.com", "C"], ["d@x.com", "D"]]
    done = run(db, admin, csv_bytes(rows), "contact")
    assert (done.status, done.error, done.rows_done) == ("failed", "The disk is full.", 3)
    assert actions(db, done.id) == {2: "updated", 3: "created"}
    assert done.can_undo
    undo(db, admin, done.id)
    assert state(db) == before
    with read_session(db) as s:
        assert s.execute(select(Contact.email, Contact.first_name)).all() == [("a@x.com", "A")]
