"""A report run: the compiled query's rows with every key named in the reader's language
(users, choices, stages, date buckets, number ranges), in the order the chart draws
them, with what the chart needs to say what it shows (axis titles, money or count).

The work after the query is over its grouped rows (at most `MAX_ROWS`), never a table:
putting choices in their list's order, keeping a two-level report's top groups, and a
funnel's "reached at least this stage" sums."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from babel.dates import format_skeleton
from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib import i18n, query, users
from cslib.filters import FilterContext
from cslib.i18n import _, pgettext
from cslib.models import HealthProfile, Pipeline, PipelineStage
from cslib.properties import PropertySpec
from cslib.reports.compile import MAX_ROWS, compile_report
from cslib.reports.definition import BUCKETS, MEASURES, Definition, GroupBy
from cslib.reports.sources import SOURCES, properties

UNKNOWN_KEY = "__none__"
MONEY = "money"


@dataclass(frozen=True)
class Dimension:
    property: str
    title: str  # "Renewal date (month)"
    keys: tuple[Any, ...]  # in drawing order, None for "no value"
    labels: tuple[str, ...]


@dataclass(frozen=True)
class ReportResult:
    definition: Definition
    measure_title: str  # "Sum of Annual recurring revenue"
    value_kind: str  # "money", "count" or "number"
    currency: str
    dimensions: tuple[Dimension, ...]
    rows: tuple[tuple[Any, ...], ...]  # (key0[, key1], value) in drawing order
    total: float | None
    stage_order: tuple[Any, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.rows or all(r[-1] in (None, 0) for r in self.rows)

    def label(self, level: int, key: Any) -> str:
        d = self.dimensions[level]
        return d.labels[d.keys.index(key)]

    def format(self, value: float | None, language: str | None = None, *, compact: bool = False) -> str:
        """`value` as the reader writes it; `compact` shortens money ("$2.8M") where space is
        short, e.g. beside a funnel's bars."""
        if value is None:
            return "–"
        if self.value_kind == MONEY:
            return i18n.money(value, self.currency, language, compact=compact)
        if self.value_kind == "count":
            return i18n.number(int(round(value)), language)
        return i18n.number(round(value, 1), language)


def run_report(session: Session, d: Definition, ctx: FilterContext, *, scope: dict | None = None) -> ReportResult:
    """Run `d` for the viewer of `ctx` (relative dates and "me" are theirs)."""
    props = properties(session, d.object)
    rows = [tuple(r) for r in query.rows(session, compile_report(session, d, ctx, scope), max_rows=MAX_ROWS)]
    rows = [(*[_normal(k, g) for k, g in zip(r[:-1], d.group_by, strict=True)], _number(r[-1], d)) for r in rows]
    currency = users.get_workspace(session).currency
    if not d.group_by:
        value = rows[0][-1] if rows else None
        return ReportResult(d, measure_title(d, props), _kind(d, props), currency, (), ((value,),), value)
    rows = _arranged(session, d, props, rows)
    dims = tuple(
        _dimension(session, props[g.property], g, [r[i] for r in rows], ordered=i > 0) for i, g in enumerate(d.group_by)
    )
    total = sum(r[-1] or 0 for r in rows) if d.function in ("count", "sum") else None
    return ReportResult(d, measure_title(d, props), _kind(d, props), currency, dims, tuple(rows), total)


def measure_title(d: Definition, props: dict[str, PropertySpec]) -> str:
    if d.function == "count":
        return _(SOURCES[d.object].count_label)
    return _("{function} of {property}", function=_(MEASURES[d.function]), property=props[d.measure_property].label)


def _kind(d: Definition, props: dict[str, PropertySpec]) -> str:
    if d.function == "count":
        return "count"
    return MONEY if props[d.measure_property].type == "currency" else "number"


def _number(value: Any, d: Definition) -> float | None:
    if value is None:
        return None if d.function != "count" else 0
    return float(value)


def _normal(key: Any, g: GroupBy) -> Any:
    """Keys as Python values alike on both databases: bucket days as dates, bins as floats."""
    if key is None:
        return None
    if g.bucket:
        if isinstance(key, datetime):
            return key.date()
        return key if isinstance(key, date) else date.fromisoformat(str(key)[:10])
    if g.bin is not None:
        return float(key)
    return key


def _arranged(session: Session, d: Definition, props: dict[str, PropertySpec], rows: list[tuple]) -> list[tuple]:
    first = d.group_by[0]
    order = _choice_order(session, props[first.property], first)
    if d.sort == "label" or d.chart == "funnel":
        rows.sort(key=_in_order(order, 0))
    if len(d.group_by) == 2 or order is not None:
        rows = _top_groups(rows, d)
    if len(d.group_by) == 2:  # a bar's parts in the second group's order, whatever the sort
        place = {k: i for i, k in enumerate(dict.fromkeys(r[0] for r in rows))}
        second = d.group_by[1]
        part = _in_order(_choice_order(session, props[second.property], second), 1)
        rows.sort(key=lambda r: (place[r[0]], part(r)))
    if d.chart == "funnel":
        rows = _reached(_one_pipeline(session, rows))
    return rows


def _in_order(order: dict[Any, int] | None, i: int) -> Callable[[tuple], tuple]:
    """The sort key of rows by their `i`th key: choices in their list's `order`, other keys
    by value; "no value" last (databases differ on where NULL sorts)."""
    if order is not None:
        return lambda r: (order.get(r[i], len(order)), str(r[i]))
    return lambda r: (r[i] is None, r[i] if r[i] is not None else 0)


