"""A customer's health score explained (cslib.health): groups and criteria with the
inputs in words, missing data, the biggest drag, the forward-filled trend with its 7/30-day
change, the score history in words, and who may read it. Rows are inserted directly, as
the engine would have written them."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta

import pytest

from cslib import health as he
from cslib.errors import NotFound
from cslib.permissions import PermissionDenied
from cslib.ui.record.health import sparkline_figure
from tests.factories import (
    HEALTH_DEFINITION,
    make_actor,
    make_company,
    make_health_profile,
    make_health_score,
    make_score_history,
)

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
DEFINITION = HEALTH_DEFINITION
# NPS unknown: Sentiment left out; Engagement 10 + 15 + 10 = 35 of 60 → 58.3, coverage 0.6.
NO_NPS = {
    "g:g1": None,
    "c:c1": None,
    "v:c1": None,
    "c:c2": None,
    "v:c2": None,
    "g:g2": 35.0,
    "c:c3": 10.0,
    "v:c3": 2.0,
    "c:c4": 15.0,
    "v:c4": 20.0,
    "c:c5": 10.0,
    "v:c5": 0.0,
}
# NPS 6: the detractor condition holds (−20) and the line gives 24 → Sentiment 4 of 40;
# Engagement in full → 64.
NPS_6 = {
    "g:g1": 4.0,
    "c:c1": -20.0,
    "v:c1": 1.0,
    "c:c2": 24.0,
    "v:c2": 6.0,
    "g:g2": 60.0,
    "c:c3": 25.0,
    "v:c3": 4.0,
    "c:c4": 25.0,
    "v:c4": 0.0,
    "c:c5": 10.0,
    "v:c5": 1.0,
}


@pytest.fixture
def world(session):
    actor = make_actor(session)
    company = make_company(session, name="Acme")
    profile = make_health_profile(session, name="Customer health", definition=DEFINITION, priority=1)
    return actor, company, profile


def _explain(session, actor, company, **kw) -> he.Explanation:
    ex = he.explain(session, actor, company.id, now=NOW, **kw)
    assert ex is not None
    return ex


def test_groups_and_criteria_read_labels_from_the_definition_and_points_from_the_breakdown(session, world):
    actor, company, profile = world
    make_health_score(session, profile, company, 58.3, "neutral", coverage=0.6, breakdown=NO_NPS, computed_at=NOW)
    ex = _explain(session, actor, company)
    assert (ex.profile_id, ex.profile_name, ex.score, ex.category, ex.coverage) == (
        profile.id,
        "Customer health",
        58.3,
        "neutral",
        0.6,
    )
    assert ex.category_label == "Neutral" and ex.computed_at == NOW
    sentiment, engagement = ex.groups
    assert (sentiment.name, sentiment.kind, sentiment.max_points, sentiment.points, sentiment.missing) == (
        "Sentiment",
        "property",
        40.0,
        None,
        True,
    )
    assert [(c.label, c.value_text, c.missing) for c in sentiment.criteria] == [
        ("Low NPS", "no data", True),
        ("NPS", "no data", True),
    ]
    assert (engagement.points, engagement.missing) == (35.0, False)
    assert [(c.label, c.kind, c.points, c.value_text) for c in engagement.criteria] == [
        ("Meetings in the last 90 days", "event_count", 10.0, "2 meetings in the last 90 days"),
        ("Days since last activity", "recency", 15.0, "20 days since the last activity"),
        ("Open tickets", "open_tickets", 10.0, "0 open tickets"),
    ]


def test_the_drag_is_the_criterion_losing_most_scaled_like_the_score(session, world):
    actor, company, profile = world
    make_health_score(session, profile, company, 58.3, "neutral", coverage=0.6, breakdown=NO_NPS)
    drag = _explain(session, actor, company).drag
    # Meetings: best band 25, gave 10 → 15 lost; recency lost 10; scaled × 100 / 60.
    assert (drag.label, drag.group, drag.points) == ("Meetings in the last 90 days", "Engagement", 25.0)


def test_a_met_negative_condition_drags_by_its_points(session, world):
    actor, company, profile = world
    make_health_score(session, profile, company, 64.0, "neutral", breakdown=NPS_6)
    ex = _explain(session, actor, company)
    assert [c.value_text for c in ex.groups[0].criteria] == ["condition met", "NPS score 6"]
    # Low NPS costs 20 (−20 given, 0 at best); the NPS line 16 (24 of 40).
    assert (ex.drag.label, ex.drag.points) == ("Low NPS", 20.0)


def test_a_positive_condition_not_met_drags_and_nothing_drags_a_full_score(session, world):
    actor, company, profile = world
    definition = copy.deepcopy(DEFINITION)
    definition["groups"][0]["criteria"][0] |= {"label": "Promoter", "points": 40}
    profile.definition = definition
    full = NPS_6 | {"g:g1": 24.0, "c:c1": 0.0, "v:c1": 0.0}  # not a promoter: 24 of 40
    make_health_score(session, profile, company, 84.0, "healthy", breakdown=full)
    ex = _explain(session, actor, company)
    assert ex.groups[0].criteria[0].value_text == "condition not met"
    assert (ex.drag.label, ex.drag.points) == ("Promoter", 16.0)  # capped at what the group lost

    groups = [
        he.GroupLine(
            "g", "G", "event", 10.0, 10.0, False, (he.CriterionLine("c", "C", "event_count", 10, 10, "", False),)
        )
    ]
    assert he.drag_factor(groups) is None


def test_criteria_of_a_group_at_its_maximum_cost_nothing():
    over = he.GroupLine(
        "g",
        "G",
        "event",
        20.0,
        20.0,
        False,
        (
            he.CriterionLine("a", "A", "event_count", 20.0, 20.0, "", False),
            he.CriterionLine("b", "B", "event_count", 0.0, 10.0, "", False),  # loses 10, but the group is full
        ),
    )
    low = he.GroupLine(
        "h", "H", "event", 80.0, 76.0, False, (he.CriterionLine("c", "C", "recency", 6.0, 10.0, "", False),)
    )
    drag = he.drag_factor([over, low])
    assert (drag.label, drag.points) == ("C", 4.0)


def test_keys_missing_on_either_side_are_tolerated(session, world):
    actor, company, profile = world
    definition = copy.deepcopy(DEFINITION)
    definition["groups"][1]["criteria"].append(
        {"key": "c6", "kind": "event_count", "label": "Calls", "event": "call", "window_days": 30, "bands": []}
    )
    definition["groups"].append({"key": "g3", "name": "New group", "kind": "event", "max_points": 0, "criteria": []})
    profile.definition = definition
    make_health_score(session, profile, company, 58.3, "neutral", breakdown=NO_NPS | {"c:gone": 5.0, "g:gone": 5.0})
    ex = _explain(session, actor, company)
    assert [g.name for g in ex.groups] == ["Sentiment", "Engagement", "New group"]
    calls = ex.groups[1].criteria[-1]
    assert (calls.label, calls.points, calls.missing, calls.value_text) == ("Calls", None, True, he.NOT_YET)
    assert ex.groups[2].missing


@pytest.mark.parametrize(
    ("criterion", "value", "words"),
    [
        ({"kind": "recency", "event": "meeting"}, None, "never"),
        ({"kind": "recency", "event": "any"}, 0.0, "last activity today"),
        ({"kind": "recency", "event": "call"}, 1.0, "1 day since the last call"),
        ({"kind": "recency", "event": "email"}, 45.0, "45 days since the last email"),
        ({"kind": "event_count", "event": "meeting", "window_days": 90}, 1.0, "1 meeting in the last 90 days"),
        ({"kind": "event_count", "event": "note", "window_days": 1}, 3.0, "3 notes in the last day"),
        ({"kind": "event_count", "event": "any", "window_days": 30}, None, "0 activities in the last 30 days"),
        ({"kind": "open_tickets"}, 1.0, "1 open ticket"),
        ({"kind": "open_tickets"}, 3.0, "3 open tickets"),
        ({"kind": "property_condition"}, 1.0, "condition met"),
        ({"kind": "property_condition"}, 0.0, "condition not met"),
        ({"kind": "property_condition"}, None, "no data"),
        ({"kind": "property_linear", "property": "nps"}, None, "no data"),
        ({"kind": "property_linear", "property": "nps"}, 3.0, "NPS score 3"),
        ({"kind": "property_linear", "property": "arr"}, 12000.0, "Annual recurring revenue $12,000"),
        ({"kind": "property_linear", "property": "gone"}, 2.5, "gone 2.5"),
    ],
)
def test_inputs_in_words(session, criterion, value, words):
    from cslib.properties import properties_for

    assert he.value_in_words(criterion, value, properties_for(session, "company")) == words


def test_the_trend_is_forward_filled_over_90_days_with_the_7_and_30_day_change(session, world):
    actor, company, profile = world
    make_health_score(session, profile, company, 72.0, "healthy", breakdown=NPS_6)
    days = [(TODAY - timedelta(days=120), 50.0), (TODAY - timedelta(days=40), 60.0), (TODAY - timedelta(days=5), 72.0)]
    make_score_history(session, profile, company, days)
    ex = _explain(session, actor, company)
    assert len(ex.trend) == he.TREND_DAYS
    assert ex.trend[0] == (TODAY - timedelta(days=89), 50.0)  # carried in from before the window
    assert dict(ex.trend)[TODAY - timedelta(days=40)] == 60.0
    assert dict(ex.trend)[TODAY - timedelta(days=6)] == 60.0
    assert ex.trend[-1] == (TODAY, 72.0)
    assert (ex.trend_from, ex.trend_to) == (TODAY - timedelta(days=89), TODAY)
    assert (ex.change_7, ex.change_30) == (12.0, 12.0)


def test_days_before_the_first_score_are_left_out_and_their_change_is_none(session, world):
    actor, company, profile = world
    make_health_score(session, profile, company, 61.5, "neutral", breakdown=NPS_6)
    make_score_history(
        session, profile, company, [(TODAY - timedelta(days=10), 70.0), (TODAY - timedelta(days=2), 61.5)]
    )
    ex = _explain(session, actor, company)
    assert [d for d, _ in ex.trend] == [TODAY - timedelta(days=n) for n in range(10, -1, -1)]
    assert (ex.change_7, ex.change_30) == (-8.5, None)

    other = make_company(session)
    make_health_score(session, profile, other, 40.0, "neutral", breakdown=NPS_6)
    ex = _explain(session, actor, other)
    assert ex.trend == () and (ex.change_7, ex.change_30) == (None, None)


def test_forward_fill_and_change_since_directly():
    d = date(2026, 1, 10)
    rows = [(d, 10.0), (d + timedelta(days=2), 20.0)]
    filled = he.forward_fill(rows, d - timedelta(days=1), d + timedelta(days=3))
    assert filled == (
        (d, 10.0),
        (d + timedelta(days=1), 10.0),
        (d + timedelta(days=2), 20.0),
        (d + timedelta(days=3), 20.0),
    )
    assert he.trend_change(filled, 25.0, d + timedelta(days=3), 2) == 15.0
    assert he.trend_change(filled, 25.0, d + timedelta(days=3), 4) is None


def test_the_history_says_what_changed_the_score_newest_first(session, world):
    actor, company, profile = world
    make_health_score(session, profile, company, 64.0, "neutral", breakdown=NPS_6)
    changes = [
        {"key": "c1", "label": "Low NPS", "group": "Sentiment", "old": -20.0, "new": 0.0},
        {"key": "c2", "label": "NPS", "group": "Sentiment", "old": 24.0, "new": 28.0},
    ]
    make_score_history(
        session,
        profile,
        company,
        [],
        events=[
            {"at": NOW - timedelta(days=9), "new_score": 30.0},
            {
                "at": NOW - timedelta(days=3),
                "old_score": 30.0,
                "new_score": 54.0,
                "reason": {"trigger": "profile", "changes": changes},
            },
            {
                "at": NOW - timedelta(days=1),
                "old_score": 54.0,
                "new_score": 64.0,
                "reason": {"trigger": "record", "changes": [{"key": "c2", "label": "NPS", "old": None, "new": 10.5}]},
            },
        ],
    )
    ex = _explain(session, actor, company)
    assert [(h.old_score, h.new_score, h.trigger, h.reason) for h in ex.history] == [
        (54.0, 64.0, "Record changed", "NPS: no data → 10.5"),
        (30.0, 54.0, "Profile saved", "Low NPS: −20 → 0; NPS: 24 → 28"),
        (None, 30.0, "Scheduled recompute", "First score"),
    ]
    assert [(h.old_category, h.new_category) for h in ex.history] == [
        ("neutral", "neutral"),
        ("at_risk", "neutral"),
        (None, "at_risk"),
    ]
    assert len(_explain(session, actor, company, history_limit=2).history) == 2


def test_reason_text_keeps_the_biggest_three_changes():
    changes = [{"label": f"C{i}", "old": 0, "new": 10 - i} for i in range(5)]
    assert he.reason_text({"changes": changes}, 10.0) == "C0: 0 → 10; C1: 0 → 9; C2: 0 → 8; and 2 more"
    assert he.reason_text({"trigger": "schedule", "changes": []}, 10.0) == "Score recomputed"
    assert (he.points_text(-7.5), he.points_text(12.0), he.points_text(None)) == ("−7.5", "12", "no data")


def test_the_primary_profile_is_explained_unless_another_is_asked_for(session, world):
    actor, company, primary = world
    second = make_health_profile(session, name="Onboarding", definition=DEFINITION, priority=2)
    draft = make_health_profile(session, name="Draft", definition=DEFINITION, priority=0, status="draft")
    make_health_score(session, second, company, 30.0, "at_risk", breakdown=NPS_6)
    make_health_score(session, primary, company, 64.0, "neutral", breakdown=NPS_6)
    make_health_score(session, draft, company, 99.0, "healthy", breakdown=NPS_6)
    assert [p.name for p in he.scored_profiles(session, actor, company.id)] == ["Customer health", "Onboarding"]
    assert _explain(session, actor, company).profile_name == "Customer health"
    assert _explain(session, actor, company, profile_id=second.id).score == 30.0
    assert he.explain(session, actor, company.id, profile_id=draft.id, now=NOW) is None


def test_an_unscored_customer_has_no_explanation(session, world):
    actor, company, profile = world
    assert he.explain(session, actor, company.id, now=NOW) is None
    assert he.scored_profiles(session, actor, company.id) == []
    assert he.any_active_profile(session)
    profile.status = "draft"
    session.flush()
    assert not he.any_active_profile(session)


def test_reading_needs_workspace_access_and_a_live_company(session, world):
    _actor, company, profile = world
    make_health_score(session, profile, company, 64.0, "neutral", breakdown=NPS_6)
    outsider = make_actor(session, workspace_access=False)
    with pytest.raises(PermissionDenied):
        he.explain(session, outsider, company.id, now=NOW)
    with pytest.raises(PermissionDenied):
        he.scored_profiles(session, outsider, company.id)
    company.deleted_at = NOW
    session.flush()
    with pytest.raises(NotFound):
        he.explain(session, _actor, company.id, now=NOW)


def test_the_sparkline_is_a_bare_line_on_a_0_to_100_scale(session, world):
    actor, company, profile = world
    make_health_score(session, profile, company, 72.0, "healthy", breakdown=NPS_6)
    make_score_history(session, profile, company, [(TODAY - timedelta(days=20), 50.0), (TODAY, 72.0)])
    fig = sparkline_figure(_explain(session, actor, company))
    (trace,) = fig.data
    assert len(trace.x) == 21 and trace.y[0] == 50.0 and trace.y[-1] == 72.0
    assert trace.line.color == "#2e9e5b"
    assert fig.layout.xaxis.visible is False and fig.layout.yaxis.visible is False
    assert tuple(fig.layout.yaxis.range) == (0, 104) and fig.layout.height == 90
    assert sorted(s.y0 for s in fig.layout.shapes) == [40.0, 70.0]
