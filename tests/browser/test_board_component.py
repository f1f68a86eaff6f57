"""The board component in Chromium, on tests/browser/board_harness.py (eight stages of
made-up deals; session state plays the database): a card dragged to another stage, the
keyboard path through "Move to stage…", a click on a name, "Show more", a refused move
that snaps back, names drawn as text, and the eight columns at 1280 px scrolling inside
the board while the page stays put."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from cslib.config import PROJECT_ROOT
from tests.browser.conftest import running_app, settled, shot

pytestmark = pytest.mark.browser

HARNESS = PROJECT_ROOT / "tests" / "browser" / "board_harness.py"


@pytest.fixture(scope="module")
def harness_url(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("board"), str(HARNESS)) as url:
        yield url


@pytest.fixture
def board_page(page, harness_url):
    page.set_viewport_size({"width": 1280, "height": 1600})
    page.goto(harness_url)
    expect(page.locator(".cs-card").first).to_be_visible()
    expect(page.get_by_text("events: 0", exact=True)).to_be_visible()
    settled(page)
    return page


def column(page, stage: int):
    return page.locator(f".cs-col[data-stage='{stage}']")


def card(page, record_id: int):
    return page.locator(f".cs-card[data-id='{record_id}']")


def event_after(page, count: int) -> dict:
    """The harness's record of the `count`th event, once the rerun it caused has drawn."""
    expect(page.get_by_text(f"events: {count}", exact=True)).to_be_visible()
    settled(page)
    line = page.get_by_text(re.compile(r"^last: ")).inner_text()
    return json.loads(line.removeprefix("last: "))


def test_a_dragged_card_reports_its_move_and_is_drawn_where_the_truth_says(board_page):
    page = board_page
    deal = card(page, 31)
    expect(column(page, 12).locator(".cs-card[data-id='31']")).to_be_visible()
    target = column(page, 14)
    deal.hover()
    page.mouse.down()
    box = target.locator(".cs-col-head").bounding_box()
    page.mouse.move(box["x"] + 40, box["y"] + 20, steps=8)
    expect(target).to_have_class(re.compile(r"\bis-over\b"))  # the column a card may drop on lights up
    expect(column(page, 12)).not_to_have_class(re.compile(r"\bis-over\b"))
    page.mouse.up()

    last = event_after(page, 1)
    assert last == {
        "kind": "move",
        "id": 31,
        "version": 1,
        "from_stage": 12,
        "to_stage": 14,
        "stage": None,
        "outcome": "moved",
    }
    expect(target.locator(".cs-card[data-id='31']")).to_be_visible()
    expect(column(page, 12).locator(".cs-card[data-id='31']")).to_have_count(0)
    expect(page.locator(".cs-card.is-moving")).to_have_count(0)

    # The card now carries the saved version: a second move is not a conflict.
    card(page, 31).drag_to(column(page, 13))
    last = event_after(page, 2)
    assert (last["version"], last["from_stage"], last["to_stage"], last["outcome"]) == (2, 14, 13, "moved")
    expect(column(page, 13).locator(".cs-card[data-id='31']")).to_be_visible()


def test_a_refused_move_leaves_the_card_where_it_was(board_page):
    page = board_page
    # The last columns are out of sight at 1280 px: scroll the board first (a drag that
    # scrolls on its way would start from whatever card then lies under the pointer).
    column(page, 18).scroll_into_view_if_needed()
    card(page, 42).drag_to(column(page, 18))  # the harness refuses moves to "Closed lost"
    last = event_after(page, 1)
    assert (last["kind"], last["id"], last["to_stage"], last["outcome"]) == ("move", 42, 18, "refused")
    expect(column(page, 17).locator(".cs-card[data-id='42']")).to_be_visible()
    expect(column(page, 18).locator(".cs-card[data-id='42']")).to_have_count(0)
    # The redraw ends the "moving" look at once (the browser's own fallback waits 15 s)
    # and keeps the board scrolled where it was.
    expect(card(page, 42)).not_to_have_class(re.compile(r"\bis-moving\b"), timeout=5_000)
    expect(column(page, 18)).to_be_in_viewport()


DROP_BY_EVENTS = """([cardId, stage]) => {
  const root = document.querySelector('[data-testid="stBidiComponentIsolated"]').shadowRoot;
  const item = root.querySelector(`.cs-card[data-id="${cardId}"]`);
  const target = root.querySelector(`.cs-col[data-stage="${stage}"]`);
  const dataTransfer = new DataTransfer();
  const fire = (node, type) => node.dispatchEvent(
    new DragEvent(type, {bubbles: true, cancelable: true, composed: true, dataTransfer}));
  fire(item, 'dragstart');
  const home = !fire(item.closest('.cs-col'), 'dragover');  // its own column takes no drop
  fire(target, 'dragenter');
  const accepted = !fire(target, 'dragover');  // a drop target cancels dragover
  const lit = target.classList.contains('is-over');
  fire(target, 'drop');
  fire(item, 'dragend');
  return {home, accepted, lit, moving: item.classList.contains('is-moving'), stillThere: item.isConnected};
}"""


