"""Moving a record to another stage (cslib.boards.move_record): one write through the write
path, the stage's required properties, stale moves and refusals; on SQLite and (with
CS_TEST_PG_URL) PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from cslib import boards, i18n, records
from cslib.errors import ConflictError, NotFound, ValidationError
from cslib.models import PropertyHistory, Record
from cslib.permissions import PermissionDenied
from tests.factories import make_actor, make_pipeline, make_record, make_workspace, stages_of

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@pytest.fixture
def csm(session):
    make_workspace(session)
    return make_actor(session, name="Casey CSM")


def sales(session, *, won_requires=()):
    pipeline = make_pipeline(session, "deal", "Sales", stages=("New", "Demo", "Won"))
    stages = stages_of(session, pipeline)
    stages[2].required_properties = list(won_requires)
    session.flush()
    return pipeline, stages


def history(session, record) -> list[tuple[str, str | None, str | None]]:
    rows = session.scalars(
        select(PropertyHistory)
        .where(PropertyHistory.object_type == "deal", PropertyHistory.object_id == record.id)
        .order_by(PropertyHistory.property)
    )
    return [(h.property, h.old_value, h.new_value) for h in rows]


def test_a_move_saves_the_stage_and_writes_one_history_row(session, csm):
    pipeline, (new, demo, _) = sales(session)
    deal = make_record(session, pipeline, new)
    version = deal.version
    assert boards.move_record(session, csm, "deal", deal.id, demo.id, expected_version=version, now=NOW) == version + 1
    saved = session.get(Record, deal.id)
    assert (saved.stage_id, saved.stage_entered_at.replace(tzinfo=UTC)) == (demo.id, NOW)
    assert history(session, deal) == [("stage_id", str(new.id), str(demo.id))]
    # Moving to the stage it is in changes nothing.
    assert boards.move_record(session, csm, "deal", deal.id, demo.id, expected_version=version + 1) == version + 1
    assert len(history(session, deal)) == 1


def test_a_stage_with_required_properties_refuses_the_move_without_them(session, csm):
    pipeline, (new, _, won) = sales(session, won_requires=("amount", "close_date"))
    deal = make_record(session, pipeline, new)
    assert [p.name for p in boards.required_for_move(session, csm, "deal", deal.id, won.id)] == [
        "amount",
        "close_date",
    ]
    with pytest.raises(boards.MissingProperties) as refused:
        boards.move_record(session, csm, "deal", deal.id, won.id, expected_version=deal.version, values={"amount": " "})
    assert [(p.name, p.label) for p in refused.value.properties] == [("amount", "Amount"), ("close_date", "Close date")]
    assert str(refused.value) == "Won needs Amount and Close date."
    assert isinstance(refused.value, ValidationError)
    assert session.get(Record, deal.id).stage_id == new.id and history(session, deal) == []

    with i18n.use("da"), pytest.raises(boards.MissingProperties) as in_danish:
        boards.move_record(session, csm, "deal", deal.id, won.id, expected_version=deal.version)
    assert str(in_danish.value) == "Won kræver Beløb og Lukkedato."
    with i18n.use("pl"), pytest.raises(boards.MissingProperties) as in_polish:
        boards.move_record(session, csm, "deal", deal.id, won.id, expected_version=deal.version, values={"amount": 5})
    assert [p.name for p in in_polish.value.properties] == ["close_date"]
    assert str(in_polish.value) == "Etap Won wymaga: Data zamknięcia."

    version = boards.move_record(
        session,
        csm,
        "deal",
        deal.id,
        won.id,
        expected_version=deal.version,
        values={"amount": "1500", "close_date": "2026-11-30"},
        now=NOW,
    )
    saved = session.get(Record, deal.id)
    assert (saved.stage_id, saved.amount, saved.close_date, saved.version) == (
        won.id,
        1500.0,
        date(2026, 11, 30),
        version,
    )
    assert history(session, deal) == [
        ("amount", None, "1500"),
        ("close_date", None, "2026-11-30"),
        ("stage_id", str(new.id), str(won.id)),
    ]


def test_the_form_asks_only_for_what_the_record_lacks(session, csm):
    pipeline, (new, _, won) = sales(session, won_requires=("amount", "close_date"))
    deal = make_record(session, pipeline, new, amount=900)
    assert [p.name for p in boards.required_for_move(session, csm, "deal", deal.id, won.id)] == ["close_date"]
    filled = make_record(session, pipeline, new, amount=900, close_date=date(2026, 12, 1))
    assert boards.required_for_move(session, csm, "deal", filled.id, won.id) == ()
    assert boards.move_record(session, csm, "deal", filled.id, won.id, expected_version=filled.version) > 1


def test_a_stale_move_gets_the_conflict_message_and_changes_nothing(session, csm):
    pipeline, (new, demo, won) = sales(session, won_requires=("amount",))
    deal = make_record(session, pipeline, new)
    seen, original = deal.version, deal.name
    colleague = make_actor(session, name="Robin Rival")
    records.update_properties(session, colleague, "deal", deal.id, {"name": "Renamed"}, expected_version=seen, now=NOW)
    for target in (demo, won):  # the conflict comes first, even where a form would be due
        with pytest.raises(ConflictError, match="Robin Rival changed this record at .* after you opened it"):
            boards.move_record(session, csm, "deal", deal.id, target.id, expected_version=seen)
    assert session.get(Record, deal.id).stage_id == new.id
    assert history(session, deal) == [("name", original, "Renamed")]  # the colleague's edit only


def test_a_stage_of_another_pipeline_or_no_stage_is_refused(session, csm):
    pipeline, (new, demo, _) = sales(session)
    other, _ = sales(session)
    deal = make_record(session, pipeline, new)
    with pytest.raises(ValidationError, match="belongs to another pipeline"):
        boards.move_record(
            session, csm, "deal", deal.id, stages_of(session, other)[1].id, expected_version=deal.version
        )
    with pytest.raises(NotFound, match="That stage does not exist"):
        boards.move_record(session, csm, "deal", deal.id, 999_999, expected_version=deal.version)
    with pytest.raises(NotFound, match="That deal does not exist"):
        boards.move_record(session, csm, "deal", 999_999, new.id, expected_version=1)
    assert history(session, deal) == []
    # The move sets the stage: a pipeline among the form's values does not move it elsewhere.
    boards.move_record(
        session, csm, "deal", deal.id, demo.id, expected_version=deal.version, values={"pipeline_id": other.id}
    )
    assert (session.get(Record, deal.id).pipeline_id, session.get(Record, deal.id).stage_id) == (pipeline.id, demo.id)


def test_a_user_who_cannot_edit_records_cannot_move_them(session, csm):
    pipeline, (new, demo, _) = sales(session)
    deal = make_record(session, pipeline, new)
    for flags in ({"has_service_seat": False}, {"workspace_access": False}):
        reader = make_actor(session, **flags)
        with pytest.raises(PermissionDenied, match="cannot edit records"):
            boards.move_record(session, reader, "deal", deal.id, demo.id, expected_version=deal.version)
        with pytest.raises(PermissionDenied):
            boards.required_for_move(session, reader, "deal", deal.id, demo.id)
    assert session.get(Record, deal.id).stage_id == new.id
