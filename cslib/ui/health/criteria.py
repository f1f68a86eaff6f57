"""Settings › Health scores: the editor's groups and criteria, one block per kind of criterion
(condition, sliding scale, event count, recency, open tickets) with its bands of points."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cslib import health
from cslib.i18n import N_, _
from cslib.ui import filter_builder
from cslib.ui.choices import translated
from cslib.ui.health.state import filter_text
from cslib.ui.md import md
from cslib.ui.writes import form_keys

# A band table's columns: stable ids, with their headers (translated where drawn).
BAND_FIELDS = {"min": N_("At least"), "max_days": N_("Within days")}
THRESHOLD, POINTS = "threshold", "points"


def float_or_none(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def render_group(definition: dict, g: dict, index: int, props: dict, users: dict) -> None:
    gk = g["key"]
    with st.container(border=True):
        name_col, max_col, del_col = st.columns([6, 2, 1], vertical_alignment="bottom")
        g["name"] = name_col.text_input(
            _("Property group name") if g["kind"] == "property" else _("Event group name"),
            value=g["name"],
            key=f"{form_keys('hs_g_')}{gk}_name",
            max_chars=health.MAX_LABEL,
        )
        g["max_points"] = max_col.number_input(
            _("Max points"),
            0,
            health.MAX_POINTS,
            value=int(g["max_points"] or 0),
            step=5,
            key=f"{form_keys('hs_g_')}{gk}_max",
            help=_(
                "The most this group adds to the score: its criteria's points are summed and kept between 0 "
                "and this. A group without any data for a customer is left out and its points shared by the others."
            ),
        )
        if del_col.button(
            "", icon=":material/delete:", key=f"{form_keys('hs_g_')}{gk}_del", help=_("Remove this group")
        ):
            definition["groups"].pop(index)
            st.rerun()
        for ci, c in enumerate(list(g["criteria"])):
            _criterion(g, c, ci, props, users)
        choices = health.KINDS_OF_GROUP[g["kind"]]
        pick, add, _rest = st.columns([2, 1, 2], vertical_alignment="bottom")
        kind = pick.selectbox(
            _("New criterion"), choices, format_func=_kind_label, key=f"{form_keys('hs_g_')}{gk}_newkind"
        )
        if add.button(_("+ Add criterion"), key=f"{form_keys('hs_g_')}{gk}_add", width="stretch"):
            g["criteria"].append(health.new_criterion(kind, _criterion_keys(definition)))
            st.rerun()


def _kind_label(kind: str) -> str:
    return _(health.CRITERION_KINDS[kind])


def _criterion_keys(definition: dict) -> set[str]:
    return {c.get("key") for g in definition["groups"] for c in g.get("criteria", [])}


def render_add_group(definition: dict) -> None:
    bar = st.container(horizontal=True)
    n = len(definition["groups"]) + 1
    taken = {g["key"] for g in definition["groups"]}
    labels = {"property": _("+ Add property group"), "event": _("+ Add event group")}
    for kind in ("property", "event"):
        if bar.button(labels[kind], key=f"hs_w_addgroup_{kind}", disabled=n > health.MAX_GROUPS):
            definition["groups"].append(health.new_group(kind, taken, n))
            st.rerun()


def _criterion(g: dict, c: dict, index: int, props: dict, users: dict) -> None:
    ck, kind = c["key"], c["kind"]
    p = f"{form_keys('hs_c_')}{ck}"
    with st.container(border=True):
        if kind in ("property_condition", "property_linear"):
            body = st.container()
        else:
            body, side = st.columns([3, 2], gap="medium")
        with body:
            label_col, del_col = st.columns([8, 1], vertical_alignment="bottom")
            c["label"] = label_col.text_input(
                _kind_label(kind), value=c.get("label", ""), key=f"{p}_label", max_chars=health.MAX_LABEL
            )
            if del_col.button("", icon=":material/close:", key=f"{p}_del", help=_("Remove this criterion")):
                g["criteria"].pop(index)
                st.rerun()
            if kind == "property_condition":
                _condition(c, p, props, users)
            elif kind == "property_linear":
                _linear(c, p, props)
            elif kind == "event_count":
                a, b = st.columns(2)
                c["event"] = _event_select(a, c, p)
                c["window_days"] = b.number_input(
                    _("In the last … days"),
                    1,
                    health.MAX_WINDOW_DAYS,
                    value=int(c.get("window_days") or 90),
                    step=1,
                    key=f"{p}_window",
                )
                st.caption(_("A count gets the points of the highest band it reaches; below every band, 0."))
            elif kind == "recency":
                a, b = st.columns(2)
                c["event"] = _event_select(a, c, p)
                c["otherwise"] = _points_input(b, _("Otherwise (points)"), c.get("otherwise", 0), f"{p}_otherwise")
                st.caption(
                    _(
                        "Days since the last one: the first band they fit in gives its points; "
                        "beyond every band, or never, “Otherwise”."
                    )
                )
            else:
                st.caption(
                    _(
                        "Tickets linked to the customer that are not in a closed stage. A count gets the points "
                        "of the highest band it reaches."
                    )
                )
        if kind in ("event_count", "recency", "open_tickets"):
            with side:
                c["bands"] = _bands(c, "max_days" if kind == "recency" else "min", f"{p}_bands")


def _condition(c: dict, p: str, props: dict, users: dict) -> None:
    text, pts = st.columns([7, 2], vertical_alignment="bottom")
    with text:
        shown = filter_text(c.get("filter"), props, users) if c.get("filter") else _("no condition yet")
        st.markdown(_("**When:** {condition}", condition=md(shown)))
        with st.popover(_("Edit condition"), icon=":material/filter_list:", key=f"{p}_condition_menu"):
            result = filter_builder.render(f"{form_keys('hs_cond_')}{c['key']}", c.get("filter"), props, users)
            if result is not False:
                c["filter"] = result
                filter_builder.reset(f"{form_keys('hs_cond_')}{c['key']}")
                st.rerun()
    c["points"] = _points_input(pts, _("Points"), c.get("points"), f"{p}_points")


def _linear(c: dict, p: str, props: dict) -> None:
    numeric = health.linear_properties(props)
    names = list(numeric)
    current = c.get("property")
    cols = st.columns([3, 1, 1, 1, 1], vertical_alignment="bottom")
    c["property"] = cols[0].selectbox(
        _("Property"),
        names,
        index=names.index(current) if current in numeric else None,
        format_func=lambda n: numeric[n].label,
        key=f"{p}_prop",
        placeholder=_("Pick a number property"),
    )
    c["low"] = cols[1].number_input(_("Low value"), value=float_or_none(c.get("low")), format="%g", key=f"{p}_low")
    c["high"] = cols[2].number_input(_("High value"), value=float_or_none(c.get("high")), format="%g", key=f"{p}_high")
    c["points_low"] = _points_input(cols[3], _("Points at low"), c.get("points_low"), f"{p}_plow")
    c["points_high"] = _points_input(cols[4], _("Points at high"), c.get("points_high"), f"{p}_phigh")
    st.caption(
        _(
            "At or below the low value: the points at low; at or above the high value: the points at high; in "
            "proportion in between. Customers without a value are left out of this criterion."
        )
    )


def _event_select(col, c: dict, p: str) -> str:  # noqa: ANN001
    events = list(health.EVENT_LABELS)
    return col.selectbox(
        _("Activity"),
        events,
        index=events.index(c["event"]) if c.get("event") in events else 0,
        format_func=translated(health.EVENT_LABELS),
        key=f"{p}_event",
    )


def _points_input(col, label: str, value: object, key: str) -> float | None:  # noqa: ANN001
    return col.number_input(
        label,
        -float(health.MAX_POINTS),
        float(health.MAX_POINTS),
        value=float_or_none(value),
        step=1.0,
        format="%g",
        key=key,
    )


def _bands(c: dict, field: str, key: str) -> list[dict]:
    """A table of bands (threshold, points). The table edits a base frame kept while the
    widget lives; the draft gets what it shows. Columns are stable ids; only their headers
    are in the reader's language."""
    base_key = f"{key}_base"
    if key not in st.session_state or base_key not in st.session_state:
        bands = c.get("bands") or []
        st.session_state[base_key] = pd.DataFrame(
            {
                THRESHOLD: [float_or_none(b.get(field)) for b in bands],
                POINTS: [float_or_none(b.get("points")) for b in bands],
            },
            dtype="float64",
        )
    edited = st.data_editor(
        st.session_state[base_key],
        key=key,
        num_rows="dynamic",
        hide_index=True,
        width="stretch",
        column_config={
            THRESHOLD: st.column_config.NumberColumn(
                _(BAND_FIELDS[field]), min_value=0, step=1, format="%d", required=True
            ),
            POINTS: st.column_config.NumberColumn(
                _("Points"),
                min_value=-health.MAX_POINTS,
                max_value=health.MAX_POINTS,
                step=1,
                format="%g",
                required=True,
            ),
        },
    )
    return bands_of(edited, field)


def bands_of(frame: pd.DataFrame, field: str) -> list[dict]:
    """Bands from the table's rows; empty rows dropped, half-filled ones kept for the
    validator to name."""
    out = []
    for threshold, points in zip(frame[THRESHOLD], frame[POINTS], strict=True):
        threshold, points = _cell(threshold), _cell(points)
        if threshold is None and points is None:
            continue
        out.append({field: threshold, "points": points})
    return out


def _cell(value: object) -> float | None:
    if value is None or pd.isna(value):
        return None
    return float(value)  # type: ignore[arg-type]
