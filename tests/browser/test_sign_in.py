"""Every demo account signs in and sees exactly its tabs; sign-in survives reloads and
deep links; forbidden pages say so; bad credentials get a clear message."""

from __future__ import annotations

import pytest

from cslib.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from tests.browser.conftest import nav_labels, shot, sign_in, wait_idle

pytestmark = pytest.mark.browser

EXPECTED_TABS = {
    "admin@demo.example": ["Overview", "Customers", "Actions", "Schedule", "Settings"],
    "superadmin@demo.example": ["Overview", "Settings"],
    "manager@demo.example": ["Overview", "Customers", "Actions", "Schedule", "Settings"],
    "csm1@demo.example": ["Overview", "Customers", "Actions", "Schedule"],
    "csm2@demo.example": ["Overview", "Customers", "Actions", "Schedule"],
    "csm3@demo.example": ["Overview", "Customers", "Actions", "Schedule"],
    "noexport@demo.example": ["Overview", "Customers", "Actions", "Schedule"],
}


def test_every_demo_account_is_covered():
    assert {a.email for a in DEMO_ACCOUNTS} == set(EXPECTED_TABS)


@pytest.mark.parametrize("email", sorted(EXPECTED_TABS))
def test_demo_account_sees_exactly_its_tabs(page, app_url, email):
    sign_in(page, app_url, email, DEMO_PASSWORD)
    assert page.get_by_role("heading", name="Overview").is_visible()
    assert nav_labels(page) == EXPECTED_TABS[email]
    assert page.locator('[data-testid="stException"]').count() == 0
    shot(page, f"overview-{email.split('@')[0]}")


def test_sign_in_page_lists_demo_accounts_and_refuses_bad_password(page, app_url):
    page.goto(app_url)
    wait_idle(page)
    shot(page, "sign-in")
    assert page.get_by_text("customer-success").first.is_visible()
    sign_in(page, app_url, "csm1@demo.example", "wrong password")
    assert page.get_by_text("Wrong e-mail or password.").is_visible()
    assert page.input_value("#cs-email") == "csm1@demo.example"
    shot(page, "sign-in-error")


def test_sign_in_survives_reload_and_deep_link_in_new_tab(page, app_url):
    sign_in(page, app_url, "admin@demo.example", DEMO_PASSWORD)
    page.reload()
    wait_idle(page)
    assert page.get_by_role("heading", name="Overview").is_visible()
    other = page.context.new_page()
    other.goto(f"{app_url}/settings")
    wait_idle(other)
    assert other.get_by_role("heading", name="Settings").is_visible()
    shot(other, "settings-deep-link")


def test_deep_link_while_signed_out_returns_there_after_sign_in(page, app_url):
    sign_in(page, app_url, "manager@demo.example", DEMO_PASSWORD, path="/settings")
    assert page.url.rstrip("/").endswith("/settings")
    assert page.get_by_role("heading", name="Settings").is_visible()


def test_forbidden_page_by_url_says_no_access(page, app_url):
    sign_in(page, app_url, "csm2@demo.example", DEMO_PASSWORD)
    page.goto(f"{app_url}/settings")
    wait_idle(page)
    assert page.get_by_text("No access.").is_visible()
    shot(page, "settings-no-access")


def test_sign_out_returns_to_sign_in(page, app_url):
    sign_in(page, app_url, "csm3@demo.example", DEMO_PASSWORD)
    page.get_by_role("button", name="Sign out").click()
    wait_idle(page)
    assert page.locator("form.cs-signin").is_visible()
    page.reload()
    wait_idle(page)
    assert page.locator("form.cs-signin").is_visible()


def test_admin_views_the_workspace_as_a_csm(page, app_url):
    sign_in(page, app_url, "admin@demo.example", DEMO_PASSWORD)
    page.get_by_role("combobox", name="View as user").click()
    page.get_by_role("option", name="Priya Patel (csm2@demo.example)").click()
    wait_idle(page)
    assert page.get_by_text("showing Priya Patel's customers").is_visible()
    shot(page, "overview-view-as")
