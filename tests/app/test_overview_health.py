"""The Overview's health score summary through AppTest: the card's numbers for seeded
scores, the profile drop-down, the "[X] customers" links (and that the list they open
counts the same customers), and when the card hides or stays empty."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qsl

import pytest
from streamlit.testing.v1 import AppTest

from cslib.bootstrap import prepare
from cslib.config import PROJECT_ROOT, get_settings
from cslib.db import write_session
from cslib.models import HealthProfile, HealthRollup, WorkspaceSettings
from cslib.ui.overview.health import PROFILE_KEY
from tests.app.signed_in import markdown, run_as
from tests.factories import make_company, make_health_score, make_user

HOME = str(PROJECT_ROOT / "Home.py")
CUSTOMERS = str(PROJECT_ROOT / "pages" / "customers.py")
CATEGORY = {"at_risk": "At risk", "neutral": "Neutral", "healthy": "Healthy"}


def _category(score: float) -> str:
    return "healthy" if score >= 70 else "neutral" if score >= 40 else "at_risk"


def _profile(s, name: str, priority: int, status: str = "active") -> int:  # noqa: ANN001
    profile = HealthProfile(name=name, priority=priority, status=status, definition={"groups": []})
    s.add(profile)
    s.flush()
    return profile.id


def _seed(engine, profiles: dict[str, tuple[int, str, list[float]]]) -> dict[str, int]:  # noqa: ANN001
    """Users, and per profile name (priority, status, scores): a profile scoring that many
    new companies; each company's primary score is that of the first profile listed."""
    ids = {}
    with write_session(engine) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        csm = make_user(s, email="csm@example.com", name="Carl Csm")
        make_user(s, email="admin@example.com", name="Ada Admin", is_super_admin=True)
        make_user(s, email="seatless@example.com", name="Sam Seatless", has_service_seat=False)
        for name, (priority, status, scores) in profiles.items():
            ids[name] = _profile(s, name, priority, status)
            for score in scores:
                company = make_company(s, owner_id=csm.id, health_score=score, health_category=_category(score))
                make_health_score(s, ids[name], company, score, _category(score))
        yesterday = datetime.now(UTC).date() - timedelta(days=1)
        for pid in ids.values():
            s.add(
                HealthRollup(
                    profile_id=pid, day=yesterday, customers=4, avg_score=50.0, at_risk=1, neutral=2, healthy=1
                )
            )
    prepare(engine, get_settings())
    return ids


@pytest.fixture
def two_profiles(app_database):
    ids = _seed(
        app_database,
        {"Customer health": (1, "active", [20.0, 50.0, 80.0, 90.0]), "Enterprise": (2, "active", [10.0, 30.0])},
    )
    return app_database, ids


def _overview(db, email: str, **state) -> AppTest:  # noqa: ANN001
    at = run_as(db, email, AppTest.from_file(HOME, default_timeout=30), state=state)
    assert not at.exception, at.exception
    return at


def _shares(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric if m.label.endswith(" share")}


def _links(at: AppTest) -> list[tuple[str, dict[str, str]]]:
    """(label, query parameters) of every filtered link to the Customers tab."""
    return [
        (link.proto.label, dict(parse_qsl(link.proto.query_string)))
        for link in at.get("page_link")
        if "customers" in link.proto.page and "adv=" in link.proto.query_string
    ]


def _charts(at: AppTest) -> list[str]:
    """The titles of the health card's charts (the Reporting section's charts are titled
    by their cards, not inside the figure)."""
    titles = [json.loads(c.proto.spec)["layout"].get("title", {}).get("text") for c in at.get("plotly_chart")]
    return [t for t in titles if t]


