"""What a list of an object type starts from, as plain data the object-type registry
(`cslib.properties.types`) hands out: the fields of a filter bar with their choices, and
the built-in views with their filters (in the filter model of `cslib.filters`, which
compiles them; nothing here runs a query)."""

from __future__ import annotations

from dataclasses import dataclass

from cslib.properties.specs import TASK_PRIORITIES, TASK_TYPES

Choices = dict[str, tuple[str, dict | None]]

DATE_CHOICES: Choices = {
    "any": ("Any time", None),
    "today": ("Today", {"operator": "preset", "value": "today"}),
    "last_7_days": ("Last 7 days", {"operator": "in_last", "value": {"amount": 7, "unit": "days"}}),
    "last_30_days": ("Last 30 days", {"operator": "in_last", "value": {"amount": 30, "unit": "days"}}),
    "last_90_days": ("Last 90 days", {"operator": "in_last", "value": {"amount": 90, "unit": "days"}}),
    "this_month": ("This month", {"operator": "preset", "value": "this_month"}),
    "last_month": ("Last month", {"operator": "preset", "value": "last_month"}),
    "this_quarter": ("This quarter", {"operator": "preset", "value": "this_quarter"}),
    "this_year": ("This year", {"operator": "preset", "value": "this_year"}),
    "over_30_days_ago": (
        "More than 30 days ago",
        {"operator": "more_than_ago", "value": {"amount": 30, "unit": "days"}},
    ),
    "over_90_days_ago": (
        "More than 90 days ago",
        {"operator": "more_than_ago", "value": {"amount": 90, "unit": "days"}},
    ),
    "never": ("Never", {"operator": "is_unknown"}),
}
DUE_CHOICES: Choices = {
    "any": ("Any time", None),
    "overdue": ("Overdue", {"operator": "preset", "value": "before_today"}),
    "today": ("Today", {"operator": "preset", "value": "today"}),
    "tomorrow": ("Tomorrow", {"operator": "preset", "value": "tomorrow"}),
    "next_7_days": ("Next 7 days", {"operator": "in_next", "value": {"amount": 7, "unit": "days"}}),
    "this_week": ("This week", {"operator": "preset", "value": "this_week"}),
    "next_week": ("Next week", {"operator": "preset", "value": "next_week"}),
    "this_month": ("This month", {"operator": "preset", "value": "this_month"}),
    "none": ("No due date", {"operator": "is_unknown"}),
}


def _options(options: tuple[tuple[str, str], ...], anything: str) -> Choices:
    return {"any": (anything, None)} | {k: (label, {"operator": "in", "value": [k]}) for k, label in options}


@dataclass(frozen=True)
class BarField:
    """One drop-down of a list's filter bar: URL parameter, label, the property it filters
    and its choices (key → (label, condition without the property; None filters nothing))."""

    param: str
    label: str
    property: str
    choices: Choices


DEFAULT_BAR = (
    BarField("created", "Create date", "created_at", DATE_CHOICES),
    BarField("activity", "Last activity date", "last_activity_at", DATE_CHOICES),
)
TASK_BAR = (
    BarField(
        "assignee",
        "Assigned to",
        "assignee_id",
        {
            "any": ("Anyone", None),
            "me": ("Me", {"operator": "in", "value": ["me"]}),
            "unassigned": ("Unassigned", {"operator": "is_unknown"}),
        },
    ),
    BarField("due", "Due date", "due_at", DUE_CHOICES),
    BarField("type", "Task type", "type", _options(TASK_TYPES, "All types")),
    BarField("priority", "Priority", "priority", _options(TASK_PRIORITIES, "All priorities")),
)


@dataclass(frozen=True)
class BuiltinView:
    """A view every workspace has. Its filter is computed (`cslib.views.effective_filter`):
    from the workspace owner property for customers, from `filters` here for tasks, so a
    change here reaches every workspace."""

    key: str
    name: str
    description: str
    filters: dict | None = None
    sort: tuple[tuple[str, str], ...] = ()


COMPANY_VIEWS = (
    BuiltinView("owned_by_me", "Owned by me", "Customers you own"),
    BuiltinView(
        "assigned_last_30_days", "Assigned in the last 30 days", "Customers assigned to you in the last 30 days"
    ),
)

_MY_TASKS = {"property": "assignee_id", "operator": "in", "value": ["me"]}
OPEN_TASK_STATUSES = ("not_started", "in_progress", "waiting", "deferred")
_OPEN = {"property": "status", "operator": "in", "value": list(OPEN_TASK_STATUSES)}


def _due(preset: str) -> dict:
    """My open tasks due in a period of my own time zone."""
    return {"all": [_MY_TASKS, _OPEN, {"property": "due_at", "operator": "preset", "value": preset}]}


# Due today / overdue / due tomorrow don't overlap: "overdue" is due before today starts in the
# user's time zone, so a task due at 09:00 today is "due today" all day long.
TASK_VIEWS = (
    BuiltinView("due_today", "Due today", "Your open tasks due today", _due("today")),
    BuiltinView("overdue", "Overdue", "Your open tasks due before today", _due("before_today")),
    BuiltinView("due_tomorrow", "Due tomorrow", "Your open tasks due tomorrow", _due("tomorrow")),
    BuiltinView(
        "all_completed",
        "All completed",
        "Tasks you completed, newest first",
        {"all": [_MY_TASKS, {"property": "status", "operator": "in", "value": ["completed"]}]},
        (("completed_at", "desc"),),
    ),
)
