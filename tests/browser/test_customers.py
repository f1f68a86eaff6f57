"""Customers tab journeys in Chromium: filter, advanced filter, save / clone / pin views as
a CSM; shared default views and their Overview cards as an admin."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cslib.demo import DEMO_PASSWORD
from tests.browser.conftest import settled, shot, sign_in

pytestmark = pytest.mark.browser

COUNT = re.compile(r"^[\d,]+ customers?$")


def _select(page, label: str, option: str) -> None:
    page.get_by_role("combobox", name=label).first.click()
    page.get_by_role("option", name=option, exact=True).click()


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


CARD_TITLES = ("Owned by me", "Assigned in the last 30 days", "New this year")


def _card_order(page) -> list[str]:
    """Card titles in reading order (top to bottom, left to right) on the Overview."""
    main = page.locator('[data-testid="stMain"]')
    for t in CARD_TITLES:
        expect(main.get_by_text(t, exact=True).first).to_be_visible()
    settled(page)  # every card drawn: the positions are final
    boxes = {t: main.get_by_text(t, exact=True).first.bounding_box() for t in CARD_TITLES}
    return sorted(boxes, key=lambda t: (round(boxes[t]["y"] / 50), boxes[t]["x"]))


def _count_label(page):
    return page.get_by_text(COUNT).first


def _shows(n: int) -> re.Pattern:
    return re.compile(rf"^{n:,} customers?$")


def _count(page) -> int:
    """The list's "N customers". Call it once something that only the wanted state draws
    is on screen (the count itself changed, a view's heading): the run then has to end
    with nothing of the old one left before the number is read."""
    expect(_count_label(page)).to_be_visible()
    settled(page)
    return int(_count_label(page).inner_text().split()[0].replace(",", ""))


def test_csm_filters_saves_clones_and_pins_a_private_view(page, app_url):
    sign_in(page, app_url, "csm1@demo.example", DEMO_PASSWORD, path="/customers")
    expect(page.get_by_role("heading", name="Owned by me")).to_be_visible()
    owned = _count(page)
    _select(page, "Last activity date", "Last 30 days")
    page.wait_for_url(re.compile(r"activity=last_30_days"))
    expect(_count_label(page)).not_to_have_text(_shows(owned))  # the filtered list has drawn
    recent = _count(page)
    assert 0 < recent < owned
    assert "activity=last_30_days" in page.url
    page.get_by_role("button", name=re.compile("Advanced filters")).click()
    dialog = page.locator('[data-testid="stPopoverBody"]')
    prop = dialog.get_by_role("combobox").first
    prop.click()
    page.get_by_role("option", name="Annual recurring revenue", exact=True).click()
    # The operator and value widgets are keyed by property (and operator): wait for the
    # ones the rerun draws for "arr", not the old ones still on screen.
    dialog.locator('[class*="st-key-"][class*="_arr"]').get_by_role("combobox").click()
    page.get_by_role("option", name="is greater than", exact=True).click()
    dialog.locator('[class*="st-key-"][class*="_arr_gt"]').get_by_label("Value").fill("50000")
    dialog.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"adv="))
    expect(_count_label(page)).not_to_have_text(_shows(recent))
    filtered = _count(page)
    assert 0 < filtered < recent
    assert "adv=" in page.url
    shot(page, "customers-filtered")

    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="+ Create view").click()
    dialog = page.locator('[data-testid="stDialog"]')
    dialog.get_by_label("Name").fill("Big and recently active")
    expect(dialog.get_by_text("Private (only admins can share")).to_be_visible()
    dialog.get_by_role("button", name="Create view").click()
    expect(page.get_by_role("heading", name="Big and recently active")).to_be_visible()
    expect(_count_label(page)).to_have_text(_shows(filtered))
    _view_menu(page, "Big and recently active", "Clone view")
    dialog = page.locator('[data-testid="stDialog"]')
    dialog.get_by_label("Name").fill("Big clone")
    dialog.get_by_role("button", name="Clone view").click()
    expect(page.get_by_role("heading", name="Big clone")).to_be_visible()
    expect(page.locator('[data-testid="stDialog"]')).to_have_count(0)
    _view_menu(page, "Big clone", "Pin view")
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("My pinned views")).to_be_visible()
    settled(page)  # the sidebar is redrawn with the pinned view: open the menu on the new one
    # A CSM has no "Set as default" in any view's menu.
    _open_view_menu(page, "Big clone")
    expect(page.get_by_role("button", name="Clone view", exact=True)).to_be_visible()  # the menu is open
    expect(page.get_by_role("button", name="Set as default", exact=True)).to_have_count(0)
    shot(page, "customers-pinned-view")


def test_admin_makes_a_shared_default_view_and_reorders_overview_cards(page, app_url):
    sign_in(page, app_url, "manager@demo.example", DEMO_PASSWORD, path="/customers")
    _select(page, "Create date", "This year")
    page.wait_for_url(re.compile(r"created=this_year"))
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="+ Create view").click()
    dialog = page.locator('[data-testid="stDialog"]')
    dialog.get_by_label("Name").fill("New this year")
    dialog.get_by_text("Everyone").click()
    dialog.get_by_text("Set view as default and highlight on the overview page").click()
    dialog.get_by_label("Description").fill("Customers who joined this year")
    dialog.get_by_role("button", name="Create view").click()
    expect(page.get_by_role("heading", name="New this year")).to_be_visible()
    page.goto(app_url)
    assert _card_order(page) == ["Owned by me", "Assigned in the last 30 days", "New this year"]
    shot(page, "overview-cards")
    page.get_by_role("button", name="Manage").click()
    row = page.locator('[data-testid="stPopoverBody"] [data-testid="stHorizontalBlock"]').filter(
        has_text="New this year"
    )
    row.get_by_role("button", name="Up", exact=True).click()
    # The Overview shows no toast: the rerun that saved it lists the new order in the menu.
    rows = page.locator('[data-testid="stPopoverBody"] [data-testid="stHorizontalBlock"]')
    expect(rows).to_contain_text(["Owned by me", "New this year", "Assigned in the last 30 days"])
    page.goto(app_url)
    assert _card_order(page) == ["Owned by me", "New this year", "Assigned in the last 30 days"]
    page.get_by_role("link", name="View customers").nth(1).click()
    page.wait_for_url(re.compile(r"/customers\?(.*&)?view=\d"))
    expect(page.get_by_role("heading", name="New this year")).to_be_visible()
    shot(page, "customers-from-card")


def test_header_click_sorts_the_whole_list_and_a_cell_click_opens_the_preview(page, app_url):
    sign_in(page, app_url, "csm2@demo.example", DEMO_PASSWORD, path="/customers")
    grid = page.locator('[data-testid="stDataFrame"]').first
    expect(grid).to_be_visible()
    expect(_count_label(page)).to_be_visible()
    settled(page)  # the layout above the grid is final: click by position
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 60, box["y"] + 17)  # the "Company name ↑" header
    page.wait_for_url(re.compile(r"sort=name%3Adesc"))
    # The URL changes in the run that then reruns; this line is drawn by the sorted list's run.
    expect(page.get_by_text("You changed this view's filters, columns or sort.", exact=False)).to_be_visible()
    settled(page)
    assert "sort=name%3Adesc" in page.url
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 60, box["y"] + 35 + 17)  # first row's name
    dialog = page.locator('[data-testid="stDialog"]')
    expect(dialog.get_by_text("View record")).to_be_visible()
    page.wait_for_url(re.compile(r"record="))
    shot(page, "customers-preview")
