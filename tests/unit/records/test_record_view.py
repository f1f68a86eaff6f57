"""What the record panel shows: values and property history formatted for people, and
where a merged-away record lives now."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cslib import records
from cslib.permissions import PermissionDenied
from cslib.properties import properties_for
from tests.factories import make_actor, make_company, make_user

T = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def test_values_read_like_people_write_them(session):
    props = properties_for(session, "company")
    users = {7: "Nina Kowalska"}
    fmt = {"users": users, "language": "en", "time_zone": "Europe/Copenhagen", "currency": "EUR"}
    assert records.display_value(props["owner_id"], 7, **fmt) == "Nina Kowalska"
    assert records.display_value(props["owner_id"], 8, **fmt) == "Unknown user (8)"
    assert records.display_value(props["lifecycle_stage"], "former_customer", **fmt) == "Former customer"
    assert records.display_value(props["renewal_date"], date(2027, 1, 31), **fmt) == "Jan 31, 2027"
    assert records.display_value(props["created_at"], T, **fmt) == "Nov 2, 2026, 11:00"  # CET
    assert records.display_value(props["arr"], 12500.0, **fmt) == "€12,500"
    assert records.display_value(props["employees"], 1200, **fmt) == "1,200"
    assert records.display_value(props["name"], None, **fmt) == "—"
    assert records.display_value(props["name"], "", **fmt) == "—"


def test_history_shows_names_labels_and_readable_dates(session):
    me = make_actor(session, name="Carl Csm")
    owner = make_user(session, name="Olga Owner")
    c = make_company(session, name="Acme")
    records.update_properties(
        session,
        me,
        "company",
        c.id,
        {"owner_id": owner.id, "lifecycle_stage": "customer", "renewal_date": "2027-01-31", "arr": "2500"},
        expected_version=c.version,
        now=T,
    )
    df = records.history_frame(session, me, "company", c.id)
    assert list(df.columns) == list(records.HISTORY_COLUMNS)
    rows = {r["Property"]: r for r in df.to_dict("records")}
    assert rows["Company owner"]["New value"] == "Olga Owner" and rows["Company owner"]["Old value"] == "—"
    assert rows["Lifecycle stage"]["New value"] == "Customer"
    assert rows["Renewal date"]["New value"] == "Jan 31, 2027"
    assert rows["Annual recurring revenue"]["New value"] == "$2,500"
    assert {r["Changed by"] for r in rows.values()} == {"Carl Csm"}
    assert {r["Source"] for r in rows.values()} == {"Edited in the app"}
    assert rows["Renewal date"]["When"] == "Nov 2, 2026, 10:00"
    only = records.history_frame(session, me, "company", c.id, prop="arr")
    assert list(only["Property"]) == ["Annual recurring revenue"]
    assert records.history_frame(session, me, "company", c.id, prop="city").empty


def test_a_merged_record_resolves_to_the_one_it_was_merged_into(session):
    me = make_actor(session)
    a, b, c = make_company(session), make_company(session), make_company(session)
    a.merged_into_id, b.merged_into_id = b.id, c.id
    session.flush()
    assert records.resolve_record(session, me, "company", a.id) == c.id
    assert records.resolve_record(session, me, "company", c.id) == c.id
    c.deleted_at = T
    session.flush()
    assert records.resolve_record(session, me, "company", a.id) is None
    assert records.resolve_record(session, me, "company", 999_999) is None
    with pytest.raises(PermissionDenied):
        records.resolve_record(session, make_actor(session, workspace_access=False), "company", b.id)


def test_a_snapshot_has_a_value_for_every_property(session):
    me = make_actor(session)
    c = make_company(session, name="Acme", arr=10.0)
    snap = records.snapshot(session, me, "company", c.id)
    assert set(snap.values) == set(properties_for(session, "company"))
    assert (snap.values["name"], snap.values["arr"]) == ("Acme", 10.0)


def test_record_urls_and_names():
    assert records.record_url("company", 12) == "/record?type=company&id=12"
    assert records.has_record_page("company") and records.has_record_page("contact")
    assert not records.has_record_page("task")
