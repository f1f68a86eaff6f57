"""The conversion strip above a board: per stage, how many records entered it lately, how
many of those went on, and how long they stayed, read from stage history.

Definitions (`flow_caption` says them in the reader's language, under the strip):
- An *entry* into a stage is a change of a record's stage to it (a property-history row of
  "stage_id") in the last `days` days, for the live records of the pipeline that match
  the filters. A record created in those days entered the stage it was created in then.
- An entry *advanced* when the record's next stage change went to a later stage of the
  pipeline (in display order) that is not a lost one (closed and not won).
- *Conversion* is advanced ÷ entered: none when nothing entered, and none for closed
  stages (records do not leave them to advance).
- *Median days* is the median, over the entries, of the days spent in the stage: until
  the record's next stage change, or until now for records still in it (so records
  that stall there count).

One query, portable to SQLite and PostgreSQL: the pipeline's records, each joined to its
stage changes in the window (a record created in the window without any stays as one row:
its creation); LEAD() over each record's rows gives the next change (a change after an
entry in the window is itself in the window); the entries are then counted per stage and
quarter day spent, and the median read from that histogram in Python (a few hundred rows
instead of a second window sort over every entry: 215 ms became 150 ms on the scale
dataset, whose Sales pipeline has 52,000 entries in 90 days). Adding new_value to
ix_property_history_object would save little more (17 ms), and PostgreSQL refuses btree
entries over about 2.7 kB, while history holds long text values.

Note: history records a record's creation as a change from no stage (the demo data does);
a record created in the window whose history lacks that row but has later changes counts
from its first recorded change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Integer, Select, and_, case, cast, extract, func, literal, or_, select
from sqlalchemy.orm import Session

from cslib import query
from cslib.boards.cards import STAGE
from cslib.boards.pipeline import check_reader, is_lost, pipeline_stages
from cslib.errors import ValidationError
from cslib.i18n import _, ngettext
from cslib.lists import where_clauses
from cslib.models import PipelineStage, PropertyHistory, Record, utcnow
from cslib.permissions import Actor
from cslib.properties import properties_for

DEFAULT_DAYS = 90
MAX_DAYS = 365
QUARTERS_PER_DAY = 4


@dataclass(frozen=True)
class StageFlow:
    """One stage of the strip (definitions in this module's docstring)."""

    stage_id: int
    name: str
    entered: int
    advanced: int
    conversion: float | None
    median_days: float | None
    is_closed: bool


def stage_flow(
    session: Session,
    actor: Actor,
    object_type: str,
    pipeline_id: int,
    *,
    filters: list[dict | None],
    days: int = DEFAULT_DAYS,
    now: datetime | None = None,
    me: int | None = None,
    time_zone: str | None = None,
) -> tuple[StageFlow, ...]:
    """Entries, advances, conversion and median days of each stage of the pipeline, in
    pipeline order, over the last `days` days (1 to 365) before `now`, for the live
    records of `object_type` matching `filters` (`me`, `time_zone` as in list_records)."""
    check_reader(actor, me)
    pipeline_id, stages = pipeline_stages(session, object_type, pipeline_id)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_DAYS:
        raise ValidationError(_("The period must be a whole number of days from 1 to {n}.", n=MAX_DAYS))
    if not stages:
        return ()
    now = now or utcnow()
    props = properties_for(session, object_type)
    where = [
        *where_clauses(actor, object_type, props, filters, now=now, me=me, time_zone=time_zone),
        Record.pipeline_id == pipeline_id,
    ]
    stmt = flow_select(session, object_type, where, stages, start=now - timedelta(days=days), now=now)
    tallies: dict[int, _Tally] = {}
    for row in query.rows(session, stmt):
        tallies.setdefault(row.stage, _Tally()).add(row.quarter, int(row.entered), int(row.advanced or 0))
    return tuple(_flow(s, tallies.get(s.id)) for s in stages)


@dataclass
class _Tally:
    """One stage's entries as a histogram of quarter days: enough for a median shown in
    whole days, and far fewer rows than the entries (a few hundred, not tens of thousands)."""

    entered: int = 0
    advanced: int = 0
    quarters: dict[int, int] = field(default_factory=dict)

    def add(self, quarter: int, entered: int, advanced: int) -> None:
        self.entered += entered
        self.advanced += advanced
        self.quarters[quarter] = self.quarters.get(quarter, 0) + entered

    def median_days(self) -> float | None:
        """The median of the entries' days (the mean of the middle two for an even count)."""
        if not self.entered:
            return None
        middle = ((self.entered - 1) // 2, self.entered // 2)
        picked: list[int] = []
        seen = 0
        for quarter in sorted(self.quarters):
            n = self.quarters[quarter]
            picked += [quarter for i in middle if seen <= i < seen + n]
            seen += n
        return sum(picked) / len(picked) / QUARTERS_PER_DAY


def flow_caption(days: int = DEFAULT_DAYS) -> str:
    """The strip's definitions in the reader's language, for a caption under it."""
    return ngettext(
        "Entered: records that moved into the stage in the last {n} day, or were created in it. "
        "Conversion: the share of them that went on to a later stage that is not lost. "
        "Median days: how long they stayed in the stage, until today for those still in it.",
        "Entered: records that moved into the stage in the last {n} days, or were created in it. "
        "Conversion: the share of them that went on to a later stage that is not lost. "
        "Median days: how long they stayed in the stage, until today for those still in it.",
        days,
    )


def _flow(stage: PipelineStage, tally: _Tally | None) -> StageFlow:
    entered = tally.entered if tally else 0
    advanced = tally.advanced if tally else 0
    median = tally.median_days() if tally else None
    conversion = advanced / entered if entered and not stage.is_closed else None
    return StageFlow(stage.id, stage.name, entered, advanced, conversion, median, bool(stage.is_closed))


def flow_select(
    session: Session, object_type: str, where: list, stages: list[PipelineStage], *, start: datetime, now: datetime
) -> Select:
    """(stage, quarter days spent, entries, advances) since `start`: each stage's entries
    counted by how many quarter days they spent in it (rounded down)."""
    entries = _entries(session, object_type, where, start=start, now=now)
    position = {s.id: i for i, s in enumerate(stages)}
    lost = [s.id for s in stages if is_lost(s)]
    onwards = and_(
        case(position, value=entries.c.next) > case(position, value=entries.c.stage),
        entries.c.next.not_in(lost),
    )
    quarter = _whole(session, entries.c.days * QUARTERS_PER_DAY).label("quarter")
    return (
        select(
            entries.c.stage,
            quarter,
            func.count().label("entered"),
            func.sum(case((onwards, 1), else_=0)).label("advanced"),
        )
        .where(entries.c.stage.in_(list(position)))
        .group_by(entries.c.stage, quarter)
    )


def _entries(session: Session, object_type: str, where: list, *, start: datetime, now: datetime):  # noqa: ANN202
    """(stage, next stage, days in the stage) of every entry since `start`."""
    h = PropertyHistory
    in_window = and_(h.object_type == object_type, h.object_id == Record.id, h.property == STAGE, h.changed_at >= start)
    moves = (
        select(
            Record.id.label("oid"),
            func.coalesce(h.id, 0).label("seq"),
            _day_number(session, func.coalesce(h.changed_at, Record.created_at)).label("at"),
            func.coalesce(cast(h.new_value, Integer), Record.stage_id).label("stage"),
        )
        .select_from(Record)
        .outerjoin(h, in_window)
        .where(*where, or_(h.id.is_not(None), Record.created_at >= start))
        .subquery("moves")
    )
    window = {"partition_by": moves.c.oid, "order_by": (moves.c.at, moves.c.seq)}
    paired = select(
        moves.c.stage,
        moves.c.at,
        func.lead(moves.c.at).over(**window).label("next_at"),
        func.lead(moves.c.stage).over(**window).label("next"),
    ).subquery("paired")
    until = func.coalesce(paired.c.next_at, _day_number(session, literal(now, Record.created_at.type)))
    return select(paired.c.stage, paired.c.next, (until - paired.c.at).label("days")).subquery("entries")


def _whole(session: Session, number):  # noqa: ANN001, ANN202
    """`number` (never negative) rounded down: SQLite's CAST truncates, PostgreSQL's rounds."""
    if session.get_bind().dialect.name == "sqlite":
        return cast(number, Integer)
    return cast(func.floor(number), Integer)


def _day_number(session: Session, moment):  # noqa: ANN001, ANN202
    """A UTC timestamp as a number of days, so differences are days and sorting is numeric."""
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(moment)
    return extract("epoch", moment) / 86400.0


def last_stage_change(session: Session, object_type: str) -> datetime | None:
    """When a record of `object_type` last changed stage: a cheap mark (one index look-up)
    that says whether a strip computed earlier still holds."""
    h = PropertyHistory
    return session.scalar(select(func.max(h.changed_at)).where(h.object_type == object_type, h.property == STAGE))
