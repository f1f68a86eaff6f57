"""A report definition as one SELECT: the measure grouped by up to two keys, over the
source's live rows and the filter, with bound parameters only.

Keys, as the rows return them: a date bucket is the ISO day its bucket starts ("2026-11-02"
for the week of Monday 2 November; weeks start on Monday, like the filters' weeks), in the
viewer's time zone; a number bin is its lower end (40.0 for 40–50); other properties are
their stored value. Date-times are bucketed in the viewer's time zone: exactly on
PostgreSQL; on SQLite with the zone's offset at `ctx.now` (a day's edge may differ by the
daylight-saving hour for events stamped within an hour of midnight)."""

from __future__ import annotations

from sqlalchemy import Date, DateTime, Float, Integer, Select, String, cast, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from cslib.filters import FilterContext, combine_all, compile_filter
from cslib.properties import PropertySpec
from cslib.reports.definition import Definition, GroupBy
from cslib.reports.sources import SOURCES, columns, live_rows, properties

MAX_ROWS = 5000  # grouped rows read for a two-level report before its top groups are kept


class floor_(FunctionElement):  # noqa: N801 - reads like the SQL function it stands for
    """floor(x): PostgreSQL's own; on SQLite (whose floor() may be missing) CAST truncates
    toward zero, so one is taken off negative non-whole values."""

    inherit_cache = True
    type = Float()


@compiles(floor_)
def _floor_default(element, compiler, **kw) -> str:  # noqa: ANN001
    return f"floor({compiler.process(element.clauses, **kw)})"


@compiles(floor_, "sqlite")
def _floor_sqlite(element, compiler, **kw) -> str:  # noqa: ANN001
    x = compiler.process(element.clauses, **kw)
    return f"(CAST({x} AS INTEGER) - ({x} < CAST({x} AS INTEGER)))"


def compile_report(session: Session, d: Definition, ctx: FilterContext, scope: dict | None = None) -> Select:
    """The SELECT of `d` (columns k0, k1 for its group-bys, then value), limited to the
    rows `scope` (a filter, e.g. a dashboard's date range and owners) also matches."""
    props = properties(session, d.object)
    column = columns(session, d.object)
    keys = [
        group_key(session, props[g.property], g, column(props[g.property]), ctx).label(f"k{i}")
        for i, g in enumerate(d.group_by)
    ]
    value = _measure(d, props, column).label("value")
    where = compile_filter(combine_all(d.filter, scope), props, ctx, column)
    stmt = select(*keys, value).select_from(SOURCES[d.object].model).where(live_rows(d.object), where)
    if keys:
        stmt = stmt.group_by(*keys)
    return _ordered(stmt, d, keys, value)


def _measure(d: Definition, props: dict[str, PropertySpec], column) -> ColumnElement:  # noqa: ANN001
    if d.function == "count":
        return func.count()
    expr = cast(column(props[d.measure_property]), Float)
    return {"sum": func.sum, "avg": func.avg, "min": func.min, "max": func.max}[d.function](expr)


def _ordered(stmt: Select, d: Definition, keys: list, value: ColumnElement) -> Select:
    if not keys:
        return stmt
    # NULLS LAST on both databases (PostgreSQL sorts NULL first when descending, SQLite
    # first when ascending), so ties and the limit pick the same groups on both.
    by_keys = [k.asc().nulls_last() for k in keys]
    if d.sort == "label" or d.chart == "funnel":
        stmt = stmt.order_by(*by_keys)
    else:
        stmt = stmt.order_by((value.desc() if d.sort == "value_desc" else value.asc()).nulls_last(), *by_keys)
    if len(keys) == 1 and d.chart != "funnel" and not _enumerated(d):
        return stmt.limit(d.limit)
    return stmt.limit(MAX_ROWS)


def _enumerated(d: Definition) -> bool:
    """Groups of choices in "label" order are put in the choices' order after the query
    (an option list's order is not the values' order), so all of them are read."""
    return d.sort == "label" and d.group_by[0].bucket is None and d.group_by[0].bin is None


def group_key(
    session: Session, spec: PropertySpec, g: GroupBy, expr: ColumnElement, ctx: FilterContext
) -> ColumnElement:
    """The grouping key of one group-by (see the module's docstring)."""
    if g.bin is not None:
        return floor_(cast(expr, Float) / g.bin) * g.bin
    if g.bucket is None:
        # An empty text is "no value", as in filters (and a click on it lists both).
        return func.nullif(expr, "") if isinstance(expr.type, String) else expr
    if session.get_bind().dialect.name == "postgresql":
        return _bucket_postgres(spec, g.bucket, expr, ctx)
    return _bucket_sqlite(spec, g.bucket, expr, ctx)


def _bucket_postgres(spec: PropertySpec, bucket: str, expr: ColumnElement, ctx: FilterContext) -> ColumnElement:
    if spec.type == "datetime":
        instant = cast(expr, DateTime(timezone=True)) if spec.custom else func.timezone("UTC", expr)
        expr = func.timezone(ctx.time_zone, instant)
    elif spec.custom:
        expr = cast(expr, Date)
    return cast(func.date_trunc(bucket, expr), Date)


def _bucket_sqlite(spec: PropertySpec, bucket: str, expr: ColumnElement, ctx: FilterContext) -> ColumnElement:
    if spec.type == "datetime":
        minutes = int(ctx.now.astimezone(ctx.zone()).utcoffset().total_seconds() // 60)
        local = func.datetime(expr, f"{minutes:+d} minutes")
    else:
        local = func.date(expr)
    if bucket == "day":
        return func.date(local)
    if bucket == "week":
        return func.date(local, "weekday 0", "-6 days")
    if bucket == "month":
        return func.strftime("%Y-%m-01", local)
    # Back to the quarter's first month with a date modifier, so NULL stays NULL (SQLAlchemy
    # compiles `/` of integers as true division: (11 - 1) / 3 * 3 + 1 was month 11).
    month = cast(func.strftime("%m", local), Integer)
    return func.date(local, "start of month", func.printf("-%d months", (month - 1) % 3))
