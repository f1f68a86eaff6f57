"""Pipelines and stages: listing, admin edits, refusals while records use them, and the
required properties of a stage."""

import pytest
from sqlalchemy import select

from cslib import records
from cslib.errors import ConflictError, NotFound, ValidationError
from cslib.models import Pipeline, PipelineStage, WorkspaceSettings, utcnow
from cslib.permissions import PermissionDenied
from cslib.properties import add_property, create_custom_object
from tests.factories import make_actor, make_pipeline, make_record, make_workspace, stages_of


@pytest.fixture
def admin(session):
    return make_actor(session, manage_settings=True)


def _names(session, pipeline):
    return [s.name for s in stages_of(session, pipeline)]


def test_list_pipelines_gives_stages_in_order_with_record_counts(session):
    csm = make_actor(session)
    sales = make_pipeline(session, "deal", "Sales", stages=("New", "Demo", "Won"))
    make_pipeline(session, "deal", "Partners", display_order=1)
    make_pipeline(session, "project", "Onboarding")
    new, demo, _ = stages_of(session, sales)
    make_record(session, sales, new)
    make_record(session, sales, demo)
    make_record(session, sales, demo)
    make_record(session, sales, demo, deleted_at=utcnow())  # deleted records do not count
    infos = records.list_pipelines(session, csm, "deal")
    assert [p.name for p in infos] == ["Sales", "Partners"]
    assert [(s.name, s.record_count) for s in infos[0].stages] == [("New", 1), ("Demo", 2), ("Won", 0)]
    assert infos[0].record_count == 3
    frame = records.stages_frame(session, infos[0])
    assert list(frame["Stage"]) == ["New", "Demo", "Won"] and list(frame["Order"]) == [1, 2, 3]
    uncounted = records.list_pipelines(session, csm, "deal", counts=False)  # the tabs' drop-downs
    assert [[(s.name, s.record_count) for s in p.stages] for p in uncounted][0] == [("New", 0), ("Demo", 0), ("Won", 0)]


def test_listing_needs_workspace_access_and_a_pipeline_object(session):
    nobody = make_actor(session, workspace_access=False)
    with pytest.raises(PermissionDenied):
        records.list_pipelines(session, nobody, "deal")
    with pytest.raises(ValidationError, match="“company” records have no pipelines."):
        records.list_pipelines(session, make_actor(session), "company")


@pytest.mark.parametrize(
    "flags", [{}, {"has_service_seat": False}, {"manage_settings": True, "workspace_access": False}]
)
def test_people_without_the_settings_permission_cannot_edit_pipelines(session, flags):
    csm = make_actor(session, **flags)
    p = make_pipeline(session, "deal", "Sales", stages=("New", "Won"))
    new, won = stages_of(session, p)
    calls = [
        lambda: records.create_pipeline(session, csm, "deal", "Other", ["A"]),
        lambda: records.rename_pipeline(session, csm, p.id, "Renamed"),
        lambda: records.delete_pipeline(session, csm, p.id),
        lambda: records.add_stage(session, csm, p.id, "Lost"),
        lambda: records.rename_stage(session, csm, new.id, "Fresh"),
        lambda: records.move_stage(session, csm, won.id, "up"),
        lambda: records.delete_stage(session, csm, won.id),
        lambda: records.set_stage_flags(session, csm, won.id, is_closed=True, is_won=True, probability=1),
        lambda: records.set_required_properties(session, csm, won.id, ["amount"]),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied, match="Manage customer success settings"):
            call()
    assert _names(session, p) == ["New", "Won"] and session.get(Pipeline, p.id).name == "Sales"


def test_a_super_admin_without_a_seat_configures_pipelines(session):
    seatless = make_actor(session, is_super_admin=True, has_service_seat=False)
    created = records.create_pipeline(session, seatless, "ticket", "Support", ["Open", "Closed"])
    assert _names(session, created) == ["Open", "Closed"]


def test_create_pipeline_validates_name_stages_and_object(session, admin):
    make_pipeline(session, "deal", "Sales")
    with pytest.raises(ValidationError, match="There is already a pipeline called “sales”."):
        records.create_pipeline(session, admin, "deal", "sales", ["A"])
    with pytest.raises(ValidationError, match="A pipeline needs at least one stage."):
        records.create_pipeline(session, admin, "deal", "Other", ["  ", ""])
    with pytest.raises(ValidationError, match="Two stages have the same name."):
        records.create_pipeline(session, admin, "deal", "Other", ["A", "a"])
    with pytest.raises(ValidationError, match="Pipeline name cannot be empty."):
        records.create_pipeline(session, admin, "deal", "  ", ["A"])
    with pytest.raises(ValidationError, match="records have no pipelines"):
        records.create_pipeline(session, admin, "company", "X", ["A"])
    # The same name on another object is fine; built-in object rows are created on demand.
    assert records.create_pipeline(session, admin, "subscription", "Sales", ["A"]).id


