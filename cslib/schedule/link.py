"""What the Schedule tab shows: the days of a day, week or month view, its title, moving
one period back or forward, and the state kept in the page's link (view, date, time zone,
hidden weekends, whose schedule). Pure functions, no database.

Weeks start on the first day of the week of the user's language (Sunday for English,
Monday for Danish and Polish); a month view shows whole weeks, from the week of the 1st to
the week of the last day, as FullCalendar's month view does with `fixedWeekCount` off.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta

from babel import Locale
from babel.dates import format_interval

from cslib.errors import quote
from cslib.i18n import N_, _, day, locale_for
from cslib.users import time_zone_choices
from cslib.validation import user_in_link

VIEWS = {"day": N_("Day"), "week": N_("Week"), "month": N_("Month")}  # shown through _()
FULLCALENDAR_VIEWS = {"day": "timeGridDay", "week": "timeGridWeek", "month": "dayGridMonth"}
DEFAULT_VIEW = "week"
MIN_DAY, MAX_DAY = date(1970, 1, 1), date(2100, 12, 31)
USER_REFUSED = N_("The link's user {value} is not a user id: showing your own schedule.")


@dataclass(frozen=True)
class Period:
    view: str
    anchor: date
    first: date
    end: date  # the day after the last day shown
    week_start: int  # Python's numbering: 0 = Monday
    title: str

    @property
    def first_day(self) -> int:
        """FullCalendar's `firstDay` (0 = Sunday)."""
        return (self.week_start + 1) % 7


def week_start(language: str | None = None) -> int:
    return Locale.parse(locale_for(language)).first_week_day


def _week_of(day: date, start: int) -> date:
    return day - timedelta(days=(day.weekday() - start) % 7)


def period(view: str, anchor: date, language: str | None = None) -> Period:
    """The days `view` shows around `anchor`, with a title such as "November 2026",
    "Nov 16 – 22, 2026" or "Sunday, November 22, 2026" (in the reader's language unless
    `language` is given)."""
    if view not in VIEWS:
        raise ValueError(f"unknown schedule view {view!r}")
    loc, start = locale_for(language), week_start(language)
    if view == "day":
        title = day(anchor, language, format="full")
        return Period(view, anchor, anchor, anchor + timedelta(days=1), start, title[:1].upper() + title[1:])
    if view == "week":
        first = _week_of(anchor, start)
        title = format_interval(first, first + timedelta(days=6), "yMMMd", locale=loc)
        return Period(view, anchor, first, first + timedelta(days=7), start, title)
    month_first = anchor.replace(day=1)
    last = anchor.replace(day=calendar.monthrange(anchor.year, anchor.month)[1])
    first, end = _week_of(month_first, start), _week_of(last, start) + timedelta(days=7)
    title = day(anchor, language, format="LLLL y")
    return Period(view, anchor, first, end, start, title[:1].upper() + title[1:])


def step(view: str, anchor: date, steps: int) -> date:
    """`anchor` moved by `steps` days, weeks or months (the day of month kept where it exists)."""
    if view == "day":
        moved = anchor + timedelta(days=steps)
    elif view == "week":
        moved = anchor + timedelta(weeks=steps)
    else:
        months = anchor.year * 12 + anchor.month - 1 + steps
        year, month = divmod(months, 12)
        if not MIN_DAY.year <= year <= MAX_DAY.year:
            return anchor
        moved = date(year, month + 1, min(anchor.day, calendar.monthrange(year, month + 1)[1]))
    return min(max(moved, MIN_DAY), MAX_DAY)


# --- the link ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleLink:
    """What the page's URL says; None means "the default" (today, the user's own zone,
    the signed-in user)."""

    view: str = DEFAULT_VIEW
    day: date | None = None
    time_zone: str | None = None
    hide_weekends: bool = False
    user_id: int | None = None

    def with_(self, **changes: object) -> ScheduleLink:
        return replace(self, **changes)


def parse_link(params: Mapping[str, str]) -> tuple[ScheduleLink, list[str]]:
    """The link's state and a note for each value that was ignored (the rest still applies)."""
    notes: list[str] = []
    link = ScheduleLink()
    view = params.get("view")
    if view is not None:
        if view in VIEWS:
            link = link.with_(view=view)
        else:
            notes.append(
                _("The link's view {value} is not valid (day, week or month): showing the week.", value=quote(view))
            )
    raw_day = params.get("date")
    if raw_day is not None:
        try:
            day = date.fromisoformat(raw_day.strip())
            if not MIN_DAY <= day <= MAX_DAY:
                raise ValueError
            link = link.with_(day=day)
        except ValueError:
            notes.append(
                _("The link's date {value} is not a date like 2026-11-22: showing today.", value=quote(raw_day))
            )
    tz = params.get("tz")
    if tz is not None:
        if tz in time_zone_choices():
            link = link.with_(time_zone=tz)
        else:
            notes.append(_("The link's time zone {value} is not known: showing your own time zone.", value=quote(tz)))
    weekends = params.get("weekends")
    if weekends is not None:
        if weekends in ("hide", "show"):
            link = link.with_(hide_weekends=weekends == "hide")
        else:
            notes.append(
                _(
                    "The link's weekends setting {value} is not valid (hide or show): showing them.",
                    value=quote(weekends),
                )
            )
    return link.with_(user_id=user_in_link(params.get("user"), notes, USER_REFUSED)), notes


def link_params(link: ScheduleLink) -> dict[str, str]:
    """The URL parameters of `link`; defaults are left out, so links stay short."""
    out = {"view": link.view}
    if link.day is not None:
        out["date"] = link.day.isoformat()
    if link.time_zone:
        out["tz"] = link.time_zone
    if link.hide_weekends:
        out["weekends"] = "hide"
    if link.user_id is not None:
        out["user"] = str(link.user_id)
    return out