def test_the_card_shows_the_primary_profiles_numbers_and_both_charts(two_profiles):
    db, ids = two_profiles
    at = _overview(db, "csm@example.com")

    assert "Health score summary" in [h.value for h in at.subheader]
    assert {m.label: m.value for m in at.metric}["Average score"] == "60"
    assert _shares(at) == {"At risk share": "25.0%", "Neutral share": "25.0%", "Healthy share": "50.0%"}
    assert [label for label, _ in _links(at)] == ["1 customer", "1 customer", "2 customers"]
    assert "All 4 customers scored by “Customer health”" in "\n".join(c.value for c in at.caption)
    assert _charts(at) == ["Score distribution", "Average score over time"]
    assert at.selectbox(key=PROFILE_KEY).value == ids["Customer health"]


def test_the_drop_down_switches_profile_and_is_remembered(two_profiles):
    db, ids = two_profiles
    at = _overview(db, "csm@example.com")
    at.selectbox(key=PROFILE_KEY).set_value(ids["Enterprise"]).run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Average score"] == "20"
    assert _shares(at) == {"At risk share": "100.0%", "Neutral share": "0.0%", "Healthy share": "0.0%"}
    assert [label for label, _ in _links(at)] == ["2 customers"]  # no link to an empty category
    assert "0 customers" in [c.value for c in at.caption]
    at.run()  # a rerun keeps the choice
    assert at.selectbox(key=PROFILE_KEY).value == ids["Enterprise"]


def test_each_link_opens_every_customer_of_its_category_under_that_profile(two_profiles):
    db, ids = two_profiles
    # "Health status" (the primary score) counts 3 at risk: Customer health's 1 and Enterprise's 2.
    for name, category, expected in (
        ("Customer health", "at_risk", "1 customer"),
        ("Enterprise", "at_risk", "2 customers"),
    ):
        at = _overview(db, "csm@example.com", **{PROFILE_KEY: ids[name]})
        params = next(p for _, p in _links(at) if f'"{category}"' in p["adv"])
        assert params["view"] == "all"
        flt = json.loads(params["adv"])
        assert flt == {"all": [{"property": f"health_status:{ids[name]}", "operator": "in", "value": [category]}]}
        listed = run_as(db, "admin@example.com", AppTest.from_file(CUSTOMERS, default_timeout=30), **params)
        assert not listed.exception and not listed.warning, [w.value for w in listed.warning]
        assert listed.title[0].value == "All customers"
        assert f"**{expected}**" in markdown(listed)
        assert f"health_status:{ids[name]}" in listed.dataframe[0].value.columns  # the status it filters on


def test_with_one_active_profile_the_link_filters_on_health_status(app_database):
    _seed(app_database, {"Customer health": (1, "active", [20.0, 30.0, 75.0]), "Draft": (2, "draft", [])})
    at = _overview(app_database, "csm@example.com")
    assert [
        s.key for s in at.main.selectbox if not s.key.startswith("ovr:")
    ] == []  # one active profile: no drop-down (and no view-as for a CSM)
    params = dict(_links(at))["2 customers"]
    assert json.loads(params["adv"]) == {
        "all": [{"property": "health_category", "operator": "in", "value": ["at_risk"]}]
    }
    listed = run_as(app_database, "csm@example.com", AppTest.from_file(CUSTOMERS, default_timeout=30), **params)
    assert not listed.exception
    assert "**2 customers**" in markdown(listed)


def test_the_card_is_hidden_without_an_active_profile(app_database):
    _seed(app_database, {"Draft": (1, "draft", [])})
    at = _overview(app_database, "csm@example.com")
    assert "Health score summary" not in [h.value for h in at.subheader]
    assert not _charts(at)


def test_an_active_profile_with_nothing_scored_says_so_without_charts(app_database):
    _seed(app_database, {"Customer health": (1, "active", [])})
    at = _overview(app_database, "csm@example.com")
    assert "Health score summary" in [h.value for h in at.subheader]
    assert any("No customers are scored by “Customer health” yet" in i.value for i in at.info)
    assert not _charts(at) and not _shares(at)


def test_a_user_without_a_seat_sees_the_numbers_without_links(two_profiles):
    db, _ = two_profiles
    at = _overview(db, "seatless@example.com")
    assert _shares(at)["Healthy share"] == "50.0%"
    assert not _links(at)
    assert "2 customers" in [c.value for c in at.caption]
