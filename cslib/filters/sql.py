"""Compile a filter (see `cslib.filters`) into a SQLAlchemy condition.

Only expressions from `cslib.properties.column_for` (or the caller's `columns`) and bound parameters are used; no SQL
is built from strings. Custom properties are JSON lookups and behave the same on SQLite
and PostgreSQL, provided their values are stored in the canonical JSON form: numbers as
JSON numbers, yes/no as JSON booleans, dates as "YYYY-MM-DD", date-times as UTC ISO
strings from `datetime.astimezone(UTC).isoformat()` ("2026-01-31T09:30:00+00:00"),
users as ids, options as their value strings. Computed properties ("Company owner assigned
date") compile their date ranges and known/unknown through
`cslib.properties.computed_between`, written so indexes can answer them.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Float, Integer, String, and_, false, func, literal, not_, or_, true
from sqlalchemy.sql.elements import ColumnElement

from cslib import query
from cslib.filters.model import FilterContext, validate
from cslib.properties import PropertySpec, column_for, computed_between
from cslib.validation import MAX_ID, parse_int

Bound = date | datetime | None


Columns = Callable[[PropertySpec], ColumnElement]


def compile_filter(
    raw: Any, props: dict[str, PropertySpec], ctx: FilterContext, columns: Columns = column_for
) -> ColumnElement[bool]:
    """Validate `raw` (FilterError if it is not valid) and return the condition it stands
    for; no filter gives `true()`. Use it in `select(Model.id).where(...)`, with `Model` =
    `cslib.properties.model_for(object_type)` of the properties in `props`, or pass
    `columns`, the SQL expression of each property (reports over other tables do)."""
    flt = validate(raw, props)
    return true() if flt is None else _node(flt, props, ctx, columns)


def _node(node: dict, props: dict[str, PropertySpec], ctx: FilterContext, columns: Columns) -> ColumnElement[bool]:
    if "property" in node:
        return _condition(node, props[node["property"]], ctx, columns)
    key = "all" if "all" in node else "any"
    parts = [_node(child, props, ctx, columns) for child in node[key]]
    if not parts:
        return true()
    return and_(*parts) if key == "all" else or_(*parts)


def _is_text(expr: ColumnElement) -> bool:
    return isinstance(expr.type, String)


def _unknown(expr: ColumnElement) -> ColumnElement[bool]:
    return or_(expr.is_(None), expr == "") if _is_text(expr) else expr.is_(None)


def _condition(cond: dict, spec: PropertySpec, ctx: FilterContext, columns: Columns) -> ColumnElement[bool]:
    op, value = cond["operator"], cond.get("value")
    if spec.computed == "assigned_at" and op in ("is_known", "is_unknown"):
        known = computed_between(spec, None, None, False)
        return known if op == "is_known" else not_(known)
    expr = columns(spec)
    if op == "is_known":
        return not_(_unknown(expr))
    if op == "is_unknown":
        return _unknown(expr)
    if op == "is_true":
        return expr == true()
    if op == "is_false":
        return expr == false()
    if op in ("neq", "not_contains", "not_in"):
        positive = {"neq": "eq", "not_contains": "contains", "not_in": "in"}[op]
        return or_(_unknown(expr), not_(_positive(expr, positive, value, spec, ctx)))
    return _positive(expr, op, value, spec, ctx)


def _positive(expr: ColumnElement, op: str, value: Any, spec: PropertySpec, ctx: FilterContext) -> ColumnElement[bool]:
    if spec.type in ("string", "text"):
        return _text(expr, op, value)
    if spec.type in ("number", "currency"):
        return _number(expr, op, value)
    if spec.type in ("date", "datetime"):
        low, high, high_inclusive = date_bounds(op, value, ctx, with_time=spec.type == "datetime")
        if spec.computed:
            return computed_between(spec, low, high, high_inclusive)
        return _between(expr, low, high, high_inclusive, spec)
    values = _ids(value, ctx) if spec.type == "user" else list(value)
    values = _coerce(expr, values)
    return expr.in_(values) if values else false()


def _text(expr: ColumnElement, op: str, value: Any) -> ColumnElement[bool]:
    lowered = func.lower(expr)
    if op == "eq":
        return lowered == func.lower(literal(value, String))
    if op == "in":
        return lowered.in_([func.lower(literal(v, String)) for v in value])
    pattern = query.escape_like(value) + "%"
    if op == "contains":
        pattern = "%" + pattern
    return lowered.like(func.lower(literal(pattern, String)), escape=query.LIKE_ESCAPE)


def _number(expr: ColumnElement, op: str, value: Any) -> ColumnElement[bool]:
    if op == "between":
        return expr.between(literal(value["min"], Float), literal(value["max"], Float))
    number = literal(value, Float)
    return {
        "eq": expr.__eq__,
        "lt": expr.__lt__,
        "lte": expr.__le__,
        "gt": expr.__gt__,
        "gte": expr.__ge__,
    }[op](number)


def _ids(values: list, ctx: FilterContext) -> list[int]:
    ids = [v for v in values if v != "me"]
    if "me" in values and ctx.user_id is not None:
        ids.append(ctx.user_id)
    return ids


def _coerce(expr: ColumnElement, values: list) -> list:
    """Values as the column's type: an id column gets ints (text that is not a valid id
    can never match and is left out), a text column or JSON lookup gets strings."""
    if not isinstance(expr.type, Integer):
        return [str(v) for v in values]
    out = []
    for v in values:
        number = parse_int(v, low=0 if isinstance(v, str) else -MAX_ID)
        if number is not None:
            out.append(number)
    return out


def _between(
    expr: ColumnElement, low: Bound, high: Bound, high_inclusive: bool, spec: PropertySpec
) -> ColumnElement[bool]:
    parts = []
    if low is not None:
        parts.append(expr >= _date_param(low, spec))
    if high is not None:
        parts.append(expr <= _date_param(high, spec) if high_inclusive else expr < _date_param(high, spec))
    return and_(*parts) if parts else expr.is_not(None)


def _date_param(bound: date | datetime, spec: PropertySpec) -> Any:
    if not spec.custom:
        return bound
    if isinstance(bound, datetime):
        return bound.astimezone(UTC).isoformat()
    return bound.isoformat()


def date_bounds(op: str, value: Any, ctx: FilterContext, *, with_time: bool) -> tuple[Bound, Bound, bool]:
    """(low, high, high_inclusive) of a date operator; low is inclusive, None is open.

    Days are calendar days in `ctx.time_zone` (weeks start on Monday). For a date
    property the bounds are dates; for a date-time property they are the instants at
    which those days start there (compared in UTC). "today" is `ctx.now`'s date there.
    - on D: [D, D+1 day); before D: < D; after D: >= D+1 day;
      between {from, to}: [from, to+1 day) (both days included).
    - in_last N: from the start of (today - N) up to now (date properties: up to today,
      included), so "in the last 7 days" covers today and the 7 days before.
    - in_next N: from now (date properties: today) to the end of (today + N).
    - more_than_ago N: before the start of (today - N), the rest of the past.
    - preset: the whole period (today, this week, last month, this quarter, ...).
    Months are calendar months (Mar 31 - 1 month = Feb 28/29).
    """
    today = ctx.today()
    now = ctx.now.astimezone(UTC)
    high_inclusive = False
    if op == "on":
        low, high = _day(value), _day(value) + timedelta(days=1)
    elif op == "before":
        low, high = None, _day(value)
    elif op == "after":
        low, high = _day(value) + timedelta(days=1), None
    elif op == "between":
        low, high = _day(value["from"]), _day(value["to"]) + timedelta(days=1)
    elif op == "preset":
        low, high = preset_days(value, today)
    else:
        past = _shift(today, -value["amount"], value["unit"])
        future = _shift(today, value["amount"], value["unit"]) + timedelta(days=1)
        if op == "in_last":
            low, high = past, today + timedelta(days=1)
            if with_time:
                return _start(low, ctx), now, True
        elif op == "in_next":
            low, high = today, future
            if with_time:
                return now, _start(high, ctx), False
        else:  # more_than_ago
            low, high = None, past
    if with_time:
        return _start(low, ctx), _start(high, ctx), high_inclusive
    return low, high, high_inclusive


def _day(text: str) -> date:
    return date.fromisoformat(text)


def _start(day: date | None, ctx: FilterContext) -> datetime | None:
    """The instant `day` starts in the context's time zone, in UTC."""
    if day is None:
        return None
    return datetime.combine(day, time(0), tzinfo=ctx.zone()).astimezone(UTC)


