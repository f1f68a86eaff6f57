"""What a saved view may hold (SPEC §3.2): names, sharing, columns, sort, card
properties and default-view descriptions, each checked with a message a user can read.
Pure functions over a property dict (`cslib.properties.properties_for`); the database
side lives in `cslib.views`."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from cslib.errors import (
    ValidationError,
    quote,  # noqa: F401 - re-exported for view modules
)
from cslib.properties import PropertySpec
from cslib.validation import clean_text

SHARING = ("private", "everyone")
DIRECTIONS = ("asc", "desc")
NAME_MAX = 120
DESCRIPTION_MAX = 500
MAX_COLUMNS = 30
MAX_SORT = 3
MAX_CARD_PROPERTIES = 4
DEFAULT_VIEW_LIMIT = 6

DEFAULT_COLUMNS: dict[str, list[str]] = {
    "company": [
        "name",
        "domain",
        "owner_id",
        "lifecycle_stage",
        "arr",
        "renewal_date",
        "last_activity_at",
        "created_at",
    ],
    "task": ["due_at", "title", "associated", "priority", "status", "type", "assignee_id"],
}
DEFAULT_SORT: dict[str, list[dict[str, str]]] = {
    "company": [{"property": "name", "direction": "asc"}],
    "task": [{"property": "due_at", "direction": "asc"}],
}
DEFAULT_CARD_PROPERTIES: dict[str, list[str]] = {"company": ["arr", "renewal_date"], "task": ["due_at", "priority"]}

# Control characters, lone surrogates (PostgreSQL cannot store them) and line/paragraph
# separators: a view name is one line of text.
_BAD_NAME_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


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


_MY_TASKS = {"property": "assignee_id", "operator": "in", "value": ["me"]}
OPEN_TASK_STATUSES = ("not_started", "in_progress", "waiting", "deferred")
_OPEN = {"property": "status", "operator": "in", "value": list(OPEN_TASK_STATUSES)}


def _due(preset: str) -> dict:
    """My open tasks due in a period of my own time zone."""
    return {"all": [_MY_TASKS, _OPEN, {"property": "due_at", "operator": "preset", "value": preset}]}


# Due today / overdue / due tomorrow don't overlap: "overdue" is due before today starts in the
# user's time zone, so a task due at 09:00 today is "due today" all day long.
BUILTIN_VIEWS: dict[str, tuple[BuiltinView, ...]] = {
    "company": (
        BuiltinView("owned_by_me", "Owned by me", "Customers you own"),
        BuiltinView(
            "assigned_last_30_days", "Assigned in the last 30 days", "Customers assigned to you in the last 30 days"
        ),
    ),
    "task": (
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
    ),
}
BUILTIN_FILTERS = {v.key: v.filters for views in BUILTIN_VIEWS.values() for v in views if v.filters is not None}


def clean_name(raw: Any) -> str:
    """The view name stripped: 1–120 characters on one line, stored as typed otherwise
    (HTML is text; pages escape it)."""
    if raw is not None and not isinstance(raw, str):
        raise ValidationError("The view name must be text.")
    name = clean_text(raw, "View name", NAME_MAX)
    if any(unicodedata.category(ch) in _BAD_NAME_CATEGORIES for ch in name):
        raise ValidationError("The view name cannot contain control characters such as line breaks, tabs or NUL.")
    return name


def name_key(name: str) -> str:
    """What two names must differ in: case and Unicode compatibility forms don't count."""
    return unicodedata.normalize("NFKC", name).casefold()


def clean_sharing(raw: Any) -> str:
    if raw not in SHARING:
        raise ValidationError("Share the view with “Private” or “Everyone”.")
    return raw


