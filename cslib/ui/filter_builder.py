"""Advanced filters: a builder over every property — OR-ed groups of AND-ed conditions,
operators fit for each property's type — that produces the shared filter model."""

from __future__ import annotations

import itertools
from datetime import date

import streamlit as st

from cslib.filters import (
    MAX_AMOUNT,
    OPERATOR_LABELS,
    PRESETS,
    UNITS,
    FilterError,
    from_groups,
    operators_for,
    to_groups,
    validate,
    value_kind,
)
from cslib.i18n import _, ngettext, pgettext
from cslib.properties import PropertySpec
from cslib.ui.choices import fixed, picker_day, translated
from cslib.ui.md import md

_uid = itertools.count(1)


def _draft_key(key: str) -> str:
    return f"{key}__draft"


def _new_condition(props: dict[str, PropertySpec]) -> dict:
    first = next(iter(props.values()))
    return {"uid": next(_uid), "property": first.name, "operator": operators_for(first)[0][0], "value": None}


def _load_draft(key: str, applied: dict | None, props: dict[str, PropertySpec]) -> list[list[dict]] | None:
    if _draft_key(key) not in st.session_state:
        groups = to_groups(applied)
        if groups is None:
            return None
        st.session_state[_draft_key(key)] = [
            [{"uid": next(_uid), "value": None, **c} for c in group] for group in groups
        ] or [[_new_condition(props)]]
    return st.session_state[_draft_key(key)]


def reset(key: str) -> None:
    """Forget the draft (after the applied filter changed elsewhere, e.g. another view)."""
    st.session_state.pop(_draft_key(key), None)


def _value_widget(spec: PropertySpec, kind: str | None, value: object, wkey: str, users: dict):  # noqa: ANN202
    if kind is None:
        st.caption("—")
        return None
    if kind == "text":
        return st.text_input(_("Value"), value=str(value or ""), key=wkey, label_visibility="collapsed")
    if kind == "texts":
        text = st.text_input(
            _("Values"),
            value=", ".join(value or []),
            key=wkey,
            label_visibility="collapsed",
            placeholder=_("one, two, three"),
        )
        return [v.strip() for v in text.split(",") if v.strip()]
    if kind == "number":
        return st.number_input(
            _("Value"),
            value=value if isinstance(value, int | float) else None,
            key=wkey,
            label_visibility="collapsed",
            placeholder=_("Number"),
        )
    if kind == "number_range":
        a, b = st.columns(2)
        v = value if isinstance(value, dict) else {}
        low = a.number_input(_("From"), value=v.get("min"), key=f"{wkey}_min", placeholder=_("From"))
        high = b.number_input(_("To"), value=v.get("max"), key=f"{wkey}_max", placeholder=_("To"))
        return {"min": low, "max": high}
    if kind == "date":
        picked = st.date_input(
            _("Date"), value=_date(value), key=wkey, label_visibility="collapsed", format=picker_day()
        )
        return picked.isoformat() if isinstance(picked, date) else None
    if kind == "date_range":
        v = value if isinstance(value, dict) else {}
        picked = st.date_input(
            _("Dates"),
            value=(_date(v.get("from")) or date.today(), _date(v.get("to")) or date.today()),
            key=wkey,
            label_visibility="collapsed",
            format=picker_day(),
        )
        if isinstance(picked, tuple) and len(picked) == 2:
            return {"from": picked[0].isoformat(), "to": picked[1].isoformat()}
        return None
    if kind == "period":
        a, b = st.columns(2)
        v = value if isinstance(value, dict) else {"amount": 30, "unit": "days"}
        amount = a.number_input(
            pgettext("period", "Amount"),
            min_value=1,
            max_value=MAX_AMOUNT,
            value=int(v.get("amount", 30)),
            key=f"{wkey}_n",
            label_visibility="collapsed",
        )
        unit = b.selectbox(
            _("Unit"),
            UNITS,
            index=UNITS.index(v.get("unit", "days")),
            key=f"{wkey}_u",
            format_func=fixed({u: _unit(u, int(amount)) for u in UNITS}),
            label_visibility="collapsed",
        )
        return {"amount": int(amount), "unit": unit}
    if kind == "preset":
        names = [p for p, _ in PRESETS]
        periods = dict(PRESETS)
        return st.selectbox(
            _("Period"),
            names,
            index=names.index(value) if value in names else 0,
            key=wkey,
            format_func=fixed({p: _capitalised(_(label)) for p, label in periods.items()}),
            label_visibility="collapsed",
        )
    if kind == "users":
        choices = ["me", *users]
        return st.multiselect(
            _("Users"),
            choices,
            default=[v for v in (value or []) if v in choices],
            key=wkey,
            format_func=fixed({"me": _("Me"), **users}),
            label_visibility="collapsed",
            placeholder=_("Pick users"),
        )
    labels = dict(spec.options)
    return st.multiselect(
        _("Values"),
        list(labels),
        default=[v for v in (value or []) if v in labels],
        key=wkey,
        format_func=lambda v: labels.get(v, str(v)),
        label_visibility="collapsed",
        placeholder=_("Pick values"),
    )


