"""What a board card shows beyond the record's own columns, looked up once for all the
cards of a board (never one query per card): the owner's name, the days in the current
stage (from property history) and the associated customer with its health category."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd
from sqlalchemy import Select, func, null, select, union_all
from sqlalchemy.orm import Session

from cslib import query
from cslib.models import Association, PropertyHistory, live
from cslib.properties import model_for
from cslib.users import get_workspace, names_for

STAGE = "stage_id"  # the property whose history rows are stage changes


@dataclass(frozen=True)
class Card:
    """One record on the board. `days_in_stage` counts whole days since it entered its
    stage; `company_*` and `health_category` describe its first associated customer."""

    id: int
    version: int
    stage_id: int
    name: str
    owner_id: int | None
    owner_name: str | None
    amount: float | None
    close_date: date | None
    days_in_stage: int | None
    company_id: int | None
    company_name: str | None
    health_category: str | None


def build_cards(session: Session, object_type: str, rows: pd.DataFrame, now: datetime) -> list[Card]:
    """Cards from the board's rows (id, version, stage_id, name, owner_id, amount,
    close_date, stage_entered_at, created_at), with three look-ups for all of them."""
    if rows.empty:
        return []
    ids = [int(i) for i in rows["id"]]
    owners = names_for(session, {int(o) for o in rows["owner_id"] if _present(o)})
    entered = stage_entries(session, object_type, ids)
    customers = first_customers(session, object_type, ids)
    out = []
    for r in rows.itertuples(index=False):
        rid, stage_id, owner = int(r.id), int(r.stage_id), _int(r.owner_id)
        since = entered.get((rid, str(stage_id))) or _moment(r.stage_entered_at) or _moment(r.created_at)
        customer = customers.get(rid, (None, None, None))
        out.append(
            Card(
                id=rid,
                version=int(r.version),
                stage_id=stage_id,
                name=str(r.name),
                owner_id=owner,
                owner_name=owners.get(owner) if owner is not None else None,
                amount=float(r.amount) if _present(r.amount) else None,
                close_date=_day(r.close_date),
                days_in_stage=max(0, (now - since).days) if since is not None else None,
                company_id=customer[0],
                company_name=customer[1],
                health_category=customer[2],
            )
        )
    return out


def stage_entries(session: Session, object_type: str, ids: Sequence[int]) -> dict[tuple[int, str], datetime]:
    """{(record id, stage id as history text): when the record last entered that stage}.
    Served by ix_property_history_object (object_type, object_id, property, changed_at); the
    caller picks each record's current stage, so a stage set without history is not
    mistaken for the last one recorded."""
    h = PropertyHistory
    stmt = (
        select(h.object_id, h.new_value, func.max(h.changed_at).label("at"))
        .where(h.object_type == object_type, h.object_id.in_(ids), h.property == STAGE)
        .group_by(h.object_id, h.new_value)
    )
    frame = query.frame(session, stmt, max_rows=len(ids) * 50)
    return {(int(i), str(v)): _moment(at) for i, v, at in frame.itertuples(index=False) if v is not None}


def first_customers(session: Session, object_type: str, ids: Sequence[int]) -> dict[int, tuple]:
    """{record id: (customer id, name, health category)} of each record's associated
    customer (the workspace's customer object, normally companies) with the lowest id."""
    customer = get_workspace(session).customer_object
    links = _links(object_type, customer, ids)
    model = model_for(customer)
    health = getattr(model, "health_category", null())
    stmt = (
        select(links.c.card, model.id, model.name, health.label("health"))
        .join(model, model.id == links.c.other)
        .where(live(model, customer))
        .order_by(links.c.card, model.id)
    )
    out: dict[int, tuple] = {}
    for card, cid, name, category in query.frame(session, stmt, max_rows=len(ids) * 20).itertuples(index=False):
        out.setdefault(int(card), (int(cid), str(name), category if isinstance(category, str) else None))
    return out


def _links(object_type: str, other_type: str, ids: Iterable[int]):  # noqa: ANN202
    """(card, other) pairs linking the records `ids` to records of `other_type`. A pair is
    stored once, types in order (see cslib.records.associations): read the side each
    order puts the records on."""
    a = Association
    ids = list(ids)
    parts: list[Select] = []
    if object_type <= other_type:
        parts.append(
            select(a.from_id.label("card"), a.to_id.label("other")).where(
                a.from_type == object_type, a.from_id.in_(ids), a.to_type == other_type
            )
        )
    if object_type >= other_type:
        parts.append(
            select(a.to_id.label("card"), a.from_id.label("other")).where(
                a.to_type == object_type, a.to_id.in_(ids), a.from_type == other_type
            )
        )
    return (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("links")


def _present(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and value != value) and value is not pd.NaT


def _int(value: object) -> int | None:
    return int(value) if _present(value) else None


def _moment(value: object) -> datetime | None:
    if not _present(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _day(value: object) -> date | None:
    if not _present(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
