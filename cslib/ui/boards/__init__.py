"""The Projects and Revenue tabs: pipelines as a table (the one list page) or as a board
with drag and drop, moves that ask for a stage's required properties, and the conversion
strip.

Modules, lowest first: component (the board's drawing piece, a components-v2 element with
board.js and board.css beside it: columns, cards, drag and drop, the keyboard menu;
`board()` returns what the person did as a `BoardEvent`), moving (moves from the board and
the preview, the required-properties form), drawing (the board layout and conversion strip
of a tab), tab (the tabs, their pipeline drop-down and layout switch, and what shows before
they are set up).
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
from cslib.ui.boards.tab import render_projects_tab, render_revenue_tab

__all__ = [
    "BADGE_TONES",
    "Badge",
    "BoardCard",
    "BoardColumn",
    "BoardData",
    "BoardEvent",
    "BoardLabels",
    "board",
    "render_projects_tab",
    "render_revenue_tab",
]
