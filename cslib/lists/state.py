"""What a list page shows, as it travels in the URL: the view, the filter bar, advanced
filters, columns, sort, page and the open record, and on the pipeline tabs the pipeline
and the layout (table or board). Parsing never raises: a bad parameter is
dropped with a note the page shows, so a mangled link still opens a sensible list."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from cslib.filters import FilterError, parse_json, to_json, validate
from cslib.i18n import _, pgettext
from cslib.properties import OBJECT_TYPES, BarField, PropertySpec, object_type_def
from cslib.validation import ignored, int_param


def bar_fields(object_type: str) -> tuple[BarField, ...]:
    """The filter bar of a list of `object_type` (Create date and Last activity date by default)."""
    return object_type_def(object_type).filter_bar


def bar_label(field: BarField, props: dict[str, PropertySpec]) -> str:
    """A filter-bar field's label in the reader's language: its property's label (a record's
    "Name" is not a person's), else the field's own."""
    spec = props.get(field.property)
    return spec.label if spec is not None else _(field.label)


def _bar_field(param: str) -> BarField | None:
    """The filter-bar field of a URL parameter (a parameter means one field in every bar)."""
    return next((f for d in OBJECT_TYPES.values() for f in d.filter_bar if f.param == param), None)


MAX_PAGE = 100_000
LAYOUTS = ("table", "board")
# `view=all` in a link: every record, no view filter (the Overview's "[X] customers" links).
ALL_RECORDS = 0


@dataclass(frozen=True)
class ListState:
    view_id: int | None = None
    bar: tuple[tuple[str, str], ...] = ()  # (URL parameter, choice) of each set filter-bar field
    advanced: dict | None = None
    columns: tuple[str, ...] | None = None
    sort: tuple[tuple[str, str], ...] | None = None
    page: int = 1
    record_id: int | None = None
    pipeline_id: int | None = None
    layout: str | None = None  # None: the view's layout
    notes: tuple[str, ...] = field(default=(), compare=False)

    def with_(self, **changes) -> ListState:  # noqa: ANN003
        return replace(self, **changes)

    def choice(self, param: str) -> str:
        return dict(self.bar).get(param, "any")

    def with_bar(self, **choices: str) -> ListState:
        """The state with these filter-bar choices ("any" clears one)."""
        merged = dict(self.bar) | choices
        return replace(self, bar=tuple(sorted((k, v) for k, v in merged.items() if v != "any")), page=1)

    @property
    def sort_dicts(self) -> list[dict] | None:
        return None if self.sort is None else [{"property": p, "direction": d} for p, d in self.sort]


def parse(params: dict[str, str], props: dict[str, PropertySpec], object_type: str = "company") -> ListState:
    """A ListState from URL parameters; anything invalid is ignored with a note in the
    reader's language."""
    notes: list[str] = []
    state = ListState(
        view_id=ALL_RECORDS
        if params.get("view") == "all"
        else int_param(params.get("view"), pgettext("link parameter", "view"), notes),
        page=int_param(params.get("page"), pgettext("link parameter", "page number"), notes, high=MAX_PAGE) or 1,
        record_id=int_param(params.get("record"), pgettext("link parameter", "record"), notes),
        pipeline_id=int_param(params.get("pipeline"), pgettext("link parameter", "pipeline"), notes),
    )
    layout = params.get("layout")
    if layout in LAYOUTS:
        state = state.with_(layout=layout)
    elif layout:
        notes.append(ignored(pgettext("link parameter", "layout"), layout))
    bar = {}
    for f in bar_fields(object_type):
        value = f.accept(params.get(f.param))
        if value is None:
            what = pgettext("link parameter", "{field} filter", field=bar_label(f, props).lower())
            notes.append(ignored(what, params[f.param]))
        elif value != "any":
            bar[f.param] = value
    state = state.with_(bar=tuple(sorted(bar.items())))
    if params.get("adv"):
        try:
            state = state.with_(advanced=validate(parse_json(params["adv"]), props))
        except FilterError as exc:
            notes.append(_("The link's advanced filter was ignored: {reason}", reason=str(exc)))
    if params.get("cols"):
        cols = tuple(c for c in params["cols"].split(",")[:30] if c)
        unknown = [c for c in cols if c not in props]
        if unknown or not cols:
            notes.append(_("The link's columns were not valid and were ignored."))
        else:
            state = state.with_(columns=cols)
    if params.get("sort"):
        prop, _sep, direction = params["sort"].partition(":")
        if prop in props and direction in ("asc", "desc"):
            state = state.with_(sort=((prop, direction),))
        else:
            notes.append(_("The link's sort was not valid and was ignored."))
    return state.with_(notes=tuple(notes))


def to_params(state: ListState) -> dict[str, str]:
    """URL parameters for `state` (defaults left out, so links stay short)."""
    params: dict[str, str] = {}
    if state.pipeline_id is not None:
        params["pipeline"] = str(state.pipeline_id)
    if state.layout is not None:
        params["layout"] = state.layout
    if state.view_id is not None:
        params["view"] = "all" if state.view_id == ALL_RECORDS else str(state.view_id)
    params.update(state.bar)
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
    """The filter bar (e.g. Create date, Last activity date) as one filter-model dict."""
    conditions = []
    for param, choice in state.bar:
        field = _bar_field(param)
        condition = field.condition(choice) if field else None
        if condition is not None:
            conditions.append({"property": field.property, **condition})
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
