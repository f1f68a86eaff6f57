"""The pipeline board's drawing piece: a Streamlit components-v2 element (no iframe) with
the browser's native drag and drop, a "Move to stage…" menu on every card for keyboard
users, and clicks on names and "Show more".

The caller hands in everything a person reads, already translated and formatted: the
component has no words of its own. It reports what the person did as one `BoardEvent`
and never moves a card itself: the caller checks and saves the move, then draws the board
again from the database (a refused or cancelled move snaps back because the next drawing
puts the card where the database says). Until that next drawing the dropped card shows as
moving.

Events travel as trigger values (one rerun each). Each carries a nonce from the browser;
`board()` hands out a nonce once per session, so a trigger Streamlit replays into a later
run is not acted on twice.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st

from cslib.health import CATEGORY_COLORS

HERE = Path(__file__).parent
# The badge tones: the health categories (in their colours, as on every other health
# badge) and "unknown" for a customer without a score yet.
BADGE_TONES = (*CATEGORY_COLORS, "unknown")
EVENT_KINDS = ("move", "open", "more")
_PLACEHOLDER = re.compile(r"\{(name|stage)\}")
_MAX_NONCE = 64


@dataclass(frozen=True)
class Badge:
    """A small coloured pill on a card: `label` in the reader's language, `tone` one of
    BADGE_TONES."""

    label: str
    tone: str = "unknown"

    def __post_init__(self) -> None:
        if self.tone not in BADGE_TONES:
            raise ValueError(f"badge tone {self.tone!r} is not one of {BADGE_TONES}")


@dataclass(frozen=True)
class BoardCard:
    """One record on the board. `lines` are short texts already formatted (owner, amount,
    close date, days in stage); `url` (a same-site path such as "/record?type=deal&id=12")
    adds an "Open" link."""

    id: int
    version: int
    name: str
    lines: tuple[str, ...] = ()
    badge: Badge | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if self.url is not None and not (self.url.startswith("/") and not self.url.startswith("//")):
            raise ValueError(f"card url must be a path on this site, got {self.url!r}")


@dataclass(frozen=True)
class BoardColumn:
    """One stage: `summary` lines for the column head (count, sum, weighted sum) and the
    cards shown; `more_label` ("Show 25 more") when the stage holds more than are shown."""

    stage_id: int
    title: str
    summary: tuple[str, ...] = ()
    cards: tuple[BoardCard, ...] = ()
    more_label: str | None = None
    flow: tuple[str, ...] = ()  # the conversion strip's figures for this stage, on a band


@dataclass(frozen=True)
class BoardLabels:
    """The component's own words, translated by the caller. `card` is the pattern a screen
    reader announces for a card, with the placeholders {name} and {stage}."""

    move: str
    open: str
    hint: str
    empty: str
    card: str


@dataclass(frozen=True)
class BoardData:
    columns: tuple[BoardColumn, ...]
    labels: BoardLabels

    def __post_init__(self) -> None:
        stages = [c.stage_id for c in self.columns]
        if len(set(stages)) != len(stages):
            raise ValueError("each stage may have one column only")
        cards = [card.id for c in self.columns for card in c.cards]
        if len(set(cards)) != len(cards):
            raise ValueError("each card may be on the board once only")


@dataclass(frozen=True)
class BoardEvent:
    """What the person did. kind "move": card `id` at `version` from stage `from_stage` to
    `to_stage`; "open": the name of card `id` was clicked; "more": "Show more" in `stage`."""

    kind: str
    id: int | None = None
    version: int | None = None
    from_stage: int | None = None
    to_stage: int | None = None
    stage: int | None = None
    nonce: str = field(default="", compare=False, repr=False)


def card_label(pattern: str, name: str, stage: str) -> str:
    """The pattern with {name} and {stage} filled in one pass (a name that itself reads
    "{stage}" stays as typed)."""
    values = {"name": name, "stage": stage}
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], pattern)


def to_payload(data: BoardData, *, ack: str = "") -> dict[str, Any]:
    """The JSON the browser draws. `ack` is the nonce of the last event acted on: it
    changes the payload after each event, so the browser draws again (and drops the
    "moving" look) even when the database answered with the same board."""
    labels = data.labels
    return {
        "ack": ack,
        "labels": {"move": labels.move, "open": labels.open, "hint": labels.hint, "empty": labels.empty},
        "columns": [
            {
                "stage": col.stage_id,
                "title": col.title,
                "summary": list(col.summary),
                "flow": list(col.flow),
                "more": col.more_label,
                "cards": [_card_payload(card, col, labels) for card in col.cards],
            }
            for col in data.columns
        ],
    }


def _card_payload(card: BoardCard, col: BoardColumn, labels: BoardLabels) -> dict[str, Any]:
    return {
        "id": card.id,
        "version": card.version,
        "name": card.name,
        "lines": list(card.lines),
        "badge": {"label": card.badge.label, "tone": card.badge.tone} if card.badge else None,
        "url": card.url,
        "aria": card_label(labels.card, card.name, col.title),
    }


def _whole(value: object, *, least: int = 1) -> int | None:
    """An int from the browser (a bool or float is not one), at least `least`."""
    return value if type(value) is int and value >= least else None


def parse_event(payload: object, stages: set[int] | frozenset[int]) -> BoardEvent | None:
    """The event in a trigger payload, or None for anything malformed: an unknown kind,
    ids that are not whole positive numbers, a missing nonce, a move to the stage it came
    from or to (or "more" in) a stage the board does not show."""
    if not isinstance(payload, dict) or payload.get("kind") not in EVENT_KINDS:
        return None
    nonce = payload.get("nonce")
    if not isinstance(nonce, str) or not 0 < len(nonce) <= _MAX_NONCE:
        return None
    kind = payload["kind"]
    if kind == "open":
        card = _whole(payload.get("id"))
        return BoardEvent("open", id=card, nonce=nonce) if card else None
    if kind == "more":
        stage = _whole(payload.get("stage"))
        return BoardEvent("more", stage=stage, nonce=nonce) if stage in stages else None
    card, version = _whole(payload.get("id")), _whole(payload.get("version"), least=0)
    source, target = _whole(payload.get("from")), _whole(payload.get("to"))
    if card is None or version is None or source is None or target not in stages or source == target:
        return None
    return BoardEvent("move", id=card, version=version, from_stage=source, to_stage=target, nonce=nonce)


def _css() -> str:
    tones = "\n".join(f".cs-badge.tone-{tone} {{ background: {colour}; }}" for tone, colour in CATEGORY_COLORS.items())
    return (HERE / "board.css").read_text() + "\n" + tones + "\n"


@functools.cache
def _renderer():
    """Registered on first use, not at import: the module imports without a runtime."""
    return st.components.v2.component("cs_board", css=_css(), js=(HERE / "board.js").read_text())


def _ignore() -> None:
    """Trigger values reach Python only for events that have an on_<name>_change callback."""


def board(data: BoardData, *, key: str) -> BoardEvent | None:
    """Draw the board; return what the person did in the interaction that started this run,
    once, or None. After acting on a move or "more", rerun (`st.rerun()`) so the board is
    drawn again from the database: this run drew the data read before the event. Not
    inside `st.form` (trigger values do not work there)."""
    ack_key = f"_cs_board_ack_{key}"
    acked = st.session_state.get(ack_key, "")
    result = _renderer()(key=key, data=to_payload(data, ack=acked), on_event_change=_ignore)
    event = parse_event(result.get("event"), frozenset(c.stage_id for c in data.columns))
    if event is None or event.nonce == acked:
        return None
    st.session_state[ack_key] = event.nonce
    return event
