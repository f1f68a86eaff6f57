"""The Projects and Revenue tabs: pipelines as a table (the one list page) or as a board
with drag and drop, moves that ask for a stage's required properties, and the conversion
strip.

Modules, lowest first: component (the board component: columns, cards, drag and drop,
the keyboard menu), moving (moves from the board and the preview, the required-properties
form), drawing (the board layout and conversion strip of a tab), tab (the tabs, their
pipeline drop-down and layout switch, and what shows before they are set up).
"""

from cslib.ui.boards.tab import render_projects_tab, render_revenue_tab

__all__ = ["render_projects_tab", "render_revenue_tab"]
