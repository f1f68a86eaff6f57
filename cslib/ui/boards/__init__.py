"""Pipeline boards (Projects and Revenue): one column per stage, cards moved by drag and
drop or by a "Move to stage…" menu.

Modules: component (the board's drawing piece, a components-v2 element, with board.js and
board.css beside it; `board()` returns what the person did as a `BoardEvent`).
"""

from cslib.ui.boards.component import (
    BADGE_TONES,
    Badge,
    BoardCard,
    BoardColumn,
    BoardData,
    BoardEvent,
    BoardLabels,
    board,
)

__all__ = ["BADGE_TONES", "Badge", "BoardCard", "BoardColumn", "BoardData", "BoardEvent", "BoardLabels", "board"]
