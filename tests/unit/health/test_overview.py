"""The Overview's health score summary: numbers, shares, score bands, the over-time series,
the "[X] customers" links (and the per-profile "Health status (<profile>)" they filter on)
and the two chart builders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from cslib import health as hs
from cslib import lists, records
from cslib.errors import NotFound
from cslib.filters import parse_json, validate
from cslib.models import HealthProfile, HealthRollup
from cslib.permissions import PermissionDenied
from cslib.properties import properties_for
from tests.factories import make_actor, make_company, make_health_score, make_workspace

NOW = datetime(2026, 3, 15, 12, 0, tzinfo=UTC)
TODAY = NOW.date()


def _category(score: float) -> str:
    return "healthy" if score >= 70 else "neutral" if score >= 40 else "at_risk"


def make_profile(session, name: str = "Customer health", *, priority: int = 1, status: str = "active"):  # noqa: ANN001, ANN201
    profile = HealthProfile(name=name, priority=priority, status=status, definition={"groups": []})
    session.add(profile)
    session.flush()
    return profile


def _scored(session, profile, scores, coverage=1.0):  # noqa: ANN001, ANN202
    companies = []
    for score in scores:
        company = make_company(session)
        make_health_score(session, profile, company, score, _category(score), coverage=coverage)
        companies.append(company)
    return companies


@pytest.fixture
def actor(session):  # noqa: ANN001, ANN201
    make_workspace(session)
    return make_actor(session)


def test_summary_counts_average_coverage_and_shares(session, actor):
    profile = make_profile(session)
    other = make_profile(session, "Enterprise", priority=2)
    _scored(session, profile, [10.0, 35.5, 50.0, 69.9, 70.0, 95.0], coverage=0.8)
    _scored(session, other, [99.0])  # another profile's score never counts here

    summary = hs.summary(session, actor, profile.id, now=NOW)

    assert summary.customers == 6
    assert summary.counts == {"at_risk": 2, "neutral": 2, "healthy": 2}
    assert summary.avg_score == round((10 + 35.5 + 50 + 69.9 + 70 + 95) / 6, 1)
    assert summary.coverage == pytest.approx(0.8)
    assert summary.percents == {"at_risk": 33.4, "neutral": 33.3, "healthy": 33.3}
    assert sum(summary.percents.values()) == pytest.approx(100.0)


def test_shares_add_up_to_exactly_100_and_are_zero_when_nobody_is_scored():
    for counts in (
        {"at_risk": 1, "neutral": 1, "healthy": 1},
        {"at_risk": 1, "neutral": 2, "healthy": 997},
        {"healthy": 7},
    ):
        percents = hs.shares(counts)
        assert round(sum(percents.values()), 6) == 100.0
        assert all(round(v, 1) == v for v in percents.values())
    assert hs.shares({"at_risk": 1, "neutral": 2, "healthy": 997}) == {"at_risk": 0.1, "neutral": 0.2, "healthy": 99.7}
    assert hs.shares({}) == {"at_risk": 0.0, "neutral": 0.0, "healthy": 0.0}


def test_summary_of_a_profile_with_no_scores(session, actor):
    profile = make_profile(session)
    summary = hs.summary(session, actor, profile.id, now=NOW)
    assert (summary.customers, summary.avg_score, summary.coverage) == (0, None, None)
    assert summary.counts == {"at_risk": 0, "neutral": 0, "healthy": 0}


def test_bands_at_their_boundaries(session, actor):
    profile = make_profile(session)
    _scored(session, profile, [0.0, 9.9, 10.0, 39.9, 40.0, 99.9, 100.0])

    bins = hs.distribution(session, actor, profile.id)

    assert bins["at_risk"] == [2, 1, 0, 1, 0, 0, 0, 0, 0, 0]  # 0, 9.9 | 10 | 39.9
    assert bins["neutral"] == [0, 0, 0, 0, 1, 0, 0, 0, 0, 0]  # 40
    assert bins["healthy"] == [0, 0, 0, 0, 0, 0, 0, 0, 0, 2]  # 99.9 and 100 share the last band
    assert len(hs.BAND_LABELS) == 10 and hs.BAND_LABELS[0] == "0–9" and hs.BAND_LABELS[-1] == "90–100"


def test_bands_split_a_band_between_categories(session, actor):
    """Thresholds need not fall on a band edge: a band's bars stack by category."""
    profile = make_profile(session)
    for score, category in ((65.0, "neutral"), (66.0, "healthy"), (67.0, "healthy")):
        make_health_score(session, profile, make_company(session), score, category)
    bins = hs.distribution(session, actor, profile.id)
    assert (bins["neutral"][6], bins["healthy"][6], bins["at_risk"][6]) == (1, 2, 0)


