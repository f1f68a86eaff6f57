"""Actions → Alerts and the Overview's Alerts card through AppTest: the Tasks | Alerts
switch, filters from the link, the side panel and its actions (acknowledge, create task,
snooze), the card's rows, count and "View all" link, and when the card and tab hide."""

from __future__ import annotations

import re
from datetime import date, timedelta
from urllib.parse import parse_qsl

import pytest
from sqlalchemy import select, update
from streamlit.testing.v1 import AppTest

from cslib import alerts
from cslib.bootstrap import prepare
from cslib.config import PROJECT_ROOT, get_settings
from cslib.db import read_session, write_session
from cslib.models import Alert, HealthProfile, Task, WorkspaceSettings, utcnow
from cslib.users import get_actor
from tests.app.signed_in import markdown, plain, run_as
from tests.factories import make_alert, make_company, make_health_profile, make_user

ACTIONS = str(PROJECT_ROOT / "pages" / "actions.py")
HOME = str(PROJECT_ROOT / "Home.py")
DAY = timedelta(days=1)


@pytest.fixture
def db(app_database):
    """A CSM with three active alerts (one snoozed), one expired and one resolved; a
    colleague with one active alert."""
    now = utcnow()
    ids = {}
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        csm = make_user(s, email="csm@example.com", name="Carl Csm")
        olga = make_user(s, email="olga@example.com", name="Olga Other")
        profile = make_health_profile(s, name="Customer health")
        ids["profile"] = profile.id

        def alert(name: str, owner, **kw):  # noqa: ANN001, ANN003
            company = make_company(s, name=name, owner_id=owner.id)
            return make_alert(s, company, profile, **kw).id

        ids["acme"] = alert("Acme Corp", csm, raised_at=now - 2 * DAY, old_score=62.0, new_score=38.0)
        ids["beta"] = alert(
            "Beta Ltd", csm, raised_at=now - DAY, direction="up", old_category="neutral", new_category="healthy"
        )
        ids["snoozed"] = alert(
            "Snoozy Inc", csm, raised_at=now - DAY - timedelta(hours=1), stage="snoozed", snoozed_until=now + 2 * DAY
        )
        ids["expired"] = alert("Old News", csm, raised_at=now - 15 * DAY)
        ids["resolved"] = alert("Done Deal", csm, raised_at=now - DAY, stage="resolved", resolved_at=now)
        ids["olga"] = alert("Olga's Customer", olga, raised_at=now - 3 * DAY)
        ids["olga_user"] = olga.id
    prepare(app_database, get_settings())
    return app_database, ids


def _open(engine, script: str, email: str = "csm@example.com", **params: str) -> AppTest:  # noqa: ANN001
    at = run_as(engine, email, AppTest.from_file(script, default_timeout=30), **params)
    assert not at.exception, at.exception
    return at


def _customers(at: AppTest) -> list[str]:
    return list(at.dataframe[0].value["customer"])


def _stage(engine, alert_id: int) -> str:  # noqa: ANN001
    with read_session(engine) as s:
        return s.scalar(select(Alert.stage).where(Alert.id == alert_id))


def test_actions_shows_tasks_by_default_with_the_switch(db):
    engine, _ = db
    at = _open(engine, ACTIONS)
    assert at.title[0].value == "Due today"
    assert at.segmented_control[0].value == "tasks"


def test_the_alerts_list_shows_active_alerts_newest_first(db):
    engine, _ = db
    at = _open(engine, ACTIONS, tab="alerts")
    assert at.title[0].value == "Alerts"
    assert at.segmented_control[0].value == "alerts"
    assert "**4 alerts**" in markdown(at)
    assert _customers(at) == ["Beta Ltd", "Snoozy Inc", "Acme Corp", "Olga's Customer"]
    frame = at.dataframe[0].value
    assert list(frame["score"])[2] == "62 → 38"
    assert list(frame["stage"])[1].startswith("Snoozed until ")


def test_filters_come_from_the_link(db):
    engine, _ = db
    at = _open(engine, ACTIONS, tab="alerts", stage="expired,resolved")
    assert sorted(_customers(at)) == ["Done Deal", "Old News"]
    at = _open(engine, ACTIONS, tab="alerts", stage="all", sort="customer:asc")
    assert _customers(at)[:2] == ["Acme Corp", "Beta Ltd"] and len(_customers(at)) == 6
    adv = '{"all":[{"property":"alert.direction","operator":"in","value":["up"]}]}'
    at = _open(engine, ACTIONS, tab="alerts", adv=adv)
    assert _customers(at) == ["Beta Ltd"]


def test_a_bad_link_is_explained_and_an_empty_list_says_so(db):
    engine, _ = db
    at = _open(engine, ACTIONS, tab="alerts", stage="bogus", created="last_7_days", adv="{")
    assert any("alert stage “bogus”" in w.value for w in at.warning)
    assert any("advanced filter was ignored" in w.value for w in at.warning)
    at = _open(engine, ACTIONS, tab="alerts", created="over_90_days_ago")
    assert any("No alerts match these filters." in i.value for i in at.info)


