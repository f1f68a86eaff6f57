"""Pipelines and their stages for deals, subscriptions, projects, services, tickets and
custom objects, as every tab reads them, and the required (dependent) properties a record
needs before it may enter a stage. Admins edit them through `pipeline_admin`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cslib.errors import NotFound, ValidationError
from cslib.i18n import N_, _
from cslib.models import Pipeline, PipelineStage, Record, live
from cslib.permissions import Actor
from cslib.properties import (
    ObjectTypeInfo,
    list_object_types,
    properties_for,
)
from cslib.validation import require_workspace

PIPELINE_CONFLICT = N_("Someone else changed this pipeline since you opened it. Reload to see their changes.")
STAGE_TAKEN = N_("This pipeline already has a stage called “{name}”.")
ONE_STAGE_AT_LEAST = N_("A pipeline needs at least one stage.")
STAGE_GONE = N_("That stage does not exist (any more).")
# Always set on a pipeline record, so requiring them means nothing.
NOT_REQUIRABLE = frozenset({"pipeline_id", "stage_id"})


@dataclass(frozen=True)
class StageInfo:
    id: int
    name: str
    display_order: int
    probability: float | None
    is_closed: bool
    is_won: bool
    required_properties: tuple[str, ...]
    record_count: int


@dataclass(frozen=True)
class PipelineInfo:
    id: int
    object_type: str
    name: str
    display_order: int
    version: int
    stages: tuple[StageInfo, ...]

    @property
    def record_count(self) -> int:
        return sum(s.record_count for s in self.stages)


def pipeline_object_choices(session: Session) -> list[tuple[str, str]]:
    """(key, plural label) of objects with pipelines: the built-in ones, then custom objects."""
    return [(o.key, o.plural) for o in _pipeline_objects(session).values()]


def _pipeline_objects(session: Session) -> dict[str, ObjectTypeInfo]:
    return {o.key: o for o in list_object_types(session) if o.has_pipeline}


def pipeline_object(session: Session, object_type: str) -> ObjectTypeInfo:
    info = _pipeline_objects(session).get(object_type)
    if info is None:
        raise ValidationError(_("“{object}” records have no pipelines.", object=object_type))
    return info


def ordered_stages(session: Session, pipeline_id: int) -> list[PipelineStage]:
    return list(
        session.scalars(
            select(PipelineStage)
            .where(PipelineStage.pipeline_id == pipeline_id)
            .order_by(PipelineStage.display_order, PipelineStage.id)
        )
    )


def list_pipelines(session: Session, actor: Actor, object_type: str, *, counts: bool = True) -> list[PipelineInfo]:
    """Pipelines of `object_type` in order, each with its stages and (with `counts`; it
    reads every record of the type) their record counts, else zero."""
    require_workspace(actor)
    pipeline_object(session, object_type)
    pipelines = session.scalars(
        select(Pipeline).where(Pipeline.object_type == object_type).order_by(Pipeline.display_order, Pipeline.id)
    ).all()
    by_stage = select(Record.stage_id, func.count()).where(Record.object_type == object_type, live(Record))
    counts = dict(session.execute(by_stage.group_by(Record.stage_id)).all()) if counts else {}
    out = []
    for p in pipelines:
        stages = tuple(_stage_info(s, int(counts.get(s.id, 0))) for s in ordered_stages(session, p.id))
        out.append(PipelineInfo(p.id, p.object_type, p.name, p.display_order, p.version, stages))
    return out


def _stage_info(s: PipelineStage, count: int) -> StageInfo:
    required = tuple(s.required_properties or ())
    return StageInfo(s.id, s.name, s.display_order, s.probability, s.is_closed, s.is_won, required, count)


def requirable_properties(session: Session, object_type: str) -> list[tuple[str, str]]:
    """(name, label) of properties a stage may require: editable ones except pipeline and stage."""
    return [
        (p.name, p.label)
        for p in properties_for(session, object_type).values()
        if not p.readonly and p.name not in NOT_REQUIRABLE
    ]


def stages_frame(session: Session, pipeline: PipelineInfo) -> pd.DataFrame:
    """The stages table of the settings page, with property labels instead of names. The
    column names are stable keys; the page heads them in the reader's language."""
    labels = {p.name: p.label for p in properties_for(session, pipeline.object_type).values()}
    cols = ["Order", "Stage", "Closed", "Won", "Probability", "Required properties", "Records"]
    rows = []
    for i, s in enumerate(pipeline.stages):
        required = ", ".join(labels.get(n, n) for n in s.required_properties)
        rows.append((i + 1, s.name, s.is_closed, s.is_won, s.probability, required, s.record_count))
    return pd.DataFrame(rows, columns=cols)


def _value(record: object, name: str, custom: bool) -> object:
    if isinstance(record, Mapping):
        return record.get(name)
    if not custom:
        return getattr(record, name, None)
    return (getattr(record, "custom", None) or {}).get(name)


def missing_required_properties(session: Session, record: object, stage_id: int) -> list[str]:
    """Labels of the properties `stage_id` requires that `record` (a Record, or a mapping of
    property name to value) lacks. Empty text counts as missing; False and 0 do not."""
    stage = session.get(PipelineStage, stage_id)
    if stage is None:
        raise NotFound(_(STAGE_GONE))
    required = stage.required_properties or []
    if not required:
        return []
    object_type = session.scalar(select(Pipeline.object_type).where(Pipeline.id == stage.pipeline_id))
    props = properties_for(session, object_type)
    missing = []
    for name in required:
        spec = props.get(name)
        if spec is None:  # the property was deleted since; nothing to ask for
            continue
        value = _value(record, name, spec.custom)
        if value is None or (isinstance(value, str) and not value.strip()) or value == []:
            missing.append(spec.label)
    return missing
