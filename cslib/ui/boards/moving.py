"""Moving a pipeline record to another stage, from the board (drag and drop, or a card's
"Move to stage…" menu) and from the preview panel. Where the target stage requires
properties the record lacks, a form asks for them first; the move saves nothing until
they are valid, and a cancelled move leaves the record where it was. The database stays
the truth: the board redraws from it after every move."""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from cslib import boards, records
from cslib.errors import CsError
from cslib.i18n import _
from cslib.permissions import Actor
from cslib.properties import PropertySpec
from cslib.records import PipelineInfo
from cslib.ui import session
from cslib.ui.choices import fixed
from cslib.ui.md import md
from cslib.ui.record import Context, property_inputs, read_context
from cslib.ui.writes import run_write

PENDING = "_board_pending_move"
REFUSED = "_board_refused_move"


@dataclass(frozen=True)
class Move:
    """A move the user asked for: which record (as drawn: its version), from and to which stage."""

    object_type: str
    record_id: int
    version: int
    name: str
    stage_id: int
    stage_name: str


def request_move(actor: Actor, move: Move) -> None:
    """Save `move` now, or first ask for the properties its stage requires (a dialog)."""
    with session.reading() as s:
        missing = boards.required_for_move(s, actor, move.object_type, move.record_id, move.stage_id)
    if missing:
        st.session_state[PENDING] = move
        st.rerun()
    refused = save_move(actor, move, {}, show_error=False)
    # The board drew the card as moving: redraw it where the database says, with the reason.
    st.session_state[REFUSED] = str(refused)
    st.rerun()


def show_refusal() -> None:
    """Why the last move from the board was refused (once)."""
    message = st.session_state.pop(REFUSED, None)
    if message:
        st.error(md(message, one_line=False), icon=":material/error:")


def save_move(actor: Actor, move: Move, values: dict, *, show_error: bool = True) -> CsError | None:
    """One write: the stage and the values entered. On success the page reruns; an error (a
    value still missing, someone else's change meanwhile) saves nothing and is shown where
    the user is, unless `show_error` is False; it is returned either way."""
    return run_write(
        lambda s: boards.move_record(
            s, actor, move.object_type, move.record_id, move.stage_id, expected_version=move.version, values=values
        ),
        success=_("Moved “{name}” to {stage}.", name=move.name, stage=move.stage_name),
        clear=(PENDING,),
        show_error=show_error,
    )


def render_pending(actor: Actor) -> None:
    """The required-properties form of a move waiting for them, as a dialog."""
    move = st.session_state.get(PENDING)
    if not isinstance(move, Move):
        return

    def cancelled() -> None:
        st.session_state.pop(PENDING, None)

    @st.dialog(_("Move to {stage}", stage=move.stage_name), on_dismiss=cancelled)
    def ask() -> None:
        _required_form(actor, move, key="board_move")

    ask()


def _still_missing(actor: Actor, move: Move) -> tuple[tuple[PropertySpec, ...], Context]:
    """The properties `move`'s stage requires that the record lacks, and what drawing
    their inputs needs."""
    with session.reading() as s:
        missing = boards.required_for_move(s, actor, move.object_type, move.record_id, move.stage_id)
        return missing, read_context(s, actor, move.object_type)


def _required_form(actor: Actor, move: Move, *, key: str) -> None:
    missing, ctx = _still_missing(actor, move)
    st.markdown(
        _(
            "“{name}” needs these properties before it can move to {stage}:",
            name=md(move.name),
            stage=md(move.stage_name),
        )
    )
    with st.form(f"{key}_form", border=False):
        values = property_inputs(list(missing), {}, ctx, key=f"{key}_{move.record_id}_{move.stage_id}:")
        save, cancel = st.columns(2)
        saved = save.form_submit_button(_("Save"), type="primary", width="stretch")
        dropped = cancel.form_submit_button(_("Cancel"), width="stretch")
    if dropped:
        st.session_state.pop(PENDING, None)
        st.rerun()
    if saved:
        save_move(actor, move, values)


def render_move_menu(actor: Actor, pipeline: PipelineInfo, record_id: int, *, key: str) -> None:
    """ "Move to stage…" in the preview panel: the stages of the record's pipeline, and the
    properties the chosen one requires, in place."""
    with session.reading() as s:
        snap = records.snapshot(s, actor, pipeline.object_type, record_id)
        name = records.record_name(s, pipeline.object_type, record_id)
        pipes = records.list_pipelines(s, actor, pipeline.object_type, counts=False)
    own = next((p for p in pipes if p.id == snap.values.get("pipeline_id")), None)
    if own is None:
        return
    stage_names = {st_.id: st_.name for st_ in own.stages}
    others = [i for i in stage_names if i != snap.values.get("stage_id")]
    wkey = f"{key}_{record_id}_{snap.version}"
    target = st.selectbox(
        _("Move to stage…"),
        others,
        index=None,
        format_func=fixed(stage_names),
        placeholder=_("Choose a stage"),
        key=f"{wkey}_stage",
    )
    if target is None:
        return
    move = Move(pipeline.object_type, record_id, snap.version, name, target, stage_names[target])
    missing, ctx = _still_missing(actor, move)
    values = {}
    if missing:
        st.caption(_("This stage needs these properties first:"))
        values = property_inputs(list(missing), {}, ctx, key=f"{wkey}_{target}:")
    if st.button(_("Move"), type="primary", key=f"{wkey}_go"):
        save_move(actor, move, values)
