"""The health score engine: scoring rules (bands, bounds, weights, missing data), what a
recompute writes (scores, primary score, history, events, alerts) and a recompute cut off
half-way then run again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import numpy as np
import pandas as pd
import pytest
from sqlalchemy import func, select

from cslib import health
from cslib.db import read_session, write_session
from cslib.health import recompute, storage  # the chunked writes, patched to cut a recompute off
from cslib.models import (
    Activity,
    Alert,
    Association,
    Company,
    HealthProfile,
    HealthRollup,
    HealthScore,
    HealthScoreDaily,
    HealthScoreEvent,
)
from tests.factories import HEALTH_DEFINITION as DEFINITION
from tests.factories import make_company, make_pipeline, make_record, stages_of

# Scoring "as of now" reads companies.last_activity_at; as of the past, activities.
NOW = datetime.now(UTC).replace(second=0, microsecond=0)


def frame(**columns) -> pd.DataFrame:
    n = len(next(iter(columns.values())))
    return pd.DataFrame({"id": range(1, n + 1), **columns})


def one_group(criterion: dict, max_points: float = 100, kind: str = "event") -> dict:
    return {"groups": [{"key": "g", "name": "G", "kind": kind, "max_points": max_points, "criteria": [criterion]}]}


# --- scoring rules ------------------------------------------------------------------------


def test_linear_points_are_clamped_at_both_bounds_and_interpolated_between():
    c = {
        "key": "x",
        "kind": "property_linear",
        "property": "nps",
        "low": 0,
        "high": 10,
        "points_low": 0,
        "points_high": 100,
    }
    scores = health.score_frame(frame(in_x=[-5, 0, 2.5, 10, 99]), one_group(c, kind="property"), None, NOW)
    assert scores["c:x"].tolist() == [0, 0, 25, 100, 100]
    assert scores["v:x"].tolist() == [-5, 0, 2.5, 10, 99]


def test_linear_points_may_run_downwards():
    c = {
        "key": "x",
        "kind": "property_linear",
        "property": "nps",
        "low": 0,
        "high": 4,
        "points_low": 80,
        "points_high": 0,
    }
    scores = health.score_frame(frame(in_x=[0, 1, 4, 8]), one_group(c, kind="property"), None, NOW)
    assert scores["c:x"].tolist() == [80, 60, 0, 0]


def test_count_bands_give_the_highest_band_reached():
    c = {"key": "x", "kind": "event_count", "event": "meeting", "window_days": 90,
         "bands": [{"min": 1, "points": 10}, {"min": 3, "points": 25}]}  # fmt: skip
    scores = health.score_frame(frame(in_x=[0, 1, 2, 3, 40]), one_group(c), None, NOW)
    assert scores["c:x"].tolist() == [0, 10, 10, 25, 25]


def test_recency_bands_include_their_upper_bound_and_never_counts_as_otherwise():
    c = {"key": "x", "kind": "recency", "event": "any", "otherwise": 2,
         "bands": [{"max_days": 14, "points": 25}, {"max_days": 30, "points": 15}]}  # fmt: skip
    stamps = [NOW, NOW - timedelta(days=14), NOW - timedelta(days=15), NOW - timedelta(days=30, hours=23),
              NOW - timedelta(days=31), None]  # fmt: skip
    scores = health.score_frame(frame(in_x=stamps), one_group(c), None, NOW)
    assert scores["c:x"].tolist() == [25, 25, 15, 15, 2, 2]
    assert scores["v:x"].tolist()[:5] == [0, 14, 15, 30, 31]
    assert np.isnan(scores["v:x"].iloc[5])


def test_condition_points_apply_only_when_met_and_are_missing_without_data():
    c = {"key": "x", "kind": "property_condition", "filter": {}, "points": 30}
    scores = health.score_frame(
        frame(in_x=[1, 0, 0], known_x=[1, 1, 0]), one_group(c, max_points=100, kind="property"), None, NOW
    )
    assert scores["c:x"].tolist() == [30, 0]  # the third has no data at all: not scored
    assert scores["score"].tolist() == [30, 0]


def test_group_points_are_clamped_to_zero_and_to_the_group_maximum():
    definition = {"groups": [{"key": "g", "name": "G", "kind": "event", "max_points": 100, "criteria": [
        {"key": "a", "kind": "event_count", "event": "any", "window_days": 30, "bands": [{"min": 0, "points": -50}]},
        {"key": "b", "kind": "event_count", "event": "any", "window_days": 30,
         "bands": [{"min": 1, "points": 40}, {"min": 5, "points": 100}, {"min": 9, "points": 200}]},
    ]}]}  # fmt: skip
    scores = health.score_frame(frame(in_a=[0, 0, 0, 0], in_b=[0, 1, 5, 9]), definition, None, NOW)
    assert scores["g:g"].tolist() == [0, 0, 50, 100]
    assert scores["score"].tolist() == [0, 0, 50, 100]


def test_a_group_without_data_is_left_out_and_its_weight_shared_out():
    inputs = frame(in_c1=[0, 1], known_c1=[0, 1], in_c2=[None, 2.0], in_c3=[3, 3], in_c4=[NOW, NOW], in_c5=[0, 0])
    scores = health.score_frame(inputs, DEFINITION, None, NOW)
    # Row 1: no NPS → Sentiment missing; Engagement 25 + 25 + 10 = 60 of 60 → 100.
    assert scores.loc[0, "g:g1"] != scores.loc[0, "g:g1"]  # NaN
    assert scores.loc[0, "score"] == 100.0
    assert scores.loc[0, "coverage"] == 0.6
    # Row 2: NPS 2 → −20 + 8 = −12 → clamped 0; 0 + 60 of 100 → 60.
    assert scores.loc[1, "g:g1"] == 0
    assert scores.loc[1, "c:c1"] == -20 and scores.loc[1, "c:c2"] == 8
    assert scores.loc[1, "score"] == 60.0 and scores.loc[1, "coverage"] == 1.0


@pytest.mark.parametrize(
    ("score", "category"),
    [(100, "healthy"), (70, "healthy"), (69.9, "neutral"), (40, "neutral"), (39.9, "at_risk"), (0, "at_risk")],
)
def test_thresholds_turn_a_score_into_a_category(score, category):
    assert health.category_for(score, {"healthy": 70, "neutral": 40}) == category


@pytest.mark.parametrize(
    ("points", "score", "category"), [(69.6, 70, "healthy"), (69.4, 69, "neutral"), (40, 40, "neutral")]
)
def test_scores_are_whole_points_and_the_category_follows_the_score_shown(points, score, category):
    c = {"key": "x", "kind": "event_count", "event": "any", "window_days": 1, "bands": [{"min": 0, "points": points}]}
    scores = health.score_frame(frame(in_x=[0]), one_group(c), {"healthy": 70, "neutral": 40}, NOW)
    assert (scores["score"].tolist(), scores["category"].tolist()) == ([score], [category])


def test_breakdown_text_is_compact_json_with_null_for_missing():
    inputs = frame(in_c1=[0], known_c1=[0], in_c2=[None], in_c3=[1], in_c4=[None], in_c5=[2])
    scores = health.score_frame(inputs, DEFINITION, None, NOW)
    import json

    data = json.loads(health.breakdown_texts(scores)[0])
    assert data["g:g1"] is None and data["c:c2"] is None
    assert data["c:c3"] == 10 and data["v:c3"] == 1 and data["c:c5"] == 5 and data["v:c4"] is None


# --- inputs read from the database ----------------------------------------------------------


def _activity(session, company, type_, when):  # noqa: ANN001
    session.add(Activity(type=type_, occurred_at=when, company_id=company.id))


def _ticket(session, company, *, closed: bool):  # noqa: ANN001
    pipeline = session.info.get("ticket_pipeline")
    if pipeline is None:
        pipeline = session.info["ticket_pipeline"] = make_pipeline(session, "ticket", stages=("Open", "Closed"))
        stages_of(session, pipeline)[1].is_closed = True
    open_stage, closed_stage = stages_of(session, pipeline)
    ticket = make_record(session, pipeline, closed_stage if closed else open_stage)
    session.add(Association(from_type="company", from_id=company.id, to_type="ticket", to_id=ticket.id))
    session.flush()


def test_inputs_count_events_in_the_window_open_tickets_and_skip_deleted_companies(session):
    a = make_company(session, nps=9, last_activity_at=NOW - timedelta(days=3))
    b = make_company(session, nps=None)
    gone = make_company(session, nps=5, deleted_at=NOW)
    for days in (1, 30, 89):
        _activity(session, a, "meeting", NOW - timedelta(days=days))
    _activity(session, a, "meeting", NOW - timedelta(days=91))
    _activity(session, a, "call", NOW - timedelta(days=2))
    _ticket(session, a, closed=False)
    _ticket(session, a, closed=True)
    _ticket(session, b, closed=False)
    _ticket(session, b, closed=False)
    session.flush()
    inputs = health.read_inputs(session, DEFINITION, None, NOW, [a.id, b.id, gone.id]).set_index("id")
    assert sorted(inputs.index) == [a.id, b.id]
    assert inputs.loc[a.id, "in_c3"] == 3 and inputs.loc[b.id, "in_c3"] == 0
    assert inputs.loc[a.id, "in_c5"] == 1 and inputs.loc[b.id, "in_c5"] == 2
    assert inputs.loc[a.id, "known_c1"] == 1 and inputs.loc[b.id, "known_c1"] == 0
    assert inputs.loc[a.id, "in_c1"] == 0  # NPS 9 is not ≤ 6


def test_scoring_as_of_a_past_day_reads_the_last_activity_before_that_day(session):
    c = make_company(session, last_activity_at=NOW)
    _activity(session, c, "note", NOW - timedelta(days=40))
    _activity(session, c, "note", NOW)
    session.flush()
    past = NOW - timedelta(days=30)
    now_inputs = health.read_inputs(session, DEFINITION, None, NOW, [c.id])
    past_inputs = health.read_inputs(session, DEFINITION, None, past, [c.id])
    assert health.score_frame(now_inputs, DEFINITION, None, NOW)["v:c4"].tolist() == [0]
    assert health.score_frame(past_inputs, DEFINITION, None, past)["v:c4"].tolist() == [10]


def test_a_segment_limits_the_customers_scored(session):
    inside = make_company(session, nps=9, industry="retail")
    outside = make_company(session, nps=9, industry="energy")
    segment = {"all": [{"property": "industry", "operator": "in", "value": ["retail"]}]}
    ids = health.read_inputs(session, DEFINITION, segment, NOW, [inside.id, outside.id])["id"].tolist()
    assert ids == [inside.id]


# --- writing, in the caller's transaction -----------------------------------------------------


def _profile(session, *, priority=1, status="active", definition=None, name=None) -> HealthProfile:  # noqa: ANN001
    p = HealthProfile(
        name=name or f"Profile {priority}",
        status=status,
        priority=priority,
        definition=definition or DEFINITION,
        thresholds={"healthy": 70, "neutral": 40},
    )
    session.add(p)
    session.flush()
    return p


def test_rescoring_a_customer_writes_score_primary_history_event_and_alert(session):
    _profile(session)
    c = make_company(session, nps=10, last_activity_at=NOW - timedelta(days=1))
    for days in (1, 2, 3):
        _activity(session, c, "meeting", NOW - timedelta(days=days))
    session.flush()
    assert health.recompute_customers(session, [c.id], now=NOW) == 0  # a first score raises nothing
    session.refresh(c)
    assert (c.health_score, c.health_category) == (100.0, "healthy")
    first = session.scalars(select(HealthScoreEvent).where(HealthScoreEvent.object_id == c.id)).all()
    assert len(first) == 1 and first[0].old_score is None and first[0].reason["changes"] == []

    c.nps = 2
    session.flush()
    later = NOW + timedelta(days=1)
    assert health.recompute_customers(session, [c.id], now=later) == 1
    session.refresh(c)
    # Sentiment: −20 + 8 → 0; Engagement 25 + 25 + 10 = 60 → 60: neutral.
    assert (c.health_score, c.health_category) == (60.0, "neutral")
    event = session.scalars(
        select(HealthScoreEvent).where(HealthScoreEvent.object_id == c.id).order_by(HealthScoreEvent.id.desc())
    ).first()
    assert (event.old_score, event.new_score, event.old_category, event.new_category) == (100, 60, "healthy", "neutral")
    assert [ch["label"] for ch in event.reason["changes"]] == ["NPS", "Low NPS"]
    assert event.reason["trigger"] == "record"
    alert = session.scalars(select(Alert).where(Alert.object_id == c.id)).one()
    assert (alert.direction, alert.old_category, alert.new_category, alert.stage) == (
        "down",
        "healthy",
        "neutral",
        "new",
    )
    assert alert.expires_at == later + timedelta(days=14)
    days = session.scalars(select(HealthScoreDaily.day).where(HealthScoreDaily.object_id == c.id)).all()
    assert sorted(days) == [NOW.date(), later.date()]

    # Nothing changed: nothing written.
    assert health.recompute_customers(session, [c.id], now=later) == 0
    assert (
        session.scalar(select(func.count()).select_from(HealthScoreEvent).where(HealthScoreEvent.object_id == c.id))
        == 2
    )


def test_a_newer_change_in_the_same_direction_replaces_the_active_alert(session):
    _profile(session)
    c = make_company(session, nps=10, last_activity_at=NOW)
    for days in (1, 2, 3):
        _activity(session, c, "meeting", NOW - timedelta(days=days))
    session.flush()
    health.recompute_customers(session, [c.id], now=NOW)
    for step, nps in enumerate((2, None), start=1):
        c.nps = nps
        session.flush()
        health.recompute_customers(session, [c.id], now=NOW + timedelta(hours=step))
    # 100 healthy → 60 neutral (down) → NPS unknown: Sentiment left out, 60/60 → 100 healthy (up)
    # → NPS 0 and no activity for 60 days: 0 + 35 → at risk (down again: replaces the first).
    c.nps = 0
    c.last_activity_at = NOW - timedelta(days=60)
    session.flush()
    health.recompute_customers(session, [c.id], now=NOW + timedelta(hours=3))
    alerts = session.scalars(select(Alert).where(Alert.object_id == c.id).order_by(Alert.id)).all()
    assert [(a.direction, a.new_category, a.stage) for a in alerts] == [
        ("down", "neutral", "resolved"),
        ("up", "healthy", "new"),
        ("down", "at_risk", "new"),
    ]


def test_the_highest_priority_active_profile_gives_the_primary_score(session):
    lenient = one_group({"key": "x", "kind": "event_count", "event": "any", "window_days": 30,
                         "bands": [{"min": 0, "points": 90}]})  # fmt: skip
    strict = one_group({"key": "x", "kind": "event_count", "event": "any", "window_days": 30,
                        "bands": [{"min": 0, "points": 10}]})  # fmt: skip
    _profile(session, priority=2, definition=lenient)
    first = _profile(session, priority=1, definition=strict)
    _profile(session, priority=0, definition=lenient, status="draft")
    c = make_company(session)
    health.recompute_customers(session, [c.id], now=NOW)
    session.refresh(c)
    assert (c.health_score, c.health_category) == (10.0, "at_risk")
    assert session.scalar(select(func.count()).select_from(HealthScore).where(HealthScore.object_id == c.id)) == 2
    first.status = "draft"
    session.flush()
    health.refresh_primary(session, [c.id])
    session.refresh(c)
    assert (c.health_score, c.health_category) == (90.0, "healthy")


def test_editing_a_company_or_its_ticket_rescores_it_at_once(session):
    from tests.factories import make_actor

    _profile(session)
    admin = make_actor(session)
    c = make_company(session, nps=10, last_activity_at=NOW)
    health.recompute_customers(session, [c.id], now=NOW)
    session.refresh(c)
    before = c.health_score
    from cslib import records

    records.update_properties(session, admin, "company", c.id, {"description": "x"}, expected_version=c.version)
    assert _events(session, c) == 1  # a property no profile reads: not rescored
    session.refresh(c)
    records.update_properties(session, admin, "company", c.id, {"nps": 0}, expected_version=c.version)
    session.refresh(c)
    assert c.health_score < before and _events(session, c) == 2


def _events(session, company) -> int:  # noqa: ANN001
    return session.scalar(select(func.count()).where(HealthScoreEvent.object_id == company.id))


# --- full recomputes that commit --------------------------------------------------------------


@pytest.fixture
def db(make_db):
    return make_db("sqlite")


def _seed(engine, n: int = 12) -> tuple[int, list[int]]:  # noqa: ANN001
    with write_session(engine) as s:
        profile = _profile(s)
        ids = []
        for i in range(n):
            c = make_company(s, nps=10, last_activity_at=NOW - timedelta(days=1))
            for days in (1, 2, 3) if i % 2 else (1,):
                _activity(s, c, "meeting", NOW - timedelta(days=days))
            ids.append(c.id)
        return profile.id, ids


def _lower_every_nps(engine) -> None:  # noqa: ANN001
    with write_session(engine) as s:
        for c in s.scalars(select(Company)):
            c.nps = 1


def _counts(engine) -> dict[str, int]:  # noqa: ANN001
    with read_session(engine) as s:
        return {
            m.__tablename__: s.scalar(select(func.count()).select_from(m))
            for m in (HealthScore, HealthScoreDaily, HealthScoreEvent, Alert)
        }


def test_a_full_recompute_scores_everyone_and_writes_a_rollup(db):
    pid, ids = _seed(db)
    result = health.recompute_profile(db, pid, now=NOW)
    assert (result.customers, result.scored, result.changed, result.alerts) == (12, 12, 12, 0)
    with read_session(db) as s:
        rollup = s.get(HealthRollup, (pid, NOW.date()))
        assert rollup.customers == 12 and rollup.healthy + rollup.neutral + rollup.at_risk == 12
    again = health.recompute_profile(db, pid, now=NOW)
    assert again.changed == 0 and _counts(db)["health_score_events"] == 12


def test_a_recompute_cut_off_half_way_and_run_again_writes_nothing_twice_and_loses_no_alert(db, monkeypatch):
    pid, ids = _seed(db)
    health.recompute_profile(db, pid, now=NOW)
    _lower_every_nps(db)
    monkeypatch.setattr(recompute, "CHUNK", 5)
    real = storage._raise_alerts
    calls = {"n": 0}

    def dies_in_the_second_chunk(session, profile_id, rows, *, now):  # noqa: ANN001
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt("worker killed")
        return real(session, profile_id, rows, now=now)

    monkeypatch.setattr(storage, "_raise_alerts", dies_in_the_second_chunk)
    later = NOW + timedelta(hours=1)
    with pytest.raises(KeyboardInterrupt):
        health.recompute_profile(db, pid, now=later)
    monkeypatch.setattr(storage, "_raise_alerts", real)
    health.recompute_profile(db, pid, now=later + timedelta(minutes=5))
    with read_session(db) as s:
        per_customer = s.execute(
            select(HealthScoreEvent.object_id, func.count()).group_by(HealthScoreEvent.object_id)
        ).all()
        assert {n for _, n in per_customer} == {2}  # the first score and one change each
        alerts = s.execute(select(Alert.object_id, func.count()).group_by(Alert.object_id)).all()
        assert sorted(i for i, _ in alerts) == sorted(ids) and {n for _, n in alerts} == {1}
        assert s.scalar(select(func.count()).select_from(Company).where(Company.health_category == "healthy")) == 0


KILL_SCRIPT = """
import sys, time
from datetime import datetime, timedelta, UTC
from cslib import health
from cslib.db import make_engine
from cslib.health import recompute
engine = make_engine(sys.argv[1])
recompute.CHUNK = 3
real = recompute.write_chunk
calls = []
def slow(*args, **kwargs):
    out = real(*args, **kwargs)
    calls.append(1)
    open(sys.argv[2], "a").write("chunk\\n")
    if len(calls) == 2:
        time.sleep(60)
    return out
