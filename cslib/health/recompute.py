"""The health score engine: scores every customer of a profile in a few set-based queries
and vectorised pandas, then writes what changed.

How a recompute goes (see ../shared/HEALTH.md and the profile definition in
`cslib.health_profiles`):
1. One SELECT reads, for every live company in the profile's segment, each criterion's
   input: property conditions compiled by the filter model into CASE expressions, property
   values, and per-criterion aggregates of activities and open tickets (one GROUP BY each).
2. pandas turns inputs into points, groups, coverage, score and category (no Python loop
   over customers).
3. The result is compared with the stored current scores; only what changed is written, in
   chunks of CHUNK customers, each chunk in one transaction: current score, a daily history
   row, a score event naming what changed it, an alert on a change of category, and the
   customer's primary score on `companies`. A recompute cut off half-way leaves whole chunks
   behind; running it again finds them unchanged, so nothing is written twice and no alert
   is lost.
4. A per-day roll-up for the Overview's over-time chart.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import Text, and_, bindparam, case, cast, delete, func, literal, or_, select, update
from sqlalchemy.dialects.postgresql import JSON as PG_JSON
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from cslib import jobs
from cslib.bulk import Bulk, naive_utc
from cslib.db import read_session, write_session
from cslib.filter_model import FilterContext
from cslib.filter_sql import compile_filter
from cslib.filters import conditions
from cslib.models import (
    Activity,
    Alert,
    Association,
    Company,
    HealthProfile,
    HealthRollup,
    HealthScore,
    HealthScoreDaily,
    HealthScoreEvent,
    PipelineStage,
    Record,
)
from cslib.models.base import utcnow
from cslib.properties import HEALTH_CATEGORIES, column_for, properties_for
from cslib.worker import schedule_periodic

log = logging.getLogger(__name__)

CATEGORY_COLORS = {"at_risk": "#d64545", "neutral": "#e8a33d", "healthy": "#2e9e5b"}
CATEGORY_LABELS = dict(HEALTH_CATEGORIES)
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
EVENT_LABELS = {"any": "Any activity", "meeting": "Meetings", "call": "Calls", "email": "Emails", "note": "Notes"}
PROPERTY_KINDS = ("property_condition", "property_linear")
EVENT_KINDS = ("event_count", "recency", "open_tickets")


@dataclass(frozen=True)
class Preview:
    """What a profile would give, before it is saved."""

    customers: int
    scored: int
    avg_score: float | None
    counts: dict[str, int]
    bins: list[int]
    coverage: float | None


@dataclass(frozen=True)
class ProfileChoice:
    """A profile as a drop-down lists it."""

    id: int
    name: str
    priority: int


@dataclass
class RecomputeResult:
    profile_id: int
    customers: int = 0
    scored: int = 0
    changed: int = 0
    removed: int = 0
    alerts: int = 0
    seconds: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)


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


# --- inputs: one SELECT -------------------------------------------------------------------


def _col(key: str) -> str:
    return f"in_{key}"


def _known_col(key: str) -> str:
    return f"known_{key}"


def _filter_properties(node: Any) -> tuple[set[str], bool]:
    """Property names a filter reads, and whether it tests for unknown values itself."""
    found = conditions(node)
    return {c["property"] for c in found}, any(c.get("operator") in ("is_known", "is_unknown") for c in found)


def _live_companies() -> list[ColumnElement[bool]]:
    return [Company.deleted_at.is_(None), Company.merged_into_id.is_(None)]


def _activity_filter(event: str) -> list[ColumnElement[bool]]:
    types = EVENT_TYPES.get(event)
    return [] if types is None else [Activity.type.in_(types)]


def _restricted(column: ColumnElement, ids: Sequence[int] | None) -> list[ColumnElement[bool]]:
    return [] if ids is None else [column.in_(ids)]


def _inputs_select(session: Session, definition: dict, segment: dict | None, now: datetime, ids: Sequence[int] | None):
    props = properties_for(session, "company")
    ctx = FilterContext(user_id=None, now=now, time_zone="UTC")
    columns: list[ColumnElement] = [Company.id.label("id")]
    joins = []
    for _group, c in criteria(definition):
        key, kind = c["key"], c["kind"]
        if kind == "property_condition":
            condition = compile_filter(c["filter"], props, ctx)
            columns.append(case((condition, 1), else_=0).label(_col(key)))
            names, tests_known = _filter_properties(c["filter"])
            known = (
                literal(1)
                if tests_known or not names
                else case((or_(*[column_for(props[n]).is_not(None) for n in sorted(names)]), 1), else_=0)
            )
            columns.append(known.label(_known_col(key)))
        elif kind == "property_linear":
            columns.append(column_for(props[c["property"]]).label(_col(key)))
        elif kind == "event_count":
            start = now - timedelta(days=int(c["window_days"]))
            sub = (
                select(Activity.company_id.label("cid"), func.count().label("n"))
                .where(
                    Activity.company_id.is_not(None),
                    Activity.occurred_at >= start,
                    Activity.occurred_at <= now,
                    *_activity_filter(c["event"]),
                    *_restricted(Activity.company_id, ids),
                )
                .group_by(Activity.company_id)
                .subquery(f"s_{key}")
            )
            joins.append((sub, sub.c.cid == Company.id))
            columns.append(func.coalesce(sub.c.n, 0).label(_col(key)))
        elif kind == "recency":
            if c["event"] == "any" and now >= utcnow() - LIVE_WINDOW:
                columns.append(Company.last_activity_at.label(_col(key)))
            else:
                sub = (
                    select(Activity.company_id.label("cid"), func.max(Activity.occurred_at).label("last"))
                    .where(
                        Activity.company_id.is_not(None),
                        Activity.occurred_at <= now,
                        *_activity_filter(c["event"]),
                        *_restricted(Activity.company_id, ids),
                    )
                    .group_by(Activity.company_id)
                    .subquery(f"s_{key}")
                )
                joins.append((sub, sub.c.cid == Company.id))
                columns.append(sub.c.last.label(_col(key)))
        elif kind == "open_tickets":
            sub = _open_tickets(ids).subquery(f"s_{key}")
            joins.append((sub, sub.c.cid == Company.id))
            columns.append(func.coalesce(sub.c.n, 0).label(_col(key)))
        else:
            raise ValueError(f"unknown criterion kind {kind!r}")
    stmt = select(*columns).select_from(Company)
    for sub, on in joins:
        stmt = stmt.outerjoin(sub, on)
    where = [*_live_companies(), *_restricted(Company.id, ids)]
    if segment:
        where.append(compile_filter(segment, props, ctx))
    return stmt.where(*where).order_by(Company.id)


def _open_tickets(ids: Sequence[int] | None):  # noqa: ANN202
    """Open tickets per company: tickets linked to it (stored company → ticket, as types sort)
    that are live and not in a closed stage."""
    a = Association
    return (
        select(a.from_id.label("cid"), func.count().label("n"))
        .select_from(a)
        .join(Record, and_(Record.id == a.to_id, Record.object_type == "ticket"))
        .outerjoin(PipelineStage, PipelineStage.id == Record.stage_id)
        .where(
            a.to_type == "ticket",
            a.from_type == "company",
            Record.deleted_at.is_(None),
            Record.merged_into_id.is_(None),
            or_(PipelineStage.is_closed.is_(None), PipelineStage.is_closed.is_(False)),
            *_restricted(a.from_id, ids),
        )
        .group_by(a.from_id)
    )


def read_inputs(
    session: Session, definition: dict, segment: dict | None, now: datetime, ids: Sequence[int] | None = None
) -> pd.DataFrame:
    """One row per live company of the segment (or of `ids`), one column per input."""
    return _frame(session.execute(_inputs_select(session, definition, segment, now, ids)))


def _frame(result) -> pd.DataFrame:  # noqa: ANN001
    """A DataFrame of a result; rows as plain tuples (pandas is slow on Row objects)."""
    return pd.DataFrame([tuple(r) for r in result], columns=list(result.keys()))


# --- scoring: vectorised ------------------------------------------------------------------


def _bands_by_min(values: pd.Series, bands: list[dict]) -> np.ndarray:
    """Points of the highest band whose `min` ≤ value, 0 below every band."""
    if not bands:
        return np.zeros(len(values))
    mins = np.array([float(b["min"]) for b in bands])
    points = np.array([float(b["points"]) for b in bands])
    idx = np.searchsorted(mins, values.to_numpy(dtype=float), side="right") - 1
    return np.where(idx >= 0, points[np.clip(idx, 0, None)], 0.0)


def _bands_by_max_days(days: pd.Series, bands: list[dict], otherwise: float) -> np.ndarray:
    """Points of the first band whose `max_days` ≥ days; `otherwise` beyond the last band
    and when there never was an event (NaN)."""
    values = days.to_numpy(dtype=float)
    if not bands:
        return np.full(len(values), float(otherwise))
    maxes = np.array([float(b["max_days"]) for b in bands])
    points = np.append(np.array([float(b["points"]) for b in bands]), float(otherwise))
    idx = np.searchsorted(maxes, np.nan_to_num(values, nan=np.inf), side="left")
    return points[idx]


def _days_since(values: pd.Series, now: datetime) -> pd.Series:
    """Whole days between each timestamp and `now` (NaN for none)."""
    stamps = pd.to_datetime(values, utc=True, errors="coerce")
    delta = pd.Timestamp(now).tz_convert("UTC") - stamps
    return np.floor(delta.dt.total_seconds() / 86400).clip(lower=0)


def score_frame(inputs: pd.DataFrame, definition: dict, thresholds: dict | None, now: datetime) -> pd.DataFrame:
    """Scores from inputs: columns id, score, category, coverage and the breakdown's
    `g:` (group points), `c:` (criterion points) and `v:` (input value) columns; NaN is
    "missing". Rows with no data at all (coverage 0) are dropped."""
    out = pd.DataFrame({"id": inputs["id"].astype("int64")})
    present_max = np.zeros(len(inputs))
    total = np.zeros(len(inputs))
    for g in definition.get("groups", []):
        parts = []
        for c in g.get("criteria", []):
            points, value = _criterion_points(inputs, c, now)
            out[f"c:{c['key']}"] = points
            out[f"v:{c['key']}"] = value
            parts.append(points)
        group_sum = (
            pd.concat(parts, axis=1).sum(axis=1, min_count=1) if parts else pd.Series(np.nan, index=inputs.index)
        )
        max_points = float(g["max_points"])
        group_points = group_sum.clip(lower=0, upper=max_points)
        out[f"g:{g['key']}"] = group_points
        present = group_points.notna().to_numpy()
        present_max += np.where(present, max_points, 0.0)
        total += np.nan_to_num(group_points.to_numpy(dtype=float), nan=0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(present_max > 0, total * 100.0 / present_max, np.nan)
    # Whole points, so the category always follows the score shown.
    out["score"] = np.round(score, 0)
    out["coverage"] = np.round(present_max / 100.0, 4)
    out = out[present_max > 0].copy()
    t = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    out["category"] = np.select(
        [out["score"] >= t["healthy"], out["score"] >= t["neutral"]], ["healthy", "neutral"], "at_risk"
    )
    return out.reset_index(drop=True)


def _criterion_points(inputs: pd.DataFrame, c: dict, now: datetime) -> tuple[pd.Series, pd.Series]:
    """(points, input value) of one criterion for every row; NaN points = missing input."""
    kind, raw = c["kind"], inputs[_col(c["key"])]
    if kind == "property_condition":
        known = inputs[_known_col(c["key"])].astype(float) == 1
        met = raw.astype(float)
        points = pd.Series(np.where(met == 1, float(c["points"]), 0.0), index=inputs.index)
        return points.where(known), met.where(known)
    if kind == "property_linear":
        value = pd.to_numeric(raw, errors="coerce").astype(float)
        low, high = float(c["low"]), float(c["high"])
        share = (value.clip(lower=low, upper=high) - low) / (high - low)
        points = float(c["points_low"]) + share * (float(c["points_high"]) - float(c["points_low"]))
        return points, value
    if kind in ("event_count", "open_tickets"):
        count = pd.to_numeric(raw, errors="coerce").fillna(0).astype(float)
        return pd.Series(_bands_by_min(count, c.get("bands", [])), index=inputs.index), count
    if kind == "recency":
        days = _days_since(raw, now)
        points = _bands_by_max_days(days, c.get("bands", []), float(c.get("otherwise", 0)))
        return pd.Series(points, index=inputs.index), days
    raise ValueError(f"unknown criterion kind {kind!r}")


def breakdown_columns(scores: pd.DataFrame) -> list[str]:
    return [c for c in scores.columns if c[:2] in ("g:", "c:", "v:")]


def breakdown_texts(scores: pd.DataFrame) -> list[str]:
    """The breakdown of every row as compact JSON text, built by pandas in C (NaN → null)."""
    cols = breakdown_columns(scores)
    if scores.empty:
        return []
    if not cols:
        return ["{}"] * len(scores)
    text = scores[cols].round(4).to_json(orient="records", lines=True, double_precision=10)
    return text.rstrip("\n").split("\n")


# --- preview ------------------------------------------------------------------------------


def preview(
    session: Session, *, definition: dict, segment: dict | None, thresholds: dict | None, now: datetime | None = None
) -> Preview:
    """The distribution a definition would give, computed like a recompute, writing nothing.
    Raises ValidationError on a bad definition."""
    from cslib.health_profiles import validate_definition

    definition = validate_definition(session, definition)
    now = now or utcnow()
    inputs = read_inputs(session, definition, segment, now)
    scores = score_frame(inputs, definition, thresholds, now)
    return _preview_of(len(inputs), scores)


def _preview_of(customers: int, scores: pd.DataFrame) -> Preview:
    counts = {key: int((scores["category"] == key).sum()) for key, _ in HEALTH_CATEGORIES}
    bins = np.clip((scores["score"].to_numpy(dtype=float) // 10).astype(int), 0, 9) if len(scores) else []
    return Preview(
        customers=customers,
        scored=len(scores),
        avg_score=round(float(scores["score"].mean()), 1) if len(scores) else None,
        counts=counts,
        bins=[int(n) for n in np.bincount(np.asarray(bins, dtype=int), minlength=10)],
        coverage=round(float(scores["coverage"].mean()), 3) if len(scores) else None,
    )


# --- writing ------------------------------------------------------------------------------


def _insert(session: Session):  # noqa: ANN202
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def _json_text_bind(session: Session, name: str) -> ColumnElement:
    """A bind for JSON text written as-is (the engine builds it with pandas), so the stored
    text can be compared with the next recompute's text."""
    param = bindparam(name, type_=Text)
    return cast(param, PG_JSON) if session.get_bind().dialect.name == "postgresql" else param


