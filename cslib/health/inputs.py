"""The inputs of a health score: one SELECT that reads, for every live company of a
profile's segment (or of given ids), each criterion's input. Property conditions are
compiled by the filter model into CASE expressions, property values are read as they are,
and activities and open tickets are counted per criterion (one GROUP BY each)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import and_, case, func, literal, or_, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from cslib.filters import FilterContext, compile_filter, conditions
from cslib.health.vocabulary import EVENT_TYPES, LIVE_WINDOW, criteria, input_column, known_column
from cslib.models import Activity, Association, Company, HealthProfile, PipelineStage, Record, live
from cslib.models.base import utcnow
from cslib.properties import column_for, properties_for


def _filter_properties(node: Any) -> tuple[set[str], bool]:
    """Property names a filter reads, and whether it tests for unknown values itself."""
    found = conditions(node)
    return {c["property"] for c in found}, any(c.get("operator") in ("is_known", "is_unknown") for c in found)


def _activity_filter(event: str) -> list[ColumnElement[bool]]:
    types = EVENT_TYPES.get(event)
    return [] if types is None else [Activity.type.in_(types)]


def restricted(column: ColumnElement, ids: Sequence[int] | None) -> list[ColumnElement[bool]]:
    return [] if ids is None else [column.in_(ids)]


def inputs_select(session: Session, definition: dict, segment: dict | None, now: datetime, ids: Sequence[int] | None):
    props = properties_for(session, "company")
    ctx = FilterContext(user_id=None, now=now, time_zone="UTC")
    columns: list[ColumnElement] = [Company.id.label("id")]
    joins = []
    for _group, c in criteria(definition):
        key, kind = c["key"], c["kind"]
        if kind == "property_condition":
            condition = compile_filter(c["filter"], props, ctx)
            columns.append(case((condition, 1), else_=0).label(input_column(key)))
            names, tests_known = _filter_properties(c["filter"])
            known = (
                literal(1)
                if tests_known or not names
                else case((or_(*[column_for(props[n]).is_not(None) for n in sorted(names)]), 1), else_=0)
            )
            columns.append(known.label(known_column(key)))
        elif kind == "property_linear":
            columns.append(column_for(props[c["property"]]).label(input_column(key)))
        elif kind == "event_count":
            start = now - timedelta(days=int(c["window_days"]))
            sub = (
                select(Activity.company_id.label("cid"), func.count().label("n"))
                .where(
                    Activity.company_id.is_not(None),
                    Activity.occurred_at >= start,
                    Activity.occurred_at <= now,
                    *_activity_filter(c["event"]),
                    *restricted(Activity.company_id, ids),
                )
                .group_by(Activity.company_id)
                .subquery(f"s_{key}")
            )
            joins.append((sub, sub.c.cid == Company.id))
            columns.append(func.coalesce(sub.c.n, 0).label(input_column(key)))
        elif kind == "recency":
            if c["event"] == "any" and now >= utcnow() - LIVE_WINDOW:
                columns.append(Company.last_activity_at.label(input_column(key)))
            else:
                sub = (
                    select(Activity.company_id.label("cid"), func.max(Activity.occurred_at).label("last"))
                    .where(
                        Activity.company_id.is_not(None),
                        Activity.occurred_at <= now,
                        *_activity_filter(c["event"]),
                        *restricted(Activity.company_id, ids),
                    )
                    .group_by(Activity.company_id)
                    .subquery(f"s_{key}")
                )
                joins.append((sub, sub.c.cid == Company.id))
                columns.append(sub.c.last.label(input_column(key)))
        elif kind == "open_tickets":
            sub = _open_tickets(ids).subquery(f"s_{key}")
            joins.append((sub, sub.c.cid == Company.id))
            columns.append(func.coalesce(sub.c.n, 0).label(input_column(key)))
        else:
            raise ValueError(f"unknown criterion kind {kind!r}")
    stmt = select(*columns).select_from(Company)
    for sub, on in joins:
        stmt = stmt.outerjoin(sub, on)
    where = [live(Company), *restricted(Company.id, ids)]
    if segment:
        where.append(compile_filter(segment, props, ctx))
    return stmt.where(*where).order_by(Company.id)


def _open_tickets(ids: Sequence[int] | None):  # noqa: ANN202
    """Open tickets per company: tickets linked to it (stored company → ticket, as types sort)
    that are live and not in a closed stage."""
    a = Association
    return (
        select(a.from_id.label("cid"), func.count().label("n"))
        .select_from(a)
        .join(Record, and_(Record.id == a.to_id, Record.object_type == "ticket"))
        .outerjoin(PipelineStage, PipelineStage.id == Record.stage_id)
        .where(
            a.to_type == "ticket",
            a.from_type == "company",
            live(Record),
            or_(PipelineStage.is_closed.is_(None), PipelineStage.is_closed.is_(False)),
            *restricted(a.from_id, ids),
        )
        .group_by(a.from_id)
    )


def read_inputs(
    session: Session, definition: dict, segment: dict | None, now: datetime, ids: Sequence[int] | None = None
) -> pd.DataFrame:
    """One row per live company of the segment (or of `ids`), one column per input."""
    return frame_of(session.execute(inputs_select(session, definition, segment, now, ids)))


def frame_of(result) -> pd.DataFrame:  # noqa: ANN001
    """A DataFrame of a result; rows as plain tuples (pandas is slow on Row objects)."""
    return pd.DataFrame([tuple(r) for r in result], columns=list(result.keys()))


def segment_size(session: Session, profile: HealthProfile, now: datetime) -> int:
    props = properties_for(session, "company")
    ctx = FilterContext(user_id=None, now=now, time_zone="UTC")
    where = [live(Company)]
    if profile.segment:
        where.append(compile_filter(profile.segment, props, ctx))
    return int(session.scalar(select(func.count()).select_from(Company).where(*where)) or 0)
