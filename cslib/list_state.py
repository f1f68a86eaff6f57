"""What a list page shows, as it travels in the URL: the view, the filter bar, advanced
filters, columns, sort, page and the open record. Parsing never raises: a bad parameter is
dropped with a note the page shows, so a mangled link still opens a sensible list."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from cslib.filters import FilterError, parse_json, to_json, validate
from cslib.properties import PropertySpec

DATE_CHOICES: dict[str, tuple[str, dict | None]] = {
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
BAR_PROPERTIES = {"created": "created_at", "activity": "last_activity_at"}
MAX_PAGE = 100_000


@dataclass(frozen=True)
class ListState:
    view_id: int | None = None
    created: str = "any"
    activity: str = "any"
    advanced: dict | None = None
    columns: tuple[str, ...] | None = None
    sort: tuple[tuple[str, str], ...] | None = None
    page: int = 1
    record_id: int | None = None
    notes: tuple[str, ...] = field(default=(), compare=False)

    def with_(self, **changes) -> ListState:  # noqa: ANN003
        return replace(self, **changes)

    @property
    def sort_dicts(self) -> list[dict] | None:
        return None if self.sort is None else [{"property": p, "direction": d} for p, d in self.sort]


def _int(value: str | None, name: str, notes: list[str], *, low: int = 1, high: int = 2**31 - 1) -> int | None:
    if value in (None, ""):
        return None
    if value.isdigit() and low <= int(value) <= high:
        return int(value)
    notes.append(f"The link's {name} “{value[:40]}” is not valid and was ignored.")
    return None


def parse(params: dict[str, str], props: dict[str, PropertySpec]) -> ListState:
    """A ListState from URL parameters; anything invalid is ignored with a note."""
    notes: list[str] = []
    state = ListState(
        view_id=_int(params.get("view"), "view", notes),
        page=_int(params.get("page"), "page number", notes, high=MAX_PAGE) or 1,
        record_id=_int(params.get("record"), "record", notes),
    )
    for key, label in (("created", "create date"), ("activity", "last activity date")):
        value = params.get(key)
        if value and value not in DATE_CHOICES:
            notes.append(f"The link's {label} filter “{value[:40]}” is not valid and was ignored.")
        elif value:
            state = state.with_(**{key: value})
    if params.get("adv"):
        try:
            state = state.with_(advanced=validate(parse_json(params["adv"]), props))
        except FilterError as exc:
            notes.append(f"The link's advanced filter was ignored: {exc}")
    if params.get("cols"):
        cols = tuple(c for c in params["cols"].split(",")[:30] if c)
        unknown = [c for c in cols if c not in props]
        if unknown or not cols:
            notes.append("The link's columns were not valid and were ignored.")
        else:
            state = state.with_(columns=cols)
    if params.get("sort"):
        prop, _, direction = params["sort"].partition(":")
        if prop in props and direction in ("asc", "desc"):
            state = state.with_(sort=((prop, direction),))
        else:
            notes.append("The link's sort was not valid and was ignored.")
    return state.with_(notes=tuple(notes))


def to_params(state: ListState) -> dict[str, str]:
    """URL parameters for `state` (defaults left out, so links stay short)."""
    params: dict[str, str] = {}
    if state.view_id is not None:
        params["view"] = str(state.view_id)
    for key in ("created", "activity"):
        if getattr(state, key) != "any":
            params[key] = getattr(state, key)
    if state.advanced:
        params["adv"] = to_json(state.advanced)
    if state.columns is not None:
        params["cols"] = ",".join(state.columns)
    if state.sort:
        params["sort"] = f"{state.sort[0][0]}:{state.sort[0][1]}"
    if state.page > 1:
        params["page"] = str(state.page)
    if state.record_id is not None:
        params["record"] = str(state.record_id)
    return params


def bar_filter(state: ListState) -> dict | None:
    """The filter bar (Create date, Last activity date) as one filter-model dict."""
    conditions = []
    for key, prop in BAR_PROPERTIES.items():
        choice = DATE_CHOICES[getattr(state, key)][1]
        if choice is not None:
            conditions.append({"property": prop, **choice})
    return {"all": conditions} if conditions else None


def combine(view_filter: dict | None, state: ListState) -> dict | None:
    """The view's filter with the filter bar and advanced filters on top: what "Save view"
    and "+ Create view" store."""
    parts: list[dict] = []
    for f in (view_filter, bar_filter(state), state.advanced):
        if f:
            parts.extend(f["all"] if set(f) == {"all"} else [f])
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"all": parts}