def _stored_scores(session: Session, profile_id: int, ids: Sequence[int] | None) -> pd.DataFrame:
    hs = HealthScore
    stmt = select(
        hs.object_id.label("id"),
        hs.score.label("old_score"),
        hs.category.label("old_category"),
        hs.coverage.label("old_coverage"),
        cast(hs.breakdown, Text).label("old_breakdown"),
    ).where(hs.profile_id == profile_id, *_restricted(hs.object_id, ids))
    return _frame(session.execute(stmt)).astype({"id": "int64"})


@dataclass
class _Diff:
    upserts: pd.DataFrame  # new or changed current scores (with old_* columns, NaN when new)
    removed: list[int]  # customers this profile no longer scores


def _diff(scores: pd.DataFrame, stored: pd.DataFrame) -> _Diff:
    scores = scores.assign(breakdown=breakdown_texts(scores))
    merged = scores.merge(stored.astype({"id": "int64"}), on="id", how="left")
    changed = (
        merged["old_score"].isna()
        | (merged["score"] != merged["old_score"])
        | (merged["category"] != merged["old_category"])
        | (merged["coverage"].round(4) != merged["old_coverage"].astype(float).round(4))
        | (merged["breakdown"] != merged["old_breakdown"])
    )
    removed = sorted(set(stored["id"].astype("int64")) - set(scores["id"])) if len(stored) else []
    return _Diff(merged[changed].reset_index(drop=True), [int(i) for i in removed])