def test_rename_and_delete_pipeline(session, admin):
    sales = make_pipeline(session, "deal", "Sales")
    spare = make_pipeline(session, "deal", "Spare")
    make_workspace(session, revenue_pipeline_ids=[sales.id, spare.id])
    records.rename_pipeline(session, admin, spare.id, "Partners", expected_version=spare.version)
    assert session.get(Pipeline, spare.id).name == "Partners"
    with pytest.raises(ValidationError, match="There is already a pipeline called “Sales”."):
        records.rename_pipeline(session, admin, spare.id, "Sales")
    records.delete_pipeline(session, admin, spare.id)
    assert session.get(Pipeline, spare.id) is None
    assert session.get(WorkspaceSettings, 1).revenue_pipeline_ids == [sales.id]
    with pytest.raises(ValidationError, match="only pipeline of its object"):
        records.delete_pipeline(session, admin, sales.id)
    with pytest.raises(NotFound):
        records.delete_pipeline(session, admin, spare.id)


def test_a_pipeline_with_records_cannot_be_deleted(session, admin):
    sales = make_pipeline(session, "deal", "Sales")
    make_pipeline(session, "deal", "Other")
    for _ in range(3):
        make_record(session, sales)
    with pytest.raises(ValidationError) as exc:
        records.delete_pipeline(session, admin, sales.id)
    assert str(exc.value) == "3 deals are still in this pipeline. Move them first."
    tickets = make_pipeline(session, "ticket", "Support")
    make_pipeline(session, "ticket", "Other")
    make_record(session, tickets)
    with pytest.raises(ValidationError, match="^1 ticket is still in this pipeline. Move them first.$"):
        records.delete_pipeline(session, admin, tickets.id)
    assert session.get(Pipeline, sales.id) is not None


def test_stages_are_added_renamed_moved_and_deleted(session, admin):
    p = make_pipeline(session, "deal", "Sales", stages=("New", "Demo", "Won"))
    records.add_stage(session, admin, p.id, "Lost", is_closed=True, probability=0)
    assert _names(session, p) == ["New", "Demo", "Won", "Lost"]
    new, demo, won, lost = stages_of(session, p)
    records.rename_stage(session, admin, demo.id, "Demo booked")
    records.move_stage(session, admin, lost.id, "up")
    assert _names(session, p) == ["New", "Demo booked", "Lost", "Won"]
    records.move_stage(session, admin, new.id, "down")
    assert _names(session, p) == ["Demo booked", "New", "Lost", "Won"]
    records.delete_stage(session, admin, new.id)
    assert _names(session, p) == ["Demo booked", "Lost", "Won"]
    assert [s.display_order for s in stages_of(session, p)] == [0, 1, 2]
    with pytest.raises(ValidationError, match="“Demo booked” is already the first stage."):
        records.move_stage(session, admin, demo.id, "up")
    with pytest.raises(ValidationError, match="“Won” is already the last stage."):
        records.move_stage(session, admin, won.id, "down")
    with pytest.raises(ValidationError, match="already has a stage called “won”"):
        records.add_stage(session, admin, p.id, "won")
    with pytest.raises(ValidationError, match="already has a stage called “Lost”"):
        records.rename_stage(session, admin, won.id, "Lost")


def test_stages_with_records_and_the_last_stage_stay(session, admin):
    p = make_pipeline(session, "deal", "Sales", stages=("New", "Won"))
    new, won = stages_of(session, p)
    make_record(session, p, won)
    make_record(session, p, won)
    with pytest.raises(ValidationError, match="^2 deals are still in this stage. Move them first.$"):
        records.delete_stage(session, admin, won.id)
    records.delete_stage(session, admin, new.id)
    solo = make_pipeline(session, "project", "Solo", stages=("Only",))
    with pytest.raises(ValidationError, match="A pipeline needs at least one stage."):
        records.delete_stage(session, admin, stages_of(session, solo)[0].id)


def test_stage_flags(session, admin):
    p = make_pipeline(session, "deal", "Sales", stages=("New", "Won"))
    _, won = stages_of(session, p)
    records.set_stage_flags(session, admin, won.id, is_closed=True, is_won=True, probability=1.0)
    stage = session.get(PipelineStage, won.id)
    assert (stage.is_closed, stage.is_won, stage.probability) == (True, True, 1.0)
    with pytest.raises(ValidationError, match="A won stage must also be closed."):
        records.set_stage_flags(session, admin, won.id, is_closed=False, is_won=True, probability=None)
    with pytest.raises(ValidationError, match="between 0% and 100%"):
        records.set_stage_flags(session, admin, won.id, is_closed=True, is_won=False, probability=1.5)


