"""The property registry: what properties each object type has, their types, labels and
the SQL expression behind each. Standard properties are columns; custom properties
(defined by admins in `property_definitions`) live in the record's `custom` JSON.

The filter model, views, exports and the record panel all read properties from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain

from sqlalchemy import String, and_, cast, event, exists, func, literal, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from cslib.models import (
    Association,
    Company,
    Contact,
    HealthProfile,
    HealthScore,
    PropertyDefinition,
    PropertyHistory,
    Record,
    Task,
)

PROPERTY_TYPES = (
    "string",
    "text",
    "number",
    "currency",
    "date",
    "datetime",
    "bool",
    "enumeration",
    "user",
)

LIFECYCLE_STAGES = (
    ("subscriber", "Subscriber"),
    ("lead", "Lead"),
    ("opportunity", "Opportunity"),
    ("customer", "Customer"),
    ("evangelist", "Evangelist"),
    ("former_customer", "Former customer"),
    ("other", "Other"),
)
INDUSTRIES = tuple(
    (v.lower().replace(" ", "_").replace("&", "and"), v)
    for v in (
        "Computer Software",
        "Financial Services",
        "Health Care",
        "Retail",
        "Manufacturing",
        "Logistics",
        "Education",
        "Marketing & Advertising",
        "Real Estate",
        "Telecommunications",
        "Hospitality",
        "Energy",
        "Media",
        "Non-profit",
        "Construction",
        "Legal Services",
    )
)
HEALTH_CATEGORIES = (("at_risk", "At risk"), ("neutral", "Neutral"), ("healthy", "Healthy"))
TASK_TYPES = (("todo", "To-do"), ("call", "Call"), ("email", "Email"))
TASK_PRIORITIES = (("none", "None"), ("low", "Low"), ("medium", "Medium"), ("high", "High"))
TASK_STATUSES = (
    ("not_started", "Not started"),
    ("in_progress", "In progress"),
    ("waiting", "Waiting on someone"),
    ("deferred", "Deferred"),
    ("completed", "Completed"),
)
TICKET_PRIORITIES = (("low", "Low"), ("medium", "Medium"), ("high", "High"), ("urgent", "Urgent"))

MODEL_BY_OBJECT = {"company": Company, "contact": Contact, "task": Task}
PIPELINE_OBJECTS = ("deal", "subscription", "project", "service", "ticket")
# Objects whose user properties get a computed "<label> assigned date" (see assigned_at_spec).
ASSIGNED_AT_OBJECTS = ("company",)


@dataclass(frozen=True)
class PropertySpec:
    object_type: str
    name: str
    label: str
    type: str
    options: tuple[tuple[str, str], ...] = ()
    group: str = "Information"
    custom: bool = False
    readonly: bool = False
    description: str = ""
    option_values: frozenset[str] = field(default_factory=frozenset, compare=False)
    # Computed (read-only, derived by SQL from other data): the kind, e.g. "assigned_at",
    # and the property it is derived from. None for stored properties.
    computed: str | None = None
    based_on: PropertySpec | None = None

    def option_label(self, value: object) -> str:
        for key, label in self.options:
            if key == value:
                return label
        return "" if value is None else str(value)


def _p(obj: str, name: str, label: str, type_: str, options=(), group="Information", readonly=False):  # noqa: ANN001
    return PropertySpec(
        obj,
        name,
        label,
        type_,
        tuple(options),
        group,
        False,
        readonly,
        option_values=frozenset(k for k, _ in options),
    )


def _company() -> list[PropertySpec]:
    c = "company"
    return [
        _p(c, "id", "Record ID", "number", readonly=True),
        _p(c, "name", "Company name", "string"),
        _p(c, "domain", "Company domain name", "string"),
        _p(c, "owner_id", "Company owner", "user"),
        _p(c, "csm_owner_id", "CSM owner", "user"),
        _p(c, "created_at", "Create date", "datetime", readonly=True),
        _p(c, "last_activity_at", "Last activity date", "datetime", readonly=True),
        _p(c, "lifecycle_stage", "Lifecycle stage", "enumeration", LIFECYCLE_STAGES),
        _p(c, "industry", "Industry", "enumeration", INDUSTRIES),
        _p(c, "arr", "Annual recurring revenue", "currency", group="Revenue"),
        _p(c, "renewal_date", "Renewal date", "date", group="Revenue"),
        _p(c, "nps", "NPS score", "number", group="Customer success"),
        _p(c, "employees", "Number of employees", "number"),
        _p(c, "country", "Country/Region", "string"),
        _p(c, "city", "City", "string"),
        _p(c, "phone", "Phone number", "string"),
        _p(c, "description", "Description", "text"),
        _p(c, "health_score", "Health score", "number", group="Customer success", readonly=True),
        _p(
            c,
            "health_category",
            "Health status",
            "enumeration",
            HEALTH_CATEGORIES,
            group="Customer success",
            readonly=True,
        ),
    ]


def _contact() -> list[PropertySpec]:
    c = "contact"
    return [
        _p(c, "id", "Record ID", "number", readonly=True),
        _p(c, "first_name", "First name", "string"),
        _p(c, "last_name", "Last name", "string"),
        _p(c, "email", "Email", "string"),
        _p(c, "phone", "Phone number", "string"),
        _p(c, "job_title", "Job title", "string"),
        _p(c, "owner_id", "Contact owner", "user"),
        _p(c, "created_at", "Create date", "datetime", readonly=True),
        _p(c, "last_activity_at", "Last activity date", "datetime", readonly=True),
        _p(c, "lifecycle_stage", "Lifecycle stage", "enumeration", LIFECYCLE_STAGES),
    ]


def _pipeline_record(obj: str) -> list[PropertySpec]:
    owner = "Deal owner" if obj == "deal" else "Owner"
    props = [
        _p(obj, "id", "Record ID", "number", readonly=True),
        _p(obj, "name", "Name" if obj != "deal" else "Deal name", "string"),
        _p(obj, "pipeline_id", "Pipeline", "enumeration"),
        _p(obj, "stage_id", "Stage", "enumeration"),
        _p(obj, "owner_id", owner, "user"),
        _p(obj, "amount", "Amount", "currency"),
        _p(obj, "close_date", "Close date", "date"),
        _p(obj, "created_at", "Create date", "datetime", readonly=True),
        _p(obj, "last_activity_at", "Last activity date", "datetime", readonly=True),
    ]
    if obj == "ticket":
        props.append(_p(obj, "priority", "Priority", "enumeration", TICKET_PRIORITIES))
    return props


def _task() -> list[PropertySpec]:
    t = "task"
    return [
        _p(t, "id", "Record ID", "number", readonly=True),
        _p(t, "title", "Title", "string"),
        _p(t, "type", "Task type", "enumeration", TASK_TYPES),
        _p(t, "priority", "Priority", "enumeration", TASK_PRIORITIES),
        _p(t, "status", "Status", "enumeration", TASK_STATUSES),
        _p(t, "due_at", "Due date", "datetime"),
        _p(t, "assignee_id", "Assigned to", "user"),
        _p(t, "notes", "Notes", "text"),
        ASSOCIATED_RECORD,
        _p(t, "created_at", "Create date", "datetime", readonly=True),
        _p(t, "completed_at", "Completed at", "datetime", readonly=True),
    ]


# The name of the record a task is about: its first linked company, else its first linked
# pipeline or custom record, else its first linked contact (see _associated_name).
ASSOCIATED_RECORD = PropertySpec(
    "task",
    "associated",
    "Associated record",
    "string",
    group="Information",
    readonly=True,
    description="The company, record or contact the task is about.",
    computed="associated",
)


def standard_properties(object_type: str) -> list[PropertySpec]:
    """Properties every workspace has for `object_type` (custom object types get the
    pipeline-record set)."""
    if object_type == "company":
        return _company()
    if object_type == "contact":
        return _contact()
    if object_type == "task":
        return _task()
    return _pipeline_record(object_type)


def assigned_at_spec(user_spec: PropertySpec) -> PropertySpec:
    """The computed "<label> assigned date" of a user property (e.g. "Company owner assigned
    date"): when its current value was set, read from property history (None when history
    does not say)."""
    return PropertySpec(
        user_spec.object_type,
        f"assigned_at:{user_spec.name}",
        f"{user_spec.label} assigned date",
        "datetime",
        group="Ownership",
        readonly=True,
        description=f"When the current {user_spec.label} was assigned.",
        computed="assigned_at",
        based_on=user_spec,
    )


def health_status_name(profile_id: int) -> str:
    return f"health_status:{profile_id}"


def health_status_spec(profile_id: int, profile_name: str) -> PropertySpec:
    """The computed "Health status (<profile>)" of a company: its category under that
    active profile (None when the profile does not score it). "Health status" itself is
    the primary score, from the highest-priority profile that scores the company."""
    return PropertySpec(
        "company",
        health_status_name(profile_id),
        f"Health status ({profile_name})",
        "enumeration",
        HEALTH_CATEGORIES,
        group="Customer success",
        readonly=True,
        description=f"The health status under the score profile “{profile_name}”.",
        option_values=frozenset(k for k, _ in HEALTH_CATEGORIES),
        computed="health_status",
    )


def model_for(object_type: str):  # noqa: ANN201
    """The ORM class holding records of `object_type`."""
    return MODEL_BY_OBJECT.get(object_type, Record)


_CACHE = "cslib.properties"


@event.listens_for(Session, "after_flush")
def _forget_changed_definitions(session: Session, _flush_context) -> None:  # noqa: ANN001
    changed = chain(session.new, session.dirty, session.deleted)
    if any(isinstance(o, PropertyDefinition | HealthProfile) for o in changed):
        session.info.pop(_CACHE, None)


def properties_for(session: Session, object_type: str) -> dict[str, PropertySpec]:
    """Standard and custom properties of `object_type`, keyed by name, in display order.
    Remembered for the session's life (a page run), forgotten when a definition changes."""
    cache = session.info.setdefault(_CACHE, {})
    if object_type not in cache:
        cache[object_type] = _load_properties(session, object_type)
    return dict(cache[object_type])


