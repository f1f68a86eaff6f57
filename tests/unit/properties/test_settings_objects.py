"""Custom objects and custom properties."""

import subprocess
import sys

import pytest
from sqlalchemy import select

from cslib import properties
from cslib.errors import NotFound, ValidationError
from cslib.models import ObjectType, Pipeline, PipelineStage, PropertyDefinition
from cslib.permissions import PermissionDenied
from cslib.properties import properties_for
from cslib.records import list_pipelines, set_required_properties
from tests.factories import make_actor, make_pipeline, make_workspace, stages_of

PROPS = [
    {"name": "go_live", "label": "Go-live date", "type": "date"},
    {"name": "", "label": "Plan tier", "type": "enumeration", "options": "Gold, Silver,\nBronze"},
    {"name": "consultant", "label": "Consultant", "type": "user", "options": None},
]


@pytest.fixture
def admin(session):
    return make_actor(session, manage_settings=True)


def _create(session, actor, **kw):
    values = dict(
        singular="Onboarding Plan", plural="Onboarding Plans", properties=PROPS, stage_names=["Kick-off", "Live"]
    )
    values.update(kw)
    return properties.create_custom_object(session, actor, **values)


def test_create_custom_object_with_properties_and_a_pipeline(session, admin):
    obj = _create(session, admin)
    assert (obj.key, obj.is_custom, obj.has_pipeline) == ("onboarding_plan", True, True)
    props = properties_for(session, "onboarding_plan")
    assert props["go_live"].label == "Go-live date" and props["go_live"].custom
    assert props["plan_tier"].options == (("gold", "Gold"), ("silver", "Silver"), ("bronze", "Bronze"))
    assert props["consultant"].type == "user"
    assert props["name"].label == "Name"  # standard record properties come with it
    [pipeline] = list_pipelines(session, admin, "onboarding_plan")
    assert [s.name for s in pipeline.stages] == ["Kick-off", "Live"]
    infos = properties.list_object_types(session)
    assert [o.key for o in infos][:7] == ["company", "contact", "deal", "subscription", "project", "service", "ticket"]
    assert properties.object_type_info(session, "onboarding_plan").plural == "Onboarding Plans"
    frame = properties.list_custom_properties(session, "onboarding_plan")
    assert list(frame["label"]) == ["Go-live date", "Plan tier", "Consultant"]
    assert frame.loc[1, "type"] == "Dropdown select" and frame.loc[1, "options"] == "Gold, Silver, Bronze"


@pytest.mark.parametrize(
    ("singular", "key"),
    [
        ("Café Visit", "cafe_visit"),
        ("  QBR  ", "qbr"),
        ("Go-Live / Launch", "go_live_launch"),
        ("2024 Audit", "obj_2024_audit"),
    ],
)
def test_keys_are_lower_snake_case_ascii(session, admin, singular, key):
    assert _create(session, admin, singular=singular, plural=f"{singular} list", properties=[]).key == key


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"singular": "Deal", "plural": "Deal things"}, "“Deal” is a built-in object. Pick another name."),
        ({"singular": "ticket", "plural": "Ticket things"}, "is a built-in object"),
        ({"singular": "Task", "plural": "Task things"}, "is a built-in object"),
        ({"singular": "!!!", "plural": "Bangs"}, "needs at least one letter or digit"),
        ({"singular": " "}, "Singular name cannot be empty."),
        ({"plural": "x" * 101}, "Plural name can be at most 100 characters"),
        ({"plural": "Companies"}, "Another object is already called “Companies”."),
        ({"stage_names": []}, "Add at least one pipeline stage, one per line."),
        ({"stage_names": ["A", " a "]}, "Two stages have the same name."),
        (
            {"properties": [{"name": "tier", "label": "Tier", "type": "enumeration", "options": ""}]},
            "The dropdown property “Tier” needs at least one option.",
        ),
        ({"properties": [{"name": "tier", "label": "Tier", "type": "colour"}]}, "“colour” is not a property type"),
        ({"properties": [{"name": "Bad Name", "label": "Bad", "type": "string"}]}, "must start with a letter"),
        (
            {"properties": [{"name": "amount", "label": "Money", "type": "number"}]},
            "There is already a property named “amount”.",
        ),
        (
            {
                "properties": [
                    {"name": "a", "label": "A", "type": "string"},
                    {"name": "a", "label": "B", "type": "text"},
                ]
            },
            "There is already a property named “a”.",
        ),
        ({"properties": [{"name": "x", "label": " ", "type": "string"}]}, "Property label cannot be empty."),
        ({"properties": [{"name": "x", "label": "X", "type": "enumeration", "options": "A, a"}]}, "same name"),
    ],
)
def test_create_custom_object_validation(session, admin, fields, message):
    with pytest.raises(ValidationError, match=message):
        _create(session, admin, **fields)
    assert session.scalar(select(ObjectType).where(ObjectType.is_custom)) is None