def _changes(definition: dict, old_text: str | None, new_row: dict) -> list[dict]:
    """Criteria whose points changed between two breakdowns, biggest change first."""
    old = json.loads(old_text) if isinstance(old_text, str) and old_text else {}
    out = []
    for g, c in criteria(definition):
        key = f"c:{c['key']}"
        before, after = _num(old.get(key)), _num(new_row.get(key))
        if before == after:
            continue
        out.append(
            {"key": c["key"], "label": c.get("label", ""), "group": g.get("name", ""), "old": before, "new": after}
        )
    return sorted(out, key=lambda ch: -abs((ch["new"] or 0) - (ch["old"] or 0)))


def _num(value: object) -> float | None:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    return round(float(value), 2)


def _write_chunk(
    session: Session,
    profile: HealthProfile,
    chunk: pd.DataFrame,
    removed: list[int],
    *,
    now: datetime,
    trigger: str,
) -> int:
    """Write one chunk of changed scores with their history and alerts; returns alerts raised."""
    pid = profile.id
    bulk = Bulk(session.connection())
    if len(chunk):
        at = bulk.ts(naive_utc(now))
        bulk.upsert(
            HealthScore.__table__,
            ("profile_id", "object_id", "score", "category", "coverage", "breakdown", "computed_at"),
            ("profile_id", "object_id"),
            list(
                zip(
                    [pid] * len(chunk),
                    chunk["id"].astype(int).tolist(),
                    chunk["score"].astype(float).tolist(),
                    chunk["category"].tolist(),
                    chunk["coverage"].astype(float).tolist(),
                    chunk["breakdown"].tolist(),
                    [at] * len(chunk),
                    strict=True,
                )
            ),
            ("score", "category", "coverage", "breakdown", "computed_at"),
        )
    moved = _moved(chunk)
    rescored = moved[moved["old_category"].notna()] if len(moved) else moved
    rows = rescored.to_dict("records") if len(rescored) else []
    _write_history(bulk, profile, moved, rows, now=now, trigger=trigger)
    alerts = _raise_alerts(session, pid, rows, now=now)
    if removed:
        session.execute(delete(HealthScore).where(HealthScore.profile_id == pid, HealthScore.object_id.in_(removed)))
    touched = (moved["id"].astype(int).tolist() if len(moved) else []) + removed
    if touched:
        refresh_primary(session, touched)
    return alerts


