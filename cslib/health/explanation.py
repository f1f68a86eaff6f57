"""Why one customer has its health score (SPEC §4 "each score explains itself"): the score
of a profile with its groups and criteria (points and the input in words), the factor
dragging it down most, a 90-day trend with the change over 7 and 30 days, and the latest
score changes with what caused them.

One customer, a handful of primary-key and index look-ups: cheap enough to run on every
draw of the record panel. Labels come from the profile's definition, points and inputs
from the stored breakdown; either may lack keys the other has (a profile edited since the
last recompute), and both are tolerated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib.errors import NotFound
from cslib.health.history import TREND_DAYS, HistoryLine, read_history, read_trend, trend_change
from cslib.health.vocabulary import DEFAULT_THRESHOLDS, ProfileChoice, category_label
from cslib.health.wording import NO_DATA, NOT_YET, to_number, value_in_words
from cslib.i18n import N_, _
from cslib.models import Company, HealthProfile, HealthScore, live
from cslib.permissions import READ_DENIED, Actor, can_use_workspace, require
from cslib.properties import properties_for

GONE = N_("That company does not exist (any more).")
HISTORY_LIMIT = 20


@dataclass(frozen=True)
class CriterionLine:
    key: str
    label: str
    kind: str
    points: float | None  # None: missing input
    best: float  # the most points it can give
    value_text: str  # the input in words
    missing: bool


@dataclass(frozen=True)
class GroupLine:
    key: str
    name: str
    kind: str
    max_points: float
    points: float | None  # after clamping; None when the group is left out
    missing: bool
    criteria: tuple[CriterionLine, ...]


@dataclass(frozen=True)
class Drag:
    """The criterion that costs the score most, and how many score points (0..100 scale)."""

    key: str
    label: str
    group: str
    points: float


@dataclass(frozen=True)
class Explanation:
    company_id: int
    profile_id: int
    profile_name: str
    score: float
    category: str
    coverage: float
    computed_at: datetime
    thresholds: dict
    groups: tuple[GroupLine, ...]
    drag: Drag | None
    trend: tuple[tuple[date, float], ...]  # one point per day, oldest first, forward-filled
    trend_from: date  # the window the trend covers (TREND_DAYS days up to today, UTC)
    trend_to: date
    change_7: float | None
    change_30: float | None
    history: tuple[HistoryLine, ...]

    @property
    def category_label(self) -> str:
        return category_label(self.category)


# --- profiles -----------------------------------------------------------------------------


def _check(session: Session, actor: Actor, company_id: int) -> None:
    """The record panel's read rule: workspace access, and a live company."""
    require(can_use_workspace(actor), READ_DENIED)
    if session.scalar(select(Company.id).where(Company.id == company_id, live(Company))) is None:
        raise NotFound(_(GONE))


def scored_profiles(session: Session, actor: Actor, company_id: int) -> list[ProfileChoice]:
    """Active profiles that score this customer, primary first (priority, then id)."""
    require(can_use_workspace(actor), READ_DENIED)
    p, hs = HealthProfile, HealthScore
    rows = session.execute(
        select(p.id, p.name, p.priority)
        .join(hs, hs.profile_id == p.id)
        .where(hs.object_id == company_id, p.status == "active", p.object_type == "company")
        .order_by(p.priority, p.id)
    ).all()
    return [ProfileChoice(int(i), name, int(priority)) for i, name, priority in rows]


def any_active_profile(session: Session) -> bool:
    """Whether any company health profile is active (the panel stays silent otherwise)."""
    p = HealthProfile
    return session.scalar(select(p.id).where(p.status == "active", p.object_type == "company").limit(1)) is not None


# --- the explanation ----------------------------------------------------------------------


