"""A filter's other forms: JSON text for links (`parse_json`, `to_json`), a description in
the reader's language (`describe`), the filter builder's OR-of-AND groups (`to_groups`,
`from_groups`), several filters combined (`combine_all`) and a filter's conditions listed
(`conditions`, `count_conditions`)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from cslib import i18n
from cslib.filters.model import is_empty_group, validate, value_kind
from cslib.filters.operators import PRESETS, FilterError
from cslib.i18n import N_, _, ngettext, pgettext
from cslib.properties import PropertySpec

MAX_JSON = 20_000
BAD_LINK = N_("The filter in the link is not valid")


def parse_json(text: str) -> dict | None:
    """Read a filter from a URL parameter (not yet validated: pass it to `validate`).
    Empty text or `null` means no filter."""
    if not isinstance(text, str):
        raise FilterError(_(BAD_LINK))
    if len(text) > MAX_JSON:
        raise FilterError(_("The filter in the link is too long"))
    if not text.strip():
        return None

    def _no_constants(name: str) -> Any:
        raise ValueError(name)

    try:
        value = json.loads(text, parse_constant=_no_constants)
    except (ValueError, RecursionError) as exc:
        raise FilterError(_(BAD_LINK)) from exc
    if value is None:
        return None
    if not isinstance(value, dict):
        raise FilterError(_(BAD_LINK))
    return value


def to_json(flt: dict | None) -> str:
    """Compact JSON for a URL parameter ("" for no filter); the inverse of `parse_json`."""
    return "" if not flt else json.dumps(flt, separators=(",", ":"), ensure_ascii=False)


def combine_all(*filters: dict | None) -> dict | None:
    """AND several filters (e.g. a view's filter and the filter bar). Filters that filter
    nothing out are skipped and top-level "all" groups are merged, so the result is no
    deeper than needed; it is not validated here, and can exceed the size limits that
    `validate` enforces when its parts are near them."""
    parts: list = []
    for flt in filters:
        if not flt or is_empty_group(flt):
            continue
        if set(flt) == {"all"} and isinstance(flt["all"], list):
            parts.extend(flt["all"])
        else:
            parts.append(flt)
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else {"all": parts}


def describe(raw: Any, props: dict[str, PropertySpec], user_names: dict[int, str]) -> str:
    """The filter in the reader's language, e.g. "Company owner is any of me, Ann Lee and
    Create date is in the last 30 days" ("" for no filter). Values are the user's own text:
    escape the result before rendering it as Markdown or HTML."""
    flt = validate(raw, props)
    return "" if flt is None else _describe(flt, props, user_names, top=True)


# One sentence per operator, so each language words it its own way.
_SENTENCES = {
    "eq": N_("{property} is equal to {value}"),
    "neq": N_("{property} is not equal to {value}"),
    "contains": N_("{property} contains {value}"),
    "not_contains": N_("{property} doesn't contain {value}"),
    "starts_with": N_("{property} starts with {value}"),
    "in": N_("{property} is any of {values}"),
    "not_in": N_("{property} is none of {values}"),
    "lt": N_("{property} is less than {value}"),
    "lte": N_("{property} is less than or equal to {value}"),
    "gt": N_("{property} is greater than {value}"),
    "gte": N_("{property} is greater than or equal to {value}"),
    "between": N_("{property} is between {low} and {high}"),
    "on": N_("{property} is on {value}"),
    "before": N_("{property} is before {value}"),
    "after": N_("{property} is after {value}"),
    "preset": N_("{property} is {period}"),
    "is_true": N_("{property} is true"),
    "is_false": N_("{property} is false"),
    "is_known": N_("{property} is known"),
    "is_unknown": N_("{property} is unknown"),
}


def _describe(node: dict, props: dict[str, PropertySpec], names: dict[int, str], top: bool) -> str:
    if "property" not in node:
        key = "all" if "all" in node else "any"
        parts = [_describe(child, props, names, False) for child in node[key]]
        text = _joined(parts, key)
        return text if top or len(parts) < 2 else f"({text})"
    spec, op, value = props[node["property"]], node["operator"], node.get("value")
    kind = value_kind(spec, op)
    if kind == "period":
        return _period(op, value["unit"], value["amount"], spec.label)
    shown: dict[str, str] = {}
    if kind == "preset":
        shown["period"] = _(dict(PRESETS)[value])
    elif kind in ("number_range", "date_range"):
        low, high = (value["min"], value["max"]) if kind == "number_range" else (value["from"], value["to"])
        shown["low"], shown["high"] = _value(kind, low), _value(kind, high)
    elif kind in ("texts", "options", "users"):
        shown["values"] = ", ".join(_one_of(kind, spec, v, names) for v in value)
    elif kind is not None:
        shown["value"] = _value(kind, value)
    return _(_SENTENCES[op], property=spec.label, **shown)


def _joined(parts: list[str], key: str) -> str:
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text = (
            _("{left} and {right}", left=text, right=part)
            if key == "all"
            else _("{left} or {right}", left=text, right=part)
        )
    return text


def _value(kind: str, value: Any) -> str:
    if kind in ("number", "number_range"):
        return i18n.number(value)
    if kind in ("date", "date_range"):
        return i18n.day(date.fromisoformat(value))
    return pgettext("quoted value", '"{text}"', text=value)


def _one_of(kind: str, spec: PropertySpec, value: Any, names: dict[int, str]) -> str:
    if kind == "texts":
        return _value("text", value)
    if kind == "options":
        return spec.option_label(value)
    if value == "me":
        return _("me")
    return names.get(value) or _("user {id}", id=value)


def _period(op: str, unit: str, n: int, label: str) -> str:
    """ "Create date is in the last 30 days": one sentence per operator and unit, as the
    words around a count change with it (Polish "w ciągu ostatniego dnia / ostatnich 2 dni")."""
    sentences = {
        ("in_last", "days"): lambda: ngettext(
            "{property} is in the last {n} day", "{property} is in the last {n} days", n, property=label
        ),
        ("in_last", "weeks"): lambda: ngettext(
            "{property} is in the last {n} week", "{property} is in the last {n} weeks", n, property=label
        ),
        ("in_last", "months"): lambda: ngettext(
            "{property} is in the last {n} month", "{property} is in the last {n} months", n, property=label
        ),
        ("in_next", "days"): lambda: ngettext(
            "{property} is in the next {n} day", "{property} is in the next {n} days", n, property=label
        ),
        ("in_next", "weeks"): lambda: ngettext(
            "{property} is in the next {n} week", "{property} is in the next {n} weeks", n, property=label
        ),
        ("in_next", "months"): lambda: ngettext(
            "{property} is in the next {n} month", "{property} is in the next {n} months", n, property=label
        ),
        ("more_than_ago", "days"): lambda: ngettext(
            "{property} is more than {n} day ago", "{property} is more than {n} days ago", n, property=label
        ),
        ("more_than_ago", "weeks"): lambda: ngettext(
            "{property} is more than {n} week ago", "{property} is more than {n} weeks ago", n, property=label
        ),
        ("more_than_ago", "months"): lambda: ngettext(
            "{property} is more than {n} month ago", "{property} is more than {n} months ago", n, property=label
        ),
    }
    return sentences[(op, unit)]()


def to_groups(flt: dict | None) -> list[list[dict]] | None:
    """The filter as the builder edits it: OR-ed groups of AND-ed conditions, or None when
    it has another shape (made elsewhere: deeper nesting)."""
    if not flt:
        return []
    if "property" in flt:
        return [[flt]]
    if "all" in flt and all("property" in c for c in flt["all"]):
        return [list(flt["all"])]
    if "any" in flt:
        groups = []
        for part in flt["any"]:
            inner = to_groups(part)
            if inner is None or len(inner) != 1:
                return None
            groups.append(inner[0])
        return groups
    return None


def from_groups(groups: list[list[dict]]) -> dict | None:
    """Builder groups back to the filter model (empty groups dropped)."""
    groups = [g for g in groups if g]
    if not groups:
        return None
    if len(groups) == 1:
        return {"all": groups[0]}
    return {"any": [{"all": g} for g in groups]}


def conditions(flt: object) -> list[dict]:
    """Every condition of a filter, at any depth (anything that is not a group or a
    condition is passed over: callers may walk filters not validated yet)."""
    out: list[dict] = []
    stack = [flt]
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        if "property" in node:
            out.append(node)
        for key in ("all", "any"):
            if isinstance(node.get(key), list):
                stack.extend(reversed(node[key]))
    return out


def count_conditions(flt: dict | None) -> int:
    """How many conditions a filter has (the "Advanced filters (3)" badge)."""
    if not flt:
        return 0
    if "property" in flt:
        return 1
    return sum(count_conditions(part) for part in flt.get("all", flt.get("any", [])))
