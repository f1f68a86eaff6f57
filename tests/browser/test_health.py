"""Health score journeys in Chromium: a CSM opens an alert from the Overview's Alerts card
and makes a follow-up task of it; an admin builds a score profile with three criteria,
switches it on, and sees the Overview's summary and charts follow it."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest

from cslib.demo import DEMO_PASSWORD
from tests.browser.conftest import shot, sign_in, wait_idle

pytestmark = pytest.mark.browser

ROW = 35  # grid row height (px), header included


def _grid(page):
    return page.locator('[data-testid="stDataFrame"]').first


def test_csm_opens_an_alert_and_creates_a_task_from_it(page, app_url):
    sign_in(page, app_url, "csm2@demo.example", DEMO_PASSWORD)
    card = page.get_by_role("heading", name="Alerts")
    assert card.is_visible()
    assert page.get_by_text(re.compile(r"active alerts? on your customers")).first.is_visible()
    shot(page, "health_overview_alerts_card")
    page.get_by_role("link", name="View all").first.click()
    wait_idle(page)
    assert "tab=alerts" in page.url
    assert page.get_by_role("heading", name="Alerts").is_visible()
    count = page.get_by_text(re.compile(r"^[\d,]+ alerts?$")).first.inner_text()
    assert int(count.split()[0].replace(",", "")) > 0

    box = _grid(page).bounding_box()
    page.mouse.click(box["x"] + 80, box["y"] + ROW * 1.5)  # the first alert's customer cell
    wait_idle(page)
    dialog = page.get_by_role("dialog")
    assert dialog.get_by_role("heading", name="Alert").is_visible()
    customer = dialog.get_by_role("link").first.inner_text()
    assert dialog.get_by_text("What moved the score").is_visible()
    shot(page, "health_alert_panel")

    dialog.get_by_role("button", name="Create task from alert").click()
    wait_idle(page)
    toast = page.get_by_text(re.compile(r"Created the task “Follow up: "))
    assert toast.first.is_visible()
    title = re.search(r"“(.+?)”", toast.first.inner_text()).group(1)
    assert title.startswith(f"Follow up: {customer} is now ")
    assert page.get_by_role("dialog").get_by_text("Acknowledged").first.is_visible()
    shot(page, "health_alert_task_created")

    ours = {"property": "title", "operator": "eq", "value": title}
    page.goto(f"{app_url}/actions?view=all&adv={quote(json.dumps(ours))}")
    wait_idle(page)
    assert page.get_by_text("1 task", exact=True).is_visible()


def _average(page) -> str:
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Average score").first
    return metric.locator('[data-testid="stMetricValue"]').inner_text()


def test_admin_builds_a_three_criteria_profile_and_the_overview_follows_it(page, app_url):
    sign_in(page, app_url, "admin@demo.example", DEMO_PASSWORD)
    page.get_by_role("heading", name="Health score summary").scroll_into_view_if_needed()
    assert page.get_by_text("Score profile").count() == 0  # one active profile: no drop-down
    before = _average(page)

    page.goto(f"{app_url}/settings")
    wait_idle(page)
    page.get_by_role("tab", name="Health scores").click()
    wait_idle(page)
    page.get_by_role("button", name="+ Create profile").click()
    wait_idle(page)
    page.get_by_label("Profile name").fill("Browser health")
    page.keyboard.press("Tab")
    wait_idle(page)
    page.locator(".st-key-hs_c_c3_del button").first.click()  # drop "Days since the last activity"
    wait_idle(page)
    labels = page.locator('[class*="st-key-hs_c_"][class*="_label"] input')
    assert [labels.nth(i).input_value() for i in range(labels.count())] == [
        "NPS score",
        "Meetings in the last 90 days",
        "Open tickets",
    ]
    healthy = page.get_by_label("Healthy from")
    healthy.fill("50")
    page.keyboard.press("Tab")
    wait_idle(page)
    assert page.get_by_text("Max points: 100 of 100").first.is_visible()
    shot(page, "health_profile_editor")
    page.get_by_role("button", name="Save and switch on").click()
    wait_idle(page)
    assert page.get_by_text(re.compile(r"Scored [\d,]+ customers")).first.is_visible()
    assert page.get_by_text("Browser health").first.is_visible()

    page.goto(app_url)
    wait_idle(page)
    page.get_by_role("heading", name="Health score summary").scroll_into_view_if_needed()
    page.get_by_label("Score profile").click()
    page.get_by_role("option", name="Browser health").click()
    wait_idle(page)
    assert page.get_by_text(re.compile(r"scored by “Browser health”")).first.is_visible()
    assert _average(page) != before
    charts = page.locator('[data-testid="stPlotlyChart"]')
    assert charts.count() == 2
    assert charts.first.get_by_text("Score distribution").count() == 1
    shot(page, "health_overview_new_profile")
