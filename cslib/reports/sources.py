"""What a report can count: its objects ("sources"). The record types of the workspace
(customers, deals, projects, tasks) come from the object-type registry with their
properties; alerts, activities and the daily health roll-up are declared here, each
property with its SQL expression, so the one filter model and the compiler serve them all.

A source says which rows are live, which property is its owner (the dashboard's
owner/team filter), which date it is "about" (the dashboard's date range) and which tab
lists its records (a chart's click-through), if any."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from cslib import alerts, users
from cslib.activities import activity_labels
from cslib.i18n import N_, _
from cslib.models import Activity, Alert, Company, HealthProfile, HealthRollup
from cslib.models.liveness import live
from cslib.properties import HEALTH_CATEGORIES, PropertySpec, column_for, model_for, properties_for

Columns = Callable[[PropertySpec], ColumnElement]


@dataclass(frozen=True)
class Source:
    key: str
    label: str  # English, marked with N_: "Customers"
    count_label: str  # the title of a count of them: "Number of customers"
    model: type
    date_property: str
    owner_property: str | None = None  # None: the workspace's owner property (customers)
    registry: bool = True  # its properties come from cslib.properties
    tab: str | None = None  # the tab listing its records, for click-through

    def title(self) -> str:
        return _(self.label)


SOURCES: dict[str, Source] = {
    s.key: s
    for s in (
        Source("company", N_("Customers"), N_("Number of customers"), Company, "created_at", tab="customers"),
        Source("deal", N_("Deals"), N_("Number of deals"), model_for("deal"), "created_at", "owner_id", tab="revenue"),
        Source(
            "project",
            N_("Projects"),
            N_("Number of projects"),
            model_for("project"),
            "created_at",
            "owner_id",
            tab="projects",
        ),
        Source("task", N_("Tasks"), N_("Number of tasks"), model_for("task"), "due_at", "assignee_id", tab="actions"),
        Source("alert", N_("Alerts"), N_("Number of alerts"), Alert, "raised_at", "owner_id", registry=False),
        Source(
            "activity",
            N_("Activities"),
            N_("Number of activities"),
            Activity,
            "occurred_at",
            "actor_id",
            registry=False,
        ),
        Source("health", N_("Health score history"), N_("Number of days scored"), HealthRollup, "day", registry=False),
    )
}


def _p(
    source: str, name: str, label: str, type_: str, options: tuple = (), *, translated: bool = False
) -> PropertySpec:
    shown = options if translated else tuple((k, _(v)) for k, v in options)
    return PropertySpec(source, name, _(label), type_, shown, option_values=frozenset(k for k, _v in options))


def properties(session: Session, source: str) -> dict[str, PropertySpec]:
    """The properties a report on `source` can measure, group by and filter on."""
    if SOURCES[source].registry:
        return properties_for(session, source)
    if source == "alert":
        specs = [
            _p("alert", "raised_at", N_("Raised"), "datetime"),
            _p("alert", "direction", N_("Direction"), "enumeration", alerts.DIRECTIONS),
            _p("alert", "new_category", N_("New health status"), "enumeration", HEALTH_CATEGORIES),
            _p("alert", "old_category", N_("Previous health status"), "enumeration", HEALTH_CATEGORIES),
            _p("alert", "stage", N_("Alert stage"), "enumeration", alerts.STAGES),
            _p("alert", "new_score", N_("New health score"), "number"),
            _p("alert", "owner_id", N_("Customer owner"), "user"),
        ]
    elif source == "activity":
        kinds = tuple(activity_labels().items())
        specs = [
            _p("activity", "type", N_("Activity type"), "enumeration", kinds, translated=True),
            _p("activity", "occurred_at", N_("Activity date"), "datetime"),
            _p("activity", "actor_id", N_("Logged by"), "user"),
        ]
    else:
        specs = [
            _p("health", "day", N_("Date"), "date"),
            _p("health", "avg_score", N_("Health score"), "number"),
            _p("health", "customers", N_("Customers scored"), "number"),
            _p("health", "at_risk", N_("At risk"), "number"),
            _p("health", "neutral", N_("Neutral"), "number"),
            _p("health", "healthy", N_("Healthy"), "number"),
        ]
    return {s.name: s for s in specs}


def columns(session: Session, source: str) -> Columns:
    """The SQL expression of each property of `source`."""
    if SOURCES[source].registry:
        return column_for
    model = SOURCES[source].model
    if source == "alert":
        owner = select(users.owner_column(session)).where(Company.id == Alert.object_id).scalar_subquery()
        return lambda spec: owner if spec.name == "owner_id" else getattr(model, spec.name)
    return lambda spec: getattr(model, spec.name)


def live_rows(source: str) -> ColumnElement[bool]:
    """The rows a report on `source` counts: live records; alerts on customers; all else."""
    s = SOURCES[source]
    if s.registry:
        return live(s.model, source)
    if source == "alert":
        return Alert.object_type == "company"
    if source == "health":  # the primary profile's roll-up: the Overview's own
        p = HealthProfile
        primary = (
            select(p.id).where(p.status == "active", p.object_type == "company").order_by(p.priority, p.id).limit(1)
        )
        return HealthRollup.profile_id == primary.scalar_subquery()
    return true()


def owner_property(session: Session, source: str) -> str | None:
    """The user property the dashboard's owner/team filter applies to (None: none)."""
    if source == "company":
        return users.get_workspace(session).owner_property
    if source == "health":
        return None
    return SOURCES[source].owner_property


def available(session: Session) -> list[Source]:
    """The sources this workspace has: projects only once a projects object is set up as
    the built-in Projects."""
    projects = users.get_workspace(session).projects_object
    return [s for s in SOURCES.values() if s.key != "project" or projects == "project"]


def list_tab(source: str) -> str | None:
    """The tab listing `source`'s records (None: no tab does)."""
    return SOURCES[source].tab
