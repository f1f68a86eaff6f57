"""Click-through: the list of exactly the records behind one bar, slice or point — the
report's filter, the dashboard's scope and one condition per group-by key — as the URL
parameters of the tab listing them (Customers, Revenue, Projects, Actions)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib.filters import FilterError, add_months, combine_all
from cslib.filters import validate as validate_filter
from cslib.lists import ALL_RECORDS, ListState, to_params
from cslib.models import PipelineStage
from cslib.properties import PropertySpec
from cslib.reports.definition import Definition, GroupBy
from cslib.reports.sources import list_tab, properties

PAGES = {
    "customers": "pages/customers.py",
    "revenue": "pages/revenue.py",
    "projects": "pages/projects.py",
    "actions": "pages/actions.py",
}


def can_drill(d: Definition) -> bool:
    return list_tab(d.object) in PAGES


def drill_link(
    session: Session, d: Definition, keys: tuple[Any, ...], *, scope: dict | None = None, funnel_keys: tuple = ()
) -> tuple[str, dict[str, str]] | None:
    """(page, URL parameters) listing the records behind `keys` (one per group-by, in
    order; none for a KPI). A funnel's bar holds its stage and the later ones
    (`funnel_keys`: the stages from the clicked one on). None where no tab lists them."""
    if not can_drill(d) or len(keys) != len(d.group_by):
        return None
    props = properties(session, d.object)
    parts = []
    for key, g in zip(keys, d.group_by, strict=True):
        if d.chart == "funnel":
            parts.append({"property": g.property, "operator": "in", "value": [_id(k) for k in funnel_keys or (key,)]})
        else:
            parts.append(_condition(props[g.property], g, key))
    try:
        flt = validate_filter(combine_all(d.filter, scope, {"all": parts} if parts else None), props)
    except FilterError:  # a stored value the property no longer offers: no list can show it
        return None
    state = ListState(view_id=ALL_RECORDS, advanced=flt, pipeline_id=_pipeline(session, d, keys))
    return PAGES[list_tab(d.object)], to_params(state)


def _condition(spec: PropertySpec, g: GroupBy, key: Any) -> dict:
    name = spec.name
    if key is None or key == "":
        return {"property": name, "operator": "is_unknown"}
    if g.bucket:
        last = _bucket_end(key, g.bucket) - timedelta(days=1)
        return {"property": name, "operator": "between", "value": {"from": key.isoformat(), "to": last.isoformat()}}
    if g.bin is not None:
        return {
            "all": [
                {"property": name, "operator": "gte", "value": key},
                {"property": name, "operator": "lt", "value": key + g.bin},
            ]
        }
    if spec.type == "bool":
        return {"property": name, "operator": "is_true" if key else "is_false"}
    if spec.name in ("stage_id", "pipeline_id"):
        return {"property": name, "operator": "in", "value": [_id(key)]}
    if spec.type in ("enumeration", "user"):
        return {"property": name, "operator": "in", "value": [key]}
    return {"property": name, "operator": "eq", "value": key}


def _id(key: Any) -> str:
    """A pipeline's or stage's id as the pipeline tabs' filters name it (their choices are
    the ids as text)."""
    return str(key)


def _bucket_end(start: date, bucket: str) -> date:
    if bucket == "day":
        return start + timedelta(days=1)
    if bucket == "week":
        return start + timedelta(days=7)
    return add_months(start, 1 if bucket == "month" else 3)


def _pipeline(session: Session, d: Definition, keys: tuple) -> int | None:
    """The pipeline of a clicked stage: a pipeline tab shows one pipeline at a time."""
    for key, g in zip(keys, d.group_by, strict=True):
        if g.property == "stage_id" and isinstance(key, int):
            return session.scalar(select(PipelineStage.pipeline_id).where(PipelineStage.id == key))
    return None
