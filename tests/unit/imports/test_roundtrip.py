"""Our own exports import back unchanged: a view exported from one workspace (CSV and
XLSX), imported into an empty database and exported again gives the same rows, and the new
records keep the old Record IDs as their source IDs."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import openpyxl
import pytest
from sqlalchemy import select

from cslib.bulk import association_row
from cslib.db import read_session
from cslib.models import Association, CompanyDomain, Contact, SourceId
from cslib.properties import properties_for
from tests.factories import make_company
from tests.unit.exports.helpers import built
from tests.unit.imports.helpers import new_admin, run, skipped, write


def _workspace(engine) -> None:
    """Companies with every kind of value, an additional domain, and contacts linked to them."""
    owner = new_admin(engine, name="Anna Berg", email="anna@example.com")

    def make(s):
        acme = make_company(
            s,
            name='Ærø & Acme, "the" one',
            domain="acme.com",
            owner_id=owner.id,
            lifecycle_stage="customer",
            industry="retail",
            arr=1234.56,
            renewal_date=date(2026, 12, 31),
            nps=9,
            employees=250,
            city="Århus",
            country="Denmark",
            description="Line one\nline two; with a semicolon",
            created_at=datetime(2023, 7, 14, 8, 15, tzinfo=UTC),
        )
        globex = make_company(
            s, name="=Globex", domain="globex.com", arr=-5, created_at=datetime(2024, 1, 2, tzinfo=UTC)
        )
        s.add(CompanyDomain(company_id=acme.id, domain="acme.dk", is_primary=False))
        ann = Contact(
            first_name="Łukasz", last_name="Żółć", email="lukasz@acme.com", job_title="CEO", owner_id=owner.id
        )
        bo = Contact(first_name="Bo", last_name=None, email="bo@globex.com", lifecycle_stage="lead")
        s.add_all([ann, bo])
        s.flush()
        keys = ("from_type", "from_id", "to_type", "to_id")
        pairs = [
            ("contact", ann.id, "company", acme.id),
            ("contact", bo.id, "company", acme.id),
            ("contact", bo.id, "company", globex.id),
        ]
        s.execute(Association.__table__.insert(), [dict(zip(keys, association_row(*p), strict=True)) for p in pairs])

    write(engine, make)


def _rows(download) -> list[list[str]]:
    if download.file_name.endswith(".xlsx"):
        sheet = openpyxl.load_workbook(download.path).active
        return [["" if c is None else str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    return list(csv.reader(io.StringIO(download.path.read_text("utf-8-sig"))))


def _export(engine, actor, object_type: str, fmt: str):
    return built(
        engine,
        actor,
        object_type,
        name=object_type,
        format=fmt,
        properties="all_associations",
        all_domains=True,
        columns=["name" if object_type == "company" else "email"],
    )


def _derived(engine, object_type: str) -> set[str]:
    """Headers of values derived from history, not imported ("Company owner assigned date"
    is when the import assigned the owner)."""
    with read_session(engine) as s:
        return {spec.label for spec in properties_for(s, object_type).values() if spec.computed}


def _translated(rows: list[list[str]], own_type: str, new_ids: dict[str, dict[str, str]]) -> list[list[str]]:
    """The data rows with every ID of the first workspace (Record ID, associated IDs)
    written as the ID its record has in the second one, sorted."""
    kinds = {"Record ID": own_type, "Associated Company IDs": "company", "Associated Contact IDs": "contact"}
    out = []
    for row in rows[1:]:
        cells = []
        for name, cell in zip(rows[0], row, strict=True):
            if name in kinds and cell:
                cell = ";".join(new_ids[kinds[name]].get(i, f"?{i}") for i in cell.split(";"))
            cells.append(cell)
        out.append(cells)
    return sorted(out)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imported_into_an_empty_database_exports_again_as_the_same_rows(db, make_db, fmt):
    _workspace(db)
    exporter = new_admin(db)
    files = {t: _export(db, exporter, t, fmt) for t in ("company", "contact")}
    before = {t: _rows(f) for t, f in files.items()}
    assert len(before["company"]) == 3 and len(before["contact"]) == 3

    other = make_db(db.dialect.name if db.dialect.name == "sqlite" else "postgresql")
    new_admin(other, name="Anna Berg", email="anna@example.com")
    importer = new_admin(other)
    for object_type, download in files.items():
        done = run(other, importer, download.path.read_bytes(), object_type, name=download.file_name)
        assert (done.status, done.created, done.skipped) == ("done", 2, 0), skipped(other, done.id)
    with read_session(other) as s:
        new_ids: dict[str, dict[str, str]] = {"company": {}, "contact": {}}
        for object_type, source, record in s.execute(
            select(SourceId.object_type, SourceId.source_id, SourceId.record_id)
        ):
            new_ids[object_type][source] = str(record)
    assert sorted(new_ids["company"]) == sorted(r[0] for r in before["company"][1:])
    assert sorted(new_ids["contact"]) == sorted(r[0] for r in before["contact"][1:])

    for object_type in ("company", "contact"):
        after = _rows(_export(other, importer, object_type, fmt))
        assert after[0] == before[object_type][0]
        expected = _translated(before[object_type], object_type, new_ids)
        kept = [i for i, h in enumerate(after[0]) if h not in _derived(other, object_type)]
        assert [[r[i] for i in kept] for r in sorted(after[1:])] == [[r[i] for i in kept] for r in expected]
