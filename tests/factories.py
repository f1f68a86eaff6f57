"""Test rows with sensible defaults; override any field by keyword."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib.models import Company, ObjectType, Pipeline, PipelineStage, Record, Task, Team, User, WorkspaceSettings
from cslib.permissions import Actor
from cslib.properties import OBJECT_TYPES, PropertySpec, standard_properties
from cslib.users import hash_password

_seq = itertools.count(1)
_PASSWORD_HASH = hash_password("secret-pass")
PASSWORD = "secret-pass"


def make_user(session: Session, **overrides) -> User:
    n = next(_seq)
    values = dict(
        email=f"user{n}-{id(session)}@example.com",
        name=f"User {n}",
        password_hash=_PASSWORD_HASH,
        is_active=True,
        is_super_admin=False,
        has_service_seat=True,
        workspace_access=True,
        manage_settings=False,
        can_export=True,
    )
    values.update(overrides)
    user = User(**values)
    session.add(user)
    session.flush()
    return user


def make_actor(session: Session, **overrides) -> Actor:
    return Actor.from_user(make_user(session, **overrides))


def make_company(session: Session, **overrides) -> Company:
    n = next(_seq)
    values = dict(name=f"Company {n}", domain=f"company{n}.example", created_at=datetime.now(UTC))
    values.update(overrides)
    company = Company(**values)
    session.add(company)
    session.flush()
    return company


def custom_property(
    object_type: str, name: str, type_: str, label: str | None = None, options: tuple[tuple[str, str], ...] = ()
) -> PropertySpec:
    """A custom (JSON-stored) property spec, as `properties_for` builds from a definition row."""
    return PropertySpec(
        object_type,
        name,
        label or name.replace("_", " ").capitalize(),
        type_,
        tuple(options),
        custom=True,
        option_values=frozenset(k for k, _ in options),
    )


def company_props_with_customs() -> dict[str, PropertySpec]:
    """Company properties plus one custom property of every type, for filter tests."""
    customs = (
        custom_property("company", "tier", "string", "Tier"),
        custom_property("company", "score", "number", "Score"),
        custom_property("company", "active", "bool", "Active"),
        custom_property("company", "signed_on", "date", "Signed on"),
        custom_property("company", "last_login", "datetime", "Last login"),
        custom_property("company", "plan", "enumeration", "Plan", (("free", "Free"), ("pro", "Pro"))),
        custom_property("company", "sponsor", "user", "Sponsor"),
        custom_property("company", "code", "enumeration", "Code"),
    )
    return {p.name: p for p in standard_properties("company")} | {p.name: p for p in customs}


def make_workspace(session: Session, **overrides) -> WorkspaceSettings:
    """The single workspace row (id 1); replaces field values when it already exists."""
    ws = session.get(WorkspaceSettings, 1)
    values = dict(account_created_on=date(2024, 6, 1), owner_property="owner_id", projects_object="project")
    values.update(overrides)
    if ws is None:
        ws = WorkspaceSettings(id=1, **values)
        session.add(ws)
    else:
        for key, value in values.items():
            setattr(ws, key, value)
    session.flush()
    return ws


def make_object_type(session: Session, key: str, **overrides) -> ObjectType:
    """An object type row; built-in keys get their usual labels."""
    row = session.scalar(select(ObjectType).where(ObjectType.key == key))
    if row is not None:
        return row
    builtin = {k: (d.singular, d.plural, d.has_pipeline) for k, d in OBJECT_TYPES.items() if d.listed}
    singular, plural, has_pipeline = builtin.get(key, (key.title(), f"{key.title()}s", True))
    values = dict(key=key, singular=singular, plural=plural, is_custom=key not in builtin, has_pipeline=has_pipeline)
    values.update(overrides)
    row = ObjectType(**values)
    session.add(row)
    session.flush()
    return row


def make_pipeline(
    session: Session, object_type: str = "deal", name: str | None = None, stages=("New", "Won"), **overrides
) -> Pipeline:
    make_object_type(session, object_type)
    pipeline = Pipeline(object_type=object_type, name=name or f"Pipeline {next(_seq)}", **overrides)
    session.add(pipeline)
    session.flush()
    for i, stage in enumerate(stages):
        session.add(PipelineStage(pipeline_id=pipeline.id, name=stage, display_order=i, required_properties=[]))
    session.flush()
    return pipeline


def stages_of(session: Session, pipeline: Pipeline) -> list[PipelineStage]:
    return list(
        session.scalars(
            select(PipelineStage)
            .where(PipelineStage.pipeline_id == pipeline.id)
            .order_by(PipelineStage.display_order, PipelineStage.id)
        )
    )


def make_record(session: Session, pipeline: Pipeline, stage: PipelineStage | None = None, **overrides) -> Record:
    stage = stage or stages_of(session, pipeline)[0]
    values = dict(object_type=pipeline.object_type, name=f"Record {next(_seq)}", custom={})
    values.update(pipeline_id=pipeline.id, stage_id=stage.id)
    values.update(overrides)
    record = Record(**values)
    session.add(record)
    session.flush()
    return record


def make_team(session: Session, name: str | None = None, members=()) -> Team:
    team = Team(name=name or f"Team {next(_seq)}", members=list(members))
    session.add(team)
    session.flush()
    return team


def make_task(session: Session, *, assignee=None, **overrides) -> Task:  # noqa: ANN001
    """An open to-do (assigned to `assignee`, a user, actor or id) with `overrides` applied."""
    values = dict(
        title="Follow up",
        type="todo",
        priority="none",
        status="not_started",
        assignee_id=getattr(assignee, "id", assignee),
    )
    values.update(overrides)
    task = Task(**values)
    session.add(task)
    session.flush()
    return task


def make_health_score(session: Session, profile, company, score: float, category: str, **overrides):  # noqa: ANN001, ANN201
    """A current score of `company` (object or id) under `profile` (object or id)."""
    from cslib.models import HealthScore

    values = dict(
        profile_id=getattr(profile, "id", profile),
        object_id=getattr(company, "id", company),
        score=score,
        category=category,
        coverage=1.0,
        breakdown={},
        computed_at=datetime.now(UTC),
    )
    values.update(overrides)
    row = HealthScore(**values)
    session.add(row)
    session.flush()
    return row


def make_health_profile(session: Session, **overrides):  # noqa: ANN201
    """An active company health profile (thresholds 70 / 40, an empty definition)."""
    from cslib.models import HealthProfile

    values = dict(
        name=f"Profile {next(_seq)}",
        object_type="company",
        status="active",
        priority=1,
        definition={"groups": []},
        thresholds={"healthy": 70, "neutral": 40},
    )
    values.update(overrides)
    profile = HealthProfile(**values)
    session.add(profile)
    session.flush()
    return profile


def make_alert(session: Session, company, profile, *, raised_at: datetime | None = None, **overrides):  # noqa: ANN001, ANN201
    """A new down-alert (Healthy 75 → At risk 35) on `company` under `profile` (objects or ids),
    raised at `raised_at` (now by default) and expiring 14 days later."""
    from datetime import timedelta

    from cslib.models import Alert

    raised = raised_at or datetime.now(UTC)
    values = dict(
        object_type="company",
        object_id=getattr(company, "id", company),
        profile_id=getattr(profile, "id", profile),
        direction="down",
        old_category="healthy",
        new_category="at_risk",
        old_score=75.0,
        new_score=35.0,
        raised_at=raised,
        expires_at=raised + timedelta(days=14),
        stage="new",
    )
    values.update(overrides)
    alert = Alert(**values)
    session.add(alert)
    session.flush()
    return alert


def make_score_history(session: Session, profile, company, days, events=()) -> None:  # noqa: ANN001
    """Sparse daily scores of `company` under `profile` (objects or ids): `days` are (date,
    score) pairs (category from the default thresholds); `events` are dicts of
    HealthScoreEvent fields (at, old_score, new_score, reason, …; categories filled in)."""
    from cslib.models import HealthScoreDaily, HealthScoreEvent

    def category(score: float | None) -> str | None:
        return None if score is None else "healthy" if score >= 70 else "neutral" if score >= 40 else "at_risk"

    pid, cid = getattr(profile, "id", profile), getattr(company, "id", company)
    for day, score in days:
        session.add(HealthScoreDaily(profile_id=pid, object_id=cid, day=day, score=score, category=category(score)))
    for event in events:
        values = dict(profile_id=pid, object_id=cid, old_score=None, reason={"trigger": "schedule", "changes": []})
        values.update(event)
        values.setdefault("old_category", category(values["old_score"]))
        values.setdefault("new_category", category(values["new_score"]))
        session.add(HealthScoreEvent(**values))
    session.flush()


# The sample profile definition of the health contract: a property group (a condition and a
# linear criterion on NPS) and an event group (meetings, recency, open tickets).
_HEALTH_SENTIMENT = {
    "key": "g1",
    "name": "Sentiment",
    "kind": "property",
    "max_points": 40,
    "criteria": [
        {
            "key": "c1",
            "kind": "property_condition",
            "label": "Low NPS",
            "filter": {"all": [{"property": "nps", "operator": "lte", "value": 6}]},
            "points": -20,
        },
        {
            "key": "c2",
            "kind": "property_linear",
            "label": "NPS",
            "property": "nps",
            "low": 0,
            "high": 10,
            "points_low": 0,
            "points_high": 40,
        },
    ],
}
_HEALTH_ENGAGEMENT = {
    "key": "g2",
    "name": "Engagement",
    "kind": "event",
    "max_points": 60,
    "criteria": [
        {
            "key": "c3",
            "kind": "event_count",
            "label": "Meetings in the last 90 days",
            "event": "meeting",
            "window_days": 90,
            "bands": [{"min": 1, "points": 10}, {"min": 3, "points": 25}],
        },
        {
            "key": "c4",
            "kind": "recency",
            "label": "Days since last activity",
            "event": "any",
            "bands": [{"max_days": 14, "points": 25}, {"max_days": 30, "points": 15}],
            "otherwise": 0,
        },
        {
            "key": "c5",
            "kind": "open_tickets",
            "label": "Open tickets",
            "bands": [{"min": 0, "points": 10}, {"min": 2, "points": 5}, {"min": 5, "points": 0}],
        },
    ],
}
HEALTH_DEFINITION = {"groups": [_HEALTH_SENTIMENT, _HEALTH_ENGAGEMENT]}
