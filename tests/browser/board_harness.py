"""A page that draws `board()` with eight stages of made-up deals, for
tests/browser/test_board_component.py (run it with `streamlit run`, the project root on
PYTHONPATH).

Session state plays the database: a move is saved there (its version goes up) and the page
reruns, so the board is drawn again from that "truth". A move to "Closed lost" is refused
and a move with an old version is a conflict: both leave the card where it was. The last
event and its outcome are written under the board for the test to read.
"""

from __future__ import annotations

import json
from dataclasses import asdict

import streamlit as st

from cslib.ui.boards import Badge, BoardCard, BoardColumn, BoardData, BoardLabels, board

STAGES = [
    (11, "Appointment scheduled"),
    (12, "Qualified to buy"),
    (13, "Presentation scheduled"),
    (14, "Decision maker bought-in"),
    (15, "Contract sent"),
    (16, "Negotiation"),
    (17, "Closed won"),
    (18, "Closed lost"),
]
REFUSED_STAGE = 18
PAGE = 25
CARDS_PER_STAGE = {11: 30, 12: 4, 13: 3, 14: 2, 15: 2, 16: 0, 17: 3, 18: 1}
OWNERS = ["Ada Jensen", "Bartek Nowak", "Carla Holm", "Dorota Wiśniewska"]
TONES = ["healthy", "neutral", "at_risk", "unknown", None]
TONE_LABELS = {"healthy": "Healthy", "neutral": "Neutral", "at_risk": "At risk", "unknown": "No score"}
SPECIAL_NAMES = {
    1: '<img src=x onerror="window.csBoardXss=1">Hostile & Co',
    2: "Aktieselskabet Østjyllands Forsyningsvirksomhed og Fjernvarmeselskab — fornyelse 2027 med udvidelse",
}


def _truth() -> dict:
    """The made-up records, created once per session: id -> stage, version, name, amount."""
    if "truth" not in st.session_state:
        records, next_id = {}, 1
        for stage, _title in STAGES:
            for i in range(CARDS_PER_STAGE[stage]):
                name = SPECIAL_NAMES.get(next_id, f"Deal {next_id:03d} {['Acme', 'Globex', 'Initech'][i % 3]}")
                records[next_id] = {"stage": stage, "version": 1, "name": name, "amount": 1000 * (next_id % 17 + 1)}
                next_id += 1
        st.session_state.truth = records
        st.session_state.shown = dict.fromkeys(CARDS_PER_STAGE, PAGE)
    return st.session_state.truth


def _card(record_id: int, record: dict) -> BoardCard:
    tone = TONES[record_id % len(TONES)]
    return BoardCard(
        id=record_id,
        version=record["version"],
        name=record["name"],
        lines=(
            OWNERS[record_id % len(OWNERS)],
            f"${record['amount']:,}",
            f"Close 2026-0{record_id % 9 + 1}-15",
            f"{record_id % 40} days in stage",
        ),
        badge=Badge(TONE_LABELS[tone], tone) if tone else None,
        url=f"/record?type=deal&id={record_id}" if record_id % 2 else None,
    )


def _data(truth: dict) -> BoardData:
    columns = []
    for stage, title in STAGES:
        ids = sorted(i for i, r in truth.items() if r["stage"] == stage)
        shown = st.session_state.shown[stage]
        amount = sum(truth[i]["amount"] for i in ids)
        rest = len(ids) - shown
        columns.append(
            BoardColumn(
                stage_id=stage,
                title=title,
                summary=(f"{len(ids)} deals", f"${amount:,}", f"Weighted ${amount // 2:,}"),
                cards=tuple(_card(i, truth[i]) for i in ids[:shown]),
                more_label=f"Show {min(rest, PAGE)} more" if rest > 0 else None,
            )
        )
    labels = BoardLabels(
        move="Move to stage…",
        open="Open",
        hint="Drag cards between stages, or use Move to stage…",
        empty="No records in this stage",
        card="{name}, in {stage}",
    )
    return BoardData(columns=tuple(columns), labels=labels)


def _act(event, truth: dict) -> str:
    """Save the event in the made-up database; the outcome as a word for the test."""
    if event.kind == "more":
        st.session_state.shown[event.stage] += PAGE
        return "shown"
    if event.kind == "open":
        return "opened"
    record = truth.get(event.id)
    if record is None or record["stage"] != event.from_stage or record["version"] != event.version:
        return "conflict"
    if event.to_stage == REFUSED_STAGE:
        return "refused"
    record["stage"], record["version"] = event.to_stage, record["version"] + 1
    return "moved"


st.set_page_config(page_title="Board harness", layout="wide")
st.session_state.setdefault("runs", 0)
st.session_state.runs += 1
truth = _truth()
event = board(_data(truth), key="harness_board")
if event is not None:
    last = {**asdict(event), "outcome": _act(event, truth)}
    del last["nonce"]
    st.session_state.last = last
    st.session_state.events = st.session_state.get("events", 0) + 1
    st.rerun()
st.text(f"events: {st.session_state.get('events', 0)}")
st.text(f"last: {json.dumps(st.session_state.get('last'), sort_keys=True)}")
