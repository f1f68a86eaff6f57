"""Associations: stored once per pair in canonical order, read from either side, with
names and key facts per type; counts; validation and permissions."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select, text

from cslib import records
from cslib.db import write_session
from cslib.errors import NotFound, ValidationError
from cslib.models import Association, Contact, Meeting, Task
from cslib.permissions import PermissionDenied
from tests.factories import make_actor, make_company, make_pipeline, make_record, stages_of

T = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def _contact(session, first="Ann", last="Lee", **kw) -> Contact:
    c = Contact(first_name=first, last_name=last, email=kw.pop("email", f"{first.lower()}@x.example"), **kw)
    session.add(c)
    session.flush()
    return c


def _task(session, title="Call back", **kw) -> Task:
    t = Task(title=title, **kw)
    session.add(t)
    session.flush()
    return t


def _meeting(session, title="QBR", **kw) -> Meeting:
    m = Meeting(title=title, start_at=kw.pop("start_at", T), end_at=kw.pop("end_at", T.replace(hour=11)), **kw)
    session.add(m)
    session.flush()
    return m


def _rows(session):
    return session.execute(
        select(Association.from_type, Association.from_id, Association.to_type, Association.to_id).order_by(
            Association.id
        )
    ).all()


def test_a_link_is_stored_once_in_canonical_order_whichever_side_creates_it(session):
    me = make_actor(session)
    co, ct = make_company(session), _contact(session)
    first = records.associate(session, me, "contact", ct.id, "company", co.id)
    again = records.associate(session, me, "company", co.id, "contact", ct.id)
    assert first == again
    links = [r for r in _rows(session) if ("company", co.id) in ((r[0], r[1]), (r[2], r[3]))]
    assert links == [("company", co.id, "contact", ct.id)]


def test_linking_again_with_a_label_updates_the_label(session):
    me = make_actor(session)
    a, b = make_company(session), make_company(session)
    link = records.associate(session, me, "company", a.id, "company", b.id)
    assert records.associate(session, me, "company", b.id, "company", a.id, label="Parent company") == link
    assert session.get(Association, link).label == "Parent company"
    assert records.associate(session, me, "company", a.id, "company", b.id) == link  # no label: kept
    assert session.get(Association, link).label == "Parent company"


def test_associated_reads_both_sides_with_names_and_key_facts(session):
    me = make_actor(session)
    co = make_company(session, name="Acme", domain="acme.example")
    ann = _contact(session, "Ann", "Lee", job_title="CFO", email="ann@acme.example")
    pipe = make_pipeline(session, "deal", stages=("Qualified", "Won"))
    deal = make_record(session, pipe, name="Acme renewal", amount=12000.0, close_date=date(2027, 1, 31))
    task = _task(session, "Send the contract", status="not_started", due_at=T)
    meeting = _meeting(session, "Kick-off")
    for kind, rid in (("contact", ann.id), ("deal", deal.id), ("task", task.id), ("meeting", meeting.id)):
        records.associate(session, me, "company", co.id, kind, rid)

    df = records.associated(session, me, "company", co.id)
    assert list(df["other_type"]) == ["contact", "deal", "task", "meeting"]  # display order
    rows = {r["other_type"]: r for r in df.to_dict("records")}
    assert (rows["contact"]["name"], rows["contact"]["email"], rows["contact"]["job_title"]) == (
        "Ann Lee",
        "ann@acme.example",
        "CFO",
    )
    assert (rows["deal"]["name"], rows["deal"]["amount"], rows["deal"]["stage"]) == (
        "Acme renewal",
        12000.0,
        "Qualified",
    )
    assert rows["task"]["name"] == "Send the contract" and rows["task"]["status"] == "not_started"
    assert rows["meeting"]["name"] == "Kick-off"
    assert rows["deal"]["email"] is None  # facts of other types are None, not NaN

    back = records.associated(session, me, "contact", ann.id)
    assert list(zip(back["other_type"], back["name"], back["domain"], strict=True)) == [
        ("company", "Acme", "acme.example")
    ]
    assert list(records.associated(session, me, "deal", deal.id)["name"]) == ["Acme"]


def test_links_between_two_companies_show_from_both_sides(session):
    me = make_actor(session)
    parent, child = make_company(session, name="Parent"), make_company(session, name="Child")
    records.associate(session, me, "company", child.id, "company", parent.id)
    assert list(records.associated(session, me, "company", parent.id)["name"]) == ["Child"]
    assert list(records.associated(session, me, "company", child.id)["name"]) == ["Parent"]
    assert records.association_counts(session, me, "company", child.id) == {"company": 1}


def test_other_type_limit_and_order(session):
    me = make_actor(session)
    co = make_company(session)
    for first in ("Cleo", "anna", "Bob"):
        records.associate(session, me, "company", co.id, "contact", _contact(session, first, "X").id)
    records.associate(session, me, "company", co.id, "task", _task(session).id)
    df = records.associated(session, me, "company", co.id, other_type="contact", limit=2)
    assert list(df["name"]) == ["anna X", "Bob X"]  # by name, case-insensitive; 2 of 3
    assert set(records.associated(session, me, "company", co.id, limit=1)["other_type"]) == {"contact", "task"}


def test_open_tasks_come_first_by_due_date_and_meetings_newest_first(session):
    me = make_actor(session)
    co = make_company(session)
    done = _task(session, "Done", status="completed", due_at=T.replace(day=1))
    later = _task(session, "Later", due_at=T.replace(day=20))
    sooner = _task(session, "Sooner", due_at=T.replace(day=5))
    undated = _task(session, "Undated")
    old, new = _meeting(session, "Old", start_at=T.replace(month=1)), _meeting(session, "New")
    for t in (done, later, sooner, undated):
        records.associate(session, me, "company", co.id, "task", t.id)
    for m in (old, new):
        records.associate(session, me, "company", co.id, "meeting", m.id)
    assert list(records.associated(session, me, "company", co.id, other_type="task")["name"]) == [
        "Sooner",
        "Later",
        "Undated",
        "Done",
    ]
    assert list(records.associated(session, me, "company", co.id, other_type="meeting")["name"]) == ["New", "Old"]


def test_deleted_and_merged_records_are_left_out_of_lists_and_counts(session):
    me = make_actor(session)
    co = make_company(session)
    keep, gone, merged = _contact(session, "Keep"), _contact(session, "Gone"), _contact(session, "Merged")
    for c in (keep, gone, merged):
        records.associate(session, me, "company", co.id, "contact", c.id)
    gone.deleted_at = T
    merged.merged_into_id = keep.id
    session.flush()
    assert list(records.associated(session, me, "company", co.id)["name"]) == ["Keep Lee"]
    assert records.association_counts(session, me, "company", co.id) == {"contact": 1}


def test_counts_per_type_in_display_order(session):
    me = make_actor(session)
    co = make_company(session)
    pipe = make_pipeline(session, "ticket")
    records.associate(session, me, "company", co.id, "task", _task(session).id)
    for _ in range(2):
        records.associate(session, me, "company", co.id, "ticket", make_record(session, pipe).id)
    records.associate(session, me, "company", co.id, "contact", _contact(session).id)
    counts = records.association_counts(session, me, "company", co.id)
    assert counts == {"contact": 1, "ticket": 2, "task": 1}
    assert list(counts) == ["contact", "ticket", "task"]
    assert records.association_counts(session, me, "company", make_company(session).id) == {}
    assert records.associated(session, me, "company", make_company(session).id).empty


def test_dissociate_removes_the_link_from_either_side(session):
    me = make_actor(session)
    co, ct = make_company(session), _contact(session)
    records.associate(session, me, "company", co.id, "contact", ct.id)
    assert records.dissociate(session, me, "contact", ct.id, "company", co.id) is True
    assert records.dissociate(session, me, "company", co.id, "contact", ct.id) is False
    assert records.associated(session, me, "company", co.id).empty


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (("company", "SELF", "company", "SELF"), ValidationError, "cannot be associated with itself"),
        (("company", "CO", "planet", 1), ValidationError, "“planet” is not a type of record"),
        (("company", "CO", "contact", "abc"), ValidationError, "must be a whole number"),
        (("company", "CO", "contact", -3), ValidationError, "must be a whole number"),
        (("company", "CO", "contact", True), ValidationError, "must be a whole number"),
        (("company", "CO", "contact", 999_999), NotFound, "That contact does not exist"),
    ],
)
def test_bad_links_are_refused_with_a_message(session, args, error, message):
    me = make_actor(session)
    co = make_company(session)
    args = tuple(co.id if a in ("SELF", "CO") else a for a in args)
    with pytest.raises(error, match=message):
        records.associate(session, me, *args)


def test_a_label_longer_than_80_characters_is_refused(session):
    me = make_actor(session)
    a, b = make_company(session), make_company(session)
    with pytest.raises(ValidationError, match="at most 80 characters"):
        records.associate(session, me, "company", a.id, "company", b.id, label="x" * 81)


def test_without_a_seat_nobody_links_and_without_access_nobody_reads(session):
    no_seat = make_actor(session, has_service_seat=False)
    no_access = make_actor(session, workspace_access=False)
    co, ct = make_company(session), _contact(session)
    with pytest.raises(PermissionDenied):
        records.associate(session, no_seat, "company", co.id, "contact", ct.id)
    with pytest.raises(PermissionDenied):
        records.dissociate(session, no_seat, "company", co.id, "contact", ct.id)
    with pytest.raises(PermissionDenied):
        records.associated(session, no_access, "company", co.id)
    with pytest.raises(PermissionDenied):
        records.association_counts(session, no_access, "company", co.id)
    assert session.scalar(select(func.count()).select_from(Association)) == 0
    assert records.associated(session, no_seat, "company", co.id).empty  # reading needs access only


def test_reading_associations_uses_the_indexes_from_both_sides(make_db):
    """EXPLAIN QUERY PLAN on SQLite: the statements never scan the associations table."""
    from cslib import query

    engine = make_db("sqlite")
    with write_session(engine) as s:
        me = make_actor(s)
        co, ct = make_company(s), _contact(s)
        pipe = make_pipeline(s, "deal")
        records.associate(s, me, "company", co.id, "contact", ct.id)
        records.associate(s, me, "company", co.id, "deal", make_record(s, pipe, stage=stages_of(s, pipe)[0]).id)
        with query.capture_statements() as statements:
            records.association_counts(s, me, "contact", ct.id)
            records.associated(s, me, "company", co.id)
            records.associated(s, me, "contact", ct.id)
        assert statements
        for stmt in statements:
            compiled = stmt.compile(dialect=s.get_bind().dialect, compile_kwargs={"literal_binds": True})
            plan = " | ".join(r[-1] for r in s.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
            assert "SCAN associations" not in plan, plan
