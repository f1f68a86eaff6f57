"""Pipelines and stages edited by admins (Settings › Pipelines): create, rename and delete
pipelines; add, rename, move and delete stages; closed/won flags, probabilities and the
properties a record needs before it may enter a stage. Reading pipelines is `pipelines`."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from cslib.errors import NotFound, ValidationError
from cslib.i18n import _, ngettext, percent
from cslib.models import Pipeline, PipelineStage, Record, WorkspaceSettings, live
from cslib.permissions import Actor
from cslib.properties import ensure_builtin_object_types, properties_for
from cslib.records.pipelines import (
    NOT_REQUIRABLE,
    ONE_STAGE_AT_LEAST,
    PIPELINE_CONFLICT,
    STAGE_GONE,
    STAGE_TAKEN,
    ordered_stages,
    pipeline_object,
)
from cslib.validation import check_version, clean_text, flushing, require_settings


def _still_in(session: Session, object_type: str, n: int, *, stage: bool) -> str:
    info = pipeline_object(session, object_type)
    names = {"object": info.singular.lower(), "objects": info.plural.lower()}
    if stage:
        return ngettext(
            "{n} {object} is still in this stage. Move them first.",
            "{n} {objects} are still in this stage. Move them first.",
            n,
            **names,
        )
    return ngettext(
        "{n} {object} is still in this pipeline. Move them first.",
        "{n} {objects} are still in this pipeline. Move them first.",
        n,
        **names,
    )


def _pipeline_name(session: Session, object_type: str, name: str, except_id: int | None = None) -> str:
    name = clean_text(name, _("Pipeline name"), 120)
    clash = select(Pipeline.id).where(Pipeline.object_type == object_type, func.lower(Pipeline.name) == name.lower())
    if except_id is not None:
        clash = clash.where(Pipeline.id != except_id)
    if session.scalar(clash) is not None:
        raise ValidationError(_("There is already a pipeline called “{name}”.", name=name))
    return name


def _stage_names(names: Iterable[str]) -> list[str]:
    stages = [clean_text(s, _("Stage name"), 120) for s in names or [] if str(s or "").strip()]
    if not stages:
        raise ValidationError(_(ONE_STAGE_AT_LEAST))
    if len({s.lower() for s in stages}) != len(stages):
        raise ValidationError(_("Two stages have the same name."))
    return stages


def create_pipeline(session: Session, actor: Actor, object_type: str, name: str, stage_names: list[str]) -> Pipeline:
    """A new pipeline with stages in the given order."""
    require_settings(actor)
    info = pipeline_object(session, object_type)
    if not info.is_custom:
        ensure_builtin_object_types(session, [object_type])
    name = _pipeline_name(session, object_type, name)
    stages = _stage_names(stage_names)
    last = session.scalar(select(func.max(Pipeline.display_order)).where(Pipeline.object_type == object_type))
    pipeline = Pipeline(object_type=object_type, name=name, display_order=0 if last is None else last + 1)
    session.add(pipeline)
    session.flush()
    session.add_all(PipelineStage(pipeline_id=pipeline.id, name=s, display_order=i) for i, s in enumerate(stages))
    session.flush()
    return pipeline


def _pipeline(session: Session, pipeline_id: int, expected_version: int | None) -> Pipeline:
    pipeline = session.get(Pipeline, pipeline_id)
    if pipeline is None:
        raise NotFound(_("That pipeline does not exist (any more)."))
    check_version(pipeline.version, expected_version, PIPELINE_CONFLICT)
    return pipeline


def _save(session: Session, pipeline: Pipeline) -> None:
    """Every change to a pipeline or its stages moves the pipeline's version."""
    flag_modified(pipeline, "name")
    with flushing(session, conflict=PIPELINE_CONFLICT):
        pass


def rename_pipeline(
    session: Session, actor: Actor, pipeline_id: int, name: str, *, expected_version: int | None = None
) -> Pipeline:
    require_settings(actor)
    pipeline = _pipeline(session, pipeline_id, expected_version)
    pipeline.name = _pipeline_name(session, pipeline.object_type, name, except_id=pipeline.id)
    _save(session, pipeline)
    return pipeline


def delete_pipeline(session: Session, actor: Actor, pipeline_id: int, *, expected_version: int | None = None) -> None:
    """Remove an empty pipeline (never the object's last one) and drop it from the Revenue tab."""
    require_settings(actor)
    pipeline = _pipeline(session, pipeline_id, expected_version)
    n = session.scalar(select(func.count()).select_from(Record).where(Record.pipeline_id == pipeline.id, live(Record)))
    if n:
        raise ValidationError(_still_in(session, pipeline.object_type, n, stage=False))
    others = session.scalar(
        select(func.count())
        .select_from(Pipeline)
        .where(Pipeline.object_type == pipeline.object_type, Pipeline.id != pipeline.id)
    )
    if not others:
        raise ValidationError(_("This is the only pipeline of its object. Create another one before deleting it."))
    ws = session.get(WorkspaceSettings, 1)
    if ws is not None and pipeline.id in (ws.revenue_pipeline_ids or []):
        ws.revenue_pipeline_ids = [p for p in ws.revenue_pipeline_ids if p != pipeline.id]
    session.delete(pipeline)
    session.flush()


