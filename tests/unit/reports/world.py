"""Hand-made report data: a workspace with users, customers, deals in a pipeline, tasks,
alerts, activities and health roll-ups at explicit times, and the helpers that run a
definition at a fixed moment and read its result as a user does (labels and values)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from cslib import reports
from cslib.filters import FilterContext
from cslib.models import Activity, Alert, Company, HealthRollup, Record
from cslib.permissions import Actor
from tests.factories import make_actor, make_pipeline, make_workspace, stages_of

# A Wednesday; "this week" is Monday 16 to Sunday 22 November 2026.
NOW = datetime(2026, 11, 18, 12, 0, tzinfo=UTC)
TODAY = NOW.date()
_n = itertools.count(1)


@dataclass
class People:
    admin: Actor
    ada: Actor
    bob: Actor


def workspace(session: Session, **overrides) -> People:
    """The workspace row and three users: an admin (settings permission) and two CSMs,
    named so that their order by name is Ada, Bob."""
    make_workspace(session, **overrides)
    return People(
        admin=make_actor(session, name="Admin", manage_settings=True),
        ada=make_actor(session, name="Ada"),
        bob=make_actor(session, name="Bob"),
    )


def ctx(user: Actor | None = None, *, tz: str = "UTC", now: datetime = NOW) -> FilterContext:
    return FilterContext(user_id=user.id if user else None, now=now, time_zone=tz)


def run(session: Session, raw: dict, context: FilterContext | None = None, **kw) -> reports.ReportResult:
    """`raw` checked and run at NOW (UTC unless `context` says otherwise)."""
    return reports.run_report(session, reports.validate(session, raw), context or ctx(), **kw)


def definition(obj: str, *group_by: dict, function: str = "count", prop: str | None = None, **kw) -> dict:
    """A definition with sensible chart/sort for its group-by count; override any field."""
    measure = {"function": function} | ({"property": prop} if prop else {})
    chart = {0: "kpi", 1: "bar", 2: "stacked_bar"}[len(group_by)]
    return {"object": obj, "measure": measure, "group_by": list(group_by), "chart": chart, "sort": "label"} | kw


def labelled(result: reports.ReportResult) -> list[tuple]:
    """The rows as a reader sees them: each key's label, then the value."""
    return [(*(result.label(level, key) for level, key in enumerate(row[:-1])), row[-1]) for row in result.rows]


def at(day: date | str, hour: int = 12, minute: int = 0) -> datetime:
    day = date.fromisoformat(day) if isinstance(day, str) else day
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def days_ago(n: float) -> datetime:
    return NOW - timedelta(days=n)


def company(session: Session, **kw) -> Company:
    n = next(_n)
    row = Company(name=kw.pop("name", f"Customer {n}"), created_at=kw.pop("created_at", NOW), **kw)
    session.add(row)
    session.flush()
    return row


def sales_pipeline(session: Session, name: str = "Sales", display_order: int = 0):
    """A deal pipeline New → Demo → Proposal → Won (closed, won) → Lost (closed)."""
    pipeline = make_pipeline(
        session, "deal", name, stages=("New", "Demo", "Proposal", "Won", "Lost"), display_order=display_order
    )
    stages = stages_of(session, pipeline)
    stages[3].is_closed = stages[3].is_won = True
    stages[4].is_closed = True
    session.flush()
    return pipeline, stages


def deal(session: Session, pipeline, stage, amount: float | None = None, **kw) -> Record:  # noqa: ANN001
    row = Record(
        object_type="deal",
        name=kw.pop("name", f"Deal {next(_n)}"),
        pipeline_id=pipeline.id,
        stage_id=stage.id,
        amount=amount,
        custom={},
        created_at=kw.pop("created_at", NOW),
        **kw,
    )
    session.add(row)
    session.flush()
    return row


def activity(session: Session, kind: str, when: datetime, who: Actor | None = None) -> Activity:
    row = Activity(type=kind, occurred_at=when, actor_id=who.id if who else None, details={})
    session.add(row)
    session.flush()
    return row


def alert(session: Session, customer: Company, direction: str, when: datetime, **kw) -> Alert:
    worse = direction == "down"
    row = Alert(
        object_type=kw.pop("object_type", "company"),
        object_id=customer.id,
        direction=direction,
        old_category="healthy" if worse else "at_risk",
        new_category="at_risk" if worse else "healthy",
        old_score=75.0 if worse else 35.0,
        new_score=35.0 if worse else 75.0,
        raised_at=when,
        expires_at=when + timedelta(days=14),
        stage="new",
        **kw,
    )
    session.add(row)
    session.flush()
    return row


def rollups(session: Session, profile, scores: dict[date, float]) -> None:  # noqa: ANN001
    for day, score in scores.items():
        session.add(HealthRollup(profile_id=profile.id, day=day, customers=10, avg_score=score))
    session.flush()