def explain(
    session: Session,
    actor: Actor,
    company_id: int,
    *,
    profile_id: int | None = None,
    now: datetime,
    language: str | None = None,
    currency: str = "USD",
    history_limit: int = HISTORY_LIMIT,
) -> Explanation | None:
    """The score of a company under `profile_id` (its primary profile by default) with
    everything that explains it; None when that active profile does not score it."""
    _check(session, actor, company_id)
    p, hs = HealthProfile, HealthScore
    stmt = (
        select(hs, p)
        .join(p, p.id == hs.profile_id)
        .where(hs.object_id == company_id, p.status == "active", p.object_type == "company")
    )
    stmt = stmt.where(p.id == profile_id) if profile_id is not None else stmt.order_by(p.priority, p.id).limit(1)
    row = session.execute(stmt).first()
    if row is None:
        return None
    score, profile = row
    breakdown = score.breakdown or {}
    props = properties_for(session, "company") if _reads_numbers(profile.definition) else {}
    groups = tuple(_groups(profile.definition or {}, breakdown, props, language, currency))
    trend = read_trend(session, profile.id, company_id, now)
    today = now.astimezone(UTC).date()
    return Explanation(
        company_id=company_id,
        profile_id=profile.id,
        profile_name=profile.name,
        score=float(score.score),
        category=score.category,
        coverage=float(score.coverage if score.coverage is not None else 1.0),
        computed_at=score.computed_at,
        thresholds={**DEFAULT_THRESHOLDS, **(profile.thresholds or {})},
        groups=groups,
        drag=drag_factor(groups),
        trend=trend,
        trend_from=today - timedelta(days=TREND_DAYS - 1),
        trend_to=today,
        change_7=trend_change(trend, float(score.score), today, 7),
        change_30=trend_change(trend, float(score.score), today, 30),
        history=tuple(read_history(session, profile.id, company_id, history_limit)),
    )


def _reads_numbers(definition: dict | None) -> bool:
    groups = (definition or {}).get("groups", [])
    return any(c.get("kind") == "property_linear" for g in groups for c in g.get("criteria", []))


def _groups(definition: dict, breakdown: dict, props: dict, language: str | None, currency: str) -> list[GroupLine]:
    out = []
    for g in definition.get("groups", []):
        lines = tuple(_criterion(c, breakdown, props, language, currency) for c in g.get("criteria", []))
        points = to_number(breakdown.get(f"g:{g.get('key')}"))
        out.append(
            GroupLine(
                key=str(g.get("key", "")),
                name=str(g.get("name", "")),
                kind=str(g.get("kind", "")),
                max_points=float(g.get("max_points", 0)),
                points=points,
                missing=points is None,
                criteria=lines,
            )
        )
    return out


def _criterion(c: dict, breakdown: dict, props: dict, language: str | None, currency: str) -> CriterionLine:
    key = str(c.get("key", ""))
    points = to_number(breakdown.get(f"c:{key}"))
    value = to_number(breakdown.get(f"v:{key}"))
    if f"c:{key}" not in breakdown:
        text = _(NOT_YET)
    elif points is None:
        text = _(NO_DATA)
    else:
        text = value_in_words(c, value, props, language, currency)
    return CriterionLine(
        key=key,
        label=str(c.get("label", "")),
        kind=str(c.get("kind", "")),
        points=points,
        best=best_points(c),
        value_text=text,
        missing=points is None,
    )


def best_points(c: dict) -> float:
    """The most points a criterion can give."""
    kind = c.get("kind")
    if kind == "property_condition":
        return max(float(c.get("points", 0)), 0.0)
    if kind == "property_linear":
        return max(float(c.get("points_low", 0)), float(c.get("points_high", 0)))
    bands = [float(b.get("points", 0)) for b in c.get("bands", [])]
    if kind == "recency":
        return max([*bands, float(c.get("otherwise", 0))])
    return max(bands, default=0.0)  # event_count, open_tickets


def drag_factor(groups: Sequence[GroupLine]) -> Drag | None:
    """The known criterion (of a group that counts) losing the most points: its best points
    minus the points it gave (a met negative condition loses |points|), capped at what its
    group lost (criteria of a group at its maximum cost nothing), scaled like the score
    (× 100 / the max points of the groups that count). None when nothing is lost."""
    present = [g for g in groups if not g.missing]
    present_max = sum(g.max_points for g in present)
    if present_max <= 0:
        return None
    found: tuple[float, CriterionLine, GroupLine] | None = None
    for g in present:
        shortfall = max(g.max_points - (g.points or 0.0), 0.0)
        for c in g.criteria:
            if c.missing or c.points is None:
                continue
            lost = min(c.best - c.points, shortfall)
            if lost > 1e-9 and (found is None or lost > found[0] + 1e-9):
                found = (lost, c, g)
    if found is None:
        return None
    lost, c, g = found
    return Drag(key=c.key, label=c.label, group=g.name, points=round(lost * 100.0 / present_max, 1))
