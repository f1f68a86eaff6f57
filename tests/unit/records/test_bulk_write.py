"""The bulk form of the one write path (one value on many records), the one module that
writes property history, and the one live-record rule."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from cslib import reactions, records
from cslib.models import Company, PropertyHistory, Task, is_live, live
from cslib.permissions import EDIT_DENIED, PermissionDenied
from tests.factories import make_actor, make_company, make_task

T = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
CSLIB = Path(__file__).resolve().parents[3] / "cslib"


def _history(session, object_type, ids):
    return session.execute(
        select(PropertyHistory.object_id, PropertyHistory.old_value, PropertyHistory.new_value, PropertyHistory.source)
        .where(PropertyHistory.object_type == object_type, PropertyHistory.object_id.in_(ids))
        .order_by(PropertyHistory.object_id)
    ).all()


def test_a_bulk_write_changes_only_what_differs_with_a_history_row_and_a_new_version_each(session):
    me = make_actor(session)
    a, b, c = (make_company(session, city=city) for city in ("Oslo", "Bergen", None))
    olds = {a.id: "Oslo", b.id: "Bergen", c.id: None}

    changed = records.update_properties_bulk(session, me, "company", "city", "Bergen", olds, now=T, source="import")

    assert changed == [a.id, c.id]
    rows = {row.id: row for row in session.scalars(select(Company).where(Company.id.in_(olds)))}
    assert [rows[i].city for i in (a.id, b.id, c.id)] == ["Bergen"] * 3
    assert (rows[a.id].version, rows[b.id].version, rows[c.id].version) == (2, 1, 2)
    assert rows[a.id].updated_at == T
    assert _history(session, "company", olds) == [(a.id, "Oslo", "Bergen", "import"), (c.id, None, "Bergen", "import")]


def test_a_task_status_stamps_completed_at_the_same_way_in_both_forms(session):
    me = make_actor(session)
    one, many = make_task(session, assignee=me), make_task(session, assignee=me)
    records.update_properties(session, me, "task", one.id, {"status": "completed"}, expected_version=1, now=T)
    records.update_properties_bulk(session, me, "task", "status", "completed", {many.id: "not_started"}, now=T)
    stamps = dict(session.execute(select(Task.id, Task.completed_at).where(Task.id.in_((one.id, many.id)))).all())
    assert stamps == {one.id: T, many.id: T}

    records.update_properties_bulk(session, me, "task", "status", "in_progress", {many.id: "completed"}, now=T)
    assert session.scalar(select(Task.completed_at).where(Task.id == many.id)) is None


def test_a_bulk_write_says_what_changed_through_the_reactions(session, monkeypatch):
    heard: list = []
    monkeypatch.setattr(reactions, "publish", lambda s, event, *args, **kw: heard.append((event, args, kw)) or [])
    me = make_actor(session)
    a = make_company(session, city="Oslo")
    records.update_properties_bulk(session, me, "company", "city", "Bergen", {a.id: "Oslo"}, now=T)
    assert heard == [(reactions.RECORDS_CHANGED, ("company", [a.id]), {"now": T, "properties": ("city",)})]


def test_nothing_to_change_writes_and_publishes_nothing(session, monkeypatch):
    monkeypatch.setattr(reactions, "publish", lambda *a, **k: pytest.fail("published with nothing changed"))
    me = make_actor(session)
    a = make_company(session, city="Oslo")
    assert records.update_properties_bulk(session, me, "company", "city", "Oslo", {a.id: "Oslo"}, now=T) == []
    assert _history(session, "company", [a.id]) == []


def test_a_bulk_write_needs_the_record_edit_permission(session):
    reader = make_actor(session, has_service_seat=False)
    a = make_company(session, city="Oslo")
    with pytest.raises(PermissionDenied, match=re.escape(EDIT_DENIED)):
        records.update_properties_bulk(session, reader, "company", "city", "Bergen", {a.id: "Oslo"}, now=T)


def test_deleted_and_merged_away_rows_are_not_live(session):
    kept = make_company(session, name="Kept")
    deleted = make_company(session, name="Deleted", deleted_at=T)
    merged = make_company(session, name="Merged", merged_into_id=kept.id)
    ids = (kept.id, deleted.id, merged.id)
    assert list(session.scalars(select(Company.id).where(Company.id.in_(ids), live(Company)))) == [kept.id]
    assert [is_live(c) for c in (kept, deleted, merged)] == [True, False, False]


def test_property_history_is_written_in_one_module():
    """Writes of PropertyHistory (rows, INSERT, UPDATE, DELETE) appear only in
    cslib/records/history.py; reads may be anywhere. The demo loader bulk-loads its
    generated history with the other seed tables."""
    write = re.compile(r"(?<!class )PropertyHistory\(|(insert|update|delete)\(\s*PropertyHistory\b")
    offenders = sorted(
        str(path.relative_to(CSLIB))
        for path in CSLIB.rglob("*.py")
        if write.search(path.read_text()) and path.parent.name != "demo"
    )
    assert offenders == ["records/history.py"]