recompute.write_chunk = slow
health.recompute_profile(engine, int(sys.argv[3]), now=datetime.fromisoformat(sys.argv[4]))
"""


def test_a_worker_killed_mid_recompute_and_started_again_leaves_no_duplicates(db, tmp_path):
    pid, ids = _seed(db)
    health.recompute_profile(db, pid, now=NOW)
    _lower_every_nps(db)
    marker = tmp_path / "progress"
    later = NOW + timedelta(hours=1)
    env = {**os.environ, "PYTHONPATH": str(os.getcwd())}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILL_SCRIPT, str(db.url), str(marker), str(pid), later.isoformat()], env=env
    )
    deadline = time.monotonic() + 60
    # The second chunk is written and sleeping in its open transaction: the first is committed.
    while not (marker.exists() and marker.read_text().count("chunk") >= 2):
        assert time.monotonic() < deadline and proc.poll() is None
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    half = _counts(db)
    assert 12 < half["health_score_events"] < 24  # one chunk of three landed
    health.recompute_profile(db, pid, now=later + timedelta(minutes=5))
    after = _counts(db)
    assert after["health_score_events"] == 24 and after["alerts"] == 12 and after["health_scores"] == 12
    with read_session(db) as s:
        assert s.scalar(select(func.count(func.distinct(Alert.object_id)))) == 12


def test_switching_a_profile_to_draft_clears_its_scores_and_the_primary_score(db):
    pid, ids = _seed(db, 3)
    health.recompute_profile(db, pid, now=NOW)
    with write_session(db) as s:
        s.get(HealthProfile, pid).status = "draft"
    assert health.after_profile_saved(db, pid, now=NOW) == "Its scores were cleared."
    with read_session(db) as s:
        assert s.scalar(select(func.count()).select_from(HealthScore)) == 0
        assert s.scalar(select(func.count()).where(Company.health_score.is_not(None))) == 0
        assert s.scalar(select(func.count()).select_from(HealthScoreEvent)) == 3  # history stays


def test_saving_an_active_profile_scores_a_small_base_at_once(db):
    pid, ids = _seed(db, 2)
    assert health.after_profile_saved(db, pid, now=NOW) == "Scored 2 customers."


def test_the_worker_recomputes_scores_and_expires_alerts_hourly():
    from cslib import jobs, worker

    worker.load_jobs()
    periodic = {spec.kind: spec.trigger_args for spec in jobs.periodic_jobs().values()}
    assert periodic["health.recompute"] == {"hours": 1} and periodic["alerts.expire"] == {"hours": 1}
    assert jobs.get_handler("health.recompute") is not None
    assert jobs.get_handler("health.recompute_profile") is not None
