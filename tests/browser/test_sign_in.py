"""Every demo account signs in and sees exactly its tabs; sign-in survives reloads and
deep links; forbidden pages say so; bad credentials get a clear message."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cslib.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.browser.conftest import nav_labels, settled, shot, sign_in

pytestmark = pytest.mark.browser

WORKSPACE_TABS = ["Overview", "Customers", "Projects", "Revenue", "Actions", "Schedule", "Feed", "Dashboards"]
EXPECTED_TABS = {
    "admin@demo.example": [*WORKSPACE_TABS, "Exports", "Settings"],
    "superadmin@demo.example": ["Overview", "Settings"],
    "manager@demo.example": [*WORKSPACE_TABS, "Exports", "Settings"],
    "csm1@demo.example": [*WORKSPACE_TABS, "Exports"],
    "csm2@demo.example": [*WORKSPACE_TABS, "Exports"],
    "csm3@demo.example": [*WORKSPACE_TABS, "Exports"],
    "noexport@demo.example": WORKSPACE_TABS,  # no export permission: no Exports page
}


def test_every_demo_account_is_covered():
    assert {a.email for a in DEMO_ACCOUNTS} == set(EXPECTED_TABS)


@pytest.mark.parametrize("email", sorted(EXPECTED_TABS))
def test_demo_account_sees_exactly_its_tabs(page, app_url, email):
    sign_in(page, app_url, email, DEMO_PASSWORD)
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    settled(page)  # the menu and the page are drawn in full
    assert nav_labels(page) == EXPECTED_TABS[email]
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    shot(page, f"overview-{email.split('@')[0]}")


def test_sign_in_page_lists_demo_accounts_and_refuses_bad_password(page, app_url):
    page.goto(app_url)
    expect(page.get_by_text("customer-success").first).to_be_visible()
    shot(page, "sign-in")
    sign_in(page, app_url, "csm1@demo.example", "wrong password")
    expect(page.get_by_text("Wrong e-mail or password.")).to_be_visible()
    expect(page.locator("#cs-email")).to_have_value("csm1@demo.example")
    shot(page, "sign-in-error")


def test_sign_in_survives_reload_and_deep_link_in_new_tab(page, app_url):
    sign_in(page, app_url, "admin@demo.example", DEMO_PASSWORD)
    page.reload()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    other = page.context.new_page()
    other.goto(f"{app_url}/settings")
    expect(other.get_by_role("heading", name="Settings")).to_be_visible()
    shot(other, "settings-deep-link")


def test_deep_link_while_signed_out_returns_there_after_sign_in(page, app_url):
    sign_in(page, app_url, "manager@demo.example", DEMO_PASSWORD, path="/settings")
    page.wait_for_url(re.compile(r"/settings/?$"))
    expect(page.get_by_role("heading", name="Settings")).to_be_visible()


def test_forbidden_page_by_url_says_no_access(page, app_url):
    sign_in(page, app_url, "csm2@demo.example", DEMO_PASSWORD)
    page.goto(f"{app_url}/settings")
    expect(page.get_by_text("No access.")).to_be_visible()
    shot(page, "settings-no-access")


def test_sign_out_returns_to_sign_in(page, app_url):
    sign_in(page, app_url, "csm3@demo.example", DEMO_PASSWORD)
    page.get_by_role("button", name="Sign out").click()
    expect(page.locator("form.cs-signin")).to_be_visible()
    page.reload()
    expect(page.locator("form.cs-signin")).to_be_visible()
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)


def test_admin_views_the_workspace_as_a_csm(page, app_url):
    sign_in(page, app_url, "admin@demo.example", DEMO_PASSWORD)
    page.get_by_role("combobox", name="View as user").click()
    page.get_by_role("option", name="Priya Patel (csm2@demo.example)").click()
    expect(page.get_by_text("showing Priya Patel's customers")).to_be_visible()
    shot(page, "overview-view-as")
