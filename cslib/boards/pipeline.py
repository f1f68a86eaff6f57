"""What the board and the conversion strip share: who may read a board (the rules of a
record list) and the pipeline it shows, checked to belong to the tab's object."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib.errors import NotFound, ValidationError, quote
from cslib.i18n import _
from cslib.lists import SEAT_DENIED, VIEW_AS_DENIED
from cslib.models import Pipeline, PipelineStage, Record
from cslib.permissions import READ_DENIED, Actor, can_use_workspace, can_view_as, has_full_use, require
from cslib.properties import list_object_types, model_for
from cslib.validation import parse_int


def check_reader(actor: Actor, me: int | None) -> None:
    """The checks of a record list: workspace access, a seat (or the admin's view-as), and
    only admins viewing as someone else may let "me" mean another user."""
    require(can_use_workspace(actor), READ_DENIED)
    require(has_full_use(actor) or can_view_as(actor), SEAT_DENIED)
    if me is not None and me != actor.id:
        require(can_view_as(actor), VIEW_AS_DENIED)


def pipeline_stages(session: Session, object_type: str, pipeline_id: object) -> tuple[int, list[PipelineStage]]:
    """The id of pipeline `pipeline_id` and its stages in display order, once it is known
    to be a pipeline of `object_type`: NotFound when there is no such pipeline,
    ValidationError when it holds another kind of record."""
    number = parse_int(pipeline_id)
    pipeline = session.get(Pipeline, number) if number is not None else None
    if pipeline is None:
        raise NotFound(_("That pipeline does not exist (any more)."))
    if pipeline.object_type != object_type or model_for(object_type) is not Record:
        plural = {o.key: o.plural for o in list_object_types(session)}.get(object_type, object_type)
        raise ValidationError(
            _("The pipeline {pipeline} does not hold {objects}.", pipeline=quote(pipeline.name), objects=plural)
        )
    return pipeline.id, list(
        session.scalars(
            select(PipelineStage)
            .where(PipelineStage.pipeline_id == pipeline.id)
            .order_by(PipelineStage.display_order, PipelineStage.id)
        )
    )


def is_lost(stage: PipelineStage) -> bool:
    """A closed stage that is not won (Closed lost, Churned, Cancelled)."""
    return bool(stage.is_closed and not stage.is_won)
