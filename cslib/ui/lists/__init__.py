"""The one list page every record list is drawn with (Customers, Actions → Tasks, and the
boards' table views to come): view tabs and the view menu, the filter bar and advanced
filters, the table with its columns, sort and paging, and the record panel beside it.
A tab adapts it through `ListHooks` (extra buttons, bulk actions, its own panel).

Modules: context (what a list drew), views (the view menu: save, clone, rename, share,
delete, pin), export (the Export button and dialog), page (the list).
"""

from cslib.ui.lists.context import ListContext
from cslib.ui.lists.page import ListHooks, go, render

__all__ = ["ListContext", "ListHooks", "go", "render"]