def _moved(chunk: pd.DataFrame) -> pd.DataFrame:
    """Rows whose score or category moved (a first score included)."""
    if not len(chunk):
        return chunk
    return chunk[(chunk["score"] != chunk["old_score"]) | (chunk["category"] != chunk["old_category"])]


def _write_history(
    bulk: Bulk, profile: HealthProfile, moved: pd.DataFrame, rescored: list[dict], *, now: datetime, trigger: str
) -> None:
    """The day's history row (sparse: written only when the score moved) and a score event
    naming the criteria that moved it (`rescored`: the moved rows that had a score before)."""
    if not len(moved):
        return
    n = len(moved)
    ids = moved["id"].astype(int).tolist()
    scores = moved["score"].astype(float).tolist()
    categories = moved["category"].tolist()
    bulk.upsert(
        HealthScoreDaily.__table__,
        ("profile_id", "object_id", "day", "score", "category"),
        ("profile_id", "object_id", "day"),
        list(zip([profile.id] * n, ids, [bulk.day(_utc_day(now))] * n, scores, categories, strict=True)),
        ("score", "category"),
    )
    first = bulk.js({"trigger": trigger, "changes": []})
    changed = {
        int(r["id"]): bulk.js({"trigger": trigger, "changes": _changes(profile.definition, r["old_breakdown"], r)})
        for r in rescored
    }
    reasons = [changed.get(i, first) for i in ids]
    had_score = moved["old_category"].notna()
    old_scores = [None if not h else float(v) for h, v in zip(had_score, moved["old_score"], strict=True)]
    old_categories = [v if h else None for h, v in zip(had_score, moved["old_category"], strict=True)]
    at = bulk.ts(naive_utc(now))
    bulk.insert(
        HealthScoreEvent.__table__,
        ("profile_id", "object_id", "at", "old_score", "new_score", "old_category", "new_category", "reason"),
        zip([profile.id] * n, ids, [at] * n, old_scores, scores, old_categories, categories, reasons, strict=True),
    )


