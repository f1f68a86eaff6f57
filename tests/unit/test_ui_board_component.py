"""The board component's Python side: what the browser sends is trusted only when it is a
well-formed event about this board, each event is handed out once, and the data the
browser draws carries exactly what the caller gave (the card's announced label filled in
one pass)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from cslib.health import CATEGORY_COLORS
from cslib.ui.boards import Badge, BoardCard, BoardColumn, BoardData, BoardEvent, BoardLabels, component

STAGES = frozenset({5, 6, 7})
LABELS = BoardLabels(move="Flyt til fase…", open="Åbn", hint="Træk kort", empty="Ingen poster", card="{name} i {stage}")


def _data() -> BoardData:
    cards = (
        BoardCard(12, 3, "Acme {stage}", ("Ada", "$1,000"), Badge("Sund", "healthy"), "/record?type=deal&id=12"),
        BoardCard(13, 1, "Beta"),
    )
    return BoardData(
        columns=(
            BoardColumn(5, "Kvalificeret", ("2 handler",), cards, "Vis 25 mere"),
            BoardColumn(6, "Vundet"),
            BoardColumn(7, "Tabt"),
        ),
        labels=LABELS,
    )


def move(**changes) -> dict:
    return {"kind": "move", "id": 12, "version": 3, "from": 5, "to": 6, "nonce": "n1", **changes}


def test_well_formed_events_are_read():
    assert component.parse_event(move(), STAGES) == BoardEvent("move", id=12, version=3, from_stage=5, to_stage=6)
    assert component.parse_event(move(version=0), STAGES).version == 0
    opened = component.parse_event({"kind": "open", "id": 12, "nonce": "n2"}, STAGES)
    assert opened == BoardEvent("open", id=12)
    assert opened.nonce == "n2"
    assert component.parse_event({"kind": "more", "stage": 7, "nonce": "n3"}, STAGES) == BoardEvent("more", stage=7)


@pytest.mark.parametrize(
    "payload",
    [
        None,
        "move",
        [move()],
        {"kind": "delete", "id": 12, "nonce": "n"},
        {"id": 12, "nonce": "n"},
        move(nonce=None),
        move(nonce=""),
        move(nonce=7),
        move(nonce="x" * 65),
        move(id="12"),
        move(id=12.0),
        move(id=True),
        move(id=0),
        move(id=-4),
        move(version=-1),
        move(version=None),
        move(**{"from": "5"}),
        move(to=8),  # a stage this board does not show
        move(to=5),  # where it already is
        {"kind": "move", "id": 12, "version": 3, "to": 6, "nonce": "n"},
        {"kind": "open", "nonce": "n"},
        {"kind": "open", "id": [12], "nonce": "n"},
        {"kind": "more", "stage": 8, "nonce": "n"},
        {"kind": "more", "stage": False, "nonce": "n"},
    ],
)
def test_malformed_events_are_ignored(payload):
    assert component.parse_event(payload, STAGES) is None


def test_the_payload_carries_what_the_caller_gave():
    payload = component.to_payload(_data(), ack="n9")
    assert payload["ack"] == "n9"
    assert payload["labels"] == {"move": "Flyt til fase…", "open": "Åbn", "hint": "Træk kort", "empty": "Ingen poster"}
    first, won, _lost = payload["columns"]
    head = (first["stage"], first["title"], first["summary"], first["more"])
    assert head == (5, "Kvalificeret", ["2 handler"], "Vis 25 mere")
    assert (won["cards"], won["more"]) == ([], None)
    acme, beta = first["cards"]
    assert acme == {
        "id": 12,
        "version": 3,
        "name": "Acme {stage}",
        "lines": ["Ada", "$1,000"],
        "badge": {"label": "Sund", "tone": "healthy"},
        "url": "/record?type=deal&id=12",
        "aria": "Acme {stage} i Kvalificeret",  # a name that reads "{stage}" is not filled in
    }
    assert (beta["badge"], beta["url"], beta["lines"], beta["aria"]) == (None, None, [], "Beta i Kvalificeret")


def test_what_cannot_be_drawn_is_refused_at_once():
    with pytest.raises(ValueError):
        Badge("Sund", "green")
    for url in ("javascript:alert(1)", "//elsewhere.example/x", "https://elsewhere.example/x"):
        with pytest.raises(ValueError):
            BoardCard(1, 1, "Acme", url=url)
    with pytest.raises(ValueError):
        BoardData((BoardColumn(5, "A"), BoardColumn(5, "B")), LABELS)
    card = BoardCard(1, 1, "Acme")
    with pytest.raises(ValueError):
        BoardData((BoardColumn(5, "A", cards=(card,)), BoardColumn(6, "B", cards=(card,))), LABELS)


def test_badges_use_the_health_colours_of_every_other_badge():
    css = component._css()
    for tone, colour in CATEGORY_COLORS.items():
        assert f".cs-badge.tone-{tone} {{ background: {colour}; }}" in css
    assert set(component.BADGE_TONES) == {*CATEGORY_COLORS, "unknown"}


def test_each_event_is_handed_out_once(monkeypatch):
    """A trigger Streamlit brings into a later run again (same nonce) is not a new event;
    the browser learns the last nonce acted on through the data's `ack`."""
    sent: list[dict] = []
    incoming: dict = {}

    def mount(**kwargs):
        sent.append(kwargs["data"])
        return {"event": incoming.get("payload")}

    monkeypatch.setattr(component, "st", SimpleNamespace(session_state={}))
    monkeypatch.setattr(component, "_renderer", lambda: mount)

    incoming["payload"] = move(nonce="a")
    assert component.board(_data(), key="b") == BoardEvent("move", id=12, version=3, from_stage=5, to_stage=6)
    assert component.board(_data(), key="b") is None  # the same trigger seen again
    incoming["payload"] = {"kind": "open", "id": 13, "nonce": "b"}
    assert component.board(_data(), key="b") == BoardEvent("open", id=13)
    incoming["payload"] = move(to=99, nonce="c")
    assert component.board(_data(), key="b") is None
    incoming["payload"] = None
    assert component.board(_data(), key="b") is None
    assert [d["ack"] for d in sent] == ["", "a", "a", "b", "b"]