def _top_groups(rows: list[tuple], d: Definition) -> list[tuple]:
    """The `limit` first-level groups with the largest totals (or all of them in label
    order, cut at the limit), keeping their rows' order."""
    totals: dict[Any, float] = {}
    for r in rows:
        totals[r[0]] = totals.get(r[0], 0) + (r[-1] or 0)
    if d.sort == "label" or d.chart == "funnel":
        keep = list(dict.fromkeys(r[0] for r in rows))[: d.limit if d.chart != "funnel" else None]
    else:
        keep = sorted(totals, key=lambda k: totals[k], reverse=d.sort == "value_desc")[: d.limit]
        rank = {k: i for i, k in enumerate(keep)}
        rows = sorted((r for r in rows if r[0] in rank), key=lambda r: rank[r[0]])
    wanted = set(keep)
    return [r for r in rows if r[0] in wanted]


def _one_pipeline(session: Session, rows: list[tuple]) -> list[tuple]:
    """A funnel's stages: every stage of the first pipeline among the rows, in order, lost
    stages left out (a lost deal reached no later stage). A stage nobody is in is there
    too: the records past it reached it."""
    ids = [r[0] for r in rows if isinstance(r[0], int)]
    if not ids:
        return []
    s = PipelineStage
    first = session.scalar(select(s.pipeline_id).where(s.id == ids[0]))
    stages = session.execute(
        select(s.id, s.is_closed, s.is_won).where(s.pipeline_id == first).order_by(s.display_order, s.id)
    ).all()
    values = {r[0]: r[-1] for r in rows}
    return [(sid, values.get(sid, 0)) for sid, closed, won in stages if won or not closed]


def _reached(rows: list[tuple]) -> list[tuple]:
    """A funnel's value at each stage: the records in that stage or any later one."""
    out, running = [], 0.0
    for key, value in reversed(rows):
        running += value or 0
        out.append((key, running))
    return list(reversed(out))


def _choice_order(session: Session, spec: PropertySpec, g: GroupBy) -> dict[Any, int] | None:
    if g.bucket or g.bin is not None:
        return None
    if spec.name == "stage_id":
        stages = session.execute(
            select(PipelineStage.id).join(Pipeline).order_by(Pipeline.display_order, PipelineStage.display_order)
        )
        return {sid: i for i, (sid,) in enumerate(stages)}
    if spec.options:
        return {key: i for i, (key, _label) in enumerate(spec.options)}
    return None


def _dimension(session: Session, spec: PropertySpec, g: GroupBy, keys: list, *, ordered: bool) -> Dimension:
    """A group-by's keys and labels: the first in the rows' order; a second (the series of
    a stacked chart) in its choices' order or its own, "no value" last."""
    keys = list(dict.fromkeys(keys))
    if ordered:
        in_order = _in_order(_choice_order(session, spec, g), 0)
        keys.sort(key=lambda k: in_order((k,)))
    title = (
        spec.label
        if not g.bucket
        else _("{property} ({bucket})", property=spec.label, bucket=_(BUCKETS[g.bucket]).lower())
    )
    return Dimension(spec.name, title, tuple(keys), tuple(_labels(session, spec, g, keys)))


def _labels(session: Session, spec: PropertySpec, g: GroupBy, keys: list) -> list[str]:
    if g.bucket:
        return [_bucket_label(k, g.bucket) if k is not None else _no_value(spec) for k in keys]
    if g.bin is not None:
        return [_bin_label(k, g.bin) if k is not None else _no_value(spec) for k in keys]
    names: dict[Any, str] = {}
    if spec.type == "user":
        names = users.names_for(session, [k for k in keys if k is not None])
    elif spec.name in ("stage_id", "pipeline_id", "profile_id"):
        names = _named_rows(session, spec.name, keys)
    elif spec.type == "bool":
        names = {True: _("Yes"), False: _("No")}
    out = []
    for k in keys:
        if k is None or k == "":
            out.append(_no_value(spec))
        elif names:
            out.append(names.get(k, str(k)))
        else:
            out.append(spec.option_label(k) or str(k))
    return out


def _named_rows(session: Session, name: str, keys: list) -> dict[Any, str]:
    ids = [k for k in keys if isinstance(k, int)]
    model = {"stage_id": PipelineStage, "pipeline_id": Pipeline, "profile_id": HealthProfile}[name]
    return dict(session.execute(select(model.id, model.name).where(model.id.in_(ids))).all()) if ids else {}


def _no_value(spec: PropertySpec) -> str:
    if spec.type == "user":
        return _("No owner")
    return _("(No value)")


def _bucket_label(day: date, bucket: str) -> str:
    locale = i18n.locale_for()
    if bucket == "day":
        return i18n.day(day, format="medium")
    if bucket == "week":
        return format_skeleton("MMMd", day, locale=locale)  # the axis or column says "(week)"
    if bucket == "month":
        return format_skeleton("yMMM", day, locale=locale)
    return pgettext("quarter of a year", "Q{quarter} {year}", quarter=(day.month - 1) // 3 + 1, year=day.year)


def _bin_label(low: float, width: float) -> str:
    return f"{i18n.number(low)}–{i18n.number(low + width)}"
