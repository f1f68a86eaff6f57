"""Actions → Tasks journeys in Chromium: a CSM creates two tasks with "Create and add
another", bulk-completes them, works through a view with "Start all tasks"; every
Overview task card's "View more" opens the list of exactly its own set."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from cslib.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from cslib.i18n import today_in
from tests.browser.conftest import settled, shot, sign_in

pytestmark = pytest.mark.browser

CSM = "csm3@demo.example"
ZONE = next(a.time_zone for a in DEMO_ACCOUNTS if a.email == CSM)
ROW = 35  # grid row height (px), header included


def _count_label(page):
    return page.get_by_text(re.compile(r"^[\d,]+ tasks?$")).first


def _shows(n: int) -> re.Pattern:
    return re.compile(rf"^{n:,} tasks?$")


def _count(page) -> int:
    """The list's "N tasks". Call it once something that only the wanted state draws is on
    screen (a view's heading, a count that changed): the run then has to end with nothing
    of the old one left before the number is read."""
    expect(_count_label(page)).to_be_visible()
    settled(page)
    return int(_count_label(page).inner_text().split()[0].replace(",", ""))


def _fill_task(page, title: str) -> None:
    """Fill the open task dialog. Callers first wait for what the dialog's latest run drew;
    settled() then makes sure no faded copy of the form from the run before remains (under
    load the old "Due date" lingered beside the new one, and a field matched twice)."""
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("Task title")).to_be_visible()
    settled(page)
    dialog.get_by_label("Task title").fill(title)
    today = today_in(ZONE)
    for segment, value in (("year", today.year), ("month", today.month), ("day", today.day)):
        field = dialog.get_by_role("spinbutton", name=f"{segment}, Due date")
        field.click()
        page.keyboard.type(f"{value:02d}")
        expect(field).to_have_text(re.compile(rf"^0*{value}$"))
    dialog.get_by_label("Task title").click()  # leave the date field: the value is sent


def _grid(page):
    return page.locator('[data-testid="stDataFrame"]').first


def _tick_header(page) -> None:
    expect(_grid(page)).to_be_visible()
    settled(page)  # the layout above the grid is final: click by position
    box = _grid(page).bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + ROW / 2)


def test_csm_creates_two_tasks_and_completes_them_in_bulk(page, app_url):
    sign_in(page, app_url, CSM, DEMO_PASSWORD, path="/actions")
    expect(page.get_by_role("heading", name="Due today")).to_be_visible()
    before = _count(page)

    page.get_by_role("button", name="+ Create task").click()
    _fill_task(page, "Browser task one")
    page.get_by_role("button", name="Create and add another").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_text("Created “Browser task one”. Add another one below.")).to_be_visible()
    expect(dialog.get_by_label("Task title")).to_have_value("")
    _fill_task(page, "Browser task two")
    expect(dialog.get_by_text("Created “Browser task one”. Add another one below.")).to_be_visible()
    shot(page, "tasks_create_dialog")
    dialog.get_by_role("button", name="Create", exact=True).click()
    expect(page.get_by_role("dialog")).to_have_count(0)
    expect(_count_label(page)).to_have_text(_shows(before + 2))

    only_ours = {"property": "title", "operator": "starts_with", "value": "Browser task"}
    page.goto(f"{app_url}/actions?adv={quote(json.dumps(only_ours))}")
    expect(_count_label(page)).to_have_text(_shows(2))
    _tick_header(page)
    expect(page.get_by_text("2 tasks selected")).to_be_visible()
    shot(page, "tasks_bulk_selected")
    page.get_by_role("button", name="Mark as completed").click()
    expect(page.get_by_text("Marked 2 tasks as completed.").first).to_be_visible()
    expect(page.get_by_text("No tasks match these filters.")).to_be_visible()

    page.goto(f"{app_url}/actions")
    expect(_count_label(page)).to_have_text(_shows(before))


def test_csm_works_through_a_view_with_start_all_tasks(page, app_url):
    sign_in(page, app_url, CSM, DEMO_PASSWORD, path="/actions")
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Due tomorrow", exact=True).click()
    expect(page.get_by_role("heading", name="Due tomorrow")).to_be_visible()
    total = _count(page)
    assert total >= 3
    page.get_by_role("button", name="Start all tasks").click()
    expect(page.get_by_text(f"1 of {total}")).to_be_visible()
    shot(page, "tasks_queue")
    page.get_by_role("button", name="Complete", exact=True).click()
    expect(page.get_by_text("Completed", exact=True).first).to_be_visible()
    page.get_by_role("button", name="Next", exact=True).click()
    expect(page.get_by_text(f"2 of {total}")).to_be_visible()
    for shown in range(3, total + 2):
        page.get_by_role("button", name="Skip", exact=True).click()
        if shown <= total:  # each Skip waits for the next task, so no click hits the old one
            expect(page.get_by_text(f"{shown} of {total}")).to_be_visible()
    message = f"You worked through {total} tasks: 1 task completed, {total - 1} skipped."
    expect(page.get_by_text(message)).to_be_visible()
    shot(page, "tasks_queue_done")
    page.get_by_role("button", name="Back to the list").click()
    expect(page.get_by_role("heading", name="Due tomorrow")).to_be_visible()
    expect(page.get_by_text(message)).to_have_count(0)
    expect(_count_label(page)).to_have_text(_shows(total - 1))


@pytest.mark.parametrize(
    ("card", "view"),
    [("Tasks due today", "Due today"), ("Overdue tasks", "Overdue"), ("Tasks due tomorrow", "Due tomorrow")],
)
def test_each_overview_task_card_opens_its_own_list(page, app_url, card, view):
    sign_in(page, app_url, "csm2@demo.example", DEMO_PASSWORD)
    box = page.locator('[data-testid="stVerticalBlock"]').filter(has=page.get_by_text(card, exact=True)).last
    expect(box.get_by_test_id("stMetricValue")).to_be_visible()
    settled(page)  # the Overview is drawn in full: the card shows its final number
    shown = int(box.get_by_test_id("stMetricValue").inner_text().replace(",", ""))
    if card == "Tasks due today":
        shot(page, "overview_task_cards")
    box.get_by_role("link", name="View more").click()
    expect(page.get_by_role("heading", name=view, exact=True)).to_be_visible()
    expect(_count_label(page)).to_have_text(_shows(shown))
