"""The one filter model: views, health-score segments, exports, Overview links and URL
parameters all describe "which records" with it. A filter is plain JSON:

    Filter    := Group | Condition
    Group     := {"all": [Filter, ...]} | {"any": [Filter, ...]}       (AND / OR, nestable)
    Condition := {"property": name, "operator": op, "value": ...}       (value per operator)

`validate` checks a filter against the object's properties (`cslib.properties`) and
returns a normalised copy; `compile_filter` turns it into a SQLAlchemy condition;
`describe` writes it in the reader's language; `parse_json` reads one from a link. Other packages import
only the names below (`from cslib.filters import X` or `filters.X`).

Semantics worth knowing:
- `None`, `{}` and an empty group mean "no filter": every record matches (`validate`
  drops empty groups inside "all" and turns an "any" holding one into an empty group).
- Text matching is case-insensitive; `%` and `_` in values are literal.
- An empty text counts as unknown. The negative operators (`neq`, `not_contains`,
  `not_in`) also match records where the property is unknown ("owner is none of me"
  includes unowned companies), so a condition and its negation always split the records.
- `is_false` does not match unknown values; use `is_unknown` for those.
- Date semantics are documented on `date_bounds`.

Modules, lowest first (each imports only those above it):
- operators: operators and their labels, periods, units, limits, `FilterError`;
- model: value shapes, `validate` and `FilterContext`;
- sql: `compile_filter` and date ranges;
- forms: JSON text, descriptions, the builder's groups, combinations.
"""

from cslib.filters.forms import (
    MAX_JSON,
    combine_all,
    conditions,
    count_conditions,
    describe,
    from_groups,
    parse_json,
    to_groups,
    to_json,
)
from cslib.filters.model import FilterContext, is_empty_group, operators_for, validate, value_kind
from cslib.filters.operators import (
    MAX_AMOUNT,
    MAX_CONDITIONS,
    MAX_DEPTH,
    MAX_GROUPS,
    MAX_LIST,
    MAX_STRING,
    NEGATIVE_OPERATORS,
    OPERATOR_LABELS,
    OPERATORS,
    PRESETS,
    UNITS,
    FilterError,
)
from cslib.filters.sql import Bound, add_months, compile_filter, date_bounds, preset_days

__all__ = [
    "Bound",
    "FilterContext",
    "FilterError",
    "MAX_AMOUNT",
    "MAX_CONDITIONS",
    "MAX_DEPTH",
    "MAX_GROUPS",
    "MAX_JSON",
    "MAX_LIST",
    "MAX_STRING",
    "NEGATIVE_OPERATORS",
    "OPERATORS",
    "OPERATOR_LABELS",
    "PRESETS",
    "UNITS",
    "add_months",
    "combine_all",
    "compile_filter",
    "conditions",
    "count_conditions",
    "date_bounds",
    "describe",
    "from_groups",
    "is_empty_group",
    "operators_for",
    "parse_json",
    "preset_days",
    "to_groups",
    "to_json",
    "validate",
    "value_kind",
]
