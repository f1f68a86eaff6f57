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

import plotly.graph_objects as go
from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib import i18n
from cslib.errors import NotFound
from cslib.health import CATEGORY_COLORS, CATEGORY_LABELS, DEFAULT_THRESHOLDS, ProfileChoice
from cslib.models import Company, HealthProfile, HealthScore, HealthScoreDaily, HealthScoreEvent
from cslib.permissions import Actor, can_use_workspace, require
from cslib.properties import properties_for

READ_DENIED = "Your account has no workspace access."
GONE = "That company does not exist (any more)."
TREND_DAYS = 90
HISTORY_LIMIT = 20
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
class HistoryLine:
    at: datetime
    old_score: float | None
    new_score: float
    old_category: str | None
    new_category: str
    trigger: str  # in words: "Scheduled recompute", "Profile saved", "Record changed"
    reason: str  # "Low NPS: −20 → 0; NPS: 9 → 30" or "First score"


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
        return CATEGORY_LABELS.get(self.category, self.category)


# --- profiles -----------------------------------------------------------------------------


def _check(session: Session, actor: Actor, company_id: int) -> None:
    """The record panel's read rule: workspace access, and a live company."""
    require(can_use_workspace(actor), READ_DENIED)
    live = session.scalar(
        select(Company.id).where(
            Company.id == company_id, Company.deleted_at.is_(None), Company.merged_into_id.is_(None)
        )
    )
    if live is None:
        raise NotFound(GONE)


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
    language: str = "en",
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
    trend = _trend(session, profile.id, company_id, now)
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
        change_7=change_since(trend, float(score.score), today, 7),
        change_30=change_since(trend, float(score.score), today, 30),
        history=tuple(_history(session, profile.id, company_id, history_limit)),
    )


def _reads_numbers(definition: dict | None) -> bool:
    groups = (definition or {}).get("groups", [])
    return any(c.get("kind") == "property_linear" for g in groups for c in g.get("criteria", []))


def _num(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if number != number else number  # NaN


def _groups(definition: dict, breakdown: dict, props: dict, language: str, currency: str) -> list[GroupLine]:
    out = []
    for g in definition.get("groups", []):
        lines = tuple(_criterion(c, breakdown, props, language, currency) for c in g.get("criteria", []))
        points = _num(breakdown.get(f"g:{g.get('key')}"))
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


def _criterion(c: dict, breakdown: dict, props: dict, language: str, currency: str) -> CriterionLine:
    key = str(c.get("key", ""))
    points = _num(breakdown.get(f"c:{key}"))
    value = _num(breakdown.get(f"v:{key}"))
    if f"c:{key}" not in breakdown:
        text = NOT_YET
    elif points is None:
        text = NO_DATA
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


# --- trend and history --------------------------------------------------------------------


def _trend(session: Session, profile_id: int, company_id: int, now: datetime) -> tuple[tuple[date, float], ...]:
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


def change_since(trend: Sequence[tuple[date, float]], score: float, today: date, days: int) -> float | None:
    """Score now minus the score `days` ago; None when there was no score then."""
    then = today - timedelta(days=days)
    value = None
    for day, s in trend:
        if day > then:
            break
        value = s
    return None if value is None else round(score - value, 1)


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
        f"{c.get('label') or c.get('key', '?')}: {points_text(_num(c.get('old')))} → {points_text(_num(c.get('new')))}"
        for c in changes[:MAX_CHANGES_SHOWN]
    ]
    more = len(changes) - MAX_CHANGES_SHOWN
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def _history(session: Session, profile_id: int, company_id: int, limit: int) -> list[HistoryLine]:
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
                trigger=TRIGGER_LABELS.get(trigger, trigger.replace("_", " ").capitalize() or "Recompute"),
                reason=reason_text(reason, r.old_score),
            )
        )
    return out


# --- chart --------------------------------------------------------------------------------


def sparkline_figure(explanation: Explanation, *, height: int = 90) -> go.Figure:
    """The 90-day trend as a small line on a 0–100 scale, thresholds as faint dotted lines,
    no axes or legend; coloured like the current category."""
    days = [d for d, _ in explanation.trend]
    scores = [s for _, s in explanation.trend]
    color = CATEGORY_COLORS.get(explanation.category, "#33475b")
    fig = go.Figure(
        go.Scatter(
            x=days,
            y=scores,
            mode="lines+markers" if len(days) < 2 else "lines",
            line={"color": color, "width": 2, "shape": "hv"},
            marker={"color": color, "size": 6},
            fill="tozeroy",
            fillcolor=_fade(color),
            hovertemplate="%{x|%b %-d, %Y}: %{y:.1f}<extra></extra>",
            name="Score",
        )
    )
    for threshold in (explanation.thresholds.get("healthy"), explanation.thresholds.get("neutral")):
        if threshold is not None:
            fig.add_hline(y=float(threshold), line={"color": "#cbd6e2", "width": 1, "dash": "dot"})
    fig.update_layout(
        height=height,
        margin={"l": 0, "r": 0, "t": 4, "b": 0},
        showlegend=False,
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        xaxis={
            "visible": False,
            "fixedrange": True,
            "range": [explanation.trend_from - timedelta(hours=12), explanation.trend_to + timedelta(hours=12)],
        },
        yaxis={"visible": False, "range": [0, 104], "fixedrange": True},
        hovermode="x",
    )
    return fig


def _fade(hex_color: str, alpha: float = 0.12) -> str:
    h = hex_color.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"
