"""A health score explanation in words: a criterion's input as people say it, points as
shown (a true minus sign), and a score event's reason ("Low NPS: −20 → 0; …")."""

from __future__ import annotations

from cslib import i18n

MINUS = "\u2212"
NO_DATA = "no data"
NOT_YET = "not scored yet"  # a criterion added since the last recompute
TRIGGER_LABELS = {"schedule": "Scheduled recompute", "profile": "Profile saved", "record": "Record changed"}
# What each event choice counts, in words (singular, plural).
EVENT_NOUNS = {
    "any": ("activity", "activities"),
    "meeting": ("meeting", "meetings"),
    "call": ("call", "calls"),
    "email": ("email", "emails"),
    "note": ("note", "notes"),
}
MAX_CHANGES_SHOWN = 3


def to_number(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if number != number else number  # NaN


def _count(n: float) -> str:
    return f"{int(n):,}" if float(n).is_integer() else f"{n:,.1f}"


def value_in_words(c: dict, value: float | None, props: dict, language: str = "en", currency: str = "USD") -> str:
    """A criterion's input as people say it: "NPS score 3", "2 meetings in the last 90 days",
    "45 days since the last activity", "never", "3 open tickets", "condition met"."""
    kind = c.get("kind")
    if kind == "property_condition":
        if value is None:
            return NO_DATA
        return "condition met" if value >= 0.5 else "condition not met"
    if kind == "property_linear":
        if value is None:
            return NO_DATA
        spec = props.get(c.get("property"))
        shown = (
            i18n.money(value, currency, language)
            if spec is not None and spec.type == "currency"
            else i18n.number(value, language)
        )
        return f"{spec.label if spec is not None else c.get('property', '')} {shown}".strip()
    one, many = EVENT_NOUNS.get(c.get("event", "any"), EVENT_NOUNS["any"])
    if kind == "event_count":
        n = value or 0
        window = int(c.get("window_days", 0))
        span = "day" if window == 1 else f"{window:,} days"
        return f"{_count(n)} {one if n == 1 else many} in the last {span}"
    if kind == "recency":
        if value is None:
            return "never"
        days = int(value)
        if days == 0:
            return f"last {one} today"
        return f"{days:,} {'day' if days == 1 else 'days'} since the last {one}"
    if kind == "open_tickets":
        n = value or 0
        return f"{_count(n)} open {'ticket' if n == 1 else 'tickets'}"
    return NO_DATA if value is None else _count(value)


def points_text(value: float | None) -> str:
    """Points as shown: "12", "−20", "7.5"; "no data" for None."""
    if value is None:
        return NO_DATA
    rounded = round(value, 1)
    text = f"{abs(rounded):g}" if abs(rounded) < 1e6 else f"{abs(rounded):,.0f}"
    return f"{MINUS}{text}" if rounded < 0 else text


def reason_text(reason: dict | None, old_score: float | None) -> str:
    """An event's reason in words: "Low NPS: −20 → 0; NPS score: 9 → 30" (biggest first)."""
    if old_score is None:
        return "First score"
    changes = [c for c in (reason or {}).get("changes") or [] if isinstance(c, dict)]
    if not changes:
        return "Score recomputed"
    parts = [
        f"{c.get('label') or c.get('key', '?')}: {_points(c.get('old'))} → {_points(c.get('new'))}"
        for c in changes[:MAX_CHANGES_SHOWN]
    ]
    more = len(changes) - MAX_CHANGES_SHOWN
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def _points(value: object) -> str:
    return points_text(to_number(value))
