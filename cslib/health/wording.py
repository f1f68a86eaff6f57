"""A health score explanation in words: a criterion's input as people say it, points as
shown (a true minus sign), and a score event's reason ("Low NPS: −20 → 0; …"). Every
sentence is whole in the catalogs (a count and its noun, a window of days), so Danish and
Polish can put each word where it belongs."""

from __future__ import annotations

from cslib import i18n
from cslib.i18n import N_, _, ngettext

MINUS = "\u2212"
NO_DATA = N_("no data")
NOT_YET = N_("not scored yet")  # a criterion added since the last recompute
TRIGGER_LABELS = {
    "schedule": N_("Scheduled recompute"),
    "profile": N_("Profile saved"),
    "record": N_("Record changed"),
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


def _count(n: float, language: str | None = None) -> str:
    return i18n.number(int(n) if float(n).is_integer() else round(n, 1), language)


def _events(event: str, n: float, language: str | None) -> str:
    """ "2 meetings", "1 activity": a count of the activities an event choice counts."""
    whole, shown = int(n), _count(n, language)
    if event == "meeting":
        return ngettext("{n} meeting", "{n} meetings", whole, n=shown)
    if event == "call":
        return ngettext("{n} call", "{n} calls", whole, n=shown)
    if event == "email":
        return ngettext("{n} email", "{n} emails", whole, n=shown)
    if event == "note":
        return ngettext("{n} note", "{n} notes", whole, n=shown)
    return ngettext("{n} activity", "{n} activities", whole, n=shown)


def _since_last(event: str, days: int, language: str | None) -> str:
    """ "45 days since the last meeting"."""
    shown = i18n.number(days, language)
    if event == "meeting":
        return ngettext("{n} day since the last meeting", "{n} days since the last meeting", days, n=shown)
    if event == "call":
        return ngettext("{n} day since the last call", "{n} days since the last call", days, n=shown)
    if event == "email":
        return ngettext("{n} day since the last email", "{n} days since the last email", days, n=shown)
    if event == "note":
        return ngettext("{n} day since the last note", "{n} days since the last note", days, n=shown)
    return ngettext("{n} day since the last activity", "{n} days since the last activity", days, n=shown)


def _today(event: str) -> str:
    """ "last meeting today"."""
    if event == "meeting":
        return _("last meeting today")
    if event == "call":
        return _("last call today")
    if event == "email":
        return _("last email today")
    if event == "note":
        return _("last note today")
    return _("last activity today")


def value_in_words(
    c: dict, value: float | None, props: dict, language: str | None = None, currency: str = "USD"
) -> str:
    """A criterion's input as people say it: "NPS score 3", "2 meetings in the last 90 days",
    "45 days since the last activity", "never", "3 open tickets", "condition met"."""
    kind = c.get("kind")
    if kind == "property_condition":
        if value is None:
            return _(NO_DATA)
        return _("condition met") if value >= 0.5 else _("condition not met")
    if kind == "property_linear":
        if value is None:
            return _(NO_DATA)
        spec = props.get(c.get("property"))
        shown = (
            i18n.money(value, currency, language)
            if spec is not None and spec.type == "currency"
            else i18n.number(value, language)
        )
        return f"{spec.label if spec is not None else c.get('property', '')} {shown}".strip()
    event = c.get("event", "any")
    if kind == "event_count":
        window = int(c.get("window_days", 0))
        counted = _events(event, value or 0, language)
        return ngettext(
            "{count} in the last day",
            "{count} in the last {n} days",
            window,
            count=counted,
            n=i18n.number(window, language),
        )
    if kind == "recency":
        if value is None:
            return _("never")
        days = int(value)
        return _today(event) if days == 0 else _since_last(event, days, language)
    if kind == "open_tickets":
        n = value or 0
        return ngettext("{n} open ticket", "{n} open tickets", int(n), n=_count(n, language))
    return _(NO_DATA) if value is None else _count(value, language)


def points_text(value: float | None) -> str:
    """Points as shown: "12", "−20", "7.5" (in the reader's number format); "no data" for None."""
    if value is None:
        return _(NO_DATA)
    rounded = round(value, 1)
    text = i18n.number(abs(rounded) if abs(rounded) < 1e6 else round(abs(rounded)))
    return f"{MINUS}{text}" if rounded < 0 else text


def trigger_text(trigger: str) -> str:
    """What started a recompute, in words ("Scheduled recompute")."""
    if trigger in TRIGGER_LABELS:
        return _(TRIGGER_LABELS[trigger])
    return trigger.replace("_", " ").capitalize() or _("Recompute")


def reason_text(reason: dict | None, old_score: float | None) -> str:
    """An event's reason in words: "Low NPS: −20 → 0; NPS score: 9 → 30" (biggest first)."""
    if old_score is None:
        return _("First score")
    changes = [c for c in (reason or {}).get("changes") or [] if isinstance(c, dict)]
    if not changes:
        return _("Score recomputed")
    parts = [
        f"{c.get('label') or c.get('key', '?')}: {_points(c.get('old'))} → {_points(c.get('new'))}"
        for c in changes[:MAX_CHANGES_SHOWN]
    ]
    more = len(changes) - MAX_CHANGES_SHOWN
    if more > 0:
        parts.append(ngettext("and {n} more", "and {n} more", more))
    return "; ".join(parts)


def _points(value: object) -> str:
    return points_text(to_number(value))
