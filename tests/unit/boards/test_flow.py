"""The conversion strip (cslib.boards.stage_flow) on hand-built stage history with known
answers; on SQLite and (with CS_TEST_PG_URL) PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cslib import boards, i18n
from cslib.errors import ValidationError
from cslib.models import PropertyHistory, utcnow
from cslib.permissions import PermissionDenied
from tests.factories import make_actor, make_pipeline, make_record, make_workspace, stages_of

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


def pipeline_with_stages(session):
    """A → B → C → Won (closed, won) → Lost (closed, lost)."""
    make_workspace(session)
    pipeline = make_pipeline(session, "deal", "Sales", stages=("A", "B", "C", "Won", "Lost"))
    stages = stages_of(session, pipeline)
    stages[3].is_closed = stages[3].is_won = True
    stages[4].is_closed = True
    session.flush()
    return pipeline, dict(zip("A B C Won Lost".split(), stages, strict=True))


def journey(session, pipeline, path, **overrides):
    """A record that went through `path`: (stage, days ago) pairs, the first its creation
    (a change from no stage); it is created then and sits in the last stage."""
    first_at = path[0][1]
    record = make_record(session, pipeline, path[-1][0], created_at=ago(first_at), **overrides)
    old = None
    for stage, days in path:
        session.add(
            PropertyHistory(
                object_type="deal",
                object_id=record.id,
                property="stage_id",
                old_value=str(old.id) if old else None,
                new_value=str(stage.id),
                changed_at=ago(days),
            )
        )
        old = stage
    session.flush()
    return record


def strip(session, actor, pipeline, **kw):
    flows = boards.stage_flow(session, actor, "deal", pipeline.id, filters=kw.pop("filters", []), now=NOW, **kw)
    return {f.name: f for f in flows}


def test_conversion_and_median_days_on_known_history(session):
    me = make_actor(session)
    pipeline, s = pipeline_with_stages(session)
    # Four entries into A: three go on to B (after 2, 4 and 6 days), one is lost after 10.
    journey(session, pipeline, [(s["A"], 30), (s["B"], 28)])  # still in B: 28 days there
    journey(session, pipeline, [(s["A"], 40), (s["B"], 36), (s["Won"], 30)])  # 6 days in B, then won
    journey(session, pipeline, [(s["A"], 50), (s["B"], 44), (s["Lost"], 41)])  # 3 days in B, then lost
    journey(session, pipeline, [(s["A"], 60), (s["Lost"], 50)])
    # Entered A and B before the window; its move to C is in it (and it is still there).
    journey(session, pipeline, [(s["A"], 200), (s["B"], 100), (s["C"], 80)])

    flows = strip(session, me, pipeline)
    assert list(flows) == ["A", "B", "C", "Won", "Lost"]
    a, b, c, won, lost = flows.values()
    assert (a.entered, a.advanced, a.conversion, a.median_days) == (4, 3, 0.75, pytest.approx(5.0))
    assert (b.entered, b.advanced, b.conversion, b.median_days) == (3, 1, pytest.approx(1 / 3), pytest.approx(6.0))
    assert (c.entered, c.advanced, c.conversion, c.median_days) == (1, 0, 0.0, pytest.approx(80.0))
    # Closed stages: entries and days, but no conversion.
    assert (won.entered, won.conversion, won.median_days, won.is_closed) == (1, None, pytest.approx(30.0), True)
    assert (lost.entered, lost.conversion, lost.median_days) == (2, None, pytest.approx(45.5))
    assert (a.stage_id, a.is_closed) == (s["A"].id, False)

    # A shorter window leaves the older entries out.
    short = strip(session, me, pipeline, days=35)
    assert (short["A"].entered, short["A"].advanced, short["A"].median_days) == (1, 1, pytest.approx(2.0))
    assert (short["B"].entered, short["Won"].entered, short["Lost"].entered) == (1, 1, 0)
    assert short["Lost"].conversion is None and short["Lost"].median_days is None
    assert (short["C"].entered, short["C"].conversion, short["C"].median_days) == (0, None, None)


def test_a_record_created_without_stage_history_entered_its_stage_at_creation(session):
    me = make_actor(session)
    pipeline, s = pipeline_with_stages(session)
    make_record(session, pipeline, s["B"], created_at=ago(12))  # still in B
    make_record(session, pipeline, s["B"], created_at=ago(120))  # created before the window
    flows = strip(session, me, pipeline)
    assert (flows["B"].entered, flows["B"].median_days, flows["A"].entered) == (1, pytest.approx(12.0), 0)


def test_the_strip_counts_only_live_records_of_the_pipeline_that_match_the_filters(session):
    me = make_actor(session)
    other = make_actor(session)
    pipeline, s = pipeline_with_stages(session)
    journey(session, pipeline, [(s["A"], 20), (s["B"], 18)], owner_id=me.id)
    journey(session, pipeline, [(s["A"], 10)], owner_id=other.id)
    gone = journey(session, pipeline, [(s["A"], 5)], owner_id=me.id)
    gone.deleted_at = utcnow()
    elsewhere, _ = pipeline_with_stages(session)
    journey(session, elsewhere, [(stages_of(session, elsewhere)[0], 3)], owner_id=me.id)
    session.flush()

    everyone = strip(session, me, pipeline)
    assert (everyone["A"].entered, everyone["A"].advanced, everyone["B"].entered) == (2, 1, 1)
    mine = strip(session, me, pipeline, filters=[{"property": "owner_id", "operator": "in", "value": ["me"]}])
    assert (mine["A"].entered, mine["A"].conversion, mine["A"].median_days) == (1, 1.0, pytest.approx(2.0))


def test_the_strip_checks_the_reader_and_the_period(session):
    pipeline, _ = pipeline_with_stages(session)
    with pytest.raises(PermissionDenied, match="Service seat"):
        strip(session, make_actor(session, has_service_seat=False), pipeline)
    for days in (0, 366, "90", True):
        with pytest.raises(ValidationError, match="whole number of days from 1 to 365"):
            strip(session, make_actor(session), pipeline, days=days)
    with pytest.raises(ValidationError, match="does not hold"):
        boards.stage_flow(session, make_actor(session), "project", pipeline.id, filters=[])


def test_the_caption_states_the_definitions_for_the_period_in_the_readers_language():
    assert "in the last 90 days" in boards.flow_caption(90) and "in the last 1 day," in boards.flow_caption(1)
    with i18n.use("da"):
        assert "inden for de seneste 30 dage" in boards.flow_caption(30)
    with i18n.use("pl"):
        assert "w ciągu ostatnich 5 dni" in boards.flow_caption(5)