def _load_properties(session: Session, object_type: str) -> dict[str, PropertySpec]:
    props = {p.name: p for p in standard_properties(object_type)}
    rows = session.scalars(
        select(PropertyDefinition)
        .where(PropertyDefinition.object_type == object_type)
        .order_by(PropertyDefinition.display_order, PropertyDefinition.id)
    )
    for d in rows:
        if d.name in props:
            continue
        options = tuple((o["value"], o["label"]) for o in (d.options or []))
        props[d.name] = PropertySpec(
            object_type,
            d.name,
            d.label,
            d.type,
            options,
            d.group_name,
            True,
            d.is_readonly,
            d.description or "",
            frozenset(k for k, _ in options),
        )
    if object_type in ASSIGNED_AT_OBJECTS:
        for spec in [p for p in props.values() if p.type == "user"]:
            computed = assigned_at_spec(spec)
            props[computed.name] = computed
    if object_type == "company":
        p = HealthProfile
        active = select(p.id, p.name).where(p.status == "active", p.object_type == "company").order_by(p.priority, p.id)
        for profile_id, name in session.execute(active):
            spec = health_status_spec(profile_id, name)
            props[spec.name] = spec
    return props


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
        raise ValueError(f"unknown computed property kind {spec.computed!r}")
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
        first(Company.name, Company, Company.id, literal("company"), Company.deleted_at.is_(None)),
        first(Record.name, Record, Record.id, Record.object_type, Record.deleted_at.is_(None)),
        first(
            func.coalesce(contact, Contact.email), Contact, Contact.id, literal("contact"), Contact.deleted_at.is_(None)
        ),
    )


def computed_between(spec: PropertySpec, low, high, high_inclusive: bool) -> ColumnElement[bool]:  # noqa: ANN001
    """`low <= column_for(spec) < high` (`<= high` when `high_inclusive`; None is open) for
    a computed date-time property, written so the database need not compute the value
    for every record: the filter model (cslib.filter_sql) compiles date ranges on computed
    properties with this."""
    model = model_for(spec.object_type)
    if spec.computed != "assigned_at":
        raise ValueError(f"unknown computed property kind {spec.computed!r}")
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
