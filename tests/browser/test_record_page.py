"""The record page in Chromium: a company's properties, timeline and associations fit at
1280 px, and a note logged through the panel shows in the timeline."""

from __future__ import annotations

import pytest

from cslib.demo import DEMO_PASSWORD
from tests.browser.conftest import shot, sign_in, wait_idle

pytestmark = pytest.mark.browser


def test_a_csm_opens_a_company_and_logs_a_note(page, app_url):
    sign_in(page, app_url, "csm1@demo.example", DEMO_PASSWORD)
    page.goto(f"{app_url}/record?type=company&id=5")
    wait_idle(page)
    title = page.get_by_role("heading", level=1)
    assert title.is_visible() and title.inner_text().strip()
    assert page.get_by_text("About", exact=True).is_visible()
    assert page.get_by_role("tab", name="Activities").is_visible()
    shot(page, "record-company")
    page.get_by_role("button", name="Note", exact=True).first.click()
    wait_idle(page)
    page.get_by_label("Note", exact=True).fill("Browser note: *not bold* [no link](https://example.com)")
    page.get_by_label("Note", exact=True).press("Tab")
    page.get_by_role("button", name="Save").first.click()
    wait_idle(page)
    assert page.get_by_text("Browser note: *not bold* [no link](https://example.com)").first.is_visible()
    page.get_by_role("tab", name="Associations").first.click()
    wait_idle(page)
    panel = page.locator('[role="tabpanel"]:visible')
    assert panel.get_by_text("Contact", exact=False).first.is_visible()
    assert page.locator('[data-testid="stException"]').count() == 0
    shot(page, "record-company-associations")


def test_a_bad_record_link_says_so(page, app_url):
    sign_in(page, app_url, "csm1@demo.example", DEMO_PASSWORD)
    page.goto(f"{app_url}/record?type=company&id=abc")
    wait_idle(page)
    assert page.get_by_text("its id must be a whole number").is_visible()
    assert page.get_by_role("link", name="Go to the Overview").is_visible()
