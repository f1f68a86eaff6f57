"""The standard properties every workspace has, one builder per kind of object (each takes
the object type's key; the registry in `cslib.properties.types` says which builder an
object type uses), and the computed specs derived from other data (a user property's
assigned date, a profile's health status, a task's associated record).

Labels are English, marked with `N_`; `properties_for` translates the standard specs for
the reader. The computed specs are built per reader (inside `properties_for`), so they
come out in the reader's language already."""

from __future__ import annotations

from cslib.i18n import N_, _
from cslib.properties.specs import (
    CUSTOMER_SUCCESS,
    HEALTH_CATEGORIES,
    INDUSTRIES,
    INFORMATION,
    LIFECYCLE_STAGES,
    OWNERSHIP,
    REVENUE,
    TASK_PRIORITIES,
    TASK_STATUSES,
    TASK_TYPES,
    TICKET_PRIORITIES,
    PropertySpec,
)

# A record's "Name": another word than a person's name in Polish, so the registry
# translates it with the context "record" (not marked here: it has no context-free entry).
NAME = "Name"


def _p(obj: str, name: str, label: str, type_: str, options=(), group=INFORMATION, readonly=False):  # noqa: ANN001
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


def company_properties(c: str) -> list[PropertySpec]:
    return [
        _p(c, "id", N_("Record ID"), "number", readonly=True),
        _p(c, "name", N_("Company name"), "string"),
        _p(c, "domain", N_("Company domain name"), "string"),
        _p(c, "owner_id", N_("Company owner"), "user"),
        _p(c, "csm_owner_id", N_("CSM owner"), "user"),
        _p(c, "created_at", N_("Create date"), "datetime", readonly=True),
        _p(c, "last_activity_at", N_("Last activity date"), "datetime", readonly=True),
        _p(c, "lifecycle_stage", N_("Lifecycle stage"), "enumeration", LIFECYCLE_STAGES),
        _p(c, "industry", N_("Industry"), "enumeration", INDUSTRIES),
        _p(c, "arr", N_("Annual recurring revenue"), "currency", group=REVENUE),
        _p(c, "renewal_date", N_("Renewal date"), "date", group=REVENUE),
        _p(c, "nps", N_("NPS score"), "number", group=CUSTOMER_SUCCESS),
        _p(c, "employees", N_("Number of employees"), "number"),
        _p(c, "country", N_("Country/Region"), "string"),
        _p(c, "city", N_("City"), "string"),
        _p(c, "phone", N_("Phone number"), "string"),
        _p(c, "description", N_("Description"), "text"),
        _p(c, "health_score", N_("Health score"), "number", group=CUSTOMER_SUCCESS, readonly=True),
        _p(
            c,
            "health_category",
            N_("Health status"),
            "enumeration",
            HEALTH_CATEGORIES,
            group=CUSTOMER_SUCCESS,
            readonly=True,
        ),
    ]


def contact_properties(c: str) -> list[PropertySpec]:
    return [
        _p(c, "id", N_("Record ID"), "number", readonly=True),
        _p(c, "first_name", N_("First name"), "string"),
        _p(c, "last_name", N_("Last name"), "string"),
        _p(c, "email", N_("Email"), "string"),
        _p(c, "phone", N_("Phone number"), "string"),
        _p(c, "job_title", N_("Job title"), "string"),
        _p(c, "owner_id", N_("Contact owner"), "user"),
        _p(c, "created_at", N_("Create date"), "datetime", readonly=True),
        _p(c, "last_activity_at", N_("Last activity date"), "datetime", readonly=True),
        _p(c, "lifecycle_stage", N_("Lifecycle stage"), "enumeration", LIFECYCLE_STAGES),
    ]


def pipeline_properties(obj: str, *, name_label: str = NAME, owner_label: str = N_("Owner")) -> list[PropertySpec]:
    """The properties of a record in a pipeline (built-in pipeline objects and custom objects)."""
    return [
        _p(obj, "id", N_("Record ID"), "number", readonly=True),
        _p(obj, "name", name_label, "string"),
        _p(obj, "pipeline_id", N_("Pipeline"), "enumeration"),
        _p(obj, "stage_id", N_("Stage"), "enumeration"),
        _p(obj, "owner_id", owner_label, "user"),
        _p(obj, "amount", N_("Amount"), "currency"),
        _p(obj, "close_date", N_("Close date"), "date"),
        _p(obj, "created_at", N_("Create date"), "datetime", readonly=True),
        _p(obj, "last_activity_at", N_("Last activity date"), "datetime", readonly=True),
    ]


def deal_properties(obj: str) -> list[PropertySpec]:
    return pipeline_properties(obj, name_label=N_("Deal name"), owner_label=N_("Deal owner"))


def ticket_properties(obj: str) -> list[PropertySpec]:
    return [*pipeline_properties(obj), _p(obj, "priority", N_("Priority"), "enumeration", TICKET_PRIORITIES)]


def task_properties(t: str) -> list[PropertySpec]:
    return [
        _p(t, "id", N_("Record ID"), "number", readonly=True),
        _p(t, "title", N_("Title"), "string"),
        _p(t, "type", N_("Task type"), "enumeration", TASK_TYPES),
        _p(t, "priority", N_("Priority"), "enumeration", TASK_PRIORITIES),
        _p(t, "status", N_("Status"), "enumeration", TASK_STATUSES),
        _p(t, "due_at", N_("Due date"), "datetime"),
        _p(t, "assignee_id", N_("Assigned to"), "user"),
        _p(t, "notes", N_("Notes"), "text"),
        ASSOCIATED_RECORD,
        _p(t, "created_at", N_("Create date"), "datetime", readonly=True),
        _p(t, "completed_at", N_("Completed at"), "datetime", readonly=True),
    ]


# The name of the record a task is about: its first linked company, else its first linked
# pipeline or custom record, else its first linked contact (see _associated_name).
ASSOCIATED_RECORD = PropertySpec(
    "task",
    "associated",
    N_("Associated record"),
    "string",
    group=INFORMATION,
    readonly=True,
    description=N_("The company, record or contact the task is about."),
    computed="associated",
)


def assigned_at_spec(user_spec: PropertySpec) -> PropertySpec:
    """The computed "<label> assigned date" of a user property (e.g. "Company owner assigned
    date"): when its current value was set, read from property history (None when history
    does not say). In the reader's language, like `user_spec`."""
    return PropertySpec(
        user_spec.object_type,
        f"assigned_at:{user_spec.name}",
        _("{property} assigned date", property=user_spec.label),
        "datetime",
        group=_(OWNERSHIP),
        readonly=True,
        description=_("When the current {property} was assigned.", property=user_spec.label),
        computed="assigned_at",
        based_on=user_spec,
    )


def health_status_name(profile_id: int) -> str:
    return f"health_status:{profile_id}"


def health_status_spec(object_type: str, profile_id: int, profile_name: str) -> PropertySpec:
    """The computed "Health status (<profile>)" of a scored record (a company): its category
    under that active profile (None when the profile does not score it). "Health status"
    itself is the primary score, from the highest-priority profile that scores the record.
    In the reader's language (the profile's name as the admin typed it)."""
    return PropertySpec(
        object_type,
        health_status_name(profile_id),
        _("Health status ({profile})", profile=profile_name),
        "enumeration",
        tuple((key, _(label)) for key, label in HEALTH_CATEGORIES),
        group=_(CUSTOMER_SUCCESS),
        readonly=True,
        description=_("The health status under the score profile “{profile}”.", profile=profile_name),
        option_values=frozenset(k for k, _ in HEALTH_CATEGORIES),
        computed="health_status",
    )
