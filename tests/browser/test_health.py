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
