"""What a list of an object type starts from, as plain data the object-type registry
(`cslib.properties.types`) hands out: the fields of a filter bar with their choices, and
the built-in views with their filters (in the filter model of `cslib.filters`, which
compiles them; nothing here runs a query).

Labels, view names and descriptions are English, marked with `N_`: pages show them
through `_()`. Keys and URL parameters stay English in every language."""

from __future__ import annotations

from dataclasses import dataclass

from cslib.i18n import N_
from cslib.properties.specs import TASK_PRIORITIES, TASK_TYPES

Choices = dict[str, tuple[str, dict | None]]

DATE_CHOICES: Choices = {
    "any": (N_("Any time"), None),
    "today": (N_("Today"), {"operator": "preset", "value": "today"}),
    "last_7_days": (N_("Last 7 days"), {"operator": "in_last", "value": {"amount": 7, "unit": "days"}}),
    "last_30_days": (N_("Last 30 days"), {"operator": "in_last", "value": {"amount": 30, "unit": "days"}}),
    "last_90_days": (N_("Last 90 days"), {"operator": "in_last", "value": {"amount": 90, "unit": "days"}}),
    "this_month": (N_("This month"), {"operator": "preset", "value": "this_month"}),
    "last_month": (N_("Last month"), {"operator": "preset", "value": "last_month"}),
    "this_quarter": (N_("This quarter"), {"operator": "preset", "value": "this_quarter"}),
    "this_year": (N_("This year"), {"operator": "preset", "value": "this_year"}),
    "over_30_days_ago": (
        N_("More than 30 days ago"),
        {"operator": "more_than_ago", "value": {"amount": 30, "unit": "days"}},
    ),
    "over_90_days_ago": (
        N_("More than 90 days ago"),
        {"operator": "more_than_ago", "value": {"amount": 90, "unit": "days"}},
    ),
    "never": (N_("Never"), {"operator": "is_unknown"}),
}
DUE_CHOICES: Choices = {
    "any": (N_("Any time"), None),
    "overdue": (N_("Overdue"), {"operator": "preset", "value": "before_today"}),
    "today": (N_("Today"), {"operator": "preset", "value": "today"}),
    "tomorrow": (N_("Tomorrow"), {"operator": "preset", "value": "tomorrow"}),
    "next_7_days": (N_("Next 7 days"), {"operator": "in_next", "value": {"amount": 7, "unit": "days"}}),
    "this_week": (N_("This week"), {"operator": "preset", "value": "this_week"}),
    "next_week": (N_("Next week"), {"operator": "preset", "value": "next_week"}),
    "this_month": (N_("This month"), {"operator": "preset", "value": "this_month"}),
    "none": (N_("No due date"), {"operator": "is_unknown"}),
}


def _options(options: tuple[tuple[str, str], ...], anything: str) -> Choices:
    return {"any": (anything, None)} | {k: (label, {"operator": "in", "value": [k]}) for k, label in options}


TEXT_BAR_MAX = 100
_MAX_USER_ID = 2**31 - 1


@dataclass(frozen=True)
class BarField:
    """One field of a list's filter bar: URL parameter, label, the property it filters and
    its choices (key → (label, condition without the property; None filters nothing)).

    `kind` says what else a link may hold: "choice" only the choices; "user" also a user's
    id (the owner drop-downs of the pipeline tabs list every user); "text" any short text,
    matched with "contains" (the Projects tab's Name)."""

    param: str
    label: str
    property: str
    choices: Choices
    kind: str = "choice"

    def accept(self, raw: str | None) -> str | None:
        """The choice a link's value means ("any" when absent), or None when it is not valid."""
        if raw is None or raw == "" or raw == "any":
            return "any"
        if raw in self.choices:
            return raw
        if self.kind == "user" and raw.isascii() and raw.isdigit() and 1 <= int(raw) <= _MAX_USER_ID:
            return str(int(raw))
        if self.kind == "text":
            text = " ".join(raw.split())
            if len(text) <= TEXT_BAR_MAX and text.isprintable():
                return text or "any"
        return None

    def condition(self, choice: str) -> dict | None:
        """The filter-model condition of `choice`, without its property (None: no filter)."""
        if choice in self.choices:
            return self.choices[choice][1]
        if self.kind == "user" and choice.isdigit():
            return {"operator": "in", "value": [int(choice)]}
        if self.kind == "text":
            return {"operator": "contains", "value": choice}
        return None


