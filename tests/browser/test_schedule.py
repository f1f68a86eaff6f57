"""Schedule tab journeys in Chromium: a demo CSM's meetings of today (the demo gives every
seat user three, in their own time zone) in the day, week and month views of the calendar
(a FullCalendar iframe); "Hide weekends" removes Saturday and Sunday; clicking a meeting
opens its summary with "Start meeting"; the Overview's "Today's schedule" card."""

from __future__ import annotations

import re

import pytest

from cslib.demo import DEMO_PASSWORD
from tests.browser.conftest import shot, sign_in, wait_idle

pytestmark = pytest.mark.browser

CALENDAR = "iframe[title='streamlit_calendar.calendar']"


def _calendar(page):
    frame = page.frame_locator(CALENDAR)
    frame.locator(".fc-view-harness").wait_for()
    return frame


def _open(page, base_url: str, **params: str) -> None:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    page.goto(f"{base_url}/schedule?{query}")
    wait_idle(page)
    _calendar(page)


def _pick_view(page, label: str) -> None:
    page.get_by_role("radiogroup", name="View").get_by_role("radio", name=label, exact=True).click()
    wait_idle(page)


def _meeting_titles(frame) -> list[str]:
    return [t.strip() for t in frame.locator(".cs-meeting .fc-event-title").all_inner_texts()]


def test_a_meeting_of_today_shows_in_day_week_and_month_views(page, app_url):
    sign_in(page, app_url, "csm1@demo.example", DEMO_PASSWORD, path="/schedule?view=day")
    frame = _calendar(page)
    titles = _meeting_titles(frame)
    assert len(titles) >= 3, titles  # the demo's three meetings of today
    title = titles[0]
    assert frame.get_by_text(title, exact=True).first.is_visible()
    assert page.get_by_text(re.compile(r"\d+ meetings? and \d+ tasks? on this day\.")).is_visible()
    shot(page, "schedule-day")

    _pick_view(page, "Week")
    assert "view=week" in page.url
    frame = _calendar(page)
    assert frame.locator(".fc-timeGridWeek-view").count() == 1
    assert frame.get_by_text(title, exact=True).first.is_visible()
    shot(page, "schedule-week")

    _pick_view(page, "Month")
    frame = _calendar(page)
    assert frame.locator(".fc-dayGridMonth-view").count() == 1
    assert frame.locator(".fc-day-today").get_by_text(title, exact=True).first.is_visible()
    shot(page, "schedule-month")


@pytest.mark.parametrize("view", ["week", "month"])
def test_hide_weekends_removes_saturday_and_sunday(page, app_url, view):
    sign_in(page, app_url, "csm1@demo.example", DEMO_PASSWORD, path=f"/schedule?view={view}")
    frame = _calendar(page)
    assert frame.locator(".fc-col-header-cell.fc-day-sat").count() == 1
    page.get_by_text("Hide weekends", exact=True).click()
    wait_idle(page)
    assert "weekends=hide" in page.url
    frame = _calendar(page)
    assert frame.locator(".fc-col-header-cell").count() == 5
    assert frame.locator(".fc-day-sat, .fc-day-sun").count() == 0
    if view == "week":
        shot(page, "schedule-week-no-weekends")


def test_clicking_a_meeting_shows_its_summary_with_start_meeting(page, app_url):
    sign_in(page, app_url, "csm1@demo.example", DEMO_PASSWORD, path="/schedule?view=day")
    frame = _calendar(page)
    meeting = frame.locator(".cs-meeting.cs-link").first
    title = meeting.locator(".fc-event-title").inner_text().strip()
    meeting.click()
    wait_idle(page)
    dialog = page.locator('[data-testid="stDialog"]')
    dialog.wait_for()
    assert dialog.get_by_text(title).first.is_visible()
    start = dialog.get_by_role("link", name=re.compile("Start meeting"))
    assert start.is_visible()
    assert start.get_attribute("href").startswith("https://meet.example.com/")
    assert "event=meeting-" in page.url
    assert dialog.get_by_text("Attendees:").is_visible()
    shot(page, "schedule-event-summary")
    dialog.get_by_label("Close", exact=True).click()  # the dialog's own ✕ (on_dismiss)
    wait_idle(page)
    assert page.locator('[data-testid="stDialog"]').count() == 0
    assert "event=" not in page.url
    # the same meeting opens again after closing (the component's repeated value is not reused)
    _calendar(page).locator(".cs-meeting.cs-link").first.click()
    wait_idle(page)
    assert page.locator('[data-testid="stDialog"]').get_by_text(title).first.is_visible()
    assert not page.locator('[data-testid="stException"]').count()


def test_arrows_and_time_zone_move_the_calendar(page, app_url):
    sign_in(page, app_url, "csm1@demo.example", DEMO_PASSWORD, path="/schedule?view=day&date=2026-11-18")
    assert page.get_by_text("Wednesday, November 18, 2026").is_visible()
    page.get_by_role("button", name="→").click()
    wait_idle(page)
    assert "date=2026-11-19" in page.url and page.get_by_text("Thursday, November 19, 2026").is_visible()
    assert _calendar(page).locator('.fc-timegrid-col[data-date="2026-11-19"]').count() == 1
    page.get_by_role("combobox", name="Time zone").click()
    page.keyboard.type("Pacific/Honolulu")
    page.get_by_role("option", name="Pacific/Honolulu", exact=True).click()
    wait_idle(page)
    assert "tz=Pacific%2FHonolulu" in page.url or "tz=Pacific/Honolulu" in page.url
    assert page.get_by_role("button", name="Save as my time zone").is_visible()
    assert not page.locator('[data-testid="stException"]').count()
