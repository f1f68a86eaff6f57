"""Demo health scores: one active profile, scored as of past days so the Overview's charts,
the record's trend and history, and the alerts have something to show on first start.

The engine runs as it would have on those days (activities after the day do not count), so
scores move as engagement did; property values are today's. Runs weekly for twelve weeks,
then daily for the last four days: alerts raised more than 14 days ago have expired.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.engine import Engine

from cslib import health
from cslib.db import write_session
from cslib.models import HealthProfile

PROFILE_NAME = "Customer health"
WEEKLY_RUNS = 12
DAILY_RUNS = 4

DEFINITION = {
    "groups": [
        {
            "key": "sentiment",
            "name": "Sentiment",
            "kind": "property",
            "max_points": 30,
            "criteria": [
                {
                    "key": "nps",
                    "kind": "property_linear",
                    "label": "NPS score",
                    "property": "nps",
                    "low": 0,
                    "high": 10,
                    "points_low": 0,
                    "points_high": 30,
                },
                {
                    "key": "detractor",
                    "kind": "property_condition",
                    "label": "Detractor (NPS 0–6)",
                    "filter": {"all": [{"property": "nps", "operator": "lte", "value": 6}]},
                    "points": -10,
                },
            ],
        },
        {
            "key": "engagement",
            "name": "1:1 Engagement",
            "kind": "event",
            "max_points": 45,
            "criteria": [
                {
                    "key": "meetings",
                    "kind": "event_count",
                    "label": "Meetings in the last 90 days",
                    "event": "meeting",
                    "window_days": 90,
                    "bands": [{"min": 1, "points": 10}, {"min": 2, "points": 15}, {"min": 4, "points": 20}],
                },
                {
                    "key": "calls",
                    "kind": "event_count",
                    "label": "Calls in the last 60 days",
                    "event": "call",
                    "window_days": 60,
                    "bands": [{"min": 1, "points": 5}, {"min": 3, "points": 10}],
                },
                {
                    "key": "recency",
                    "kind": "recency",
                    "label": "Days since the last activity",
                    "event": "any",
                    "bands": [{"max_days": 14, "points": 15}, {"max_days": 45, "points": 8}],
                    "otherwise": 0,
                },
            ],
        },
        {
            "key": "support",
            "name": "Supported tickets",
            "kind": "event",
            "max_points": 25,
            "criteria": [
                {
                    "key": "tickets",
                    "kind": "open_tickets",
                    "label": "Open tickets",
                    "bands": [{"min": 0, "points": 25}, {"min": 1, "points": 15}, {"min": 3, "points": 5}],
                },
            ],
        },
    ]
}


def seed_health(engine: Engine, now: datetime) -> int:
    """Add the demo profile and score its history up to `now`; returns the profile id."""
    now = now if now.tzinfo else now.replace(tzinfo=UTC)
    with write_session(engine) as s:
        profile = HealthProfile(
            name=PROFILE_NAME,
            object_type="company",
            segment={"all": [{"property": "lifecycle_stage", "operator": "in", "value": ["customer", "evangelist"]}]},
            priority=1,
            status="active",
            definition=DEFINITION,
            thresholds=dict(health.DEFAULT_THRESHOLDS),
            created_at=now - timedelta(days=7 * WEEKLY_RUNS),
            updated_at=now - timedelta(days=7 * WEEKLY_RUNS),
        )
        s.add(profile)
        s.flush()
        profile_id = profile.id
    days = [7 * w for w in range(WEEKLY_RUNS, 0, -1)] + list(range(DAILY_RUNS - 1, -1, -1))
    for back in days:
        health.recompute_profile(engine, profile_id, now=now - timedelta(days=back), trigger="schedule")
    return profile_id
