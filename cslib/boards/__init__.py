"""Pipeline boards (the Projects and Revenue tabs): a pipeline as columns of cards, moving
a record to another stage, and the conversion strip above the board. The board reads the
same filters and sort as the table (`cslib.lists`), and a move writes through the one
write path (`cslib.records.update_properties`), so board and table always agree.

Other packages import only the names below (`from cslib.boards import X` or `boards.X`).

Modules, lowest first (each imports only those above it):
- pipeline: who may read a board, and the pipeline it shows with its stages;
- cards: a card's owner name, days in stage and customer, looked up for all cards at once;
- board: `load_board`, the columns with counts, sums, weighted sums and first cards;
- moves: `move_record` and `required_for_move` (a stage's required properties);
- flow: `stage_flow`, the conversion strip (entries, conversion, median days per stage),
  `flow_caption`, its definitions for the caption, and `last_stage_change`, which says
  whether a strip computed earlier still holds.
"""

from cslib.boards.board import DEFAULT_CARDS, MAX_CARDS, Board, BoardColumn, load_board
from cslib.boards.cards import Card
from cslib.boards.flow import DEFAULT_DAYS, MAX_DAYS, StageFlow, flow_caption, last_stage_change, stage_flow
from cslib.boards.moves import MissingProperties, move_record, required_for_move

__all__ = [
    "DEFAULT_CARDS",
    "DEFAULT_DAYS",
    "MAX_CARDS",
    "MAX_DAYS",
    "Board",
    "BoardColumn",
    "Card",
    "MissingProperties",
    "StageFlow",
    "flow_caption",
    "last_stage_change",
    "load_board",
    "move_record",
    "required_for_move",
    "stage_flow",
]
