"""Alerts in words: category labels, scores and their change ("62 → 38"), a day in the
user's time zone, and "2 days ago" / "in 12 days" (in the reader's language, for
sentences such as "raised {when}")."""

from __future__ import annotations

import math
from datetime import datetime

from cslib import i18n
from cslib.health import CATEGORY_LABELS, category_label
from cslib.i18n import _, ngettext
from cslib.permissions import Actor

__all__ = ["CATEGORY_LABELS", "ago", "day_text", "expires_in", "label", "points_text", "score_change", "score_text"]


def label(category: str | None) -> str:
    return "—" if category is None else category_label(category)


def score_text(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return i18n.number(round(float(value), 1))


def points_text(value: object) -> str:
    if not isinstance(value, int | float) or isinstance(value, bool):
        return "—"
    text = score_text(float(value))
    return text.replace("-", "−")


def score_change(old: float | None, new: float | None) -> str:
    """The change of score as "62 → 38" (one decimal where there is one)."""
    return f"{score_text(old)} → {score_text(new)}"


def day_text(when: datetime, actor: Actor) -> str:
    return i18n.day(when.astimezone(i18n.zone(actor.time_zone)).date(), actor.language)


def ago(when: datetime, now: datetime) -> str:
    """How long ago, for "raised 2 days ago": "just now", "5 minutes ago", "3 hours ago"."""
    seconds = max(0, int((now - when).total_seconds()))
    if seconds < 60:
        return _("just now")
    for unit, size in (("day", 86400), ("hour", 3600)):
        if seconds >= size:
            return _span(unit, seconds // size, ago=True)
    return _span("minute", seconds // 60, ago=True)


def expires_in(when: datetime, now: datetime) -> str:
    """How long until, for "expires in 12 days": rounded up ("in 14 days" just after being
    raised, "in 3 hours"); "expired" once past."""
    seconds = int((when - now).total_seconds())
    if seconds <= 0:
        return _("expired")
    if seconds >= 86400:
        n, unit = -(-seconds // 86400), "day"
    elif seconds > 82800:  # 23 to 24 hours: "in 1 day" rather than "in 24 hours"
        n, unit = 1, "day"
    elif seconds >= 3600:
        n, unit = -(-seconds // 3600), "hour"
    else:
        n, unit = -(-seconds // 60), "minute"
    return _span(unit, n, ago=False)


def _span(unit: str, n: int, *, ago: bool) -> str:
    if ago:
        if unit == "day":
            return ngettext("{n} day ago", "{n} days ago", n)
        if unit == "hour":
            return ngettext("{n} hour ago", "{n} hours ago", n)
        return ngettext("{n} minute ago", "{n} minutes ago", n)
    if unit == "day":
        return ngettext("in {n} day", "in {n} days", n)
    if unit == "hour":
        return ngettext("in {n} hour", "in {n} hours", n)
    return ngettext("in {n} minute", "in {n} minutes", n)
