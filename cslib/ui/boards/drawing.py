"""The board layout of a pipeline tab: the conversion strip, then one column per stage
(count, amount, weighted amount; the first cards and "Show more"), drawn by the board
component from what `cslib.boards` read, with every word and number already in the
reader's language. Events come back as moves, previews and "Show more"."""

from __future__ import annotations

import json

import streamlit as st

from cslib import boards, i18n, records
from cslib.health import category_label
from cslib.i18n import _, ngettext
from cslib.permissions import Actor
from cslib.records import PipelineInfo
from cslib.ui import session
from cslib.ui.boards.component import BADGE_TONES, Badge, BoardCard, BoardColumn, BoardData, BoardLabels, board
from cslib.ui.boards.moving import Move, render_pending, request_move, show_refusal
from cslib.ui.lists import ListContext
from cslib.ui.record_table import TableEvent

MORE_STEP = 25
FLOW_DAYS = 90
FLOW_TTL_SECONDS = 300


def _limits_key(ctx: ListContext, pipeline_id: int) -> str:
    return f"{ctx.key}:board_limits:{pipeline_id}"


def render_board(ctx: ListContext, pipeline: PipelineInfo) -> TableEvent:
    """Draw the board of `pipeline` with the list's filters and sort; returns the record to preview."""
    limits: dict[int, int] = st.session_state.setdefault(_limits_key(ctx, pipeline.id), {})
    with session.reading() as s:
        shown = boards.load_board(
            s, ctx.actor, ctx.object_type, pipeline.id, filters=ctx.filters, sort=ctx.sort, limits=limits
        )
        mark = boards.last_stage_change(s, ctx.object_type)
    flow = _flow(ctx.actor, ctx.object_type, pipeline.id, json.dumps(ctx.filters, sort_keys=True), mark)
    count = ngettext("{n} record", "{n} records", shown.total)
    st.markdown(f"**{count}**")
    show_refusal()
    if any(f.entered for f in flow):
        st.caption(boards.flow_caption(FLOW_DAYS))
    event = board(_data(shown, ctx.currency, flow), key=f"{ctx.key}_board_{pipeline.id}")
    render_pending(ctx.actor)
    if event is None:
        return TableEvent()
    if event.kind == "open":
        return TableEvent(open_id=event.id)
    if event.kind == "more":
        column = next((c for c in shown.columns if c.stage.id == event.stage), None)
        if column is not None:
            limits[column.stage.id] = column.limit + MORE_STEP
            st.rerun()
    if event.kind == "move":
        _move(ctx, shown, event)
    return TableEvent()


@st.cache_data(ttl=FLOW_TTL_SECONDS, max_entries=256, show_spinner=False)
def _flow(actor: Actor, object_type: str, pipeline_id: int, filters: str, mark: object) -> tuple:
    """The conversion strip, kept until a record of the object changes stage (`mark`
    changes, so a move recomputes it) or for FLOW_TTL_SECONDS: it reads some 50,000 stage
    changes on a large pipeline (about 160 ms), and every preview opened on the board
    would read them again."""
    with session.reading() as s:
        return boards.stage_flow(s, actor, object_type, pipeline_id, filters=json.loads(filters), days=FLOW_DAYS)


def _move(ctx: ListContext, shown: boards.Board, event) -> None:  # noqa: ANN001
    stage = next((c.stage for c in shown.columns if c.stage.id == event.to_stage), None)
    card = next((k for c in shown.columns for k in c.cards if k.id == event.id), None)
    if stage is None or card is None:  # a stale drop (the board changed meanwhile): redraw
        st.rerun()
    request_move(ctx.actor, Move(ctx.object_type, card.id, event.version, card.name, stage.id, stage.name))


def _flow_lines(f: boards.StageFlow | None) -> tuple[str, ...]:
    """A stage's band of the conversion strip: its conversion, median days and entries."""
    if f is None or not f.entered:
        return ()
    lines = [] if f.conversion is None else [_("Conversion {share}", share=i18n.percent(f.conversion, digits=0))]
    if f.median_days is not None:
        lines.append(_("Median {days}", days=_days(f.median_days)))
    lines.append(_("Entered {n}", n=i18n.number(f.entered)))
    return tuple(lines)


def _days(value: float) -> str:
    if value < 1:
        return _("under a day")
    return ngettext("{n} day", "{n} days", round(value))


def _data(shown: boards.Board, currency: str, flow: tuple[boards.StageFlow, ...]) -> BoardData:
    by_stage = {f.stage_id: f for f in flow}
    columns = tuple(_column(c, currency, shown.object_type, by_stage.get(c.stage.id)) for c in shown.columns)
    labels = BoardLabels(
        move=_("Move to stage…"),
        open=_("Open"),
        hint=_("Drag cards between stages, or use Move to stage…"),
        empty=_("No records in this stage"),
        card=_("{name}, in {stage}"),
    )
    return BoardData(columns=columns, labels=labels)


def _column(c: boards.BoardColumn, currency: str, object_type: str, flow: boards.StageFlow | None) -> BoardColumn:
    summary = [ngettext("{n} record", "{n} records", c.count)]
    if c.amount is not None:
        summary.append(i18n.money(c.amount, currency))
    if c.weighted is not None:
        summary.append(_("Weighted {amount}", amount=i18n.money(c.weighted, currency)))
    more = None
    if c.count > len(c.cards):
        more = _("Show {n} more", n=i18n.number(min(MORE_STEP, c.count - len(c.cards))))
    cards = tuple(_card(k, currency, object_type) for k in c.cards)
    return BoardColumn(
        stage_id=c.stage.id,
        title=c.stage.name,
        summary=tuple(summary),
        cards=cards,
        more_label=more,
        flow=_flow_lines(flow),
    )


def _card(k: boards.Card, currency: str, object_type: str) -> BoardCard:
    lines = [k.owner_name or _("No owner")]
    if k.amount is not None:
        lines.append(i18n.money(k.amount, currency))
    if k.close_date is not None:
        lines.append(_("Close date {day}", day=i18n.day(k.close_date)))
    if k.days_in_stage is not None:
        lines.append(ngettext("{n} day in stage", "{n} days in stage", k.days_in_stage))
    if k.company_name:
        lines.append(k.company_name)
    badge = None
    if k.health_category in BADGE_TONES:
        badge = Badge(category_label(k.health_category), k.health_category)
    url = records.record_url(object_type, k.id) if records.has_record_page(object_type) else None
    return BoardCard(id=k.id, version=k.version, name=k.name, lines=tuple(lines), badge=badge, url=url)