def _shift(day: date, amount: int, unit: str) -> date:
    if unit == "days":
        return day + timedelta(days=amount)
    if unit == "weeks":
        return day + timedelta(weeks=amount)
    return add_months(day, amount)


def add_months(day: date, months: int) -> date:
    """`day` moved by whole calendar months, clamped to the month's last day."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year, month = day.year + years, month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def preset_days(preset: str, today: date) -> tuple[date | None, date]:
    """[first day, day after the last day) of a named period around `today`; "before
    today" is open at the start."""
    week = today - timedelta(days=today.weekday())
    month = today.replace(day=1)
    quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    one = timedelta(days=1)
    return {
        "before_today": (None, today),
        "today": (today, today + one),
        "yesterday": (today - one, today),
        "tomorrow": (today + one, today + 2 * one),
        "this_week": (week, week + 7 * one),
        "last_week": (week - 7 * one, week),
        "next_week": (week + 7 * one, week + 14 * one),
        "this_month": (month, add_months(month, 1)),
        "last_month": (add_months(month, -1), month),
        "next_month": (add_months(month, 1), add_months(month, 2)),
        "this_quarter": (quarter, add_months(quarter, 3)),
        "last_quarter": (add_months(quarter, -3), quarter),
        "this_year": (date(today.year, 1, 1), date(today.year + 1, 1, 1)),
    }[preset]
