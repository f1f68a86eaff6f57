"""Lists of records: one page of a record list with its columns, sort, filter and
"view as" (`list_records`), and a list's state in the URL (filter bars, date choices,
selections) read and written as link parameters (`parse`, `to_params`).

Other packages import only the names below (`from cslib.lists import X` or `lists.X`).

Also what a user owns, in numbers (`owned_summary`, `upcoming_renewals`: the Overview's
summary and renewals).

Modules, lowest first:
- state: a list's URL state and its filter bars;
- listing: the SQL of a list page, its columns and sort;
- owned: a user's customers, ARR and renewals due.
"""

from cslib.lists.listing import (
    MAX_PAGE_SIZE,
    MAX_SORT_KEYS,
    READ_DENIED,
    SEAT_DENIED,
    VIEW_AS_DENIED,
    Page,
    check_sort,
    display_columns,
    list_records,
    ordered,
    where_clauses,
)
from cslib.lists.owned import RENEWAL_WINDOW_DAYS, OwnedSummary, owned_summary, upcoming_renewals
from cslib.lists.state import (
    ALL_RECORDS,
    LAYOUTS,
    MAX_PAGE,
    ListState,
    bar_fields,
    bar_filter,
    bar_label,
    combine,
    parse,
    to_params,
)

__all__ = [
    "RENEWAL_WINDOW_DAYS",
    "OwnedSummary",
    "owned_summary",
    "upcoming_renewals",
    "ALL_RECORDS",
    "LAYOUTS",
    "ListState",
    "MAX_PAGE",
    "MAX_PAGE_SIZE",
    "MAX_SORT_KEYS",
    "Page",
    "READ_DENIED",
    "SEAT_DENIED",
    "VIEW_AS_DENIED",
    "bar_fields",
    "bar_filter",
    "bar_label",
    "check_sort",
    "combine",
    "display_columns",
    "list_records",
    "ordered",
    "parse",
    "to_params",
    "where_clauses",
]
