"""The workspace in Danish and Polish, in Chromium: a CSM switches to Polish on the Overview
and keeps reading Polish on Customers; a Danish browser gets Danish from the sign-in page
on. The app runs on its own demo database here, so a saved language never leaks into the
other journeys."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cslib.demo import DEMO_PASSWORD
from tests.browser.conftest import running_app, settled, shot

pytestmark = pytest.mark.browser

# Polish number format: a no-break space between thousands ("12 345"); Polish short months.
POLISH_AMOUNT = re.compile(r"\d{1,3}(\u00a0\d{3})+")
POLISH_MONTH = re.compile(r"\b\d{1,2} (sty|lut|mar|kwi|maj|cze|lip|sie|wrz|paź|lis|gru) \d{4}\b")


@pytest.fixture(scope="module")
def own_app(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("languages")) as url:
        yield url


def _sign_in(page, url: str, email: str, submit: str, signed_in: str) -> None:
    page.goto(url)
    form = page.locator("form.cs-signin")
    expect(form).to_be_visible()
    settled(page)
    page.fill("#cs-email", email)
    page.fill("#cs-password", DEMO_PASSWORD)
    with page.expect_navigation():
        form.get_by_role("button", name=submit).click()
    expect(page.get_by_role("button", name=signed_in)).to_be_visible()


def _choose_language(page, label: str, name: str) -> None:
    page.get_by_test_id("stSidebar").get_by_role("combobox", name=label).click()
    page.get_by_role("option", name=name, exact=True).click()


def test_a_csm_switches_to_polish_on_the_overview_and_opens_customers_in_polish(own_app, page):
    _sign_in(page, own_app, "csm1@demo.example", "Sign in", "Sign out")
    expect(page.get_by_role("heading", name="Overview", exact=True)).to_be_visible()
    overview_url = page.url

    _choose_language(page, "Language", "Polski")

    expect(page.get_by_role("heading", name="Podsumowanie", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Wyloguj się")).to_be_visible()
    settled(page)
    assert page.url == overview_url  # the same page, redrawn in place
    text = page.get_by_test_id("stMain").inner_text()
    assert POLISH_AMOUNT.search(text), "no amount in Polish format"
    assert POLISH_MONTH.search(text), "no date in Polish format"
    assert "Overview" not in text and "Renewals" not in text
    shot(page, "languages-overview-pl")

    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Klienci").click()
    expect(page.get_by_role("heading", name="Należące do mnie")).to_be_visible()  # the default view, in Polish
    expect(page.get_by_text(re.compile(r"^\d[\d\u00a0]* (klient|klienci|klientów)$")).first).to_be_visible()
    settled(page)
    assert "/customers" in page.url
    shot(page, "languages-customers-pl")


def test_a_danish_browser_reads_danish_from_the_sign_in_page_on(own_app, browser):
    context = browser.new_context(locale="da-DK", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(own_app)
        expect(page.get_by_role("heading", name="Customer Success-arbejdsområde")).to_be_visible()
        shot(page, "languages-sign-in-da")
        _sign_in(page, own_app, "csm2@demo.example", "Log ind", "Log ud")
        expect(page.get_by_role("heading", name="Oversigt", exact=True)).to_be_visible()
        nav = page.get_by_test_id("stSidebarNav")
        for tab in ("Oversigt", "Kunder", "Handlinger", "Plan"):
            expect(nav.get_by_role("link", name=tab)).to_be_visible()
        shot(page, "languages-overview-da")
    finally:
        context.close()
