"""The "Health score" section of a company's record page and record panel, through AppTest:
score and category, groups with their criteria, the biggest drag, the change over time, the
history, the profile picker, and what shows when a customer is not scored."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest
from streamlit.testing.v1 import AppTest

from cslib.bootstrap import prepare
from cslib.config import PROJECT_ROOT, get_settings
from cslib.db import write_session
from cslib.models import HealthProfile, WorkspaceSettings
from cslib.ui.record.health import NOT_SCORED
from tests.app.signed_in import markdown, run_as
from tests.factories import make_company, make_health_profile, make_health_score, make_score_history, make_user
from tests.unit.health.test_explanation import DEFINITION, NO_NPS, NPS_6

PAGE = str(PROJECT_ROOT / "pages" / "record.py")
CUSTOMERS = str(PROJECT_ROOT / "pages" / "customers.py")
KEY = "recpage"


@pytest.fixture
def db(app_database):
    now = datetime.now(UTC)
    today = now.date()
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        csm = make_user(s, email="csm@example.com", name="Carl Csm")
        scored = make_company(s, name="Acme", owner_id=csm.id, nps=6)
        unscored = make_company(s, name="Outside Co", owner_id=csm.id)
        profile = make_health_profile(s, name="Customer health", definition=DEFINITION)
        make_health_score(s, profile, scored, 64.0, "neutral", breakdown=NPS_6, computed_at=now)
        make_score_history(
            s,
            profile,
            scored,
            [(today - timedelta(days=40), 74.0), (today - timedelta(days=10), 60.0), (today, 64.0)],
            events=[
                {"at": now - timedelta(days=40), "new_score": 74.0},
                {
                    "at": now - timedelta(days=10),
                    "old_score": 74.0,
                    "new_score": 60.0,
                    "reason": {
                        "trigger": "record",
                        "changes": [{"key": "c1", "label": "Low NPS", "group": "Sentiment", "old": 0.0, "new": -20.0}],
                    },
                },
            ],
        )
    prepare(app_database, get_settings())
    return SimpleNamespace(engine=app_database, scored=scored.id, unscored=unscored.id, profile=profile.id)


def _open(db, company_id: int, *, state: dict | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    at = run_as(db.engine, "csm@example.com", at, state=state, type="company", id=str(company_id))
    assert not at.exception, at.exception
    return at


def _html(at: AppTest) -> str:
    return "\n".join(el.proto.body for el in at.get("html"))


def test_the_record_page_shows_score_category_groups_and_the_biggest_drag(db):
    at = _open(db, db.scored)
    html, text = _html(at), markdown(at)
    assert ">64<" in html and ">Neutral<" in html and "#e8a33d" in html  # the contract's Neutral colour
    assert "“Customer health”" in text
    for expected in (
        "Sentiment",
        "4 of 40",
        "Engagement",
        "60 of 60",
        "Low NPS",
        "condition met",
        "−20",
        "NPS score 6",
    ):
        assert expected in html, expected
    assert "4 meetings in the last 90 days" in html and "1 open ticket" in html
    assert "Biggest drag: **Low NPS** (−20 points)" in text
    assert ":green[▲ 4 in 7 days] · :red[▼ 10 in 30 days]" in text
    assert not [c for c in at.caption if "points from real data" in c.value]  # full coverage: no note


def test_the_history_lists_the_score_changes_with_their_reasons(db):
    at = _open(db, db.scored)
    (history,) = [e for e in at.expander if e.label.startswith("Score history")]
    assert history.label == "Score history (2)"
    body = "\n".join(m.value for m in history.markdown).replace("\\", "")  # as read on screen
    assert "74 → 60 (Healthy → Neutral) · Record changed" in body
    assert "Low NPS: 0 → −20" in body and "74 (Healthy) · Scheduled recompute" in body and "First score" in body


def test_missing_data_shows_coverage_and_left_out_groups(db):
    with write_session(db.engine) as s:
        row = s.get(HealthProfile, db.profile)
        make_health_score(s, row, db.unscored, 58.3, "neutral", coverage=0.6, breakdown=NO_NPS)
    at = _open(db, db.unscored)
    html = _html(at)
    assert "no data — left out" in html and "— of 40" in html and "35 of 60" in html
    assert any("60% of points from real data" in c.value for c in at.caption)
    assert any("starts once the score has been recomputed" in c.value for c in at.caption)


def test_a_customer_outside_every_segment_says_so_and_nothing_shows_without_profiles(db):
    at = _open(db, db.unscored)
    assert any(NOT_SCORED in c.value for c in at.caption)
    assert "/ 100" not in _html(at)
    with write_session(db.engine) as s:
        s.get(HealthProfile, db.profile).status = "draft"
    at = _open(db, db.unscored)
    assert not any(NOT_SCORED in c.value for c in at.caption) and "/ 100" not in _html(at)


def test_a_picker_switches_between_the_profiles_that_score_the_customer(db):
    with write_session(db.engine) as s:
        second = make_health_profile(s, name="Onboarding", definition=DEFINITION, priority=2)
        make_health_score(s, second, db.scored, 30.0, "at_risk", breakdown=NPS_6)
        second_id = second.id
    at = _open(db, db.scored)
    picker = at.selectbox(key=f"{KEY}:health:profile")
    assert picker.value == db.profile and picker.options == ["Profile: Customer health", "Profile: Onboarding"]
    picker.set_value(second_id).run()
    assert not at.exception
    assert ">30<" in _html(at) and ">At risk<" in _html(at)


def test_the_customers_preview_shows_the_section_too(db):
    at = AppTest.from_file(CUSTOMERS, default_timeout=30)
    at = run_as(db.engine, "csm@example.com", at, record=str(db.scored))
    assert not at.exception, at.exception
    assert ">64<" in _html(at) and "Biggest drag: **Low NPS** (−20 points)" in markdown(at)
