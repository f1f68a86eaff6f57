"""A pipeline as a board: one column per stage, in pipeline order, each with its record
count, amount, weighted amount and its first cards in the list's sort order, for the
records the list's filters match (so the board and the table agree).

    board = load_board(session, actor, "deal", pipeline_id, filters=[view_filter, bar_filter],
                       sort=[{"property": "amount", "direction": "desc"}], limits={stage_id: 50})

The queries: one GROUP BY stage for counts and sums, then one LIMIT query per stage with
records, then three look-ups for all cards (owner names, stage history, customers; see
cslib.boards.cards). A LIMIT per stage stops early when an index serves the sort and
otherwise reads the same rows as one ROW_NUMBER() query over the pipeline, which sorts it
all: on the Sales pipeline's 32,500 deals the seven stages took 2-17 ms, the window query
48-73 ms, depending on the sort.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, null, select
from sqlalchemy.orm import Session

from cslib import query
from cslib.boards.cards import Card, build_cards
from cslib.boards.pipeline import check_reader, pipeline_stages
from cslib.errors import ValidationError
from cslib.i18n import _
from cslib.lists import check_sort, ordered, where_clauses
from cslib.models import PipelineStage, Record, utcnow
from cslib.permissions import Actor
from cslib.properties import properties_for
from cslib.records import StageInfo
from cslib.validation import parse_int

DEFAULT_CARDS = 25
MAX_CARDS = 500
CARD_COLUMNS = (
    "id",
    "version",
    "stage_id",
    "name",
    "owner_id",
    "amount",
    "close_date",
    "stage_entered_at",
    "created_at",
)


@dataclass(frozen=True)
class BoardColumn:
    """One stage of the board. `stage.record_count` is `count` (the records the filters
    match). `amount` is None where the object has no amount or no record of the stage has
    one; `weighted` is None where the stage has no probability."""

    stage: StageInfo
    count: int
    amount: float | None
    weighted: float | None
    cards: tuple[Card, ...]
    limit: int

    @property
    def more(self) -> bool:
        """True when the stage holds more records than its cards ("Show more")."""
        return self.count > len(self.cards)


@dataclass(frozen=True)
class Board:
    pipeline_id: int
    object_type: str
    columns: tuple[BoardColumn, ...]
    total: int


def load_board(
    session: Session,
    actor: Actor,
    object_type: str,
    pipeline_id: int,
    *,
    filters: list[dict | None],
    sort: list[dict],
    limits: Mapping[int, int] | None = None,
    now: datetime | None = None,
    me: int | None = None,
    time_zone: str | None = None,
) -> Board:
    """The board of pipeline `pipeline_id` for the live records of `object_type` that match
    every filter (filter-model dicts, as in `lists.list_records`), cards ordered by `sort`.
    `limits` maps a stage id to how many of its cards to show (25 by default, at most
    500). `me`, `time_zone` as in list_records; `now` is when days in stage count to."""
    check_reader(actor, me)
    pipeline_id, stages = pipeline_stages(session, object_type, pipeline_id)
    props = properties_for(session, object_type)
    keys = check_sort(props, sort)
    wanted = _limits(limits)
    where = [
        *where_clauses(actor, object_type, props, filters, now=now, me=me, time_zone=time_zone),
        Record.pipeline_id == pipeline_id,
    ]
    totals = _totals(session, where, with_amount="amount" in props)
    rows: list = []
    for stage in stages:
        count = totals.get(stage.id, (0, None))[0]
        if count:
            stmt = select(*(getattr(Record, c) for c in CARD_COLUMNS)).where(*where, Record.stage_id == stage.id)
            limit = wanted.get(stage.id, DEFAULT_CARDS)
            rows += query.rows(session, ordered(session, stmt, Record, keys).limit(limit), max_rows=MAX_CARDS)
    by_stage: dict[int, list[Card]] = {}
    for card in build_cards(session, object_type, rows, now or utcnow()):
        by_stage.setdefault(card.stage_id, []).append(card)
    columns = tuple(_column(s, totals, by_stage, wanted) for s in stages)
    return Board(pipeline_id, object_type, columns, sum(c.count for c in columns))


def _limits(limits: Mapping[int, int] | None) -> dict[int, int]:
    """{stage id: cards to show}, each from 1 to MAX_CARDS (larger asks are cut to it)."""
    if limits is None:
        return {}
    if not isinstance(limits, Mapping):
        raise ValidationError(_("Cards per stage must be given per stage."))
    out = {}
    for key, n in limits.items():
        stage_id = parse_int(key)
        if stage_id is None:
            raise ValidationError(_("Cards per stage must be given per stage."))
        if isinstance(n, bool) or not isinstance(n, int):
            raise ValidationError(_("The number of cards in a stage must be a whole number."))
        out[stage_id] = min(max(n, 1), MAX_CARDS)
    return out


def _totals(session: Session, where: list, *, with_amount: bool) -> dict[int, tuple[int, float | None]]:
    """{stage id: (records, sum of their amounts or None)} in one GROUP BY."""
    amount = func.sum(Record.amount) if with_amount else null()
    stmt = select(Record.stage_id, func.count().label("n"), amount.label("amount")).where(*where)
    found = query.rows(session, stmt.group_by(Record.stage_id))
    # A record without a stage is on no column; SQLite sums whole amounts as integers.
    return {stage: (n, None if total is None else float(total)) for stage, n, total in found if stage is not None}


def _column(
    stage: PipelineStage,
    totals: dict[int, tuple[int, float | None]],
    cards: dict[int, list[Card]],
    limits: dict[int, int],
) -> BoardColumn:
    count, amount = totals.get(stage.id, (0, None))
    info = StageInfo(
        stage.id,
        stage.name,
        stage.display_order,
        stage.probability,
        bool(stage.is_closed),
        bool(stage.is_won),
        tuple(stage.required_properties or ()),
        count,
    )
    weighted = amount * stage.probability if amount is not None and stage.probability is not None else None
    limit = limits.get(stage.id, DEFAULT_CARDS)
    return BoardColumn(info, count, amount, weighted, tuple(cards.get(stage.id, ())), limit)
