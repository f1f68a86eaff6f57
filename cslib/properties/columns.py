"""The SQL expression behind each property: a column for standard properties, a typed
JSON look-up for custom ones, a correlated subquery for computed ones; and the range
condition of a computed date (`computed_between`), used by the filter SQL."""

from __future__ import annotations

from sqlalchemy import String, and_, cast, exists, func, literal, select
from sqlalchemy.sql.elements import ColumnElement

from cslib.models import (
    Association,
    Company,
    Contact,
    HealthScore,
    PropertyHistory,
    Record,
    live,
)
from cslib.properties.specs import PropertySpec
from cslib.properties.types import model_for


def column_for(spec: PropertySpec) -> ColumnElement:
    """The SQL expression of a property: a column, a typed JSON lookup for custom ones, or
    a correlated subquery for computed ones."""
    model = model_for(spec.object_type)
    if spec.computed == "assigned_at":
        return _assigned_at(spec, model)
    if spec.computed == "associated":
        return _associated_name(model)
    if spec.computed == "health_status":
        # One primary-key look-up per company (pk_health_scores: profile_id, object_id).
        profile_id = int(spec.name.partition(":")[2])
        hs = HealthScore
        return (
            select(hs.category)
            .where(hs.profile_id == profile_id, hs.object_id == model.id)
            .correlate(model)
            .scalar_subquery()
        )
    if spec.computed is not None:
        raise RuntimeError(f"unknown computed property kind {spec.computed!r}")
    if not spec.custom:
        return getattr(model, spec.name)
    item = model.custom[spec.name]
    if spec.type in ("number", "currency"):
        return item.as_float()
    if spec.type == "bool":
        return item.as_boolean()
    return item.as_string()


def _assignments(spec: PropertySpec, model, *conditions: ColumnElement[bool]):  # noqa: ANN001, ANN202
    """History rows of this record that set the user property to its current value.
    History stores values as text (cslib.records.history_text): a user id as "42"."""
    base = spec.based_on
    h = PropertyHistory
    return (
        h.object_type == spec.object_type,
        h.object_id == model.id,
        h.property == base.name,
        h.new_value == cast(column_for(base), String),
        *conditions,
    )


def _assigned_at(spec: PropertySpec, model) -> ColumnElement:  # noqa: ANN001
    """The newest history row that set the user property to the record's current value
    (so re-assigning away and back counts from the last time). Served by the index
    ix_property_history_object (object_type, object_id, property, changed_at)."""
    return (
        select(func.max(PropertyHistory.changed_at))
        .where(*_assignments(spec, model))
        .correlate(model)
        .scalar_subquery()
    )


def _associated_name(model) -> ColumnElement:  # noqa: ANN001
    """Correlated subqueries, so a page of 25 tasks costs 25 index look-ups
    (associations are stored once per pair, the type that sorts first on the "from" side)."""
    a = Association
    me = "task"

    def first(name_expr, target, target_id, other_type_col, *where) -> ColumnElement:  # noqa: ANN001
        to_me = and_(a.to_type == me, a.to_id == model.id, a.from_id == target_id, other_type_col == a.from_type)
        from_me = and_(a.from_type == me, a.from_id == model.id, a.to_id == target_id, other_type_col == a.to_type)
        parts = [
            select(name_expr)
            .select_from(a)
            .join(target, cond)
            .where(*where)
            .correlate(model)
            .order_by(target.id)
            .limit(1)
            .scalar_subquery()
            for cond in (to_me, from_me)
        ]
        return func.coalesce(*parts)

    contact = func.nullif(
        func.trim(func.coalesce(Contact.first_name, "") + " " + func.coalesce(Contact.last_name, "")), ""
    )
    return func.coalesce(
        first(Company.name, Company, Company.id, literal("company"), live(Company)),
        first(Record.name, Record, Record.id, Record.object_type, live(Record)),
        first(func.coalesce(contact, Contact.email), Contact, Contact.id, literal("contact"), live(Contact)),
    )


def computed_between(spec: PropertySpec, low, high, high_inclusive: bool) -> ColumnElement[bool]:  # noqa: ANN001
    """`low <= column_for(spec) < high` (`<= high` when `high_inclusive`; None is open) for
    a computed date-time property, written so the database need not compute the value
    for every record: the filter model (cslib.filters) compiles date ranges on computed
    properties with this."""
    model = model_for(spec.object_type)
    if spec.computed != "assigned_at":
        raise RuntimeError(f"unknown computed property kind {spec.computed!r}")
    h = PropertyHistory
    upper = [] if high is None else [h.changed_at <= high if high_inclusive else h.changed_at < high]
    lower = [] if low is None else [h.changed_at >= low]
    # The newest assignment is in range iff one assignment is in range and none is later.
    # Both are index range seeks on ix_property_history_object, with no row to read when
    # there is nothing in the range (the usual case for "later").
    parts = [exists().where(*_assignments(spec, model, *lower, *upper))]
    if high is not None:
        later = h.changed_at > high if high_inclusive else h.changed_at >= high
        parts.append(~exists().where(*_assignments(spec, model, later)))
    if low is not None:
        # Necessary, not sufficient: the record's property changed in the range at all.
        # Uncorrelated, from ix_property_history_property_time, so a recent range (the
        # "Assigned in the last 30 days" view) is driven from the few recent changes
        # instead of testing every record.
        changed = select(h.object_id).where(
            h.object_type == spec.object_type, h.property == spec.based_on.name, *lower, *upper
        )
        parts.insert(0, model.id.in_(changed))
    return and_(*parts)
