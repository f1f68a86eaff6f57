"""A customer's score over time under one profile: the daily trend (forward-filled over
the last TREND_DAYS days), its change over a number of days, and the latest score events
with what caused them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib.health.wording import reason_text, trigger_text
from cslib.models import HealthScoreDaily, HealthScoreEvent

TREND_DAYS = 90


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    old_score: float | None
    new_score: float
    old_category: str | None
    new_category: str
    trigger: str  # in words: "Scheduled recompute", "Profile saved", "Record changed"
    reason: str  # "Low NPS: −20 → 0; NPS: 9 → 30" or "First score"


def read_trend(session: Session, profile_id: int, company_id: int, now: datetime) -> tuple[tuple[date, float], ...]:
    today = now.astimezone(UTC).date()
    start = today - timedelta(days=TREND_DAYS - 1)
    d = HealthScoreDaily
    mine = (d.profile_id == profile_id, d.object_id == company_id)
    rows = session.execute(select(d.day, d.score).where(*mine, d.day >= start, d.day <= today).order_by(d.day)).all()
    before = session.execute(select(d.day, d.score).where(*mine, d.day < start).order_by(d.day.desc()).limit(1)).first()
    known = ([(before[0], float(before[1]))] if before else []) + [(r[0], float(r[1])) for r in rows]
    return forward_fill(known, start, today)


def forward_fill(rows: Sequence[tuple[date, float]], start: date, end: date) -> tuple[tuple[date, float], ...]:
    """A point per day from `start` to `end`: the newest row on or before that day; days
    before the first row are left out. `rows` are sorted by day."""
    out = []
    i, current = 0, None
    day = start
    while day <= end:
        while i < len(rows) and rows[i][0] <= day:
            current = rows[i][1]
            i += 1
        if current is not None:
            out.append((day, current))
        day += timedelta(days=1)
    return tuple(out)


def trend_change(trend: Sequence[tuple[date, float]], score: float, today: date, days: int) -> float | None:
    """Score now minus the score `days` ago; None when there was no score then."""
    then = today - timedelta(days=days)
    value = None
    for day, s in trend:
        if day > then:
            break
        value = s
    return None if value is None else round(score - value, 1)


def read_history(session: Session, profile_id: int, company_id: int, limit: int) -> list[HistoryLine]:
    e = HealthScoreEvent
    rows = session.scalars(
        select(e)
        .where(e.profile_id == profile_id, e.object_id == company_id)
        .order_by(e.at.desc(), e.id.desc())
        .limit(limit)
    )
    out = []
    for r in rows:
        reason = r.reason if isinstance(r.reason, dict) else {}
        trigger = str(reason.get("trigger") or "")
        out.append(
            HistoryLine(
                at=r.at,
                old_score=r.old_score,
                new_score=float(r.new_score),
                old_category=r.old_category,
                new_category=r.new_category,
                trigger=trigger_text(trigger),
                reason=reason_text(reason, r.old_score),
            )
        )
    return out
