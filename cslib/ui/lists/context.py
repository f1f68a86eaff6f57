"""What a list drew (`ListContext`): the tab's hooks and the export dialog act on exactly this."""

from __future__ import annotations

from dataclasses import dataclass

from cslib import lists, views
from cslib.lists import ListState
from cslib.permissions import Actor
from cslib.properties import PropertySpec


@dataclass(frozen=True)
class ListContext:
    """What a list drew: the tab's hooks act on exactly this."""

    actor: Actor
    object_type: str
    key: str
    view: views.ViewInfo
    state: ListState
    props: dict[str, PropertySpec]
    filters: list[dict | None]  # as list_records ran them
    columns: list[str]
    sort: list[dict]
    page: lists.Page | None  # None when a board is drawn instead of the table
    currency: str
    layout: str = "table"
