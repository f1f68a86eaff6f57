"""The board (cslib.boards.load_board): per-stage counts, amounts and weighted amounts, the
first cards of each stage in the list's order, and what a card shows; on SQLite and
(with CS_TEST_PG_URL) PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cslib import boards, records
from cslib.errors import NotFound, ValidationError
from cslib.lists import list_records
from cslib.models import PropertyHistory, utcnow
from cslib.permissions import PermissionDenied
from tests.factories import make_actor, make_company, make_pipeline, make_record, make_workspace, stages_of

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def sales(session):
    """A deal pipeline New (20 %) → Demo (50 %) → Won (closed, won) → Lost (closed) → Parked (no probability)."""
    make_workspace(session)
    pipeline = make_pipeline(session, "deal", "Sales", stages=("New", "Demo", "Won", "Lost", "Parked"))
    stages = stages_of(session, pipeline)
    for stage, probability in zip(stages, (0.2, 0.5, 1.0, 0.0, None), strict=True):
        stage.probability = probability
    stages[2].is_closed = stages[2].is_won = True
    stages[3].is_closed = True
    session.flush()
    return pipeline, stages


def board(session, actor, pipeline, *, filters=(), sort=(), **kw):
    return boards.load_board(
        session, actor, pipeline.object_type, pipeline.id, filters=list(filters), sort=list(sort), now=NOW, **kw
    )


def column(result, name):
    return next(c for c in result.columns if c.stage.name == name)


def test_each_stage_has_its_count_amount_and_weighted_amount(session):
    me = make_actor(session)
    pipeline, (new, demo, won, lost, parked) = sales(session)
    for amount in (100, 200, None):
        make_record(session, pipeline, new, amount=amount)
    make_record(session, pipeline, demo, amount=1000)
    make_record(session, pipeline, lost, amount=None)
    make_record(session, pipeline, parked, amount=40)
    make_record(session, pipeline, new, amount=5000, deleted_at=utcnow())  # deleted: not on the board
    other = make_pipeline(session, "deal", "Partners", stages=("New",))
    make_record(session, other, amount=7000)  # another pipeline

    result = board(session, me, pipeline)
    assert [c.stage.name for c in result.columns] == ["New", "Demo", "Won", "Lost", "Parked"]
    assert [(c.count, c.amount, c.weighted) for c in result.columns] == [
        (3, 300.0, pytest.approx(60.0)),
        (1, 1000.0, 500.0),
        (0, None, None),  # no records: nothing to sum
        (1, None, None),  # records without amounts
        (1, 40.0, None),  # no probability: no weighted amount
    ]
    assert result.total == 6 and result.pipeline_id == pipeline.id and result.object_type == "deal"
    assert column(result, "Won").stage.is_won and column(result, "New").stage.probability == 0.2


def test_a_stage_shows_its_first_cards_and_says_when_there_are_more(session):
    me = make_actor(session)
    pipeline, (new, demo, *_) = sales(session)
    made = [make_record(session, pipeline, new, name=f"Deal {i}") for i in range(5)]
    make_record(session, pipeline, demo)

    result = board(session, me, pipeline, limits={new.id: 2})
    first = column(result, "New")
    assert [c.id for c in first.cards] == [r.id for r in made[:2]]
    assert (first.count, first.limit, first.more) == (5, 2, True)
    assert (column(result, "Demo").limit, column(result, "Demo").more) == (boards.DEFAULT_CARDS, False)
    assert len(column(board(session, me, pipeline), "New").cards) == 5

    assert column(board(session, me, pipeline, limits={new.id: 10_000}), "New").limit == boards.MAX_CARDS
    for limits in ({new.id: "all"}, {"New": 5}, [5]):
        with pytest.raises(ValidationError):
            board(session, me, pipeline, limits=limits)


def test_filters_and_sort_are_the_lists_so_board_and_table_agree(session):
    me = make_actor(session)
    someone = make_actor(session)
    pipeline, (new, *_) = sales(session)
    for name, amount, owner in (("A", 10, me), ("B", 30, me), ("C", 20, me), ("D", 99, someone)):
        make_record(session, pipeline, new, name=name, amount=amount, owner_id=owner.id)
    mine = {"property": "owner_id", "operator": "in", "value": ["me"]}
    by_amount = [{"property": "amount", "direction": "desc"}]

    result = board(session, me, pipeline, filters=[mine], sort=by_amount)
    cards = column(result, "New").cards
    assert [c.name for c in cards] == ["B", "C", "A"]
    assert (column(result, "New").count, column(result, "New").amount) == (3, 60.0)

    in_new = {"property": "stage_id", "operator": "in", "value": [str(new.id)]}
    table = list_records(
        session, me, "deal", filters=[mine, in_new], columns=["name"], sort=by_amount, now=NOW, page_size=25
    )
    assert [c.id for c in cards] == [int(i) for i in table.rows["id"]]


def test_a_card_shows_owner_amount_close_date_days_in_stage_and_customer_health(session):
    me = make_actor(session)
    owner = make_actor(session, name="Ada Owner")
    pipeline, (new, demo, *_) = sales(session)
    deal = make_record(
        session, pipeline, demo, name="Big deal", owner_id=owner.id, amount=1200, close_date=date(2026, 12, 31)
    )
    # Entered Demo 5 days ago (and New before): the latest change into its current stage counts.
    for old, new_stage, days_ago in ((None, new, 20), (new, demo, 12), (demo, new, 8), (new, demo, 5)):
        session.add(
            PropertyHistory(
                object_type="deal",
                object_id=deal.id,
                property="stage_id",
                old_value=str(old.id) if old else None,
                new_value=str(new_stage.id),
                changed_at=NOW - timedelta(days=days_ago, hours=3),
            )
        )
    gone = make_company(session, name="Gone Inc", health_category="healthy")
    first = make_company(session, name="Acme", health_category="at_risk")
    second = make_company(session, name="Zeta", health_category="healthy")
    for company in (second, gone, first):
        records.associate(session, me, "deal", deal.id, "company", company.id)
    gone.deleted_at = utcnow()  # deleted since it was linked
    # No history of its current stage: days from stage_entered_at, else from created_at.
    entered = make_record(session, pipeline, new, stage_entered_at=NOW - timedelta(days=3), created_at=NOW)
    stray = {"object_type": "deal", "object_id": entered.id, "property": "stage_id", "new_value": str(demo.id)}
    session.add(PropertyHistory(**stray, changed_at=NOW - timedelta(days=30)))  # not the stage it is in
    created = make_record(session, pipeline, new, created_at=NOW - timedelta(days=9, hours=1))

    result = board(session, me, pipeline)
    card = column(result, "Demo").cards[0]
    assert (card.id, card.name, card.stage_id, card.version) == (deal.id, "Big deal", demo.id, deal.version)
    assert (card.owner_id, card.owner_name) == (owner.id, "Ada Owner")
    assert (card.amount, card.close_date, card.days_in_stage) == (1200.0, date(2026, 12, 31), 5)
    assert gone.id < first.id < second.id  # the first live one by id, whatever the order of linking
    assert (card.company_id, card.company_name, card.health_category) == (first.id, "Acme", "at_risk")
    by_id = {c.id: c for c in column(result, "New").cards}
    assert by_id[entered.id].days_in_stage == 3 and by_id[created.id].days_in_stage == 9
    assert by_id[created.id].company_id is None and by_id[created.id].owner_name is None


def test_reading_a_board_needs_what_a_list_needs(session):
    pipeline, _ = sales(session)
    with pytest.raises(PermissionDenied, match="no workspace access"):
        board(session, make_actor(session, workspace_access=False), pipeline)
    with pytest.raises(PermissionDenied, match="Service seat"):
        board(session, make_actor(session, has_service_seat=False), pipeline)
    csm, other = make_actor(session), make_actor(session)
    with pytest.raises(PermissionDenied, match="Only admins"):
        board(session, csm, pipeline, me=other.id)
    admin = make_actor(session, manage_settings=True)
    assert board(session, admin, pipeline, me=other.id).total == 0


def test_the_pipeline_must_be_one_of_the_tabs_object(session):
    me = make_actor(session)
    projects = make_pipeline(session, "project", "Onboarding")
    make_workspace(session)
    with pytest.raises(ValidationError, match="does not hold Deals"):
        boards.load_board(session, me, "deal", projects.id, filters=[], sort=[])
    with pytest.raises(NotFound, match="That pipeline does not exist"):
        boards.load_board(session, me, "deal", 999_999, filters=[], sort=[])
    result = boards.load_board(session, me, "project", projects.id, filters=[], sort=[])
    assert [c.stage.name for c in result.columns] == ["New", "Won"]


def test_a_long_column_gets_its_look_ups_for_every_card(session):
    me = make_actor(session)
    pipeline, (new, *_) = sales(session)
    made = [make_record(session, pipeline, new, created_at=NOW - timedelta(days=2)) for _ in range(230)]
    acme = make_company(session, name="Acme", health_category="healthy")
    records.associate(session, me, "deal", made[-1].id, "company", acme.id)  # past the first batch of ids

    cards = column(board(session, me, pipeline, limits={new.id: 230}), "New").cards
    assert len(cards) == 230 and {c.days_in_stage for c in cards} == {2}
    assert (cards[-1].id, cards[-1].company_name, cards[-1].health_category) == (made[-1].id, "Acme", "healthy")
