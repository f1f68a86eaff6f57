"""Starting points for the profile editor: the default profile (thresholds and a
definition of sentiment, engagement and support), a new empty group, a new criterion of
each kind with sensible values, and the editor's running total of max points.

Names and labels are written in the reader's language when the template is made; once
saved they are the profile's own text, like anything the admin types."""

from __future__ import annotations

import math
from typing import Any

from cslib.health.fields import new_key
from cslib.health.vocabulary import DEFAULT_THRESHOLDS
from cslib.i18n import _


def default_thresholds() -> dict:
    return dict(DEFAULT_THRESHOLDS)


def default_definition() -> dict:
    """Sentiment (NPS), engagement (meetings, recent activity) and support (open tickets):
    max points 30 + 45 + 25 = 100."""
    return {
        "groups": [
            {
                "key": "g1",
                "name": _("Sentiment"),
                "kind": "property",
                "max_points": 30,
                "criteria": [
                    {
                        "key": "c1",
                        "kind": "property_linear",
                        "label": _("NPS score"),
                        "property": "nps",
                        "low": 0,
                        "high": 10,
                        "points_low": 0,
                        "points_high": 30,
                    }
                ],
            },
            {
                "key": "g2",
                "name": _("Engagement"),
                "kind": "event",
                "max_points": 45,
                "criteria": [
                    {
                        "key": "c2",
                        "kind": "event_count",
                        "label": _("Meetings in the last 90 days"),
                        "event": "meeting",
                        "window_days": 90,
                        "bands": [{"min": 1, "points": 10}, {"min": 2, "points": 18}, {"min": 4, "points": 25}],
                    },
                    {
                        "key": "c3",
                        "kind": "recency",
                        "label": _("Days since the last activity"),
                        "event": "any",
                        "bands": [
                            {"max_days": 14, "points": 20},
                            {"max_days": 30, "points": 12},
                            {"max_days": 60, "points": 5},
                        ],
                        "otherwise": 0,
                    },
                ],
            },
            {
                "key": "g3",
                "name": _("Support"),
                "kind": "event",
                "max_points": 25,
                "criteria": [
                    {
                        "key": "c4",
                        "kind": "open_tickets",
                        "label": _("Open tickets"),
                        "bands": [
                            {"min": 0, "points": 25},
                            {"min": 1, "points": 15},
                            {"min": 3, "points": 5},
                            {"min": 5, "points": 0},
                        ],
                    }
                ],
            },
        ]
    }


def new_group(kind: str, taken: set[str], n: int) -> dict:
    """An empty group for the editor (its criteria are added next)."""
    name = _("Property group {number}", number=n) if kind == "property" else _("Event group {number}", number=n)
    return {"key": new_key("g", taken), "name": name, "kind": kind, "max_points": 0, "criteria": []}


def new_criterion(kind: str, taken: set[str]) -> dict:
    """A criterion of `kind` with sensible values to start from."""
    c: dict[str, Any] = {"key": new_key("c", taken), "kind": kind}
    if kind == "property_condition":
        c |= {
            "label": _("Detractor (NPS 6 or below)"),
            "filter": {"all": [{"property": "nps", "operator": "lte", "value": 6}]},
            "points": -10,
        }
    elif kind == "property_linear":
        c |= {"label": _("NPS score"), "property": "nps", "low": 0, "high": 10, "points_low": 0, "points_high": 10}
    elif kind == "event_count":
        c |= {
            "label": _("Calls in the last 60 days"),
            "event": "call",
            "window_days": 60,
            "bands": [{"min": 1, "points": 5}, {"min": 3, "points": 10}],
        }
    elif kind == "recency":
        c |= {
            "label": _("Days since the last meeting"),
            "event": "meeting",
            "bands": [{"max_days": 30, "points": 10}, {"max_days": 90, "points": 5}],
            "otherwise": 0,
        }
    elif kind == "open_tickets":
        c |= {"label": _("Open tickets"), "bands": [{"min": 0, "points": 10}, {"min": 3, "points": 0}]}
    else:
        raise ValueError(f"unknown criterion kind {kind!r}")
    return c


def max_points_total(definition: dict) -> float:
    """Sum of the groups' max points as typed (for the editor's running total)."""
    total = 0.0
    for g in definition.get("groups", []) or []:
        value = g.get("max_points")
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            total += value
    return total
