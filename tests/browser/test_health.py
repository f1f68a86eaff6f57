"""Health score journeys in Chromium: a CSM opens an alert from the Overview's Alerts card
and makes a follow-up task of it; an admin builds a score profile with three criteria,
switches it on, and sees the Overview's summary and charts follow it."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from cslib.demo import DEMO_PASSWORD
from tests.browser.conftest import settled, shot, sign_in

pytestmark = pytest.mark.browser

ROW = 35  # grid row height (px), header included


def _grid(page):
    return page.locator('[data-testid="stDataFrame"]').first


def test_csm_opens_an_alert_and_creates_a_task_from_it(page, app_url):
    sign_in(page, app_url, "csm2@demo.example", DEMO_PASSWORD)
    card = page.get_by_role("heading", name="Alerts")
    expect(card).to_be_visible()
    expect(page.get_by_text(re.compile(r"active alerts? on your customers")).first).to_be_visible()
    shot(page, "health_overview_alerts_card")
    page.get_by_role("link", name="View all").first.click()
    page.wait_for_url(re.compile(r"tab=alerts"))
    # The Overview's card had an "Alerts" heading too: wait for the list's, then for one.
    expect(page.get_by_role("heading", name="Alerts").first).to_be_visible()
    expect(page.get_by_role("heading", name="Alerts")).to_have_count(1)
    # More than none: the count line says so before the grid is clicked.
    expect(page.get_by_text(re.compile(r"^[\d,]+ alerts?$")).first).to_have_text(re.compile(r"^[1-9][\d,]* alerts?$"))

    expect(_grid(page)).to_be_visible()
    settled(page)  # the layout above the grid is final: click by position
    box = _grid(page).bounding_box()
    page.mouse.click(box["x"] + 80, box["y"] + ROW * 1.5)  # the first alert's customer cell
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_role("heading", name="Alert")).to_be_visible()
    expect(dialog.get_by_text("What moved the score")).to_be_visible()
    settled(page)  # the panel is drawn in full before its customer link is read
    customer = dialog.get_by_role("link").first.inner_text()
    shot(page, "health_alert_panel")

    dialog.get_by_role("button", name="Create task from alert").click()
    toast = page.get_by_text(re.compile(r"Created the task “Follow up: "))
    expect(toast.first).to_be_visible()
    title = re.search(r"“(.+?)”", toast.first.inner_text()).group(1)
    assert title.startswith(f"Follow up: {customer} is now ")
    expect(page.get_by_role("dialog").get_by_text("Acknowledged").first).to_be_visible()
    shot(page, "health_alert_task_created")

    ours = {"property": "title", "operator": "eq", "value": title}
    page.goto(f"{app_url}/actions?view=all&adv={quote(json.dumps(ours))}")
    expect(page.get_by_text("1 task", exact=True)).to_be_visible()


def _average(page):
    metric = page.locator('[data-testid="stMetric"]').filter(has_text="Average score").first
    return metric.locator('[data-testid="stMetricValue"]')


def test_admin_builds_a_three_criteria_profile_and_the_overview_follows_it(page, app_url):
    sign_in(page, app_url, "admin@demo.example", DEMO_PASSWORD)
    page.get_by_role("heading", name="Health score summary").scroll_into_view_if_needed()
    expect(_average(page)).to_be_visible()
    settled(page)  # the whole summary is drawn: the drop-down's absence means something
    expect(page.get_by_text("Score profile")).to_have_count(0)  # one active profile: no drop-down
    before = _average(page).inner_text()

    page.goto(f"{app_url}/settings")
    expect(page.get_by_role("tab", name="Health scores")).to_be_visible()
    settled(page)  # a tab is picked in the browser only: pick it once no run redraws the tabs
    page.get_by_role("tab", name="Health scores").click()
    page.get_by_role("button", name="+ Create profile").click()
    page.get_by_label("Profile name").fill("Browser health")
    page.keyboard.press("Tab")
    page.locator(".st-key-hs_c_c3_del button").first.click()  # drop "Days since the last activity"
    expect(page.locator(".st-key-hs_c_c3_del")).to_have_count(0)
    labels = page.locator('[class*="st-key-hs_c_"][class*="_label"] input')
    expect(labels).to_have_count(3)  # the dropped criterion's old field is gone too
    for i, label in enumerate(["NPS score", "Meetings in the last 90 days", "Open tickets"]):
        expect(labels.nth(i)).to_have_value(label)
    healthy = page.get_by_label("Healthy from")
    healthy.fill("50")
    page.keyboard.press("Tab")
    expect(page.get_by_text("Max points: 100 of 100").first).to_be_visible()
    shot(page, "health_profile_editor")
    page.get_by_role("button", name="Save and switch on").click()
    expect(page.get_by_text(re.compile(r"Scored [\d,]+ customers")).first).to_be_visible()
    expect(page.get_by_text("Browser health").first).to_be_visible()

    page.goto(app_url)
    page.get_by_role("heading", name="Health score summary").scroll_into_view_if_needed()
    settled(page)  # the whole Overview is drawn (its reports come last): a drop-down opened earlier closes
    page.get_by_label("Score profile").click()
    page.get_by_role("option", name="Browser health").click()
    expect(page.get_by_text(re.compile(r"scored by “Browser health”")).first).to_be_visible()
    expect(_average(page)).not_to_have_text(before)
    # The health card's two charts (the Reporting section's charts are titled by their cards).
    charts = page.locator('[data-testid="stPlotlyChart"]').filter(
        has_text=re.compile(r"Score distribution|Average score over time")
    )
    expect(charts).to_have_count(2)
    expect(charts.first.get_by_text("Score distribution")).to_have_count(1)
    shot(page, "health_overview_new_profile")