def _raise_alerts(session: Session, profile_id: int, moved: list[dict], *, now: datetime) -> int:
    """An alert per change of category (not on a first score). One active alert per
    customer, profile and direction: a newer one replaces (resolves) the older."""
    raised = [r for r in moved if isinstance(r["old_category"], str) and r["old_category"] != r["category"]]
    if not raised:
        return 0
    for direction in ("down", "up"):
        ids = [int(r["id"]) for r in raised if _direction(r) == direction]
        for part in _chunks(ids, 1000):
            session.execute(
                update(Alert)
                .where(
                    Alert.object_type == "company",
                    Alert.object_id.in_(part),
                    Alert.profile_id == profile_id,
                    Alert.direction == direction,
                    Alert.stage.in_(ACTIVE_ALERT_STAGES),
                    Alert.expires_at > now,
                )
                .values(stage="resolved", resolved_at=now, version=Alert.version + 1)
                .execution_options(synchronize_session=False)
            )
    session.execute(
        Alert.__table__.insert(),
        [
            {
                "object_type": "company",
                "object_id": int(r["id"]),
                "profile_id": profile_id,
                "direction": _direction(r),
                "old_category": r["old_category"],
                "new_category": r["category"],
                "old_score": float(r["old_score"]),
                "new_score": float(r["score"]),
                "raised_at": now,
                "expires_at": now + ALERT_LIFETIME,
                "stage": "new",
                "version": 1,
            }
            for r in raised
        ],
    )
    return len(raised)