DEFAULT_BAR = (
    BarField("created", N_("Create date"), "created_at", DATE_CHOICES),
    BarField("activity", N_("Last activity date"), "last_activity_at", DATE_CHOICES),
)
OWNER_CHOICES: Choices = {
    "any": (N_("Anyone"), None),
    "me": (N_("Me"), {"operator": "in", "value": ["me"]}),
    "unassigned": (N_("Unassigned"), {"operator": "is_unknown"}),
}


def owner_bar(label: str) -> BarField:
    return BarField("owner", label, "owner_id", OWNER_CHOICES, kind="user")


# SPEC §3.3 and §3.4: Projects filter by Owner, Name and Create date; Revenue by Deal
# owner, Create date and Last activity date (each with Advanced filters beside).
PROJECT_BAR = (
    owner_bar(N_("Owner")),
    BarField("name", N_("Name"), "name", {"any": (N_("Any name"), None)}, kind="text"),
    DEFAULT_BAR[0],
)
DEAL_BAR = (owner_bar(N_("Deal owner")), *DEFAULT_BAR)
SUBSCRIPTION_BAR = (owner_bar(N_("Owner")), *DEFAULT_BAR)
TASK_BAR = (
    BarField("assignee", N_("Assigned to"), "assignee_id", OWNER_CHOICES),
    BarField("due", N_("Due date"), "due_at", DUE_CHOICES),
    BarField("type", N_("Task type"), "type", _options(TASK_TYPES, N_("All types"))),
    BarField("priority", N_("Priority"), "priority", _options(TASK_PRIORITIES, N_("All priorities"))),
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
    BuiltinView("owned_by_me", N_("Owned by me"), N_("Customers you own")),
    BuiltinView(
        "assigned_last_30_days",
        N_("Assigned in the last 30 days"),
        N_("Customers assigned to you in the last 30 days"),
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
    BuiltinView("due_today", N_("Due today"), N_("Your open tasks due today"), _due("today")),
    BuiltinView("overdue", N_("Overdue"), N_("Your open tasks due before today"), _due("before_today")),
    BuiltinView("due_tomorrow", N_("Due tomorrow"), N_("Your open tasks due tomorrow"), _due("tomorrow")),
    BuiltinView(
        "all_completed",
        N_("All completed"),
        N_("Tasks you completed, newest first"),
        {"all": [_MY_TASKS, {"property": "status", "operator": "in", "value": ["completed"]}]},
        (("completed_at", "desc"),),
    ),
)

_MINE = {"property": "owner_id", "operator": "in", "value": ["me"]}


def _pipeline_views(key: str, mine: str, mine_text: str, every: str, every_text: str) -> tuple[BuiltinView, ...]:
    """The two views a pipeline object starts with: the user's own records, then all."""
    return (BuiltinView(f"my_{key}", mine, mine_text, _MINE), BuiltinView(f"all_{key}", every, every_text))


DEAL_VIEWS = _pipeline_views("deals", N_("My deals"), N_("Deals you own"), N_("All deals"), N_("Every deal"))
SUBSCRIPTION_VIEWS = _pipeline_views(
    "subscriptions",
    N_("My subscriptions"),
    N_("Subscriptions you own"),
    N_("All subscriptions"),
    N_("Every subscription"),
)
PROJECT_VIEWS = _pipeline_views(
    "projects", N_("My projects"), N_("Projects you own"), N_("All projects"), N_("Every project")
)
SERVICE_VIEWS = _pipeline_views(
    "services", N_("My services"), N_("Services you own"), N_("All services"), N_("Every service")
)
TICKET_VIEWS = _pipeline_views(
    "tickets", N_("My tickets"), N_("Tickets you own"), N_("All tickets"), N_("Every ticket")
)