def clean_description(raw: Any) -> str | None:
    """A default view's optional description: ≤ 500 characters, None when blank."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise ValidationError("The description must be text.")
    text = raw.replace("\r\n", "\n").strip()
    if not text:
        return None
    if len(text) > DESCRIPTION_MAX:
        raise ValidationError(f"The description can be at most {DESCRIPTION_MAX} characters (it has {len(text)}).")
    if any(unicodedata.category(ch) in _BAD_NAME_CATEGORIES and ch not in "\n\t" for ch in text):
        raise ValidationError("The description cannot contain control characters.")
    return text


def _property_names(raw: Any, what: str) -> list[str]:
    if not isinstance(raw, list | tuple) or not all(isinstance(item, str) for item in raw):
        raise ValidationError(f"{what} must be a list of property names.")
    return list(dict.fromkeys(raw))


def _check_known(names: list[str], props: Mapping[str, PropertySpec], plural: str) -> None:
    for name in names:
        if name not in props:
            raise ValidationError(f"{plural} have no property {quote(name)}. Reload and pick from the list.")


def clean_columns(raw: Any, props: Mapping[str, PropertySpec], plural: str) -> list[str]:
    """1–30 property names in display order (repeats dropped)."""
    columns = _property_names(raw, "Columns")
    if not columns:
        raise ValidationError("Pick at least one column.")
    if len(columns) > MAX_COLUMNS:
        raise ValidationError(f"A view can show at most {MAX_COLUMNS} columns (this one has {len(columns)}).")
    _check_known(columns, props, plural)
    return columns


def clean_sort(raw: Any, props: Mapping[str, PropertySpec], plural: str) -> list[dict[str, str]]:
    """Up to three {"property", "direction"} entries, each property once."""
    if not isinstance(raw, list | tuple):
        raise ValidationError("The sort must be a list of properties, each ascending or descending.")
    if len(raw) > MAX_SORT:
        raise ValidationError(f"A view can sort by at most {MAX_SORT} properties (this one has {len(raw)}).")
    out: list[dict[str, str]] = []
    for item in raw:
        if not isinstance(item, Mapping) or not isinstance(item.get("property"), str):
            raise ValidationError("Each sort entry needs a property and a direction.")
        name, direction = item["property"], item.get("direction", "asc")
        _check_known([name], props, plural)
        if direction not in DIRECTIONS:
            raise ValidationError(f"Sort {props[name].label} ascending or descending, not {quote(direction)}.")
        if any(entry["property"] == name for entry in out):
            raise ValidationError(f"The view sorts by {props[name].label} twice. Keep one.")
        out.append({"property": name, "direction": direction})
    return out


def clean_card_properties(raw: Any, props: Mapping[str, PropertySpec], plural: str) -> list[str]:
    """1–4 property names an Overview card shows for each record."""
    names = _property_names(raw, "Card properties")
    if not names:
        raise ValidationError("Pick at least one property for the card.")
    if len(names) > MAX_CARD_PROPERTIES:
        raise ValidationError(f"A card can show at most {MAX_CARD_PROPERTIES} properties (you picked {len(names)}).")
    _check_known(names, props, plural)
    return names


def default_columns(object_type: str, props: Mapping[str, PropertySpec]) -> list[str]:
    """Columns of a new view: the standard set, or the object's first eight properties."""
    if object_type in DEFAULT_COLUMNS:
        return [c for c in DEFAULT_COLUMNS[object_type] if c in props]
    return [name for name in props if name != "id"][:8]


def default_sort(object_type: str, props: Mapping[str, PropertySpec]) -> list[dict[str, str]]:
    """Sort of a new view: the standard one, else by name (or title) A–Z, else none."""
    if object_type in DEFAULT_SORT:
        return [dict(s) for s in DEFAULT_SORT[object_type] if s["property"] in props]
    for name in ("name", "title"):
        if name in props:
            return [{"property": name, "direction": "asc"}]
    return []


def default_card_properties(object_type: str, columns: list[str]) -> list[str]:
    """Card properties of a default view whose admin has not picked any."""
    if object_type in DEFAULT_CARD_PROPERTIES:
        return list(DEFAULT_CARD_PROPERTIES[object_type])
    rest = [c for c in columns if c not in ("id", "name", "title")]
    return rest[:2] or columns[:1]