def test_the_panel_shows_the_alert_and_acknowledges_it(db):
    engine, ids = db
    at = _open(engine, ACTIONS, tab="alerts", alert=str(ids["acme"]))
    text = markdown(at)
    assert "[Acme Corp](/record?type=company&id=" in text and "**New**" in text
    assert any("At risk" in h.proto.body for h in at.html)
    at.button(key=f"alert_panel:{ids['acme']}:ack").click().run()
    assert not at.exception
    assert _stage(engine, ids["acme"]) == "acknowledged"
    assert [plain(t.value) for t in at.toast] == ["Alert acknowledged."]


def test_create_task_from_alert_once(db):
    engine, ids = db
    at = _open(engine, ACTIONS, tab="alerts", alert=str(ids["acme"]))
    at.button(key=f"alert_panel:{ids['acme']}:task").click().run()
    assert not at.exception
    toast = at.toast[0].value
    assert "Created the task" in plain(toast) and "Acme Corp is now At risk" in plain(toast)
    assert re.search(r"\[Open it in Actions → Tasks\]\(/actions\?record=\d+\)$", toast), toast  # a live link
    assert _stage(engine, ids["acme"]) == "acknowledged"
    assert "Follow-up task:" in markdown(at)
    at.button(key=f"alert_panel:{ids['acme']}:task").click().run()
    assert "already has a task" in plain(at.toast[0].value)
    with read_session(engine) as s:
        assert len(s.scalars(select(Task.id).where(Task.title.like("Follow up: Acme Corp%"))).all()) == 1


def test_snooze_from_the_panel_and_a_refusal(db):
    engine, ids = db
    key = f"alert_panel:{ids['beta']}:"
    at = _open(engine, ACTIONS, tab="alerts", alert=str(ids["beta"]))
    at.text_area(key=f"{key}reason").input("   ")
    at.button(key=f"{key}snooze_submit").click().run()
    assert any("reason cannot be empty" in e.value for e in at.error)
    assert _stage(engine, ids["beta"]) == "new"
    at.date_input(key=f"{key}until").set_value(date.today() + 3 * DAY)
    at.text_area(key=f"{key}reason").input("Waiting for their QBR")
    at.button(key=f"{key}snooze_submit").click().run()
    assert not at.exception
    assert _stage(engine, ids["beta"]) == "snoozed"


def test_reload_after_a_conflict_shows_the_saved_alert_and_a_second_snooze_overwrites_nothing(db):
    engine, ids = db
    key = f"alert_panel:{ids['beta']}:"
    at = _open(engine, ACTIONS, tab="alerts", alert=str(ids["beta"]))
    with write_session(engine) as s:  # Olga acknowledges it while Carl's panel is open
        alerts.acknowledge(s, get_actor(s, ids["olga_user"]), ids["beta"], expected_version=1)
    at.text_area(key=f"{key}reason").input("Waiting for their QBR")
    at.button(key=f"{key}snooze_submit").click().run()
    assert any("Someone else changed this alert" in e.value for e in at.error)
    at.run()  # a later run (any other click) still offers Reload
    assert any("Someone else changed this alert" in e.value for e in at.error)
    shown = {w.id: w.value for w in at.text_area}
    at.button(key=f"{key}reload").click().run()
    for widget in at.text_area:  # a browser sends back what it shows for a widget whose id stayed
        if widget.id in shown:
            widget.input(shown[widget.id])
    assert not at.error
    assert "**Acknowledged**" in markdown(at)
    (reason,) = [w for w in at.text_area if w.key.startswith(key) and w.key.endswith("reason")]
    assert reason.value == ""
    at.button(key=f"{key}snooze_submit").click().run()
    assert any("reason cannot be empty" in e.value for e in at.error)
    assert _stage(engine, ids["beta"]) == "acknowledged"


def _card_links(at: AppTest) -> list[dict[str, str]]:
    return [dict(parse_qsl(link.proto.query_string)) for link in at.get("page_link") if "actions" in link.proto.page]


def test_the_overview_card_lists_my_active_alerts_and_links_to_all(db):
    engine, _ = db
    at = _open(engine, HOME)
    assert "Alerts" in [h.value for h in at.subheader]
    card = "".join(h.proto.body for h in at.html)
    assert "Beta Ltd" in card and "Acme Corp" in card and "62 → 38" in card
    assert "raised 2 days ago" in card and "expires in 12 days" in card
    assert "Snoozy Inc" not in card and "Old News" not in card and "Olga" not in card  # snoozed, expired, not mine
    assert any("2 active alerts on your customers" in c.value for c in at.caption)
    links = [p for p in _card_links(at) if p.get("tab") == "alerts"]
    assert links and '"value":["me"]' in links[0]["adv"]


def test_the_card_hides_without_an_active_profile_and_the_switch_stays_for_history(db):
    engine, ids = db
    with write_session(engine) as s:
        s.execute(update(HealthProfile).values(status="draft"))
    at = _open(engine, HOME)
    assert "Alerts" not in [h.value for h in at.subheader]
    at = _open(engine, ACTIONS, tab="alerts")
    assert at.title[0].value == "Alerts"  # the alerts raised before stay readable


def test_no_profile_and_no_alert_means_no_switch(app_database):
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        make_user(s, email="csm@example.com", name="Carl Csm")
    prepare(app_database, get_settings())
    at = _open(app_database, ACTIONS, tab="alerts")
    assert at.title[0].value == "Due today"
    assert not at.segmented_control
