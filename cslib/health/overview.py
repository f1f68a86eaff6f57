"""The Overview's health score summary (SPEC §3.1): per active profile, how many customers
it scores, their average score and data coverage, the share in each category, a score
distribution and the average over time; plus the Customers link of each category (the
charts are drawn by `cslib.charts`).

Scope: every customer the profile scores (its `health_scores` rows: the engine keeps them
to live customers; a merge deletes the merged record's, a recompute drops the rest), not
only the viewed user's. Aggregates read the covering index on (profile_id, category,
score, coverage) alone, so the card stays fast with 100,000 customers; the over-time chart
reads the daily roll-ups, with today's point from the live aggregates.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from cslib import query
from cslib.errors import NotFound
from cslib.health.vocabulary import ProfileChoice
from cslib.i18n import N_, _
from cslib.lists import ALL_RECORDS, ListState, to_params
from cslib.models import HealthProfile, HealthRollup, HealthScore
from cslib.permissions import READ_DENIED, Actor, can_use_workspace, require
from cslib.properties import HEALTH_CATEGORIES, OBJECT_TYPES, health_status_name

CATEGORIES = tuple(key for key, _label in HEALTH_CATEGORIES)
BANDS = 10  # 0–9, 10–19, … 80–89, 90–100 (100 falls in the last band)
BAND_LABELS = tuple(f"{10 * i}–{10 * i + 9}" for i in range(BANDS - 1)) + ("90–100",)
GONE = N_("That health score profile is not active (any more). Reload the page.")


@dataclass(frozen=True)
class Summary:
    """`percents` have one decimal and add up to exactly 100 when anyone is scored;
    `coverage` is the average share of points from real data (0..1)."""

    profile_id: int
    customers: int
    avg_score: float | None
    counts: dict[str, int]
    percents: dict[str, float]
    coverage: float | None


def active_profiles(session: Session) -> list[ProfileChoice]:
    """Active profiles, primary first (priority, then id)."""
    p = HealthProfile
    rows = session.execute(
        select(p.id, p.name, p.priority).where(p.status == "active").order_by(p.priority, p.id)
    ).all()
    return [ProfileChoice(int(i), name, int(priority)) for i, name, priority in rows]


def _check(session: Session, actor: Actor, profile_id: int) -> None:
    require(can_use_workspace(actor), READ_DENIED)
    status = session.scalar(select(HealthProfile.status).where(HealthProfile.id == profile_id))
    if status != "active":
        raise NotFound(_(GONE))


def shares(counts: dict[str, int]) -> dict[str, float]:
    """Percent per category with one decimal, adding up to exactly 100 (largest remainder),
    so the three tiles never show 99.9 % or 100.1 % between them. All zero when empty."""
    total = sum(counts.values())
    if not total:
        return dict.fromkeys(CATEGORIES, 0.0)
    exact = {c: counts.get(c, 0) * 1000 / total for c in CATEGORIES}  # in tenths of a percent
    tenths = {c: int(v) for c, v in exact.items()}
    short = 1000 - sum(tenths.values())
    for c in sorted(CATEGORIES, key=lambda c: (tenths[c] - exact[c], CATEGORIES.index(c)))[:short]:
        tenths[c] += 1
    return {c: tenths[c] / 10 for c in CATEGORIES}


def summary(session: Session, actor: Actor, profile_id: int, *, now: datetime | None = None) -> Summary:
    """Customers scored by the profile, average score and coverage, count and share per
    category. `now` is accepted for symmetry with `over_time` (scores are current)."""
    _check(session, actor, profile_id)
    hs = HealthScore
    rows = query.frame(
        session,
        select(
            hs.category, func.count().label("n"), func.sum(hs.score).label("score"), func.sum(hs.coverage).label("cov")
        )
        .where(hs.profile_id == profile_id)
        .group_by(hs.category),
    )
    return _summary_of(profile_id, rows)


def _summary_of(profile_id: int, rows: pd.DataFrame) -> Summary:
    counts = dict.fromkeys(CATEGORIES, 0)
    for row in rows.itertuples():
        if row.category in counts:
            counts[row.category] = int(row.n)
    total = int(rows["n"].sum()) if len(rows) else 0
    avg = round(float(rows["score"].sum()) / total, 1) if total else None
    coverage = float(rows["cov"].sum()) / total if total else None
    return Summary(profile_id, total, avg, counts, shares(counts), coverage)


def _band(score) -> object:  # noqa: ANN001
    """The score band (0..9) as SQL: plain comparisons, the same on SQLite and PostgreSQL
    (a cast to integer truncates on one and rounds on the other)."""
    return case(*((score < 10 * (i + 1), i) for i in range(BANDS - 1)), else_=BANDS - 1)


def distribution(session: Session, actor: Actor, profile_id: int) -> dict[str, list[int]]:
    """Customers per score band (10 bands: 0–9 … 90–100) and category, for stacked bars.
    Grouped by (category, score) first, which walks the covering index in order; the bands
    are then summed over those few hundred groups."""
    _check(session, actor, profile_id)
    hs = HealthScore
    by_score = (
        select(hs.category, _band(hs.score).label("band"), func.count().label("n"))
        .where(hs.profile_id == profile_id)
        .group_by(hs.category, hs.score)
        .subquery()
    )
    rows = query.frame(
        session,
        select(by_score.c.category, by_score.c.band, func.sum(by_score.c.n).label("n")).group_by(
            by_score.c.category, by_score.c.band
        ),
    )
    out = {c: [0] * BANDS for c in CATEGORIES}
    for row in rows.itertuples():
        if row.category in out:
            out[row.category][int(row.band)] = int(row.n)
    return out


def over_time(
    session: Session,
    actor: Actor,
    profile_id: int,
    *,
    days: int = 90,
    now: datetime,
    live: Summary | None = None,
) -> pd.DataFrame:
    """One row per UTC day of the last `days` days that has a roll-up (day, customers,
    avg_score, and the share in % of at_risk, neutral, healthy); today's row comes from the
    live scores (`live`, when the caller has it already). Days without data are left out."""
    _check(session, actor, profile_id)
    today = now.date() if isinstance(now, datetime) else now
    r = HealthRollup
    rows = query.frame(
        session,
        select(r.day, r.customers, r.avg_score, r.at_risk, r.neutral, r.healthy)
        .where(r.profile_id == profile_id, r.day > today - timedelta(days=days), r.day < today)
        .order_by(r.day),
    )
    live = live or summary(session, actor, profile_id, now=now)
    records = [_point(row.day, int(row.customers), row.avg_score, row._asdict()) for row in rows.itertuples()]
    if live.customers:
        records.append(_point(today, live.customers, live.avg_score, live.counts))
    records = [r for r in records if r is not None]
    columns = ["day", "customers", "avg_score", *CATEGORIES]
    return pd.DataFrame(records, columns=columns)


def _point(day: date, customers: int, avg: float | None, counts: dict) -> dict | None:
    if not customers or avg is None or pd.isna(avg):
        return None
    pct = shares({c: int(counts.get(c) or 0) for c in CATEGORIES})
    return {"day": pd.Timestamp(day), "customers": customers, "avg_score": round(float(avg), 1), **pct}


def average_change(df: pd.DataFrame, days: int = 30) -> float | None:
    """How much the average score moved since `days` days before the newest point (from
    the newest point on or before that day), or None without such a point."""
    if df.empty:
        return None
    cutoff = df["day"].iloc[-1] - pd.Timedelta(days=days)
    before = df[df["day"] <= cutoff]
    if before.empty:
        return None
    return round(float(df["avg_score"].iloc[-1]) - float(before["avg_score"].iloc[-1]), 1)


# --- links ------------------------------------------------------------------------------


def category_filter(profiles: list[ProfileChoice], profile_id: int, category: str) -> dict:
    """The Customers filter for "customers in `category` under this profile". With one
    active profile a customer's "Health status" is that profile's category. With several,
    "Health status" is the primary score (the highest-priority profile scoring the
    customer), which differs from any one profile's wherever segments overlap or leave
    gaps, so each profile's own computed property "Health status (<profile>)" is used."""
    prop = "health_category" if len(profiles) == 1 else health_status_name(profile_id)
    return {"all": [{"property": prop, "operator": "in", "value": [category]}]}


def customers_link(profiles: list[ProfileChoice], profile_id: int, category: str) -> dict[str, str]:
    """URL parameters of the Customers tab listing every customer (no view filter) in
    `category` under the profile, with the status it filters on as a column: what
    "[X] customers" opens."""
    flt = category_filter(profiles, profile_id, category)
    status = flt["all"][0]["property"]
    shown = ["health_category", "health_score"] if status == "health_category" else [status]
    defaults = OBJECT_TYPES["company"].columns
    return to_params(ListState(view_id=ALL_RECORDS, advanced=flt, columns=(*defaults[:3], *shown, *defaults[3:])))