def _stage(session: Session, stage_id: int, expected_version: int | None) -> tuple[PipelineStage, Pipeline]:
    stage = session.get(PipelineStage, stage_id)
    if stage is None:
        raise NotFound(_(STAGE_GONE))
    return stage, _pipeline(session, stage.pipeline_id, expected_version)


def _probability(value: float | None) -> float | None:
    if value is None:
        return None
    value = float(value)
    if not 0 <= value <= 1:
        raise ValidationError(
            _("Probability must be between {low} and {high}.", low=percent(0, digits=0), high=percent(1, digits=0))
        )
    return value


def _flags(is_closed: bool, is_won: bool) -> None:
    if is_won and not is_closed:
        raise ValidationError(_("A won stage must also be closed."))


def add_stage(
    session: Session,
    actor: Actor,
    pipeline_id: int,
    name: str,
    *,
    expected_version: int | None = None,
    is_closed: bool = False,
    is_won: bool = False,
    probability: float | None = None,
) -> PipelineStage:
    """A new stage at the end of the pipeline."""
    require_settings(actor)
    pipeline = _pipeline(session, pipeline_id, expected_version)
    name = clean_text(name, _("Stage name"), 120)
    stages = ordered_stages(session, pipeline.id)
    if any(s.name.lower() == name.lower() for s in stages):
        raise ValidationError(_(STAGE_TAKEN, name=name))
    _flags(is_closed, is_won)
    stage = PipelineStage(
        pipeline_id=pipeline.id,
        name=name,
        display_order=len(stages),
        is_closed=bool(is_closed),
        is_won=bool(is_won),
        probability=_probability(probability),
        required_properties=[],
    )
    for i, s in enumerate(stages):
        s.display_order = i
    session.add(stage)
    _save(session, pipeline)
    return stage


def rename_stage(
    session: Session, actor: Actor, stage_id: int, name: str, *, expected_version: int | None = None
) -> PipelineStage:
    require_settings(actor)
    stage, pipeline = _stage(session, stage_id, expected_version)
    name = clean_text(name, _("Stage name"), 120)
    if any(s.id != stage.id and s.name.lower() == name.lower() for s in ordered_stages(session, pipeline.id)):
        raise ValidationError(_(STAGE_TAKEN, name=name))
    stage.name = name
    _save(session, pipeline)
    return stage


def move_stage(
    session: Session, actor: Actor, stage_id: int, direction: str | int, *, expected_version: int | None = None
) -> None:
    """Move a stage one place "up" (earlier, -1) or "down" (later, +1)."""
    require_settings(actor)
    step = {"up": -1, "down": 1, -1: -1, 1: 1}.get(direction)
    if step is None:
        raise ValidationError(_("A stage moves “up” or “down”."))
    stage, pipeline = _stage(session, stage_id, expected_version)
    stages = ordered_stages(session, pipeline.id)
    i = next(i for i, s in enumerate(stages) if s.id == stage.id)
    j = i + step
    if not 0 <= j < len(stages):
        raise ValidationError(
            _("“{name}” is already the first stage.", name=stage.name)
            if step < 0
            else _("“{name}” is already the last stage.", name=stage.name)
        )
    stages[i], stages[j] = stages[j], stages[i]
    for k, s in enumerate(stages):
        s.display_order = k
    _save(session, pipeline)


def delete_stage(session: Session, actor: Actor, stage_id: int, *, expected_version: int | None = None) -> None:
    """Remove an empty stage; a pipeline keeps at least one."""
    require_settings(actor)
    stage, pipeline = _stage(session, stage_id, expected_version)
    n = session.scalar(select(func.count()).select_from(Record).where(Record.stage_id == stage.id, live(Record)))
    if n:
        raise ValidationError(_still_in(session, pipeline.object_type, n, stage=True))
    stages = ordered_stages(session, pipeline.id)
    if len(stages) == 1:
        raise ValidationError(_(ONE_STAGE_AT_LEAST))
    session.delete(stage)
    for k, s in enumerate(s for s in stages if s.id != stage.id):
        s.display_order = k
    _save(session, pipeline)


def set_stage_flags(
    session: Session,
    actor: Actor,
    stage_id: int,
    *,
    is_closed: bool,
    is_won: bool,
    probability: float | None,
    expected_version: int | None = None,
) -> PipelineStage:
    """Closed / won and the win probability (0–1) of a stage."""
    require_settings(actor)
    stage, pipeline = _stage(session, stage_id, expected_version)
    _flags(is_closed, is_won)
    stage.is_closed, stage.is_won, stage.probability = bool(is_closed), bool(is_won), _probability(probability)
    _save(session, pipeline)
    return stage


def set_required_properties(
    session: Session,
    actor: Actor,
    stage_id: int,
    property_names: Iterable[str],
    *,
    expected_version: int | None = None,
) -> PipelineStage:
    """The properties a record must have before it may enter the stage."""
    require_settings(actor)
    stage, pipeline = _stage(session, stage_id, expected_version)
    props = properties_for(session, pipeline.object_type)
    names: list[str] = []
    for name in property_names:
        spec = props.get(name)
        if spec is None:
            raise ValidationError(_("There is no property “{name}” on these records.", name=name))
        if spec.readonly or name in NOT_REQUIRABLE:
            raise ValidationError(_("“{label}” is set automatically and cannot be required.", label=spec.label))
        if name not in names:
            names.append(name)
    stage.required_properties = names
    _save(session, pipeline)
    return stage
