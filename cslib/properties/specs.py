"""What a property is: the property types, the fixed choice lists (lifecycle stages,
industries, health categories, task and ticket vocabularies), and `PropertySpec`, the
description of one property."""

from __future__ import annotations

from dataclasses import dataclass, field

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
