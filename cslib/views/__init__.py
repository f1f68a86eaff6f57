"""Saved views of a record list (SPEC §3.2): create, edit, delete, clone and pin them; the
built-in views; the default views admins highlight as Overview cards; and the limits and
defaults of a view's name, columns, sort and card properties.

Other packages import only the names below (`from cslib.views import X` or `views.X`).

Modules, lowest first (each imports only those above it):
- rules: limits, defaults, built-in views and the checks of a view's fields;
- store: reading views (visible, pinned, one by id) and their effective filter;
- defaults: the default views of the Overview, reordering, card properties;
- edit: the writes (create, update, delete, clone, pin) and the built-in views' rows.
"""

from cslib.views.defaults import default_views, remove_default, reorder_defaults, set_card_properties, set_default
from cslib.views.edit import (
    UNSET,
    clone_view,
    create_view,
    delete_view,
    ensure_builtin_views,
    pin_view,
    unpin_view,
    update_view,
)
from cslib.views.rules import (
    BUILTIN_FILTERS,
    BUILTIN_VIEWS,
    DEFAULT_COLUMNS,
    DEFAULT_SORT,
    DEFAULT_VIEW_LIMIT,
    default_card_properties,
    default_columns,
    default_sort,
)
from cslib.views.store import ViewInfo, effective_filter, get_view, list_views, pinned_views, view_info

__all__ = [
    "BUILTIN_FILTERS",
    "BUILTIN_VIEWS",
    "DEFAULT_COLUMNS",
    "DEFAULT_SORT",
    "DEFAULT_VIEW_LIMIT",
    "UNSET",
    "ViewInfo",
    "clone_view",
    "create_view",
    "default_card_properties",
    "default_columns",
    "default_sort",
    "default_views",
    "delete_view",
    "effective_filter",
    "ensure_builtin_views",
    "get_view",
    "list_views",
    "pin_view",
    "pinned_views",
    "remove_default",
    "reorder_defaults",
    "set_card_properties",
    "set_default",
    "unpin_view",
    "update_view",
    "view_info",
]
