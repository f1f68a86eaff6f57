"""The words and numbers the health score engine, its profiles, its explanation and the
Overview share: categories and their colours, default thresholds, what each event choice
counts, the kinds of groups and criteria, and a few small helpers on a definition."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from cslib.i18n import N_, _
from cslib.properties import HEALTH_CATEGORIES

CATEGORY_COLORS = {"at_risk": "#d64545", "neutral": "#e8a33d", "healthy": "#2e9e5b"}
# The category names in English (marked for the catalogs); `category_label` reads them in
# the reader's language.
CATEGORY_LABELS = {"at_risk": N_("At risk"), "neutral": N_("Neutral"), "healthy": N_("Healthy")}
CATEGORY_RANK = {"at_risk": 0, "neutral": 1, "healthy": 2}
DEFAULT_THRESHOLDS = {"healthy": 70, "neutral": 40}
ALERT_LIFETIME = timedelta(days=14)
ACTIVE_ALERT_STAGES = ("new", "acknowledged", "snoozed")
CHUNK = 5000
# After a profile is saved, bases up to this size are scored at once (a few seconds at
# most); bigger ones go to the worker so the admin is not kept waiting.
SCORE_AT_ONCE_LIMIT = 25_000
TRIGGERS = ("schedule", "profile", "record")
# "Any activity" recency reads companies.last_activity_at (kept up to date on every write)
# when scoring as of now; scoring as of an earlier time (the demo's history) reads the
# activities before that time instead.
LIVE_WINDOW = timedelta(hours=1)

# The activity types each event choice of a criterion counts. "any" is every type.
EVENT_TYPES: dict[str, tuple[str, ...] | None] = {
    "any": None,
    "meeting": ("meeting",),
    "call": ("call",),
    "email": ("email", "email_reply"),
    "note": ("note",),
}
# Labels of the event choices, the kinds of group and of criterion: English constants,
# translated with `_()` where they are shown.
EVENT_LABELS = {
    "any": N_("Any activity"),
    "meeting": N_("Meetings"),
    "call": N_("Calls"),
    "email": N_("Emails"),
    "note": N_("Notes"),
}
PROPERTY_KINDS = ("property_condition", "property_linear")
EVENT_KINDS = ("event_count", "recency", "open_tickets")
GROUP_KINDS = {"property": N_("Property group"), "event": N_("Event group")}
CRITERION_KINDS = {
    "property_condition": N_("Property condition"),
    "property_linear": N_("Sliding scale"),
    "event_count": N_("Event count"),
    "recency": N_("Days since last event"),
    "open_tickets": N_("Open tickets"),
}
KINDS_OF_GROUP = {
    "property": ("property_condition", "property_linear"),
    "event": ("event_count", "recency", "open_tickets"),
}


@dataclass(frozen=True)
class ProfileChoice:
    """A profile as a drop-down lists it."""

    id: int
    name: str
    priority: int


def category_label(category: str | None) -> str:
    """A category's name in the reader's language ("At risk", "I risikozonen"); an unknown
    key as it is."""
    if category is None:
        return ""
    return _(CATEGORY_LABELS[category]) if category in CATEGORY_LABELS else category


def category_series() -> tuple[tuple[str, str, str], ...]:
    """(key, label, colour) of each category, worst first, in the reader's language: the
    series of every health chart."""
    return tuple((key, _(CATEGORY_LABELS[key]), CATEGORY_COLORS[key]) for key, _label in HEALTH_CATEGORIES)


def category_for(score: float, thresholds: dict | None) -> str:
    t = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    if score >= t["healthy"]:
        return "healthy"
    if score >= t["neutral"]:
        return "neutral"
    return "at_risk"


def criteria(definition: dict) -> list[tuple[dict, dict]]:
    """(group, criterion) pairs of a definition, in order."""
    return [(g, c) for g in definition.get("groups", []) for c in g.get("criteria", [])]


def input_column(key: str) -> str:
    """The inputs frame's column holding a criterion's input."""
    return f"in_{key}"


def known_column(key: str) -> str:
    """The inputs frame's column telling whether a property condition's input is known."""
    return f"known_{key}"