def _direction(row: dict) -> str:
    return "down" if CATEGORY_RANK[row["category"]] < CATEGORY_RANK[row["old_category"]] else "up"


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def refresh_primary(session: Session, company_ids: Sequence[int]) -> None:
    """Set each company's health_score/health_category to its primary score: that of the
    active profile with the lowest priority number (then lowest id) that scores it."""
    hs, p = HealthScore, HealthProfile

    def primary(column):  # noqa: ANN001, ANN202
        return (
            select(column)
            .join(p, p.id == hs.profile_id)
            .where(hs.object_id == Company.id, p.status == "active")
            .order_by(p.priority, p.id)
            .limit(1)
            .correlate(Company)
            .scalar_subquery()
        )

    for part in _chunks(sorted(set(company_ids)), CHUNK):
        session.execute(
            update(Company)
            .where(Company.id.in_(part))
            .values(health_score=primary(hs.score), health_category=primary(hs.category))
            .execution_options(synchronize_session=False)
        )


def write_rollup(session: Session, profile_id: int, now: datetime) -> None:
    """Today's roll-up of a profile (overwritten by each full recompute)."""
    hs = HealthScore
    row = session.execute(
        select(
            func.count(),
            func.avg(hs.score),
            func.sum(case((hs.category == "at_risk", 1), else_=0)),
            func.sum(case((hs.category == "neutral", 1), else_=0)),
            func.sum(case((hs.category == "healthy", 1), else_=0)),
        ).where(hs.profile_id == profile_id)
    ).one()
    values = {
        "customers": int(row[0] or 0),
        "avg_score": None if row[1] is None else round(float(row[1]), 2),
        "at_risk": int(row[2] or 0),
        "neutral": int(row[3] or 0),
        "healthy": int(row[4] or 0),
    }
    stmt = _insert(session)(HealthRollup.__table__).values(profile_id=profile_id, day=_utc_day(now), **values)
    session.execute(stmt.on_conflict_do_update(index_elements=["profile_id", "day"], set_=values))


