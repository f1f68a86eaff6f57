"""Customers tab journeys in Chromium: filter, advanced filter, save / clone / pin views as
a CSM; shared default views and their Overview cards as an admin."""

from __future__ import annotations

import re

import pytest

from cslib.demo import DEMO_PASSWORD
from tests.browser.conftest import shot, sign_in, wait_idle

pytestmark = pytest.mark.browser


def _select(page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).first.click()
    page.get_by_role("option", name=option, exact=True).click()
    wait_idle(page)


def _sidebar_view(page, name: str):
    return page.locator('[data-testid="stSidebar"]').get_by_role("button", name=re.compile(f"^{re.escape(name)}"))


def _open_view_menu(page, name: str) -> None:
    row = page.locator('[data-testid="stSidebar"] [data-testid="stHorizontalBlock"]').filter(
        has=page.get_by_role("button", name=name, exact=True)
    )
    row.locator('[data-testid="stPopover"] button').first.click()


def _view_menu(page, name: str, action: str) -> None:
    _open_view_menu(page, name)
    page.get_by_role("button", name=action, exact=True).click()
    wait_idle(page)


CARD_TITLES = ("Owned by me", "Assigned in the last 30 days", "New this year")


def _card_order(page) -> list[str]:
    """Card titles in reading order (top to bottom, left to right) on the Overview."""
    main = page.locator('[data-testid="stMain"]')
    boxes = {t: main.get_by_text(t, exact=True).first.bounding_box() for t in CARD_TITLES}
    return sorted(boxes, key=lambda t: (round(boxes[t]["y"] / 50), boxes[t]["x"]))


def _count(page) -> int:
    text = page.get_by_text(re.compile(r"^[\d,]+ customers?$")).first.inner_text()
    return int(text.split()[0].replace(",", ""))


def test_csm_filters_saves_clones_and_pins_a_private_view(page, app_url):
    sign_in(page, app_url, "csm1@demo.example", DEMO_PASSWORD, path="/customers")
    assert page.get_by_role("heading", name="Owned by me").is_visible()
    owned = _count(page)
    _select(page, "Last activity date", "Last 30 days")
    recent = _count(page)
    assert 0 < recent < owned
    assert "activity=last_30_days" in page.url
    page.get_by_role("button", name=re.compile("Advanced filters")).click()
    dialog = page.locator('[data-testid="stPopoverBody"]')
    prop = dialog.get_by_role("combobox").first
    prop.click()
    page.get_by_role("option", name="Annual recurring revenue", exact=True).click()
    wait_idle(page)
    dialog.get_by_role("combobox").nth(1).click()
    page.get_by_role("option", name="is greater than", exact=True).click()
    wait_idle(page)
    dialog.get_by_label("Value").fill("50000")
    dialog.get_by_role("button", name="Apply filters").click()
    wait_idle(page)
    filtered = _count(page)
    assert 0 < filtered < recent
    assert "adv=" in page.url
    shot(page, "customers-filtered")

    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="+ Create view").click()
    dialog = page.locator('[data-testid="stDialog"]')
    dialog.get_by_label("Name").fill("Big and recently active")
    assert dialog.get_by_text("Private (only admins can share").is_visible()
    dialog.get_by_role("button", name="Create view").click()
    wait_idle(page)
    assert page.get_by_role("heading", name="Big and recently active").is_visible()
    assert _count(page) == filtered
    _view_menu(page, "Big and recently active", "Clone view")
    dialog = page.locator('[data-testid="stDialog"]')
    dialog.get_by_label("Name").fill("Big clone")
    dialog.get_by_role("button", name="Clone view").click()
    wait_idle(page)
    assert page.get_by_role("heading", name="Big clone").is_visible()
    _view_menu(page, "Big clone", "Pin view")
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert sidebar.get_by_text("My pinned views").is_visible()
    # A CSM has no "Set as default" in any view's menu.
    _open_view_menu(page, "Big clone")
    assert page.get_by_role("button", name="Set as default", exact=True).count() == 0
    shot(page, "customers-pinned-view")


def test_admin_makes_a_shared_default_view_and_reorders_overview_cards(page, app_url):
    sign_in(page, app_url, "manager@demo.example", DEMO_PASSWORD, path="/customers")
    _select(page, "Create date", "This year")
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="+ Create view").click()
    dialog = page.locator('[data-testid="stDialog"]')
    dialog.get_by_label("Name").fill("New this year")
    dialog.get_by_text("Everyone").click()
    dialog.get_by_text("Set view as default and highlight on the overview page").click()
    dialog.get_by_label("Description").fill("Customers who joined this year")
    dialog.get_by_role("button", name="Create view").click()
    wait_idle(page)
    page.goto(app_url)
    wait_idle(page)
    assert _card_order(page) == ["Owned by me", "Assigned in the last 30 days", "New this year"]
    shot(page, "overview-cards")
    page.get_by_role("button", name="Manage").click()
    row = page.locator('[data-testid="stPopoverBody"] [data-testid="stHorizontalBlock"]').filter(
        has_text="New this year"
    )
    row.get_by_role("button", name="Up", exact=True).click()
    wait_idle(page)
    page.goto(app_url)
    wait_idle(page)
    assert _card_order(page) == ["Owned by me", "New this year", "Assigned in the last 30 days"]
    page.get_by_role("link", name="View customers").nth(1).click()
    wait_idle(page)
    assert page.get_by_role("heading", name="New this year").is_visible()
    shot(page, "customers-from-card")


def test_header_click_sorts_the_whole_list_and_a_cell_click_opens_the_preview(page, app_url):
    sign_in(page, app_url, "csm2@demo.example", DEMO_PASSWORD, path="/customers")
    grid = page.locator('[data-testid="stDataFrame"]').first
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 60, box["y"] + 17)  # the "Company name ↑" header
    wait_idle(page)
    assert "sort=name%3Adesc" in page.url
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 60, box["y"] + 35 + 17)  # first row's name
    wait_idle(page)
    dialog = page.locator('[data-testid="stDialog"]')
    assert dialog.get_by_text("View record").is_visible()
    assert "record=" in page.url
    shot(page, "customers-preview")
