"""A filter's other forms: JSON text for links (`parse_json`, `to_json`), an English
description (`describe`), the filter builder's OR-of-AND groups (`to_groups`,
`from_groups`), several filters combined (`combine_all`) and a filter's conditions listed
(`conditions`, `count_conditions`)."""

from __future__ import annotations

import json
from typing import Any

from cslib.filters.model import (
    OPERATOR_LABELS,
    PRESETS,
    FilterError,
    is_empty_group,
    validate,
    value_kind,
)
from cslib.properties import PropertySpec

MAX_JSON = 20_000


def parse_json(text: str) -> dict | None:
    """Read a filter from a URL parameter (not yet validated: pass it to `validate`).
    Empty text or `null` means no filter."""
    if not isinstance(text, str):
        raise FilterError("The filter in the link is not valid")
    if len(text) > MAX_JSON:
        raise FilterError("The filter in the link is too long")
    if not text.strip():
        return None

    def _no_constants(name: str) -> Any:
        raise ValueError(name)

    try:
        value = json.loads(text, parse_constant=_no_constants)
    except (ValueError, RecursionError) as exc:
        raise FilterError("The filter in the link is not valid") from exc
    if value is None:
        return None
    if not isinstance(value, dict):
        raise FilterError("The filter in the link is not valid")
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
    """The filter in English, e.g. "Company owner is any of me, Ann Lee and Create date is
    in the last 30 days" ("" for no filter). Values are the user's own text: escape the
    result before rendering it as Markdown or HTML."""
    flt = validate(raw, props)
    return "" if flt is None else _describe(flt, props, user_names, top=True)


def _describe(node: dict, props: dict[str, PropertySpec], names: dict[int, str], top: bool) -> str:
    if "property" not in node:
        key = "all" if "all" in node else "any"
        parts = [_describe(child, props, names, False) for child in node[key]]
        text = (" and " if key == "all" else " or ").join(parts)
        return text if top or len(parts) < 2 else f"({text})"
    spec, op, value = props[node["property"]], node["operator"], node.get("value")
    kind = value_kind(spec, op)
    if kind is None:
        return f"{spec.label} {OPERATOR_LABELS[op]}"
    if kind == "preset":
        return f"{spec.label} is {dict(PRESETS)[value]}"
    if kind == "period":
        amount, unit = value["amount"], value["unit"]
        span = f"{amount} {unit[:-1] if amount == 1 else unit}"
        if op == "more_than_ago":
            return f"{spec.label} is more than {span} ago"
        return f"{spec.label} {OPERATOR_LABELS[op]} {span}"
    if kind == "number_range":
        shown = f"{_number_text(value['min'])} and {_number_text(value['max'])}"
    elif kind == "date_range":
        shown = f"{value['from']} and {value['to']}"
    elif kind == "number":
        shown = _number_text(value)
    elif kind == "text":
        shown = f'"{value}"'
    elif kind == "texts":
        shown = ", ".join(f'"{v}"' for v in value)
    elif kind == "options":
        shown = ", ".join(spec.option_label(v) for v in value)
    elif kind == "users":
        shown = ", ".join("me" if v == "me" else names.get(v, f"user {v}") for v in value)
    else:
        shown = value
    return f"{spec.label} {OPERATOR_LABELS[op]} {shown}"


def _number_text(number: float) -> str:
    return f"{int(number):,}" if number.is_integer() else format(number, ",.10g")


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
