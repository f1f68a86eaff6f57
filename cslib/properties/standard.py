"""The standard properties every workspace has, one builder per kind of object (each takes
the object type's key; the registry in `cslib.properties.types` says which builder an
object type uses), and the computed specs derived from other data (a user property's
assigned date, a profile's health status, a task's associated record)."""

from __future__ import annotations

from cslib.properties.specs import (
    HEALTH_CATEGORIES,
    INDUSTRIES,
    LIFECYCLE_STAGES,
    TASK_PRIORITIES,
    TASK_STATUSES,
    TASK_TYPES,
    TICKET_PRIORITIES,
    PropertySpec,
)


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


def company_properties(c: str) -> list[PropertySpec]:
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


def contact_properties(c: str) -> list[PropertySpec]:
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


def pipeline_properties(obj: str, *, name_label: str = "Name", owner_label: str = "Owner") -> list[PropertySpec]:
    """The properties of a record in a pipeline (built-in pipeline objects and custom objects)."""
    return [
        _p(obj, "id", "Record ID", "number", readonly=True),
        _p(obj, "name", name_label, "string"),
        _p(obj, "pipeline_id", "Pipeline", "enumeration"),
        _p(obj, "stage_id", "Stage", "enumeration"),
        _p(obj, "owner_id", owner_label, "user"),
        _p(obj, "amount", "Amount", "currency"),
        _p(obj, "close_date", "Close date", "date"),
        _p(obj, "created_at", "Create date", "datetime", readonly=True),
        _p(obj, "last_activity_at", "Last activity date", "datetime", readonly=True),
    ]


def deal_properties(obj: str) -> list[PropertySpec]:
    return pipeline_properties(obj, name_label="Deal name", owner_label="Deal owner")


def ticket_properties(obj: str) -> list[PropertySpec]:
    return [*pipeline_properties(obj), _p(obj, "priority", "Priority", "enumeration", TICKET_PRIORITIES)]


def task_properties(t: str) -> list[PropertySpec]:
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


def health_status_spec(object_type: str, profile_id: int, profile_name: str) -> PropertySpec:
    """The computed "Health status (<profile>)" of a scored record (a company): its category
    under that active profile (None when the profile does not score it). "Health status"
    itself is the primary score, from the highest-priority profile that scores the record."""
    return PropertySpec(
        object_type,
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
