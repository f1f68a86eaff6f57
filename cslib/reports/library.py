"""The library of ready reports: ten definitions a CS leader asks for first. Each is a row
of `reports` (kind "library", its key in `library_key`), made by `ensure_library`, so the
Overview and dashboards hold library and saved reports alike. Their names are English
here and shown in the reader's language; nobody edits them (a copy can be saved)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib import users
from cslib.i18n import N_, _
from cslib.models import Report
from cslib.properties import TASK_STATUSES

_DONE = {"property": "status", "operator": "in", "value": ["completed"]}
# Open tasks named one by one: an index answers "status in (...)", not "status not in".
_OPEN = {"property": "status", "operator": "in", "value": [k for k, _label in TASK_STATUSES if k != "completed"]}


def _last(prop: str, amount: int, unit: str) -> dict:
    return {"property": prop, "operator": "in_last", "value": {"amount": amount, "unit": unit}}


@dataclass(frozen=True)
class LibraryReport:
    key: str
    name: str  # English, marked with N_
    description: str  # English, marked with N_
    definition: dict


LIBRARY: tuple[LibraryReport, ...] = (
    LibraryReport(
        "health_distribution",
        N_("Health score distribution"),
        N_("Customers in each 10-point band of their health score, by health status."),
        {
            "object": "company",
            "measure": {"function": "count"},
            "group_by": [{"property": "health_score", "bin": 10}, {"property": "health_category"}],
            "filter": {"all": [{"property": "health_score", "operator": "is_known"}]},
            "chart": "stacked_bar",
            "sort": "label",
            "limit": 11,
        },
    ),
    LibraryReport(
        "health_over_time",
        N_("Average health score over time"),
        N_("The weekly average of the customers' health score, over the last six months."),
        {
            "object": "health",
            "measure": {"function": "avg", "property": "avg_score"},
            "group_by": [{"property": "day", "bucket": "week"}],
            "filter": {"all": [_last("day", 6, "months")]},
            "chart": "line",
            "sort": "label",
            "limit": 100,
        },
    ),
    LibraryReport(
        "health_by_owner",
        N_("Customers per health category by owner"),
        N_("Each owner's customers, split by health status."),
        {
            "object": "company",
            "measure": {"function": "count"},
            "group_by": [{"property": "owner_id"}, {"property": "health_category"}],
            "filter": None,
            "chart": "stacked_bar",
            "sort": "value_desc",
            "limit": 15,
        },
    ),
    LibraryReport(
        "renewals_by_month",
        N_("Renewals due by month"),
        N_("The ARR of customers renewing in each of the next twelve months."),
        {
            "object": "company",
            "measure": {"function": "sum", "property": "arr"},
            "group_by": [{"property": "renewal_date", "bucket": "month"}],
            "filter": {
                "all": [{"property": "renewal_date", "operator": "in_next", "value": {"amount": 12, "unit": "months"}}]
            },
            "chart": "bar",
            "sort": "label",
            "limit": 12,
        },
    ),
    LibraryReport(
        "revenue_funnel",
        N_("Revenue by pipeline stage"),
        N_("The amount of deals that reached each stage, with the conversion from stage to stage."),
        {
            "object": "deal",
            "measure": {"function": "sum", "property": "amount"},
            "group_by": [{"property": "stage_id"}],
            "filter": None,
            "chart": "funnel",
            "sort": "label",
            "limit": 20,
        },
    ),
    LibraryReport(
        "tasks_completed_weekly",
        N_("Tasks completed per week by owner"),
        N_("Tasks completed in each of the last twelve weeks, by the user they are assigned to."),
        {
            "object": "task",
            "measure": {"function": "count"},
            "group_by": [{"property": "completed_at", "bucket": "week"}, {"property": "assignee_id"}],
            "filter": {"all": [_DONE, _last("completed_at", 12, "weeks")]},
            "chart": "stacked_bar",
            "sort": "label",
            "limit": 13,
        },
    ),
    LibraryReport(
        "overdue_by_owner",
        N_("Overdue tasks by owner"),
        N_("Open tasks due before today, by the user they are assigned to."),
        {
            "object": "task",
            "measure": {"function": "count"},
            "group_by": [{"property": "assignee_id"}],
            "filter": {"all": [_OPEN, {"property": "due_at", "operator": "preset", "value": "before_today"}]},
            "chart": "bar",
            "sort": "value_desc",
            "limit": 15,
        },
    ),
    LibraryReport(
        "alerts_weekly",
        N_("Alerts raised per week by direction"),
        N_("Health alerts raised in each of the last twelve weeks: customers who got worse or improved."),
        {
            "object": "alert",
            "measure": {"function": "count"},
            "group_by": [{"property": "raised_at", "bucket": "week"}, {"property": "direction"}],
            "filter": {"all": [_last("raised_at", 12, "weeks")]},
            "chart": "stacked_bar",
            "sort": "label",
            "limit": 13,
        },
    ),
    LibraryReport(
        "activity_by_type",
        N_("Activity volume by type"),
        N_("Activities of the last 30 days, by type."),
        {
            "object": "activity",
            "measure": {"function": "count"},
            "group_by": [{"property": "type"}],
            "filter": {"all": [_last("occurred_at", 30, "days")]},
            "chart": "bar",
            "sort": "value_desc",
            "limit": 20,
        },
    ),
    LibraryReport(
        "no_recent_activity",
        N_("Customers without activity in 30 days"),
        N_("Customers with no activity logged in the last 30 days, or none ever."),
        {
            "object": "company",
            "measure": {"function": "count"},
            "group_by": [],
            "filter": {
                "any": [
                    {
                        "property": "last_activity_at",
                        "operator": "more_than_ago",
                        "value": {"amount": 30, "unit": "days"},
                    },
                    {"property": "last_activity_at", "operator": "is_unknown"},
                ]
            },
            "chart": "kpi",
            "sort": "value_desc",
            "limit": 20,
        },
    ),
)
BY_KEY = {r.key: r for r in LIBRARY}


def library_definition(session: Session, item: LibraryReport) -> dict:
    """The definition as stored: "owner" is the workspace's owner property."""
    definition = dict(item.definition)
    owner = users.get_workspace(session).owner_property
    definition["group_by"] = [
        {**g, "property": owner} if g["property"] == "owner_id" and definition["object"] == "company" else g
        for g in definition["group_by"]
    ]
    return definition


def ensure_library(session: Session) -> dict[str, int]:
    """The library's rows, made where missing (idempotent); {key: report id}."""
    have = dict(session.execute(select(Report.library_key, Report.id).where(Report.library_key.is_not(None))).all())
    for item in LIBRARY:
        if item.key not in have:
            row = Report(
                name=item.name,
                kind="library",
                config=library_definition(session, item),
                sharing="everyone",
                library_key=item.key,
            )
            session.add(row)
            session.flush()
            have[item.key] = row.id
    return have


def library_name(key: str) -> str:
    return _(BY_KEY[key].name)


def library_description(key: str) -> str:
    return _(BY_KEY[key].description)
