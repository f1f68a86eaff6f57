"""Moving a record to another stage of its pipeline (a card dragged on the board, or "Move
to stage…"), through the one write path: the stage and the values the move's form asked
for are saved in one `records.update_properties` call, which checks them, refuses a stale
move with its conflict message and writes one property-history row per changed value.

A stage may require (dependent) properties: `required_for_move` says which ones the form
must ask for; `move_record` refuses the move with `MissingProperties` while any is empty.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from babel.lists import format_list
from sqlalchemy.orm import Session

from cslib import i18n
from cslib.errors import NotFound, ValidationError, quote
from cslib.i18n import _
from cslib.models import PipelineStage
from cslib.permissions import EDIT_DENIED, Actor, can_edit_records, require
from cslib.properties import PropertySpec, properties_for
from cslib.records import (
    NOT_REQUIRABLE,
    Snapshot,
    coerce,
    missing_required_properties,
    snapshot,
    update_properties,
)
from cslib.validation import parse_int


class MissingProperties(ValidationError):
    """The target stage requires properties the record lacks; `properties` are their specs,
    in the stage's order (the form asks for them)."""

    def __init__(self, stage: str, properties: tuple[PropertySpec, ...]):
        self.stage = stage
        self.properties = properties
        labels = format_list([p.label for p in properties], locale=i18n.locale_for())
        # TRANSLATORS: {stage} is a pipeline stage's name, {properties} a list of property labels joined
        # the reader's way ("Amount and Close date"), e.g. "Closed won needs Amount and Close date."
        super().__init__(_("{stage} needs {properties}.", stage=stage, properties=labels))


def required_for_move(
    session: Session, actor: Actor, object_type: str, record_id: int, stage_id: int
) -> tuple[PropertySpec, ...]:
    """The properties stage `stage_id` requires that the record lacks: what the move's form
    asks for (empty when the move needs nothing more, or is no move at all)."""
    require(can_edit_records(actor), EDIT_DENIED)
    record = snapshot(session, actor, object_type, record_id)
    stage = _target_stage(session, record, stage_id)
    if stage.id == record.values.get("stage_id"):
        return ()
    return _missing(session, object_type, stage, record.values)


def move_record(
    session: Session,
    actor: Actor,
    object_type: str,
    record_id: int,
    stage_id: int,
    *,
    expected_version: int,
    values: Mapping[str, object] | None = None,
    now: datetime | None = None,
) -> int:
    """Move the record to stage `stage_id` of its pipeline, with `values` (property name →
    value) filled in by the move's form (a pipeline or stage among them is ignored: the
    move sets the stage); returns the record's new version. Moving to the stage it is in
    changes nothing. Refused with MissingProperties while a property the stage requires
    is empty, with ConflictError when the record changed since `expected_version` was read."""
    require(can_edit_records(actor), EDIT_DENIED)
    record = snapshot(session, actor, object_type, record_id)
    stage = _target_stage(session, record, stage_id)
    if stage.id == record.values.get("stage_id"):
        return record.version
    values = {name: value for name, value in (values or {}).items() if name not in NOT_REQUIRABLE}
    if record.version == expected_version:
        # A stale move skips this: update_properties refuses it with the conflict message,
        # which matters more than a form the record's newer values may not need.
        props = properties_for(session, object_type)
        given = {name: coerce(session, props[name], raw) for name, raw in values.items() if name in props}
        missing = _missing(session, object_type, stage, record.values | given)
        if missing:
            raise MissingProperties(stage.name, missing)
    changes = {"stage_id": stage.id, **values}
    return update_properties(
        session, actor, object_type, record.id, changes, expected_version=expected_version, now=now
    )


def _target_stage(session: Session, record: Snapshot, stage_id: object) -> PipelineStage:
    number = parse_int(stage_id)
    stage = session.get(PipelineStage, number) if number is not None else None
    if stage is None:
        raise NotFound(_("That stage does not exist (any more)."))
    if stage.pipeline_id != record.values.get("pipeline_id"):
        raise ValidationError(
            _("The stage {stage} belongs to another pipeline than this record's.", stage=quote(stage.name))
        )
    return stage


def _missing(
    session: Session, object_type: str, stage: PipelineStage, values: Mapping[str, object]
) -> tuple[PropertySpec, ...]:
    """The specs of the properties `stage` requires that `values` lacks, in the stage's
    order. Which are missing is decided by `records.missing_required_properties` (empty
    text counts as missing; False and 0 do not), which names them by label."""
    labels = set(missing_required_properties(session, dict(values), stage.id))
    if not labels:
        return ()
    props = properties_for(session, object_type)
    required = [props[name] for name in stage.required_properties or () if name in props]
    return tuple(spec for spec in required if spec.label in labels)
