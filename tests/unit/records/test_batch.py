"""The set-based side of the one write path (an import's chunk): many records created,
updated, linked, restored and deleted at once, each with a history row per value, versions
moved on, custom values merged into the stored JSON, and what changed published."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from cslib import reactions, records
from cslib.models import Association, Company, Import, PropertyHistory, Task
from cslib.permissions import PermissionDenied
from cslib.properties import add_property
from tests.factories import make_actor, make_company

T = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


@pytest.fixture
def published(monkeypatch):
    """Every (event, object type, ids, properties) published, while still reacting."""
    seen: list[tuple] = []
    real = reactions.publish

    def spy(session, event, *args, **kwargs):
        if event in (reactions.RECORDS_CHANGED, reactions.RECORDS_DELETED):
            seen.append((event, args[0], sorted(args[1]), kwargs.get("properties")))
        return real(session, event, *args, **kwargs)

    monkeypatch.setattr(reactions, "publish", spy)
    return seen


@pytest.fixture
def admin(session):
    me = make_actor(session, is_super_admin=True)
    add_property(session, me, "company", name="tier", label="Tier", type="string")
    add_property(session, me, "company", name="seats", label="Seats", type="number")
    return me


def _history(session, ids, object_type="company") -> list[tuple]:
    h = PropertyHistory
    return [
        tuple(r)
        for r in session.execute(
            select(h.object_id, h.property, h.old_value, h.new_value, h.source, h.changed_by_id)
            .where(h.object_type == object_type, h.object_id.in_(ids))
            .order_by(h.object_id, h.property)
        ).all()
    ]


def _company(session, company_id) -> Company:
    session.expire_all()
    return session.get(Company, company_id)


def test_create_records_inserts_each_with_its_values_a_history_row_per_value_and_publishes(session, admin, published):
    ids = records.create_records(
        session,
        admin,
        "company",
        [
            {"name": "Acme", "arr": 1200.5, "tier": "Gold", "renewal_date": date(2026, 12, 31)},
            {"name": "Globex", "seats": 5},
        ],
        now=T,
        source="import",
    )
    assert len(ids) == 2 and ids[0] < ids[1]
    acme, globex = _company(session, ids[0]), _company(session, ids[1])
    assert (acme.name, acme.arr, acme.renewal_date, acme.custom, acme.version) == (
        "Acme",
        1200.5,
        date(2026, 12, 31),
        {"tier": "Gold"},
        1,
    )
    assert (globex.name, globex.arr, globex.custom) == ("Globex", None, {"seats": 5})
    assert acme.created_at.replace(tzinfo=UTC) == T
    assert _history(session, ids) == [
        (ids[0], "arr", None, "1200.5", "import", admin.id),
        (ids[0], "name", None, "Acme", "import", admin.id),
        (ids[0], "renewal_date", None, "2026-12-31", "import", admin.id),
        (ids[0], "tier", None, "Gold", "import", admin.id),
        (ids[1], "name", None, "Globex", "import", admin.id),
        (ids[1], "seats", None, "5", "import", admin.id),
    ]
    assert published == [(reactions.RECORDS_CHANGED, "company", ids, None)]


def test_created_tasks_get_their_creator_and_a_completed_task_its_completion_time(session, admin):
    ids = records.create_records(
        session, admin, "task", [{"title": "Call", "status": "completed"}, {"title": "Mail"}], now=T, source="import"
    )
    tasks = {t.id: t for t in session.scalars(select(Task).where(Task.id.in_(ids)))}
    assert [(tasks[i].title, tasks[i].created_by_id) for i in ids] == [("Call", admin.id), ("Mail", admin.id)]
    assert tasks[ids[0]].completed_at.replace(tzinfo=UTC) == T and tasks[ids[1]].completed_at is None


def test_update_records_writes_only_what_changes_merges_custom_values_and_moves_versions(session, admin, published):
    a = make_company(session, name="A", arr=10, custom={"tier": "Gold", "seats": 3})
    b = make_company(session, name="B", arr=20)
    gone = make_company(session, name="Gone", deleted_at=T)
    published.clear()
    changed = records.update_records(
        session,
        admin,
        "company",
        {
            a.id: {"arr": 15, "tier": "Silver", "name": "A"},  # name unchanged; seats left alone
            b.id: {"arr": 20.0, "city": None},  # nothing changes
            gone.id: {"name": "Back"},
        },
        now=T,
        source="import",
    )
    assert changed == {a.id: {"arr": (10.0, 15), "tier": ("Gold", "Silver")}}
    a_now, b_now = _company(session, a.id), _company(session, b.id)
    assert (a_now.arr, a_now.custom, a_now.version) == (15.0, {"tier": "Silver", "seats": 3}, 2)
    assert (b_now.arr, b_now.version) == (20.0, 1)
    assert _company(session, gone.id).name == "Gone"
    assert _history(session, [a.id, b.id, gone.id]) == [
        (a.id, "arr", "10", "15", "import", admin.id),
        (a.id, "tier", "Gold", "Silver", "import", admin.id),
    ]
    assert published == [(reactions.RECORDS_CHANGED, "company", [a.id], ["arr", "tier"])]


def test_a_custom_value_cleared_leaves_the_json_without_it(session, admin):
    a = make_company(session, name="A", custom={"tier": "Gold", "seats": 3})
    records.update_records(session, admin, "company", {a.id: {"tier": None}}, now=T, source="import")
    assert _company(session, a.id).custom == {"seats": 3}
    assert _history(session, [a.id]) == [(a.id, "tier", "Gold", None, "import", admin.id)]


def test_update_records_writes_the_import_id_on_its_history(session, admin):
    a = make_company(session, name="A")
    imp = Import(user_id=admin.id, object_type="company", file_name="f.csv", status="running")
    session.add(imp)
    session.flush()
    records.update_records(
        session, admin, "company", {a.id: {"city": "Oslo"}}, now=T, source="import", import_id=imp.id
    )
    assert session.scalars(select(PropertyHistory.import_id).where(PropertyHistory.object_id == a.id)).all() == [imp.id]
    assert [tuple(r) for r in records.import_changes(session, imp.id, [a.id])] == [(a.id, "city", None, "Oslo")]


def test_link_records_makes_each_link_once_and_rescores_the_companies_it_touches(session, admin, published):
    a, b = make_company(session), make_company(session)
    contact_ids = records.create_records(session, admin, "contact", [{"email": "x@a.com"}], now=T, source="import")
    published.clear()
    pairs = [("contact", contact_ids[0], "company", a.id), ("company", b.id, "contact", contact_ids[0])]
    made = records.link_records(session, admin, pairs + [("company", a.id, "company", a.id)])
    assert len(made) == 2
    assert records.link_records(session, admin, pairs) == []
    links = session.execute(select(Association.from_type, Association.to_type)).all()
    assert len(links) == 2
    assert published == [(reactions.RECORDS_CHANGED, "company", sorted([a.id, b.id]), None)]


def test_unlink_import_removes_only_the_links_that_import_made(session, admin):
    a, b = make_company(session), make_company(session)
    contact = records.create_records(session, admin, "contact", [{"email": "x@a.com"}], now=T, source="import")[0]
    imp = Import(user_id=admin.id, object_type="contact", file_name="f.csv", status="done")
    session.add(imp)
    session.flush()
    records.link_records(session, admin, [("contact", contact, "company", a.id)])
    records.link_records(session, admin, [("contact", contact, "company", b.id)], import_id=imp.id)
    assert records.unlink_import(session, admin, imp.id) == 1
    left = session.execute(select(Association.from_id, Association.to_id, Association.import_id)).all()
    assert [set(r[:2]) for r in left] == [{contact, a.id}] and left[0].import_id is None


def test_restore_values_puts_back_only_what_still_holds_the_imports_value(session, admin, published):
    a = make_company(session, name="A", city="Oslo", custom={"tier": "Gold"})
    b = make_company(session, name="B", city="Bergen")
    published.clear()
    restored = records.restore_values(
        session,
        admin,
        "company",
        {a.id: {"city": None, "tier": "Silver"}, b.id: {"city": "Tromsø"}},
        {a.id: {"city": "Oslo", "tier": "Gold"}, b.id: {"city": "Stavanger"}},  # someone moved B on since
        now=T,
    )
    assert restored == (2, 1)
    a_now, b_now = _company(session, a.id), _company(session, b.id)
    assert (a_now.city, a_now.custom, b_now.city) == (None, {"tier": "Silver"}, "Bergen")
    assert _history(session, [a.id, b.id]) == []
    assert published == [(reactions.RECORDS_CHANGED, "company", [a.id], ["city", "tier"])]


def test_delete_records_removes_records_their_links_and_history_and_says_so(session, admin, published):
    keep = make_company(session, name="Keep")
    ids = records.create_records(session, admin, "company", [{"name": "X"}, {"name": "Y"}], now=T, source="import")
    records.link_records(session, admin, [("company", ids[0], "company", keep.id)])
    published.clear()
    assert records.delete_records(session, admin, "company", ids) == 2
    assert session.scalars(select(Company.name)).all() == ["Keep"]
    assert session.scalars(select(Association.id)).all() == []
    assert _history(session, ids) == []
    assert published == [(reactions.RECORDS_DELETED, "company", ids, None)]
    assert records.delete_records(session, admin, "company", []) == 0


def test_every_batch_write_needs_the_edit_permission(session, admin):
    viewer = make_actor(session, has_service_seat=False)
    a = make_company(session)
    calls = [
        lambda: records.create_records(session, viewer, "company", [{"name": "X"}], now=T, source="import"),
        lambda: records.update_records(session, viewer, "company", {a.id: {"name": "X"}}, now=T, source="import"),
        lambda: records.link_records(session, viewer, [("company", a.id, "contact", 1)]),
        lambda: records.restore_values(
            session, viewer, "company", {a.id: {"name": "X"}}, {a.id: {"name": a.name}}, now=T
        ),
        lambda: records.delete_records(session, viewer, "company", [a.id]),
        lambda: records.unlink_import(session, viewer, 1),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert _company(session, a.id).name == a.name


def test_values_come_back_from_history_typed_as_stored(session, admin):
    assert records.value_from_history(session, "company", "nps", "9") == 9
    assert records.value_from_history(session, "company", "arr", "1200.5") == 1200.5
    assert records.value_from_history(session, "company", "renewal_date", "2026-12-31") == date(2026, 12, 31)
    assert records.value_from_history(session, "company", "owner_id", str(admin.id)) == admin.id
    assert records.value_from_history(session, "company", "seats", "5") == 5
    assert records.value_from_history(session, "company", "city", None) is None
