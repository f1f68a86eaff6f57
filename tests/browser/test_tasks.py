"""Actions → Tasks journeys in Chromium: a CSM creates two tasks with "Create and add
another", bulk-completes them, works through a view with "Start all tasks"; every
Overview task card's "View more" opens the list of exactly its own set."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest

from cslib.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from cslib.i18n import today_in
from tests.browser.conftest import shot, sign_in, wait_idle

pytestmark = pytest.mark.browser

CSM = "csm3@demo.example"
ZONE = next(a.time_zone for a in DEMO_ACCOUNTS if a.email == CSM)
ROW = 35  # grid row height (px), header included


def _count(page) -> int:
    text = page.get_by_text(re.compile(r"^[\d,]+ tasks?$")).first.inner_text()
    return int(text.split()[0].replace(",", ""))


def _fill_task(page, title: str) -> None:
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Task title").fill(title)
    today = today_in(ZONE)
    for segment, value in (("year", today.year), ("month", today.month), ("day", today.day)):
        dialog.get_by_role("spinbutton", name=f"{segment}, Due date").click()
        page.keyboard.type(f"{value:02d}")
    dialog.get_by_label("Task title").click()  # leave the date field: the value is sent
    wait_idle(page)


def _grid(page):
    return page.locator('[data-testid="stDataFrame"]').first


def _tick_header(page) -> None:
    box = _grid(page).bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + ROW / 2)
    wait_idle(page)


def test_csm_creates_two_tasks_and_completes_them_in_bulk(page, app_url):
    sign_in(page, app_url, CSM, DEMO_PASSWORD, path="/actions")
    assert page.get_by_role("heading", name="Due today").is_visible()
    before = _count(page)

    page.get_by_role("button", name="+ Create task").click()
    wait_idle(page)
    _fill_task(page, "Browser task one")
    page.get_by_role("button", name="Create and add another").click()
    wait_idle(page)
    dialog = page.get_by_role("dialog")
    assert dialog.get_by_text("Created “Browser task one”. Add another one below.").is_visible()
    assert dialog.get_by_label("Task title").input_value() == ""
    _fill_task(page, "Browser task two")
    shot(page, "tasks_create_dialog")
    dialog.get_by_role("button", name="Create", exact=True).click()
    wait_idle(page)
    assert page.get_by_role("dialog").count() == 0
    assert _count(page) == before + 2

    only_ours = {"property": "title", "operator": "starts_with", "value": "Browser task"}
    page.goto(f"{app_url}/actions?adv={quote(json.dumps(only_ours))}")
    wait_idle(page)
    assert _count(page) == 2
    _tick_header(page)
    assert page.get_by_text("2 tasks selected").is_visible()
    shot(page, "tasks_bulk_selected")
    page.get_by_role("button", name="Mark as completed").click()
    wait_idle(page)
    assert page.get_by_text("Marked 2 tasks as completed.").first.is_visible()
    assert page.get_by_text("No tasks match these filters.").is_visible()

    page.goto(f"{app_url}/actions")
    wait_idle(page)
    assert _count(page) == before


def test_csm_works_through_a_view_with_start_all_tasks(page, app_url):
    sign_in(page, app_url, CSM, DEMO_PASSWORD, path="/actions")
    page.locator('[data-testid="stSidebar"]').get_by_role("button", name="Due tomorrow", exact=True).click()
    wait_idle(page)
    total = _count(page)
    assert total >= 3
    page.get_by_role("button", name="Start all tasks").click()
    wait_idle(page)
    assert page.get_by_text(f"1 of {total}").is_visible()
    shot(page, "tasks_queue")
    page.get_by_role("button", name="Complete", exact=True).click()
    wait_idle(page)
    assert page.get_by_text("Completed", exact=True).first.is_visible()
    page.get_by_role("button", name="Next", exact=True).click()
    wait_idle(page)
    assert page.get_by_text(f"2 of {total}").is_visible()
    for _ in range(total - 1):
        page.get_by_role("button", name="Skip", exact=True).click()
        wait_idle(page)
    message = f"You worked through {total} tasks: 1 task completed, {total - 1} skipped."
    assert page.get_by_text(message).is_visible()
    shot(page, "tasks_queue_done")
    page.get_by_role("button", name="Back to the list").click()
    wait_idle(page)
    assert page.get_by_role("heading", name="Due tomorrow").is_visible()
    assert _count(page) == total - 1


@pytest.mark.parametrize(
    ("card", "view"),
    [("Tasks due today", "Due today"), ("Overdue tasks", "Overdue"), ("Tasks due tomorrow", "Due tomorrow")],
)
def test_each_overview_task_card_opens_its_own_list(page, app_url, card, view):
    sign_in(page, app_url, "csm2@demo.example", DEMO_PASSWORD)
    box = page.locator('[data-testid="stVerticalBlock"]').filter(has=page.get_by_text(card, exact=True)).last
    shown = int(box.get_by_test_id("stMetricValue").inner_text().replace(",", ""))
    if card == "Tasks due today":
        shot(page, "overview_task_cards")
    box.get_by_role("link", name="View more").click()
    wait_idle(page)
    assert page.get_by_role("heading", name=view, exact=True).is_visible()
    assert _count(page) == shown
