"""The object-type registry: every entry is consistent with the properties its type has,
custom object types get the template, and adding an object type is one entry."""

from dataclasses import replace

import pytest
from sqlalchemy import select

from cslib import lists, properties, views
from cslib.filters import validate
from cslib.models import Company, Contact, ObjectType, Record, Task
from cslib.permissions import TABS
from cslib.properties import (
    CUSTOM_OBJECT,
    DATE_CHOICES,
    OBJECT_TYPES,
    BarField,
    BuiltinView,
    ObjectTypeDef,
    model_for,
    object_type_def,
    properties_for,
    standard_properties,
)
from tests.factories import make_actor, make_object_type, make_workspace

BUILTIN = list(OBJECT_TYPES)
PIPELINE_OBJECTS = ["deal", "subscription", "project", "service", "ticket"]


def _named(d: ObjectTypeDef) -> dict[str, tuple[str, ...]]:
    """Every property name an entry refers to, by what refers to it."""
    return {
        "columns": d.columns,
        "sort": tuple(p for p, _ in d.sort),
        "card properties": d.card_properties,
        "filter bar": tuple(f.property for f in d.filter_bar),
        "key facts": d.key_facts,
        "built-in view sorts": tuple(p for v in d.views for p, _ in v.sort),
    }


@pytest.mark.parametrize("key", BUILTIN)
def test_every_property_an_entry_names_exists_for_its_type(session, key):
    props = properties_for(session, key)
    for what, names in _named(OBJECT_TYPES[key]).items():
        assert [n for n in names if n not in props] == [], f"{key} {what}"


def test_the_custom_template_names_only_properties_custom_objects_have(session):
    make_object_type(session, "onboarding_plan")
    props = properties_for(session, "onboarding_plan")
    for what, names in _named(object_type_def("onboarding_plan")).items():
        assert [n for n in names if n not in props] == [], what


@pytest.mark.parametrize("key", BUILTIN)
def test_every_builtin_view_filter_validates_against_its_types_properties(session, key):
    make_workspace(session)
    props = properties_for(session, key)
    views.ensure_builtin_views(session, key)
    declared = OBJECT_TYPES[key].views
    for spec in declared:
        if spec.filters is not None:
            assert validate(spec.filters, props) is not None, spec.key
    rows = [v for v in views.list_views(session, make_actor(session), key) if v.builtin_key]
    assert sorted(v.builtin_key for v in rows) == sorted(v.key for v in declared)
    for view in rows:  # the company built-ins compute theirs from the owner property
        if view.builtin_key in {f"all_{key}s" for key in PIPELINE_OBJECTS}:  # "All deals": every record
            assert views.effective_filter(session, view) is None
        else:
            assert validate(views.effective_filter(session, view), props) is not None, view.builtin_key


def test_builtin_view_keys_and_filter_bar_parameters_mean_one_thing_across_types():
    keys = [v.key for d in OBJECT_TYPES.values() for v in d.views]
    assert len(keys) == len(set(keys))
    fields: dict[str, BarField] = {}
    for d in OBJECT_TYPES.values():
        for f in d.filter_bar:
            # bar_filter reads a parameter alone; only the label may differ ("Deal owner", "Owner")
            seen = fields.setdefault(f.param, f)
            assert (seen.property, seen.choices, seen.kind) == (f.property, f.choices, f.kind), f.param


def test_tabs_are_tabs_and_the_pipeline_objects_share_their_defaults():
    assert {d.tab for d in OBJECT_TYPES.values()} - {None} <= set(TABS)
    assert [k for k, d in OBJECT_TYPES.items() if d.tab == "revenue"] == ["deal", "subscription"]
    assert [k for k, d in OBJECT_TYPES.items() if d.tab == "projects"] == ["project"]
    assert [k for k, d in OBJECT_TYPES.items() if d.has_pipeline] == PIPELINE_OBJECTS
    for key in PIPELINE_OBJECTS:
        d = OBJECT_TYPES[key]
        assert d.columns == ("name", "stage_id", "owner_id", "amount", "close_date", "last_activity_at")
        assert [v.key for v in d.views] == [f"my_{key}s", f"all_{key}s"]
        assert d.views[0].filters == {"property": "owner_id", "operator": "in", "value": ["me"]}
        # SPEC §3.4: Revenue filters by Deal owner, Create date, Last activity date; §3.3:
        # Projects (and whatever object stands for them) by Owner, Name, Create date.
        bar = [(f.param, f.label) for f in d.filter_bar]
        if key == "deal":
            assert bar == [("owner", "Deal owner"), ("created", "Create date"), ("activity", "Last activity date")]
        elif key == "subscription":
            assert bar == [("owner", "Owner"), ("created", "Create date"), ("activity", "Last activity date")]
        else:
            assert bar == [("owner", "Owner"), ("name", "Name"), ("created", "Create date")]
        assert d.key_facts == ("stage_id", "amount", "close_date", "owner_id")
    assert [k for k, d in OBJECT_TYPES.items() if d.record_page] == ["company", "contact", *PIPELINE_OBJECTS]
    assert [k for k, d in OBJECT_TYPES.items() if not d.listed] == ["task"]


