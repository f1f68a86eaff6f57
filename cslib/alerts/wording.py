"""Alerts in words: category labels, scores and their change ("62 → 38"), a day in the
user's time zone, and "raised 2 days ago" / "expires in 12 days"."""

from __future__ import annotations

import math
from datetime import datetime

from cslib import i18n
from cslib.permissions import Actor
from cslib.properties import HEALTH_CATEGORIES

CATEGORY_LABELS = dict(HEALTH_CATEGORIES)


def label(category: str | None) -> str:
    return "—" if category is None else CATEGORY_LABELS.get(category, category)


def score_text(value: float | None) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{float(value):.1f}".removesuffix(".0")


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
        return "just now"
    return f"{_span(seconds)} ago"


def expires_in(when: datetime, now: datetime) -> str:
    """How long until, for "expires in 12 days": rounded up ("in 14 days" just after being
    raised, "in 3 hours"); "expired" once past."""
    seconds = int((when - now).total_seconds())
    if seconds <= 0:
        return "expired"
    if seconds >= 86400:
        n, unit = -(-seconds // 86400), "day"
    elif seconds > 82800:  # 23 to 24 hours: "in 1 day" rather than "in 24 hours"
        n, unit = 1, "day"
    elif seconds >= 3600:
        n, unit = -(-seconds // 3600), "hour"
    else:
        n, unit = -(-seconds // 60), "minute"
    return f"in {n} {unit}{'' if n == 1 else 's'}"


def _span(seconds: int) -> str:
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        if seconds >= size:
            n = seconds // size
            return f"{n} {unit}{'' if n == 1 else 's'}"
    return "1 minute"
