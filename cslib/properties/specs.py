"""What a property is: the property types, the fixed choice lists (lifecycle stages,
industries, health categories, task and ticket vocabularies), and `PropertySpec`, the
description of one property.

Labels, groups and option labels here are English, marked with `N_`: `properties_for`
(cslib.properties.registry) hands them out in the reader's language. Option values are
stable codes and never change."""

from __future__ import annotations

from dataclasses import dataclass, field

from cslib.i18n import N_

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
# The standard property groups (a custom property names its own, "Information" unless told).
INFORMATION = N_("Information")
REVENUE = N_("Revenue")
CUSTOMER_SUCCESS = N_("Customer success")
OWNERSHIP = N_("Ownership")
STANDARD_GROUPS = frozenset({INFORMATION, REVENUE, CUSTOMER_SUCCESS, OWNERSHIP})

LIFECYCLE_STAGES = (
    ("subscriber", N_("Subscriber")),
    ("lead", N_("Lead")),
    ("opportunity", N_("Opportunity")),
    ("customer", N_("Customer")),
    ("evangelist", N_("Evangelist")),
    ("former_customer", N_("Former customer")),
    ("other", N_("Other")),
)
INDUSTRIES = tuple(
    (v.lower().replace(" ", "_").replace("&", "and"), v)
    for v in (
        N_("Computer Software"),
        N_("Financial Services"),
        N_("Health Care"),
        N_("Retail"),
        N_("Manufacturing"),
        N_("Logistics"),
        N_("Education"),
        N_("Marketing & Advertising"),
        N_("Real Estate"),
        N_("Telecommunications"),
        N_("Hospitality"),
        N_("Energy"),
        N_("Media"),
        N_("Non-profit"),
        N_("Construction"),
        N_("Legal Services"),
    )
)
HEALTH_CATEGORIES = (("at_risk", N_("At risk")), ("neutral", N_("Neutral")), ("healthy", N_("Healthy")))
TASK_TYPES = (("todo", N_("To-do")), ("call", N_("Call")), ("email", N_("Email")))
TASK_PRIORITIES = (("none", N_("None")), ("low", N_("Low")), ("medium", N_("Medium")), ("high", N_("High")))
TASK_STATUSES = (
    ("not_started", N_("Not started")),
    ("in_progress", N_("In progress")),
    ("waiting", N_("Waiting on someone")),
    ("deferred", N_("Deferred")),
    ("completed", N_("Completed")),
)
TICKET_PRIORITIES = (("low", N_("Low")), ("medium", N_("Medium")), ("high", N_("High")), ("urgent", N_("Urgent")))


@dataclass(frozen=True)
class PropertySpec:
    object_type: str
    name: str
    label: str
    type: str
    options: tuple[tuple[str, str], ...] = ()
    group: str = INFORMATION
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
