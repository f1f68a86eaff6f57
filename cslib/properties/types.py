"""The object-type registry: one declaration per kind of record says what it is — its ORM
class, standard properties, labels, tab, whether it has a pipeline and a record page, and
what its lists start from (default columns, sort and card properties, filter bar,
built-in views) and the key facts a task shows about it. Adding an object type is one
entry in `OBJECT_TYPES`; custom object types an admin defines share one template
(`CUSTOM_OBJECT`), their labels read from the database (`list_object_types`).

The built-in labels here are English, marked with `N_`; `shown_labels` gives them in the
reader's language (an admin's own labels for a built-in type stay as typed)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from cslib.i18n import N_, _
from cslib.models import Company, Contact, Record, Task
from cslib.properties.presets import (
    COMPANY_VIEWS,
    DEAL_BAR,
    DEAL_VIEWS,
    DEFAULT_BAR,
    PROJECT_BAR,
    PROJECT_VIEWS,
    SERVICE_VIEWS,
    SUBSCRIPTION_BAR,
    SUBSCRIPTION_VIEWS,
    TASK_BAR,
    TASK_VIEWS,
    TICKET_VIEWS,
    BarField,
    BuiltinView,
)
from cslib.properties.specs import PropertySpec
from cslib.properties.standard import (
    company_properties,
    contact_properties,
    deal_properties,
    pipeline_properties,
    task_properties,
    ticket_properties,
)


@dataclass(frozen=True)
class ObjectTypeDef:
    """One kind of record. `standard` builds its standard properties from its key; `listed`
    types have a row in `object_types` and show in object menus (tasks have their own tab
    instead); `tab` is the tab (a `cslib.permissions.TABS` key) that lists it, None when
    none does yet. Empty `columns` / `sort` / `card_properties` mean "derived from the
    properties" (`cslib.views.default_columns` and friends); `key_facts` are the properties
    a task's linked-record card shows, in order; `assigned_at` adds "<user property>
    assigned date" properties, `scored` the "Health status (<profile>)" of each active
    health score profile."""

    key: str
    singular: str
    plural: str
    model: type
    standard: Callable[[str], list[PropertySpec]]
    has_pipeline: bool = False
    listed: bool = True
    tab: str | None = None
    record_page: bool = False
    assigned_at: bool = False
    scored: bool = False
    columns: tuple[str, ...] = ()
    sort: tuple[tuple[str, str], ...] = ()
    card_properties: tuple[str, ...] = ()
    filter_bar: tuple[BarField, ...] = DEFAULT_BAR
    views: tuple[BuiltinView, ...] = ()
    key_facts: tuple[str, ...] = ()


PIPELINE_COLUMNS = ("name", "stage_id", "owner_id", "amount", "close_date", "last_activity_at")
RECORD_FACTS = ("stage_id", "amount", "close_date", "owner_id")
BY_NAME = (("name", "asc"),)


def _pipeline_object(
    key: str,
    singular: str,
    plural: str,
    *,
    standard: Callable[[str], list[PropertySpec]] = pipeline_properties,
    tab: str | None = None,
    filter_bar: tuple[BarField, ...] = PROJECT_BAR,
    views: tuple[BuiltinView, ...] = (),
) -> ObjectTypeDef:
    """A built-in object whose records move through pipeline stages (the Projects and Revenue boards)."""
    return ObjectTypeDef(
        key,
        singular,
        plural,
        Record,
        standard,
        has_pipeline=True,
        tab=tab,
        record_page=True,
        columns=PIPELINE_COLUMNS,
        sort=BY_NAME,
        filter_bar=filter_bar,
        views=views,
        key_facts=RECORD_FACTS,
    )


# In the order object menus show them.
OBJECT_TYPES: dict[str, ObjectTypeDef] = {
    "company": ObjectTypeDef(
        "company",
        N_("Company"),
        N_("Companies"),
        Company,
        company_properties,
        tab="customers",
        record_page=True,
        assigned_at=True,
        scored=True,
        columns=(
            "name",
            "domain",
            "owner_id",
            "lifecycle_stage",
            "arr",
            "renewal_date",
            "last_activity_at",
            "created_at",
        ),
        sort=BY_NAME,
        card_properties=("arr", "renewal_date"),
        views=COMPANY_VIEWS,
        key_facts=("owner_id", "lifecycle_stage", "arr", "renewal_date", "health_category", "last_activity_at"),
    ),
    "contact": ObjectTypeDef(
        "contact",
        N_("Contact"),
        N_("Contacts"),
        Contact,
        contact_properties,
        record_page=True,
        key_facts=("email", "phone", "job_title", "lifecycle_stage"),
    ),
    "deal": _pipeline_object(
        "deal",
        N_("Deal"),
        N_("Deals"),
        standard=deal_properties,
        tab="revenue",
        filter_bar=DEAL_BAR,
        views=DEAL_VIEWS,
    ),
    "subscription": _pipeline_object(
        "subscription",
        N_("Subscription"),
        N_("Subscriptions"),
        tab="revenue",
        filter_bar=SUBSCRIPTION_BAR,
        views=SUBSCRIPTION_VIEWS,
    ),
    "project": _pipeline_object("project", N_("Project"), N_("Projects"), tab="projects", views=PROJECT_VIEWS),
    "service": _pipeline_object("service", N_("Service"), N_("Services"), views=SERVICE_VIEWS),
    "ticket": _pipeline_object("ticket", N_("Ticket"), N_("Tickets"), standard=ticket_properties, views=TICKET_VIEWS),
    "task": ObjectTypeDef(
        "task",
        N_("Task"),
        N_("Tasks"),
        Task,
        task_properties,
        listed=False,
        tab="actions",
        columns=("due_at", "title", "associated", "priority", "status", "type", "assignee_id"),
        sort=(("due_at", "asc"),),
        card_properties=("due_at", "priority"),
        filter_bar=TASK_BAR,
        views=TASK_VIEWS,
    ),
}
# Every other key: a custom object type an admin defined, a pipeline record with the
# properties the admin gave it (list defaults derived from them).
CUSTOM_OBJECT = ObjectTypeDef(
    "",
    N_("Record"),
    N_("Records"),
    Record,
    pipeline_properties,
    has_pipeline=True,
    filter_bar=PROJECT_BAR,
    record_page=True,
    key_facts=RECORD_FACTS,
)
BUILTIN_KEYS = frozenset(k for k, d in OBJECT_TYPES.items() if d.listed)


def object_type_def(key: str) -> ObjectTypeDef:
    """The registry entry of `key`; the custom-object template for any other key."""
    found = OBJECT_TYPES.get(key)
    return found if found is not None else replace(CUSTOM_OBJECT, key=key)


def shown_labels(key: str, singular: str | None = None, plural: str | None = None) -> tuple[str, str]:
    """(singular, plural) of object type `key` as the reader sees it: `singular` and
    `plural` as stored (None: the registry's), the registry's own English labels in the
    reader's language, any other (an admin's, a custom object's) as typed."""
    d = OBJECT_TYPES.get(key)
    if d is None:
        return singular or "", plural or ""
    one = _(d.singular) if singular in (None, d.singular) else singular
    many = _(d.plural) if plural in (None, d.plural) else plural
    return one, many


def listed_types() -> list[ObjectTypeDef]:
    """The built-in object types of object menus, in menu order."""
    return [d for d in OBJECT_TYPES.values() if d.listed]


def model_for(object_type: str):  # noqa: ANN201
    """The ORM class holding records of `object_type`."""
    return object_type_def(object_type).model


def standard_properties(object_type: str) -> list[PropertySpec]:
    """Properties every workspace has for `object_type`."""
    return object_type_def(object_type).standard(object_type)