# --- recompute ----------------------------------------------------------------------------


def recompute_profile(
    engine: Engine, profile_id: int, *, now: datetime | None = None, trigger: str = "schedule"
) -> RecomputeResult:
    """Score every customer of one profile and write what changed, CHUNK customers per
    transaction. A draft (or deleted) profile loses its current scores instead."""
    started = time.perf_counter()
    now = now or utcnow()
    result = RecomputeResult(profile_id)
    with read_session(engine) as s:
        profile = s.get(HealthProfile, profile_id)
        if profile is None:
            return result
        s.expunge(profile)
        if profile.status != "active":
            scores = None
        else:
            t0 = time.perf_counter()
            inputs = read_inputs(s, profile.definition, profile.segment, now)
            result.timings["read"] = time.perf_counter() - t0
            t0 = time.perf_counter()
            scores = score_frame(inputs, profile.definition, profile.thresholds, now)
            result.customers, result.scored = len(inputs), len(scores)
            result.timings["score"] = time.perf_counter() - t0
        t0 = time.perf_counter()
        stored = _stored_scores(s, profile_id, None)
        if scores is None:
            scores = pd.DataFrame({"id": pd.Series(dtype="int64")})
            diff = (
                _Diff(pd.DataFrame(), sorted(int(i) for i in stored["id"]))
                if len(stored)
                else _Diff(pd.DataFrame(), [])
            )
        else:
            diff = _diff(scores, stored)
        result.timings["diff"] = time.perf_counter() - t0
    result.changed, result.removed = len(diff.upserts), len(diff.removed)
    t0 = time.perf_counter()
    for start in range(0, max(len(diff.upserts), len(diff.removed), 1), CHUNK):
        part = diff.upserts.iloc[start : start + CHUNK] if len(diff.upserts) else diff.upserts
        gone = diff.removed[start : start + CHUNK]
        if not len(part) and not gone:
            continue
        with write_session(engine) as s:
            result.alerts += _write_chunk(s, profile, part, gone, now=now, trigger=trigger)
    if profile.status == "active":
        with write_session(engine) as s:
            write_rollup(s, profile_id, now)
    result.timings["write"] = time.perf_counter() - t0
    result.seconds = time.perf_counter() - started
    log.info(
        "health profile %s: %s customers, %s scored, %s changed, %s removed, %s alerts in %.2fs",
        profile_id,
        result.customers,
        result.scored,
        result.changed,
        result.removed,
        result.alerts,
        result.seconds,
    )
    return result


def recompute_all(engine: Engine, *, now: datetime | None = None, trigger: str = "schedule") -> list[RecomputeResult]:
    with read_session(engine) as s:
        ids = list(s.scalars(select(HealthProfile.id).order_by(HealthProfile.priority, HealthProfile.id)))
    return [recompute_profile(engine, pid, now=now, trigger=trigger) for pid in ids]


def active_profiles(session: Session) -> list[HealthProfile]:
    return list(
        session.scalars(
            select(HealthProfile)
            .where(HealthProfile.status == "active")
            .order_by(HealthProfile.priority, HealthProfile.id)
        )
    )


def recompute_customers(
    session: Session, company_ids: Iterable[int], *, now: datetime | None = None, trigger: str = "record"
) -> int:
    """Score some customers under every active profile, in the caller's transaction, so a
    change shows on the next page load. Returns alerts raised."""
    ids = sorted({int(i) for i in company_ids if i is not None})
    if not ids:
        return 0
    profiles = active_profiles(session)
    if not profiles:
        return 0
    now = now or utcnow()
    session.flush()
    alerts = 0
    for part in _chunks(ids, CHUNK):
        for profile in profiles:
            inputs = read_inputs(session, profile.definition, profile.segment, now, part)
            scores = score_frame(inputs, profile.definition, profile.thresholds, now)
            diff = _diff(scores, _stored_scores(session, profile.id, part))
            if len(diff.upserts) or diff.removed:
                alerts += _write_chunk(session, profile, diff.upserts, diff.removed, now=now, trigger=trigger)
    return alerts


