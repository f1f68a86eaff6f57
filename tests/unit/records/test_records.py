"""The one write path for record properties: validation, history, and no lost updates."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib import records
from cslib.db import read_session, write_session
from cslib.errors import ConflictError, NotFound, ValidationError
from cslib.models import Company, PropertyDefinition, PropertyHistory
from cslib.permissions import PermissionDenied
from cslib.records import write  # the module itself, to patch its private _value_of
from tests.factories import make_actor, make_company, make_object_type, make_user

T = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def _history(session, company_id):
    return session.execute(
        select(PropertyHistory.property, PropertyHistory.old_value, PropertyHistory.new_value)
        .where(PropertyHistory.object_type == "company", PropertyHistory.object_id == company_id)
        .order_by(PropertyHistory.id)
    ).all()


def test_an_edit_saves_values_and_writes_one_history_row_per_changed_property(session):
    me = make_actor(session)
    owner = make_user(session)
    c = make_company(session, name="Acme", arr=1000.0)
    version = records.update_properties(
        session,
        me,
        "company",
        c.id,
        {"name": "Acme", "arr": "2,500", "owner_id": owner.id, "renewal_date": "2027-01-31"},
        expected_version=c.version,
        now=T,
    )
    assert version == 2
    assert (c.arr, c.owner_id, c.renewal_date) == (2500.0, owner.id, date(2027, 1, 31))
    assert _history(session, c.id) == [
        ("arr", "1000", "2500"),
        ("owner_id", None, str(owner.id)),
        ("renewal_date", None, "2027-01-31"),
    ]
    shown = records.property_history(session, me, "company", c.id, prop="arr")
    assert list(shown["new_value"]) == ["2500"] and shown["changed_by"][0] == me.name


def test_an_edit_on_a_stale_copy_is_refused_and_saves_nothing(session):
    ann = make_actor(session, name="Ann Lee")
    bob = make_actor(session)
    c = make_company(session, name="Acme")
    drawn = c.version
    records.update_properties(session, ann, "company", c.id, {"name": "Acme A/S"}, expected_version=drawn, now=T)
    with pytest.raises(ConflictError, match="Ann Lee changed this record"):
        records.update_properties(session, bob, "company", c.id, {"name": "Acme Inc"}, expected_version=drawn)
    assert c.name == "Acme A/S"
    assert len(_history(session, c.id)) == 1


def test_one_bad_value_saves_nothing(session):
    me = make_actor(session)
    c = make_company(session, name="Acme", arr=10.0)
    with pytest.raises(ValidationError, match="Annual recurring revenue must be a number"):
        records.update_properties(
            session, me, "company", c.id, {"name": "New", "arr": "lots"}, expected_version=c.version
        )
    assert (c.name, c.version) == ("Acme", 1) and _history(session, c.id) == []


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"nope": 1}, "Unknown property"),
        ({"created_at": "2026-01-01"}, "set by the system"),
        ({"lifecycle_stage": "emperor"}, "is not an option of Lifecycle stage"),
        ({"renewal_date": "31/01/2027"}, "must be a date like"),
        ({"arr": float("nan")}, "must be a number"),
        ({"arr": True}, "must be a number"),
        ({"owner_id": 999_999}, "must be an active user"),
        ({"name": "x" * 1001}, "at most 1,000 characters"),
        ({"name": "a\x00b"}, "NUL"),
    ],
)
def test_bad_values_get_a_clear_message(session, changes, message):
    me = make_actor(session)
    c = make_company(session)
    with pytest.raises(ValidationError, match=message):
        records.update_properties(session, me, "company", c.id, changes, expected_version=c.version)


def test_custom_properties_are_stored_in_json_in_the_filter_models_form(session):
    make_object_type(session, "company")
    session.add(PropertyDefinition(object_type="company", name="go_live", label="Go-live", type="date"))
    session.add(PropertyDefinition(object_type="company", name="seats", label="Seats", type="number"))
    session.flush()
    me = make_actor(session)
    c = make_company(session)
    records.update_properties(
        session, me, "company", c.id, {"go_live": "2027-03-01", "seats": "40"}, expected_version=c.version
    )
    assert c.custom == {"go_live": "2027-03-01", "seats": 40.0}
    records.update_properties(session, me, "company", c.id, {"seats": ""}, expected_version=c.version)
    assert c.custom == {"go_live": "2027-03-01"}
    assert ("seats", "40", None) in _history(session, c.id)


def test_users_without_a_seat_cannot_edit_and_deleted_records_are_not_found(session):
    viewer = make_actor(session, has_service_seat=False)
    me = make_actor(session)
    c = make_company(session)
    with pytest.raises(PermissionDenied):
        records.update_properties(session, viewer, "company", c.id, {"name": "X"}, expected_version=1)
    c.deleted_at = T
    session.flush()
    with pytest.raises(NotFound):
        records.update_properties(session, me, "company", c.id, {"name": "X"}, expected_version=c.version)


def test_saving_unchanged_values_writes_no_history(session):
    me = make_actor(session)
    c = make_company(session, name="Same")
    assert records.update_properties(session, me, "company", c.id, {"name": "Same"}, expected_version=1) == 1
    assert _history(session, c.id) == []


def test_two_users_saving_the_same_record_at_once_one_gets_the_conflict(make_db):
    """Two transactions that both read version 1: the second commit must not overwrite."""
    engine = make_db("sqlite")
    with write_session(engine) as s:
        ann, bob = make_actor(s, name="Ann"), make_actor(s, name="Bob")
        cid = make_company(s, name="Start").id
    with read_session(engine) as s:
        drawn = records.snapshot(s, ann, "company", cid).version
    with write_session(engine) as s:
        records.update_properties(s, ann, "company", cid, {"name": "Ann's"}, expected_version=drawn)
    with pytest.raises(ConflictError), write_session(engine) as s:
        records.update_properties(s, bob, "company", cid, {"name": "Bob's"}, expected_version=drawn)
    with read_session(engine) as s:
        assert s.get(Company, cid).name == "Ann's"


def test_a_writer_that_loses_a_true_race_names_the_winner_not_its_own_earlier_edit(session, monkeypatch):
    """Both writers pass the version check; the winner's change lands before the loser's
    UPDATE, which then matches no row. The message must name the winner, read after the
    failed write (before it, the loser's own earlier edit was the latest change)."""
    ann = make_actor(session, name="Ann Winner")
    bob = make_actor(session, name="Bob Loser")
    c = make_company(session, name="Acme")
    drawn = records.update_properties(session, bob, "company", c.id, {"city": "Oslo"}, expected_version=c.version)
    real_value_of = write._value_of

    def winner_lands_first(row, spec):  # noqa: ANN001, ANN202
        monkeypatch.setattr(write, "_value_of", real_value_of)
        with Session(bind=session.connection()) as other:  # another writer, committed first
            records.update_properties(other, ann, "company", c.id, {"city": "Bergen"}, expected_version=drawn)
            other.commit()  # (into the test's transaction)
        return real_value_of(row, spec)

    monkeypatch.setattr(write, "_value_of", winner_lands_first)
    with pytest.raises(ConflictError) as refused:
        records.update_properties(session, bob, "company", c.id, {"city": "Trondheim"}, expected_version=drawn)
    assert "Ann Winner changed this record" in str(refused.value)
    session.expire_all()
    assert session.get(Company, c.id).city == "Bergen"
