"""A pipeline record's Pipeline and Stage read as names, on the record and in its history,
and which kinds of record have a record page."""

from __future__ import annotations

from cslib import records
from cslib.properties import properties_for
from tests.factories import make_actor, make_object_type, make_pipeline, make_record, stages_of

FMT = {"users": {}, "language": "en", "time_zone": "UTC", "currency": "USD"}


def test_pipeline_and_stage_show_their_names_and_stay_read_only(session):
    sales = make_pipeline(session, "deal", "Sales pipeline", stages=("Qualified to buy", "Contract sent"))
    make_pipeline(session, "project", "Onboarding", stages=("Kick-off",))
    _qualified, contract = stages_of(session, sales)
    props = records.with_pipeline_names(session, "deal", properties_for(session, "deal"))
    assert records.display_value(props["pipeline_id"], sales.id, **FMT) == "Sales pipeline"
    assert records.display_value(props["stage_id"], contract.id, **FMT) == "Contract sent"
    assert records.display_value(props["stage_id"], str(contract.id), **FMT) == "Contract sent"  # as history holds it
    assert [label for _value, label in props["stage_id"].options] == ["Qualified to buy", "Contract sent"]
    assert props["stage_id"].readonly and props["pipeline_id"].readonly
    assert records.display_value(props["stage_id"], 999_999, **FMT) == "999999"  # a deleted stage: its id
    company = properties_for(session, "company")
    assert records.with_pipeline_names(session, "company", company) == company


def test_stage_history_names_the_stages(session):
    me = make_actor(session, is_super_admin=True)
    sales = make_pipeline(session, "deal", "Sales pipeline", stages=("Qualified to buy", "Contract sent"))
    qualified, contract = stages_of(session, sales)
    deal = make_record(session, sales, qualified)
    records.update_properties(session, me, "deal", deal.id, {"stage_id": contract.id}, expected_version=deal.version)
    frame = records.history_frame(session, me, "deal", deal.id, prop="stage_id")
    assert frame[["Property", "Old value", "New value"]].values.tolist() == [
        ["Stage", "Qualified to buy", "Contract sent"]
    ]


def test_companies_pipeline_records_and_custom_objects_have_record_pages(session):
    make_object_type(session, "onboarding", is_custom=True, has_pipeline=True)
    assert [t for t in ("company", "deal", "project", "ticket", "onboarding") if records.has_record_page(t)] == [
        "company",
        "deal",
        "project",
        "ticket",
        "onboarding",
    ]
    assert not any(records.has_record_page(t) for t in ("task", "meeting"))
    assert records.RECORD_PAGE_TYPES == ("company", "contact", "deal", "subscription", "project", "service", "ticket")