def companies_of(session: Session, object_type: str, ids: Iterable[int]) -> list[int]:
    """The companies whose score may move when records of `object_type` change: the
    companies themselves, or those a ticket is linked to."""
    ids = [int(i) for i in ids]
    if object_type == "company":
        return ids
    if object_type == "ticket" and ids:
        a = Association
        return list(
            session.scalars(select(a.from_id).where(a.to_type == "ticket", a.to_id.in_(ids), a.from_type == "company"))
        )
    return []


def on_records_changed(
    session: Session,
    object_type: str,
    ids: Iterable[int],
    *,
    now: datetime | None = None,
    properties: Iterable[str] | None = None,
) -> None:
    """Hook for writes: rescore the affected customers when a profile is active. With
    `properties` (the company properties an edit changed), only when a profile reads one."""
    from cslib.health_profiles import property_names

    if object_type not in ("company", "ticket"):
        return
    profiles = session.execute(
        select(HealthProfile.definition, HealthProfile.segment).where(HealthProfile.status == "active")
    ).all()
    if not profiles:
        return
    if object_type == "company" and properties is not None:
        read = set().union(*(property_names(d or {}, s) for d, s in profiles))
        if not read & set(properties):
            return
    recompute_customers(session, companies_of(session, object_type, ids), now=now, trigger="record")


def segment_size(session: Session, profile: HealthProfile, now: datetime) -> int:
    props = properties_for(session, "company")
    ctx = FilterContext(user_id=None, now=now, time_zone="UTC")
    where = [*_live_companies()]
    if profile.segment:
        where.append(compile_filter(profile.segment, props, ctx))
    return int(session.scalar(select(func.count()).select_from(Company).where(*where)) or 0)


def after_profile_saved(engine: Engine, profile_id: int, *, now: datetime | None = None) -> str:
    """Rescore a profile's customers after a save: at once for a small base (the admin sees
    the result on the next page), through the worker for a big one."""
    now = now or utcnow()
    with read_session(engine) as s:
        profile = s.get(HealthProfile, profile_id)
        if profile is None:
            return ""
        active = profile.status == "active"
        size = segment_size(s, profile, now) if active else 0
    if size <= SCORE_AT_ONCE_LIMIT:
        result = recompute_profile(engine, profile_id, now=now, trigger="profile")
        if not active:
            return "Its scores were cleared." if result.removed else ""
        noun = "customer" if result.scored == 1 else "customers"
        return f"Scored {result.scored:,} {noun}."
    with write_session(engine) as s:
        jobs.enqueue(
            s,
            "health.recompute_profile",
            {"profile_id": profile_id, "trigger": "profile"},
            dedupe_key=f"health:{profile_id}",
        )
    return f"Scores for {size:,} customers are being computed in the background."


schedule_periodic("health_recompute", "health.recompute", hours=1)


@jobs.handler("health.recompute")
def _recompute_all_job(engine: Engine, payload: dict) -> dict:
    results = recompute_all(engine)
    return {
        "profiles": len(results),
        "changed": sum(r.changed for r in results),
        "alerts": sum(r.alerts for r in results),
    }


@jobs.handler("health.recompute_profile")
def _recompute_profile_job(engine: Engine, payload: dict) -> dict:
    trigger = payload.get("trigger", "schedule")
    result = recompute_profile(
        engine, int(payload["profile_id"]), trigger=trigger if trigger in TRIGGERS else "schedule"
    )
    return {"scored": result.scored, "changed": result.changed, "alerts": result.alerts}


def _utc_day(now: datetime):  # noqa: ANN202
    return now.astimezone(UTC).date()