def test_custom_object_keys_are_unique(session, admin):
    _create(session, admin)
    with pytest.raises(ValidationError, match="A custom object “onboarding plan” already exists."):
        _create(session, admin, singular="onboarding plan", plural="Other plans")


@pytest.mark.parametrize("flags", [{}, {"has_service_seat": False}])
def test_a_csm_cannot_define_objects_or_properties(session, flags):
    csm = make_actor(session, **flags)
    with pytest.raises(PermissionDenied, match="Manage customer success settings"):
        _create(session, csm)
    with pytest.raises(PermissionDenied):
        properties.add_property(session, csm, "company", name="tier", label="Tier", type="string")
    with pytest.raises(PermissionDenied):
        properties.delete_property(session, csm, "company", "tier")
    assert session.scalar(select(ObjectType).where(ObjectType.is_custom)) is None


def test_a_super_admin_without_a_seat_defines_objects(session):
    seatless = make_actor(session, is_super_admin=True, has_service_seat=False)
    assert _create(session, seatless).key == "onboarding_plan"


def test_add_property_to_companies_and_pipeline_objects(session, admin):
    d = properties.add_property(
        session,
        admin,
        "company",
        name=None,
        label="Customer tier",
        type="enumeration",
        options=["Gold", "Silver"],
        group="Customer success",
    )
    assert (d.name, d.group_name) == ("customer_tier", "Customer success")
    spec = properties_for(session, "company")["customer_tier"]
    assert spec.custom and spec.options == (("gold", "Gold"), ("silver", "Silver"))
    second = properties.add_property(session, admin, "company", name="csm_notes", label="CSM notes", type="text")
    assert second.display_order == d.display_order + 1
    properties.add_property(session, admin, "deal", name="signed", label="Signed", type="bool")
    assert "signed" in properties_for(session, "deal")
    with pytest.raises(ValidationError, match="There is already a property named “arr”."):
        properties.add_property(session, admin, "company", name="arr", label="ARR again", type="number")
    with pytest.raises(ValidationError, match="There is already a property named “customer_tier”."):
        properties.add_property(session, admin, "company", name="customer_tier", label="Tier", type="string")
    with pytest.raises(NotFound, match="There is no object type “planet”."):
        properties.add_property(session, admin, "planet", name="x", label="X", type="string")


def test_delete_property_removes_custom_ones_and_their_stage_requirements(session, admin):
    make_workspace(session, owner_property="owner_id")
    properties.add_property(session, admin, "deal", name="po_number", label="PO number", type="string")
    p = make_pipeline(session, "deal", "Sales", stages=("New", "Won"))
    _, won = stages_of(session, p)
    set_required_properties(session, admin, won.id, ["amount", "po_number"])
    properties.delete_property(session, admin, "deal", "po_number")
    assert "po_number" not in properties_for(session, "deal")
    assert session.get(PipelineStage, won.id).required_properties == ["amount"]
    with pytest.raises(ValidationError, match="“Company owner” is a standard property and cannot be deleted."):
        properties.delete_property(session, admin, "company", "owner_id")
    with pytest.raises(NotFound, match="Deals have no property “po_number”."):
        properties.delete_property(session, admin, "deal", "po_number")


def test_the_owner_property_cannot_be_deleted(session, admin):
    properties.add_property(session, admin, "company", name="renewal_owner", label="Renewal owner", type="user")
    make_workspace(session, owner_property="renewal_owner")
    with pytest.raises(ValidationError, match="“Renewal owner” is the workspace owner property"):
        properties.delete_property(session, admin, "company", "renewal_owner")
    assert session.scalar(select(PropertyDefinition).where(PropertyDefinition.name == "renewal_owner"))


def test_built_in_object_rows_are_created_once(session):
    properties.ensure_builtin_object_types(session)
    properties.ensure_builtin_object_types(session)
    rows = session.scalars(select(ObjectType.key).where(ObjectType.is_custom.is_(False))).all()
    assert sorted(rows) == sorted(properties.BUILTIN_KEYS)
    assert session.scalar(select(Pipeline)) is None


def test_settings_modules_import_without_streamlit():
    code = (
        "import sys; sys.modules['streamlit'] = None\n"
        "import cslib.users, cslib.records, cslib.properties, cslib.validation\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=".")
    assert result.returncode == 0, result.stderr
