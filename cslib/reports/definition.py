"""A report's definition, checked: what it counts (object and measure), how it groups
(up to two properties, dates in day/week/month/quarter buckets, numbers in bins), which
records (the shared filter model), and how it is drawn (chart, sort, limit).

In JSON, as stored and as the builder makes it:

    {"object": "company",
     "measure": {"function": "avg", "property": "health_score"},
     "group_by": [{"property": "renewal_date", "bucket": "month"},
                  {"property": "health_score", "bin": 10}],
     "filter": {...the filter model...},
     "chart": "bar", "sort": "label", "limit": 12}

`validate` returns a `Definition` or raises `ReportError` with a message a user can read;
nothing of a definition reaches SQL except through `cslib.reports.compile`'s expressions
and bound parameters."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from cslib import i18n
from cslib.errors import ValidationError
from cslib.filters import FilterError
from cslib.filters import validate as validate_filter
from cslib.i18n import N_, _
from cslib.properties import PropertySpec
from cslib.reports.sources import available, properties

MEASURES: dict[str, str] = {
    "count": N_("Count"),
    "sum": N_("Sum"),
    "avg": N_("Average"),
    "min": N_("Minimum"),
    "max": N_("Maximum"),
}
BUCKETS: dict[str, str] = {"day": N_("Day"), "week": N_("Week"), "month": N_("Month"), "quarter": N_("Quarter")}
CHARTS: dict[str, str] = {
    "kpi": N_("KPI number"),
    "bar": N_("Bar chart"),
    "stacked_bar": N_("Stacked bar chart"),
    "line": N_("Line chart"),
    "donut": N_("Donut chart"),
    "table": N_("Table"),
    "funnel": N_("Funnel"),
}
SORTS: dict[str, str] = {
    "value_desc": N_("Largest first"),
    "value_asc": N_("Smallest first"),
    "label": N_("In order of the groups"),
}
MAX_GROUP_BY = 2
MAX_LIMIT = 100
DEFAULT_LIMIT = 20
# Ranges finer than the numbers a label shows (three decimals) would all read alike, and
# PostgreSQL refuses a value / width that overflows.
MIN_BIN = 0.001
MAX_BIN = 1e12
NUMERIC = ("number", "currency")
DATES = ("date", "datetime")
GROUPABLE = ("enumeration", "user", "string", "bool", *DATES, *NUMERIC)
_KEYS = {"object", "measure", "group_by", "filter", "chart", "sort", "limit"}


class ReportError(ValidationError):
    """The report definition was refused; the message says why."""


@dataclass(frozen=True)
class GroupBy:
    property: str
    bucket: str | None = None  # a date's bucket
    bin: float | None = None  # a number's bin width

    def as_json(self) -> dict:
        out: dict[str, Any] = {"property": self.property}
        if self.bucket:
            out["bucket"] = self.bucket
        if self.bin is not None:
            out["bin"] = int(self.bin) if float(self.bin).is_integer() else self.bin
        return out


@dataclass(frozen=True)
class Definition:
    object: str
    function: str
    measure_property: str | None
    group_by: tuple[GroupBy, ...]
    filter: dict | None
    chart: str
    sort: str
    limit: int

    def as_json(self) -> dict:
        measure: dict[str, Any] = {"function": self.function}
        if self.measure_property:
            measure["property"] = self.measure_property
        return {
            "object": self.object,
            "measure": measure,
            "group_by": [g.as_json() for g in self.group_by],
            "filter": self.filter,
            "chart": self.chart,
            "sort": self.sort,
            "limit": self.limit,
        }


def validate(session: Session, raw: Any) -> Definition:
    """The checked, normalised definition of `raw`; ReportError says what is wrong."""
    if not isinstance(raw, dict):
        raise ReportError(_("A report definition must be an object."))
    unknown = sorted(str(k)[:40] for k in raw if k not in _KEYS)
    if unknown:
        raise ReportError(_("Unknown field in the report definition: {name}", name=unknown[0]))
    source = raw.get("object")
    if not isinstance(source, str) or source not in {s.key for s in available(session)}:
        raise ReportError(_("Pick what the report counts."))
    props = properties(session, source)
    function, measured = _measure(raw.get("measure"), props)
    groups = _group_by(raw.get("group_by"), props)
    try:
        flt = validate_filter(raw.get("filter"), props)
    except FilterError as exc:
        raise ReportError(str(exc)) from exc
    chart = _chart(raw.get("chart"), groups, props)
    if chart == "funnel" and function not in ("count", "sum"):
        raise ReportError(_("A funnel adds each stage to the later ones: count, or sum a number."))
    sort = raw.get("sort") or ("label" if chart in ("line", "funnel") or _ordered(groups) else "value_desc")
    if not _one_of(sort, SORTS):
        raise ReportError(_("Unknown sort order."))
    limit = raw.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise ReportError(_("The limit must be a whole number from 1 to {n}.", n=MAX_LIMIT))
    return Definition(source, function, measured, groups, flt, chart, sort, limit)


def _measure(raw: Any, props: dict[str, PropertySpec]) -> tuple[str, str | None]:
    if not isinstance(raw, dict) or not _one_of(raw.get("function"), MEASURES) or set(raw) - {"function", "property"}:
        raise ReportError(_("Pick a measure: count, sum, average, minimum or maximum."))
    function = raw["function"]
    if function == "count":
        return function, None
    name = raw.get("property")
    spec = props.get(name) if isinstance(name, str) else None
    if spec is None or spec.type not in NUMERIC:
        raise ReportError(_("A sum, average, minimum or maximum needs a number property."))
    return function, name


def _group_by(raw: Any, props: dict[str, PropertySpec]) -> tuple[GroupBy, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or len(raw) > MAX_GROUP_BY:
        raise ReportError(_("A report groups by at most {n} properties.", n=MAX_GROUP_BY))
    groups = tuple(_one_group(item, props) for item in raw)
    if len({g.property for g in groups}) < len(groups):
        raise ReportError(_("Group by two different properties."))
    return groups


def _one_group(item: Any, props: dict[str, PropertySpec]) -> GroupBy:
    if not isinstance(item, dict) or set(item) - {"property", "bucket", "bin"}:
        raise ReportError(_("Each group-by names a property."))
    name = item.get("property")
    spec = props.get(name) if isinstance(name, str) else None
    if spec is None or spec.type not in GROUPABLE:
        raise ReportError(_("This property cannot group a report."))
    if spec.type in DATES:
        bucket = item.get("bucket")
        if not _one_of(bucket, BUCKETS) or "bin" in item:
            raise ReportError(_("Group {property} by day, week, month or quarter.", property=spec.label))
        return GroupBy(name, bucket=bucket)
    if spec.type in NUMERIC:
        width = item.get("bin")
        if (
            isinstance(width, bool)
            or not isinstance(width, int | float)
            or not math.isfinite(width)
            or not MIN_BIN <= width <= MAX_BIN
            or "bucket" in item
        ):
            raise ReportError(
                _(
                    "Group {property} in ranges of a width from {low} to {high}.",
                    property=spec.label,
                    low=i18n.number(MIN_BIN),
                    high=i18n.number(MAX_BIN),
                )
            )
        return GroupBy(name, bin=float(width))
    if "bucket" in item or "bin" in item:
        raise ReportError(_("Only dates have buckets and only numbers have ranges."))
    return GroupBy(name)


def _one_of(value: Any, choices: dict[str, str]) -> bool:
    """`value` is one of the keys of `choices` (a list or a dict from JSON is not)."""
    return isinstance(value, str) and value in choices


def _ordered(groups: tuple[GroupBy, ...]) -> bool:
    return bool(groups) and (groups[0].bucket is not None or groups[0].bin is not None)


def _chart(raw: Any, groups: tuple[GroupBy, ...], props: dict[str, PropertySpec]) -> str:
    if not _one_of(raw, CHARTS):
        raise ReportError(_("Pick a chart type."))
    n = len(groups)
    if raw == "kpi" and n:
        raise ReportError(_("A KPI number shows one value: remove the group-by."))
    if raw != "kpi" and raw != "table" and not n:
        raise ReportError(_("This chart needs a group-by."))
    if raw == "stacked_bar" and n != 2:
        raise ReportError(_("A stacked bar chart needs two group-bys."))
    if raw in ("donut", "funnel") and n != 1:
        raise ReportError(_("This chart needs exactly one group-by."))
    if raw == "funnel" and groups[0].property != "stage_id":
        raise ReportError(_("A funnel groups by pipeline stage."))
    if raw == "line" and not _ordered(groups):
        raise ReportError(_("A line chart needs a date or number group-by first."))
    return raw
