"""The health score engine: scores every customer of a profile in a few set-based queries
and vectorised pandas, then writes what changed.

How a recompute goes (see ../shared/HEALTH.md and the profile definition in
`cslib.health.definitions`):
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

import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd
from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from cslib import jobs
from cslib.db import read_session, write_session
from cslib.health.definitions import validate_definition
from cslib.health.fields import property_names
from cslib.health.inputs import read_inputs, segment_size
from cslib.health.scoring import Diff, diff_scores, score_frame
from cslib.health.storage import chunks, stored_scores, write_chunk, write_rollup
from cslib.health.vocabulary import CHUNK, SCORE_AT_ONCE_LIMIT, TRIGGERS
from cslib.i18n import _, ngettext
from cslib.jobs import schedule_periodic
from cslib.models import Association, HealthProfile
from cslib.models.base import utcnow
from cslib.properties import HEALTH_CATEGORIES

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Preview:
    """What a profile would give, before it is saved."""

    customers: int
    scored: int
    avg_score: float | None
    counts: dict[str, int]
    bins: list[int]
    coverage: float | None


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


# --- preview ------------------------------------------------------------------------------


def preview(
    session: Session, *, definition: dict, segment: dict | None, thresholds: dict | None, now: datetime | None = None
) -> Preview:
    """The distribution a definition would give, computed like a recompute, writing nothing.
    Raises ValidationError on a bad definition."""
    definition = validate_definition(session, definition)
    now = now or utcnow()
    inputs = read_inputs(session, definition, segment, now)
    scores = score_frame(inputs, definition, thresholds, now)
    return _preview_of(len(inputs), scores)


def _preview_of(customers: int, scores: pd.DataFrame) -> Preview:
    counts = {key: int((scores["category"] == key).sum()) for key, _label in HEALTH_CATEGORIES}
    bins = np.clip((scores["score"].to_numpy(dtype=float) // 10).astype(int), 0, 9) if len(scores) else []
    return Preview(
        customers=customers,
        scored=len(scores),
        avg_score=round(float(scores["score"].mean()), 1) if len(scores) else None,
        counts=counts,
        bins=[int(n) for n in np.bincount(np.asarray(bins, dtype=int), minlength=10)],
        coverage=round(float(scores["coverage"].mean()), 3) if len(scores) else None,
    )


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
        stored = stored_scores(s, profile_id, None)
        if scores is None:
            scores = pd.DataFrame({"id": pd.Series(dtype="int64")})
            diff = (
                Diff(pd.DataFrame(), sorted(int(i) for i in stored["id"])) if len(stored) else Diff(pd.DataFrame(), [])
            )
        else:
            diff = diff_scores(scores, stored)
        result.timings["diff"] = time.perf_counter() - t0
    result.changed, result.removed = len(diff.upserts), len(diff.removed)
    t0 = time.perf_counter()
    for start in range(0, max(len(diff.upserts), len(diff.removed), 1), CHUNK):
        part = diff.upserts.iloc[start : start + CHUNK] if len(diff.upserts) else diff.upserts
        gone = diff.removed[start : start + CHUNK]
        if not len(part) and not gone:
            continue
        with write_session(engine) as s:
            result.alerts += write_chunk(s, profile, part, gone, now=now, trigger=trigger)
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


def _active_profiles(session: Session) -> list[HealthProfile]:
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
    profiles = _active_profiles(session)
    if not profiles:
        return 0
    now = now or utcnow()
    session.flush()
    alerts = 0
    for part in chunks(ids, CHUNK):
        for profile in profiles:
            inputs = read_inputs(session, profile.definition, profile.segment, now, part)
            scores = score_frame(inputs, profile.definition, profile.thresholds, now)
            diff = diff_scores(scores, stored_scores(session, profile.id, part))
            if len(diff.upserts) or diff.removed:
                alerts += write_chunk(session, profile, diff.upserts, diff.removed, now=now, trigger=trigger)
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
            return _("Its scores were cleared.") if result.removed else ""
        return ngettext("Scored {n} customer.", "Scored {n} customers.", result.scored)
    with write_session(engine) as s:
        jobs.enqueue(
            s,
            "health.recompute_profile",
            {"profile_id": profile_id, "trigger": "profile"},
            dedupe_key=f"health:{profile_id}",
        )
    return ngettext(
        "Scores for {n} customer are being computed in the background.",
        "Scores for {n} customers are being computed in the background.",
        size,
    )


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
