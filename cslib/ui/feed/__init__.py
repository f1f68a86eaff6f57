"""The Feed tab: sales-activity notifications with search, filters, paging, deletion and
follow-ups. Modules: items (one notification and its follow-ups), page (the tab)."""

from cslib.ui.feed.page import render

__all__ = ["render"]