def test_object_menus_list_the_listed_entries_in_registry_order(session):
    keys = [o.key for o in properties.list_object_types(session)]
    assert keys == [k for k, d in OBJECT_TYPES.items() if d.listed]


def test_model_for_gives_the_orm_class_of_each_type():
    assert [model_for(k) for k in ("company", "contact", "task")] == [Company, Contact, Task]
    assert {model_for(k) for k in (*PIPELINE_OBJECTS, "onboarding_plan")} == {Record}


def test_custom_object_keys_get_the_template():
    d = object_type_def("onboarding_plan")
    assert d == replace(CUSTOM_OBJECT, key="onboarding_plan")
    assert (d.model, d.has_pipeline, d.tab, d.record_page, d.views) == (Record, True, None, True, ())
    specs = standard_properties("onboarding_plan")
    assert {p.object_type for p in specs} == {"onboarding_plan"}
    assert [p.name for p in specs] == [p.name for p in standard_properties("project")]
    assert object_type_def("deal") is OBJECT_TYPES["deal"]


def test_custom_object_labels_come_from_the_database(session):
    make_object_type(session, "onboarding_plan", singular="Onboarding", plural="Onboardings")
    info = properties.object_type_info(session, "onboarding_plan")
    assert (info.singular, info.plural, info.is_custom) == ("Onboarding", "Onboardings", True)
    assert properties.type_labels(session)["task"] == ("Task", "Tasks")


def test_the_type_specific_standard_properties_come_from_the_entries():
    assert {p.name: p.label for p in standard_properties("deal")}["owner_id"] == "Deal owner"
    assert "priority" in {p.name for p in standard_properties("ticket")}
    assert "priority" not in {p.name for p in standard_properties("project")}


def test_adding_an_object_type_is_one_entry(session, monkeypatch):
    close = BarField("closing", "Close date", "close_date", DATE_CHOICES)
    this_month = {"property": "close_date", "operator": "preset", "value": "this_month"}
    renewal = ObjectTypeDef(
        "renewal",
        "Renewal",
        "Renewals",
        Record,
        CUSTOM_OBJECT.standard,
        has_pipeline=True,
        tab="revenue",
        assigned_at=True,
        columns=("name", "amount", "close_date"),
        sort=(("close_date", "asc"),),
        card_properties=("amount",),
        filter_bar=(close,),
        views=(BuiltinView("closing_soon", "Closing soon", "Renewals closing this month", this_month),),
        key_facts=("amount", "close_date"),
    )
    monkeypatch.setitem(OBJECT_TYPES, "renewal", renewal)

    props = properties_for(session, "renewal")
    assert props["name"].object_type == "renewal" and "assigned_at:owner_id" in props
    assert model_for("renewal") is Record
    assert views.default_columns("renewal", props) == ["name", "amount", "close_date"]
    assert views.default_sort("renewal", props) == [{"property": "close_date", "direction": "asc"}]
    assert views.default_card_properties("renewal", ["name", "stage_id"]) == ["amount"]
    assert lists.bar_fields("renewal") == (close,)
    state = lists.parse({"closing": "this_month"}, props, "renewal")
    assert lists.bar_filter(state) == {"all": [{"property": "close_date", **DATE_CHOICES["this_month"][1]}]}
    assert [o.plural for o in properties.list_object_types(session)][-1] == "Renewals"
    properties.ensure_builtin_object_types(session)
    assert session.scalar(select(ObjectType.plural).where(ObjectType.key == "renewal")) == "Renewals"
    make_workspace(session)
    [view] = views.ensure_builtin_views(session, "renewal")
    assert (view.builtin_key, view.columns) == ("closing_soon", ["name", "amount", "close_date"])
    assert views.effective_filter(session, view) == this_month
