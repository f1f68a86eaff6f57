"""Lists of records: one page of a record list with its columns, sort, filter and
"view as" (`list_records`), and a list's state in the URL (filter bars, date choices,
selections) read and written as link parameters (`parse`, `to_params`).

Other packages import only the names below (`from cslib.lists import X` or `lists.X`).

Modules, lowest first:
- state: a list's URL state and its filter bars;
- listing: the SQL of a list page, its columns and sort.
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
from cslib.lists.state import (
    ALL_RECORDS,
    BARS,
    DATE_CHOICES,
    DEFAULT_BAR,
    DUE_CHOICES,
    MAX_PAGE,
    BarField,
    ListState,
    bar_fields,
    bar_filter,
    combine,
    parse,
    to_params,
)

__all__ = [
    "ALL_RECORDS",
    "BARS",
    "BarField",
    "DATE_CHOICES",
    "DEFAULT_BAR",
    "DUE_CHOICES",
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
    "check_sort",
    "combine",
    "display_columns",
    "list_records",
    "ordered",
    "parse",
    "to_params",
    "where_clauses",
]