def test_every_stage_change_moves_the_pipeline_version_and_stale_edits_conflict(session, admin):
    p = make_pipeline(session, "deal", "Sales", stages=("New", "Won"))
    new, won = stages_of(session, p)
    v0 = p.version
    records.rename_stage(session, admin, new.id, "Fresh", expected_version=v0)
    assert session.get(Pipeline, p.id).version == v0 + 1
    stale = [
        lambda: records.rename_stage(session, admin, new.id, "Again", expected_version=v0),
        lambda: records.add_stage(session, admin, p.id, "Lost", expected_version=v0),
        lambda: records.move_stage(session, admin, won.id, "up", expected_version=v0),
        lambda: records.delete_stage(session, admin, won.id, expected_version=v0),
        lambda: records.set_required_properties(session, admin, won.id, ["amount"], expected_version=v0),
        lambda: records.rename_pipeline(session, admin, p.id, "Other", expected_version=v0),
    ]
    for call in stale:
        with pytest.raises(ConflictError, match="Someone else changed this pipeline since you opened it"):
            call()
    assert _names(session, p) == ["Fresh", "Won"]


def test_required_properties_are_checked_against_the_object(session, admin):
    p = make_pipeline(session, "deal", "Sales", stages=("New", "Won"))
    _, won = stages_of(session, p)
    add_property(session, admin, "deal", name="signed_contract", label="Signed contract", type="bool")
    records.set_required_properties(session, admin, won.id, ["amount", "close_date", "signed_contract", "amount"])
    assert session.get(PipelineStage, won.id).required_properties == ["amount", "close_date", "signed_contract"]
    with pytest.raises(ValidationError, match="There is no property “colour” on these records."):
        records.set_required_properties(session, admin, won.id, ["colour"])
    with pytest.raises(ValidationError, match="“Create date” is set automatically and cannot be required."):
        records.set_required_properties(session, admin, won.id, ["created_at"])
    with pytest.raises(ValidationError, match="“Stage” is set automatically"):
        records.set_required_properties(session, admin, won.id, ["stage_id"])
    names = [n for n, _ in records.requirable_properties(session, "deal")]
    assert "amount" in names and "signed_contract" in names and "created_at" not in names and "id" not in names
    frame = records.stages_frame(session, records.list_pipelines(session, admin, "deal")[0])
    assert frame.loc[1, "Required properties"] == "Amount, Close date, Signed contract"


def test_missing_required_properties_lists_labels_of_what_the_record_lacks(session, admin):
    p = make_pipeline(session, "deal", "Sales", stages=("New", "Won"))
    new, won = stages_of(session, p)
    add_property(session, admin, "deal", name="signed_contract", label="Signed contract", type="bool")
    add_property(session, admin, "deal", name="po_number", label="PO number", type="string")
    records.set_required_properties(session, admin, won.id, ["amount", "close_date", "signed_contract", "po_number"])
    record = make_record(session, p, new, amount=1200.0, custom={"signed_contract": False, "po_number": "  "})
    assert records.missing_required_properties(session, record, won.id) == ["Close date", "PO number"]
    assert records.missing_required_properties(session, record, new.id) == []
    filled = {"amount": 0, "close_date": "2026-01-01", "signed_contract": True, "po_number": "PO-1"}
    assert records.missing_required_properties(session, filled, won.id) == []
    with pytest.raises(NotFound):
        records.missing_required_properties(session, record, 999_999)


def test_custom_objects_have_pipelines_too(session, admin):
    create_custom_object(session, admin, singular="Onboarding", plural="Onboardings", stage_names=["Kick-off", "Live"])
    assert ("onboarding", "Onboardings") in records.pipeline_object_choices(session)
    assert [k for k, _ in records.pipeline_object_choices(session)][:5] == [
        "deal",
        "subscription",
        "project",
        "service",
        "ticket",
    ]
    [info] = records.list_pipelines(session, admin, "onboarding")
    assert info.name == "Onboardings pipeline" and [s.name for s in info.stages] == ["Kick-off", "Live"]
    created = records.create_pipeline(session, admin, "onboarding", "Enterprise", ["Plan"])
    rows = session.scalars(select(Pipeline.name).where(Pipeline.object_type == "onboarding").order_by(Pipeline.id))
    assert list(rows) == ["Onboardings pipeline", "Enterprise"] and created.display_order == 1
    record = make_record(session, created)
    with pytest.raises(ValidationError, match="^1 onboarding is still in this pipeline"):
        records.delete_pipeline(session, admin, created.id)
    assert record.object_type == "onboarding"