def _unit(unit: str, amount: int) -> str:
    """The unit's word as it reads after `amount` ("30 days", Polish "30 dni")."""
    if unit == "weeks":
        return ngettext("week", "weeks", amount)
    if unit == "months":
        return ngettext("month", "months", amount)
    return ngettext("day", "days", amount)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _date(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _condition_row(c: dict, props: dict[str, PropertySpec], key: str, users: dict, group: list) -> None:
    p_col, o_col, v_col, x_col = st.columns([3, 3, 4, 1], vertical_alignment="center")
    names = list(props)
    prop = p_col.selectbox(
        _("Property"),
        names,
        index=names.index(c["property"]) if c["property"] in names else 0,
        format_func=lambda n: props[n].label,
        key=f"{key}_p{c['uid']}",
        label_visibility="collapsed",
    )
    ops = [op for op, _ in operators_for(props[prop])]
    if prop != c["property"] or c["operator"] not in ops:
        c.update(property=prop, operator=ops[0], value=None)
    op = o_col.selectbox(
        _("Operator"),
        ops,
        index=ops.index(c["operator"]),
        key=f"{key}_o{c['uid']}_{prop}",
        format_func=translated(OPERATOR_LABELS),
        label_visibility="collapsed",
    )
    if op != c["operator"]:
        c.update(operator=op, value=None)
    with v_col:
        c["value"] = _value_widget(
            props[prop], value_kind(props[prop], op), c["value"], f"{key}_v{c['uid']}_{prop}_{op}", users
        )
    if x_col.button("", icon=":material/close:", key=f"{key}_x{c['uid']}", help=_("Remove this filter")):
        group.remove(c)
        st.rerun()


def render(key: str, applied: dict | None, props: dict[str, PropertySpec], users: dict[int, str]) -> dict | None | bool:
    """Draw the builder. Returns the new filter when the user applies it (None = cleared),
    or False while nothing was applied."""
    draft = _load_draft(key, applied, props)
    if draft is None:
        st.info(
            _("This filter was built elsewhere with deeper nesting; it applies as it is. Clear it to build a new one.")
        )
        if st.button(_("Clear advanced filters"), key=f"{key}_clear_deep"):
            return None
        return False
    for gi, group in enumerate(draft):
        if gi:
            st.markdown(_("**or**"))
        with st.container(border=True):
            st.caption(_("Group {n}: records matching all of these", n=gi + 1))
            for c in list(group):
                _condition_row(c, props, key, users, group)
            if st.button(_("+ Add filter"), key=f"{key}_add{gi}", help=_("Another condition in this group (AND)")):
                group.append(_new_condition(props))
                st.rerun()
    left, mid, right = st.columns([2, 2, 3])
    if left.button(_("+ Add filter group"), key=f"{key}_addgroup", help=_("Records matching this group OR the others")):
        draft.append([_new_condition(props)])
        st.rerun()
    if mid.button(_("Clear all"), key=f"{key}_clearall"):
        reset(key)
        return None
    if right.button(_("Apply filters"), type="primary", key=f"{key}_apply"):
        conditions = [
            [{k: c[k] for k in ("property", "operator", "value") if c[k] is not None or k != "value"} for c in g]
            for g in draft
        ]
        try:
            return validate(from_groups(conditions), props)
        except FilterError as exc:
            st.error(md(str(exc)))
    return False
