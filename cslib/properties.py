"""The property registry: what properties each object type has, their types, labels and
the SQL expression behind each. Standard properties are columns; custom properties
(defined by admins in `property_definitions`) live in the record's `custom` JSON.

The filter model, views, exports and the record panel all read properties from here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import chain

from sqlalchemy import event, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from cslib.models import Company, Contact, PropertyDefinition, Record, Task

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
        _p(t, "created_at", "Create date", "datetime", readonly=True),
        _p(t, "completed_at", "Completed at", "datetime", readonly=True),
    ]


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


def model_for(object_type: str):  # noqa: ANN201
    """The ORM class holding records of `object_type`."""
    return MODEL_BY_OBJECT.get(object_type, Record)


_CACHE = "cslib.properties"


@event.listens_for(Session, "after_flush")
def _forget_changed_definitions(session: Session, _flush_context) -> None:  # noqa: ANN001
    if any(isinstance(o, PropertyDefinition) for o in chain(session.new, session.dirty, session.deleted)):
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
    return props


def column_for(spec: PropertySpec) -> ColumnElement:
    """The SQL expression of a property: a column, or a typed JSON lookup for custom ones."""
    model = model_for(spec.object_type)
    if not spec.custom:
        return getattr(model, spec.name)
    item = model.custom[spec.name]
    if spec.type in ("number", "currency"):
        return item.as_float()
    if spec.type == "bool":
        return item.as_boolean()
    return item.as_string()