def test_over_time_without_roll_ups_is_todays_live_point(session, actor):
    profile = make_profile(session)
    _scored(session, profile, [20.0, 60.0, 80.0, 90.0])

    df = hs.over_time(session, actor, profile.id, now=NOW)

    assert list(df.columns) == ["day", "customers", "avg_score", "at_risk", "neutral", "healthy"]
    assert len(df) == 1
    row = df.iloc[0]
    assert row["day"].date() == TODAY
    assert (row["customers"], row["avg_score"]) == (4, 62.5)
    assert (row["at_risk"], row["neutral"], row["healthy"]) == (25.0, 25.0, 50.0)


def test_over_time_reads_roll_ups_and_takes_today_from_the_live_scores(session, actor):
    profile = make_profile(session)
    _scored(session, profile, [30.0, 80.0])
    for days_ago, avg, counts in (
        (0, 11.0, (9, 0, 1)),
        (1, 50.0, (1, 2, 1)),
        (2, 40.0, (2, 1, 1)),
        (90, 1.0, (4, 0, 0)),
    ):
        at_risk, neutral, healthy = counts
        session.add(
            HealthRollup(
                profile_id=profile.id,
                day=TODAY - timedelta(days=days_ago),
                customers=sum(counts),
                avg_score=avg,
                at_risk=at_risk,
                neutral=neutral,
                healthy=healthy,
            )
        )
    session.flush()

    df = hs.over_time(session, actor, profile.id, days=90, now=NOW)

    assert [d.date() for d in df["day"]] == [TODAY - timedelta(days=2), TODAY - timedelta(days=1), TODAY]
    assert list(df["avg_score"]) == [40.0, 50.0, 55.0]  # today's stored roll-up (11.0) is stale
    assert list(df["customers"]) == [4, 4, 2]
    assert (df.iloc[1]["at_risk"], df.iloc[1]["neutral"], df.iloc[1]["healthy"]) == (25.0, 50.0, 25.0)
    assert (df.iloc[2]["at_risk"], df.iloc[2]["healthy"]) == (50.0, 50.0)


def test_over_time_is_empty_when_nothing_was_ever_scored(session, actor):
    profile = make_profile(session)
    df = hs.over_time(session, actor, profile.id, now=NOW)
    assert df.empty and "avg_score" in df.columns


def test_change_since_compares_with_the_point_30_days_back():
    import pandas as pd

    days = [pd.Timestamp(TODAY - timedelta(days=n)) for n in (40, 31, 10, 0)]
    df = pd.DataFrame({"day": days, "avg_score": [50.0, 52.0, 60.0, 57.5]})
    assert hs.average_change(df) == 5.5
    assert hs.average_change(df.iloc[2:]) is None
    assert hs.average_change(df.iloc[:0]) is None


def test_reading_needs_workspace_access_and_an_active_profile(session, actor):
    profile = make_profile(session)
    draft = make_profile(session, "Draft", status="draft")
    outsider = make_actor(session, workspace_access=False, has_service_seat=False)
    seatless = make_actor(session, has_service_seat=False)
    with pytest.raises(PermissionDenied):
        hs.summary(session, outsider, profile.id, now=NOW)
    assert hs.summary(session, seatless, profile.id, now=NOW).customers == 0  # any workspace user
    for fn in (
        lambda: hs.summary(session, actor, draft.id, now=NOW),
        lambda: hs.distribution(session, actor, 987654),
        lambda: hs.over_time(session, actor, draft.id, now=NOW),
    ):
        with pytest.raises(NotFound):
            fn()


def test_active_profiles_primary_first_without_drafts(session):
    b = make_profile(session, "B", priority=2)
    a = make_profile(session, "A", priority=1)
    c = make_profile(session, "C", priority=2)
    make_profile(session, "Draft", priority=0, status="draft")
    assert [p.id for p in hs.active_profiles(session)] == [a.id, b.id, c.id]
    assert hs.active_profiles(session)[0] == hs.ProfileChoice(a.id, "A", 1)