def test_a_dropped_card_looks_busy_until_the_next_drawing(board_page):
    page = board_page
    seen = page.evaluate(DROP_BY_EVENTS, [36, 14])
    # Right after the drop, before Python answers: the card stays in its column, busy.
    assert seen == {"home": False, "accepted": True, "lit": True, "moving": True, "stillThere": True}
    last = event_after(page, 1)
    assert (last["id"], last["from_stage"], last["to_stage"], last["outcome"]) == (36, 13, 14, "moved")
    expect(column(page, 14).locator(".cs-card[data-id='36']")).not_to_have_class(re.compile(r"\bis-moving\b"))


def test_the_keyboard_moves_a_card_through_its_stage_menu(board_page):
    page = board_page
    move = card(page, 35).get_by_role("button", name="Move to stage…")
    move.focus()
    page.keyboard.press("Enter")
    menu = card(page, 35).get_by_role("listbox")
    expect(menu).to_be_visible()
    options = menu.get_by_role("option")
    # The other seven stages, in pipeline order; the card's own stage is not offered.
    expect(options).to_have_text(
        [
            "Appointment scheduled",
            "Qualified to buy",
            "Decision maker bought-in",
            "Contract sent",
            "Negotiation",
            "Closed won",
            "Closed lost",
        ]
    )
    expect(options.first).to_be_focused()
    page.keyboard.press("Escape")  # Escape closes the menu and gives the focus back
    expect(menu).to_be_hidden()
    expect(move).to_be_focused()
    assert page.get_by_text("events: 0", exact=True).is_visible()

    page.keyboard.press("Space")
    expect(options.first).to_be_focused()
    for _ in range(4):
        page.keyboard.press("ArrowDown")
    expect(options.nth(4)).to_be_focused()
    expect(options.nth(4)).to_have_attribute("aria-selected", "true")
    page.keyboard.press("Enter")

    last = event_after(page, 1)
    assert (last["kind"], last["id"], last["from_stage"], last["to_stage"]) == ("move", 35, 13, 16)
    assert last["outcome"] == "moved"
    moved = column(page, 16).locator(".cs-card[data-id='35']")
    expect(moved).to_be_visible()
    # Redrawn, the card keeps the keyboard focus on its menu button in its new stage.
    expect(moved.get_by_role("button", name="Move to stage…")).to_be_focused()


def test_a_click_on_a_name_reports_open(board_page):
    page = board_page
    card(page, 33).get_by_role("button", name="Deal 033 Initech").click()
    last = event_after(page, 1)
    assert (last["kind"], last["id"], last["outcome"]) == ("open", 33, "opened")


def test_show_more_reports_the_stage_and_the_next_drawing_shows_the_rest(board_page):
    page = board_page
    first = column(page, 11)
    expect(first.locator(".cs-card")).to_have_count(25)
    first.get_by_role("button", name="Show 5 more").click()
    last = event_after(page, 1)
    assert (last["kind"], last["stage"], last["outcome"]) == ("more", 11, "shown")
    expect(first.locator(".cs-card")).to_have_count(30)
    expect(first.get_by_role("button", name=re.compile("^Show"))).to_have_count(0)
    # The button is gone: the focus goes to the first card it brought.
    expect(card(page, 26).locator(".cs-name")).to_be_focused()


def test_names_are_text_and_the_cards_read_as_the_caller_said(board_page):
    page = board_page
    hostile = card(page, 1)
    expect(hostile.locator(".cs-name-text")).to_have_text('<img src=x onerror="window.csBoardXss=1">Hostile & Co')
    expect(hostile.locator("img")).to_have_count(0)
    assert page.evaluate("() => window.csBoardXss") is None
    expect(card(page, 35)).to_have_attribute("aria-label", "Deal 035 Acme, in Presentation scheduled")
    expect(card(page, 35).locator(".cs-badge")).to_have_text("Healthy")
    expect(card(page, 35).locator(".cs-badge")).to_have_css("background-color", "rgb(46, 158, 91)")  # #2e9e5b
    expect(column(page, 16).get_by_text("No records in this stage")).to_be_visible()
    expect(card(page, 35).get_by_role("link", name="Open")).to_have_attribute("href", "/record?type=deal&id=35")


def test_eight_stages_scroll_inside_the_board_at_1280_px(board_page):
    page = board_page
    expect(page.locator(".cs-col")).to_have_count(8)
    widths = page.evaluate(
        """() => {
          const host = [...document.querySelectorAll('[data-testid="stBidiComponentIsolated"]')][0];
          const scroller = host.shadowRoot.querySelector('.cs-columns');
          return {page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth,
                  inner: scroller.scrollWidth, shown: scroller.clientWidth,
                  col: host.shadowRoot.querySelector('.cs-col').getBoundingClientRect().width};
        }"""
    )
    assert widths["page"] <= widths["view"]  # the page itself does not scroll sideways
    assert widths["inner"] > widths["shown"]  # the board does
    assert widths["col"] == 260
    long_name = card(page, 2).locator(".cs-name-text")
    assert long_name.evaluate("n => n.scrollHeight > n.clientHeight")  # clamped to two lines
    shot(page, "board_component_8_stages")
    column(page, 18).scroll_into_view_if_needed()
    expect(column(page, 18)).to_be_in_viewport()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= widths["view"]
    shot(page, "board_component_8_stages_scrolled")
