"""The one list page every record list is drawn with (Customers, Actions → Tasks, and the
boards' table views to come): view tabs and the view menu, the filter bar and advanced
filters, the table with its columns, sort and paging, and the record panel beside it.
A tab adapts it through `ListHooks` (extra buttons, bulk actions, its own panel).

Modules: views (the view menu: save, clone, rename, share, delete, pin), page (the list).
"""

from cslib.ui.lists.page import ListContext, ListHooks, go, render

__all__ = ["ListContext", "ListHooks", "go", "render"]