# --- links ------------------------------------------------------------------------------


def _link_total(session, actor, params: dict) -> int:  # noqa: ANN001
    state = lists.parse(params, properties_for(session, "company"))
    assert state.view_id == lists.ALL_RECORDS and not state.notes
    page = lists.list_records(session, actor, "company", filters=[state.advanced], columns=["name"], sort=[])
    return page.total


def test_with_one_profile_the_link_filters_on_health_status(session, actor):
    profile = make_profile(session)
    scores = [10.0, 20.0, 80.0]
    for company, score in zip(_scored(session, profile, scores), scores, strict=True):
        company.health_category = _category(score)
    session.flush()
    profiles = hs.active_profiles(session)

    params = hs.customers_link(profiles, profile.id, "at_risk")

    assert params["view"] == "all"
    assert parse_json(params["adv"]) == {
        "all": [{"property": "health_category", "operator": "in", "value": ["at_risk"]}]
    }
    assert params["cols"].split(",")[3:5] == ["health_category", "health_score"]
    assert _link_total(session, actor, params) == 2


def test_with_several_profiles_each_link_counts_what_its_tile_says(session, actor):
    """The primary score (Company.health_category) mixes profiles where segments differ,
    so each profile's link filters on its own "Health status (<profile>)"."""
    primary = make_profile(session, "Enterprise", priority=1)
    everyone = make_profile(session, "Everyone", priority=2)
    big = _scored(session, primary, [10.0, 80.0])
    small = [make_company(session) for _ in range(3)]
    for company, score in zip(big + small, [85.0, 15.0, 20.0, 25.0, 75.0], strict=True):
        make_health_score(session, everyone, company, score, _category(score))
    for company in big + small:  # the primary score, as the engine's refresh_primary sets it
        company.health_category = "at_risk" if company in (big[0], small[0], small[1]) else "healthy"
    session.flush()
    profiles = hs.active_profiles(session)

    for profile in (primary, everyone):
        summary = hs.summary(session, actor, profile.id, now=NOW)
        for category in hs.CATEGORIES:
            params = hs.customers_link(profiles, profile.id, category)
            assert parse_json(params["adv"])["all"][0]["property"] == f"health_status:{profile.id}"
            assert _link_total(session, actor, params) == summary.counts[category], (profile.name, category)
    # "Health status" alone would have said 3 at risk for either profile.
    health_status = {"property": "health_category", "operator": "in", "value": ["at_risk"]}
    assert lists.list_records(session, actor, "company", filters=[health_status], columns=["name"], sort=[]).total == 3


def test_health_status_per_profile_properties(session, actor):
    primary = make_profile(session, "Enterprise", priority=1)
    make_profile(session, "Draft", status="draft")
    company = make_company(session)
    make_health_score(session, primary, company, 30.0, "at_risk")
    unscored = make_company(session)

    props = properties_for(session, "company")
    spec = props[f"health_status:{primary.id}"]
    assert (spec.label, spec.type, spec.readonly, spec.computed) == (
        "Health status (Enterprise)",
        "enumeration",
        True,
        "health_status",
    )
    assert [n for n in props if n.startswith("health_status:")] == [spec.name]  # no draft
    assert records.snapshot(session, actor, "company", company.id).values[spec.name] == "at_risk"
    assert records.snapshot(session, actor, "company", unscored.id).values[spec.name] is None
    flt = validate({"property": spec.name, "operator": "is_unknown"}, props)
    page = lists.list_records(session, actor, "company", filters=[flt], columns=["name", spec.name], sort=[])
    assert unscored.id in set(page.rows["id"]) and company.id not in set(page.rows["id"])
    # A profile switched on later shows up in the same session.
    later = make_profile(session, "Later", priority=3)
    assert f"health_status:{later.id}" in properties_for(session, "company")


def test_view_all_round_trips_through_the_url():
    state = lists.parse({"view": "all", "page": "2"}, {})
    assert state.view_id == lists.ALL_RECORDS and not state.notes
    assert lists.to_params(state) == {"view": "all", "page": "2"}
