"""Schedule tab journeys in Chromium: a demo CSM's meetings of today (the demo gives every
seat user three, in their own time zone) in the day, week and month views of the calendar
(a FullCalendar iframe); "Hide weekends" removes Saturday and Sunday; clicking a meeting
opens its summary with "Start meeting"; the Overview's "Today's schedule" card."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from cslib.demo import DEMO_PASSWORD
from tests.browser.conftest import settled, shot, sign_in

pytestmark = pytest.mark.browser

CALENDAR = "iframe[title='streamlit_calendar.calendar']"


def _calendar(page):
    """The calendar as the last run drew it. A new view or date draws a new iframe, and
    Streamlit keeps the old one until that run ends: wait for the one that is left."""
    settled(page)
    expect(page.locator(CALENDAR)).to_have_count(1)
    frame = page.frame_locator(CALENDAR)
    expect(frame.locator(".fc-view-harness")).to_be_visible()
    return frame


def _pick_view(page, label: str) -> None:
    page.get_by_role("radiogroup", name="View").get_by_role("radio", name=label, exact=True).click()


def _meeting_titles(frame) -> list[str]:
    return [t.strip() for t in frame.locator(".cs-meeting .fc-event-title").all_inner_texts()]


def test_a_meeting_of_today_shows_in_day_week_and_month_views(page, app_url):
    sign_in(page, app_url, "csm1@demo.example", DEMO_PASSWORD, path="/schedule?view=day")
    frame = _calendar(page)
    expect(frame.locator(".cs-meeting .fc-event-title").nth(2)).to_be_attached()  # the demo's three
    settled(page)
    titles = _meeting_titles(frame)
    assert len(titles) >= 3, titles  # the demo's three meetings of today
    title = titles[0]
    expect(frame.get_by_text(title, exact=True).first).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ meetings? and \d+ tasks? on this day\."))).to_be_visible()
    shot(page, "schedule-day")

    _pick_view(page, "Week")
    page.wait_for_url(re.compile(r"view=week"))
    frame = _calendar(page)
    expect(frame.locator(".fc-timeGridWeek-view")).to_have_count(1)
    expect(frame.get_by_text(title, exact=True).first).to_be_visible()
    shot(page, "schedule-week")

    _pick_view(page, "Month")
    page.wait_for_url(re.compile(r"view=month"))
    frame = _calendar(page)
    expect(frame.locator(".fc-dayGridMonth-view")).to_have_count(1)
    expect(frame.locator(".fc-day-today").get_by_text(title, exact=True).first).to_be_visible()
    shot(page, "schedule-month")


@pytest.mark.parametrize("view", ["week", "month"])
def test_hide_weekends_removes_saturday_and_sunday(page, app_url, view):
    sign_in(page, app_url, "csm1@demo.example", DEMO_PASSWORD, path=f"/schedule?view={view}")
    frame = _calendar(page)
    expect(frame.locator(".fc-col-header-cell.fc-day-sat")).to_have_count(1)
    page.get_by_text("Hide weekends", exact=True).click()
    page.wait_for_url(re.compile(r"weekends=hide"))
    frame = _calendar(page)
    expect(frame.locator(".fc-col-header-cell")).to_have_count(5)
    expect(frame.locator(".fc-day-sat, .fc-day-sun")).to_have_count(0)
    if view == "week":
        shot(page, "schedule-week-no-weekends")


def test_clicking_a_meeting_shows_its_summary_with_start_meeting(page, app_url):
    sign_in(page, app_url, "csm1@demo.example", DEMO_PASSWORD, path="/schedule?view=day")
    frame = _calendar(page)
    meeting = frame.locator(".cs-meeting.cs-link").first
    title = meeting.locator(".fc-event-title").inner_text().strip()
    meeting.click()
    dialog = page.locator('[data-testid="stDialog"]')
    expect(dialog.get_by_text(title).first).to_be_visible()
    start = dialog.get_by_role("link", name=re.compile("Start meeting"))
    expect(start).to_be_visible()
    expect(start).to_have_attribute("href", re.compile(r"^https://meet\.example\.com/"))
    page.wait_for_url(re.compile(r"event=meeting-"))
    expect(dialog.get_by_text("Attendees:")).to_be_visible()
    shot(page, "schedule-event-summary")
    dialog.get_by_label("Close", exact=True).click()  # the dialog's own ✕ (on_dismiss)
    expect(page.locator('[data-testid="stDialog"]')).to_have_count(0)
    page.wait_for_url(lambda url: "event=" not in url)
    settled(page)  # the calendar is drawn again after the dismiss: click the new one
    # the same meeting opens again after closing (the component's repeated value is not reused)
    _calendar(page).locator(".cs-meeting.cs-link").first.click()
    expect(page.locator('[data-testid="stDialog"]').get_by_text(title).first).to_be_visible()
    settled(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_arrows_and_time_zone_move_the_calendar(page, app_url):
    sign_in(page, app_url, "csm1@demo.example", DEMO_PASSWORD, path="/schedule?view=day&date=2026-11-18")
    expect(page.get_by_text("Wednesday, November 18, 2026")).to_be_visible()
    settled(page)  # "→" acts in an on_click callback: click once the first run has ended
    page.get_by_role("button", name="→").click()
    page.wait_for_url(re.compile(r"date=2026-11-19"))
    expect(page.get_by_text("Thursday, November 19, 2026")).to_be_visible()
    expect(_calendar(page).locator('.fc-timegrid-col[data-date="2026-11-19"]')).to_have_count(1)
    page.get_by_role("combobox", name="Time zone").click()
    page.keyboard.type("Pacific/Honolulu")
    page.get_by_role("option", name="Pacific/Honolulu", exact=True).click()
    page.wait_for_url(re.compile(r"tz=Pacific(%2F|/)Honolulu"))
    expect(page.get_by_role("button", name="Save as my time zone")).to_be_visible()
    settled(page)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
