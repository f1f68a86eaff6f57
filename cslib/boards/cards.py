"""What a board card shows beyond the record's own columns, looked up once for all the
cards of a board (never one query per card): the owner's name, the days in the current
stage (from property history) and the associated customer with its health category."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Row, String, cast, func, null, select
from sqlalchemy.orm import Session

from cslib import query, records
from cslib.models import PropertyHistory, Record, live
from cslib.properties import model_for
from cslib.users import get_workspace, names_for

STAGE = "stage_id"  # the property whose history rows are stage changes
CHUNK = 200  # record ids per look-up


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


def build_cards(session: Session, object_type: str, rows: Sequence[Row], now: datetime) -> list[Card]:
    """Cards from the board's rows (id, version, stage_id, name, owner_id, amount,
    close_date, stage_entered_at, created_at), with three look-ups for all of them."""
    if not rows:
        return []
    ids = [r.id for r in rows]
    owners = names_for(session, {r.owner_id for r in rows if r.owner_id is not None})
    entered = stage_entries(session, object_type, ids)
    customers = first_customers(session, object_type, ids)
    out = []
    for r in rows:
        since = entered.get(r.id) or r.stage_entered_at or r.created_at
        company_id, company_name, health = customers.get(r.id, (None, None, None))
        out.append(
            Card(
                id=r.id,
                version=r.version,
                stage_id=r.stage_id,
                name=r.name,
                owner_id=r.owner_id,
                owner_name=owners.get(r.owner_id) if r.owner_id is not None else None,
                amount=float(r.amount) if r.amount is not None else None,
                close_date=r.close_date,
                days_in_stage=max(0, (now - since).days) if since is not None else None,
                company_id=company_id,
                company_name=company_name,
                health_category=health,
            )
        )
    return out


def stage_entries(session: Session, object_type: str, ids: Sequence[int]) -> dict[int, datetime]:
    """{record id: when it last entered the stage it is in}, from the history rows that set
    its current stage (a stage set without history is not mistaken for the last one
    recorded). Served by ix_property_history_object (object_type, object_id, property,
    changed_at)."""
    h = PropertyHistory
    out: dict[int, datetime] = {}
    for chunk in _chunks(ids):
        stmt = (
            select(h.object_id, func.max(h.changed_at).label("at"))
            .join(Record, Record.id == h.object_id)
            .where(h.object_type == object_type, h.object_id.in_(chunk), h.property == STAGE)
            .where(h.new_value == cast(Record.stage_id, String))
            .group_by(h.object_id)
        )
        out |= dict(query.rows(session, stmt, max_rows=len(chunk)))
    return out


def first_customers(session: Session, object_type: str, ids: Sequence[int]) -> dict[int, tuple]:
    """{record id: (customer id, name, health category)} of each record's associated
    customer (the workspace's customer object, normally companies) with the lowest id."""
    customer = get_workspace(session).customer_object
    model = model_for(customer)
    health = getattr(model, "health_category", null())
    out: dict[int, tuple] = {}
    for chunk in _chunks(ids):
        links = records.links_of(object_type, chunk, customer)
        first = (
            select(links.c.this.label("card"), func.min(model.id).label("other"))
            .join(model, model.id == links.c.oid)
            .where(live(model, customer))
            .group_by(links.c.this)
            .subquery("first")
        )
        stmt = select(first.c.card, model.id, model.name, health.label("health")).join(model, model.id == first.c.other)
        out |= {
            card: (cid, name, category) for card, cid, name, category in query.rows(session, stmt, max_rows=len(chunk))
        }
    return out


def _chunks(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    """`ids` in parts of CHUNK: SQLAlchemy expands an IN list in time that grows faster than
    its length (175 ids: 0.6 ms, 500: 4.4 ms)."""
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]
