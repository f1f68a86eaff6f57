"""Writes of the health score engine: current scores, the daily history, score events
naming what changed, alerts on a change of category, each customer's primary score on
`companies`, the per-day roll-up for the Overview's over-time chart, and a merged
record's current scores removed (`on_records_merged`). One chunk of
changed scores is written in the caller's transaction, so a recompute cut off half-way
leaves whole chunks behind."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime

import pandas as pd
from sqlalchemy import Text, case, cast, delete, func, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from cslib.bulk import Bulk, naive_utc
from cslib.health.inputs import frame_of, restricted
from cslib.health.scoring import changes
from cslib.health.vocabulary import ACTIVE_ALERT_STAGES, ALERT_LIFETIME, CATEGORY_RANK, CHUNK
from cslib.models import (
    Alert,
    Company,
    HealthProfile,
    HealthRollup,
    HealthScore,
    HealthScoreDaily,
    HealthScoreEvent,
    utcnow,
)


def _insert(session: Session):  # noqa: ANN202
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def stored_scores(session: Session, profile_id: int, ids: Sequence[int] | None) -> pd.DataFrame:
    hs = HealthScore
    stmt = select(
        hs.object_id.label("id"),
        hs.score.label("old_score"),
        hs.category.label("old_category"),
        hs.coverage.label("old_coverage"),
        cast(hs.breakdown, Text).label("old_breakdown"),
    ).where(hs.profile_id == profile_id, *restricted(hs.object_id, ids))
    return frame_of(session.execute(stmt)).astype({"id": "int64"})


def write_chunk(
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
        list(zip([profile.id] * n, ids, [bulk.day(utc_day(now))] * n, scores, categories, strict=True)),
        ("score", "category"),
    )
    first = bulk.js({"trigger": trigger, "changes": []})
    changed = {
        int(r["id"]): bulk.js({"trigger": trigger, "changes": changes(profile.definition, r["old_breakdown"], r)})
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
        for part in chunks(ids, 1000):
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


def chunks(items: Sequence, size: int) -> Iterable[Sequence]:
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

    for part in chunks(sorted(set(company_ids)), CHUNK):
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
    stmt = _insert(session)(HealthRollup.__table__).values(profile_id=profile_id, day=utc_day(now), **values)
    session.execute(stmt.on_conflict_do_update(index_elements=["profile_id", "day"], set_=values))


def utc_day(now: datetime):  # noqa: ANN202
    return now.astimezone(UTC).date()


def on_records_merged(session: Session, object_type: str, keep_id: int, merge_id: int) -> dict[str, int]:
    """A merge's reaction in health (through `cslib.reactions`): the merged record's current
    scores go, as the kept record is rescored after the merge and they would only count the
    customer twice. Its score history (daily rows, events) stays. Returns
    {"health_scores_removed": how many}."""
    profiles = select(HealthProfile.id).where(HealthProfile.object_type == object_type)
    removed = session.execute(
        delete(HealthScore).where(HealthScore.object_id == merge_id, HealthScore.profile_id.in_(profiles))
    ).rowcount
    return {"health_scores_removed": removed}


def on_records_deleted(session: Session, object_type: str, ids: Sequence[int]) -> None:
    """Records deleted for good (an import undone) leave no scores, score history or
    events behind; the roll-ups of the profiles that scored them are written again."""
    profiles = list(session.scalars(select(HealthProfile.id).where(HealthProfile.object_type == object_type)))
    if not profiles:
        return
    touched: set[int] = set()
    for part in chunks(list(ids), CHUNK):
        for model in (HealthScore, HealthScoreDaily, HealthScoreEvent):
            gone = session.execute(
                delete(model)
                .where(model.object_id.in_(part), model.profile_id.in_(profiles))
                .returning(model.profile_id)
            ).scalars()
            touched.update(gone)
    now = utcnow()
    for profile_id in sorted(touched):
        write_rollup(session, profile_id, now)
