"""The report builder (`/report`, `?id=` to open one): what to count, how to group, which
records, which chart; a live preview beside the form; save (private, or shared with
everyone by admins), save a copy of a report one may not edit, delete one's own."""

from __future__ import annotations

import streamlit as st

from cslib import reports, users
from cslib.errors import CsError
from cslib.i18n import _
from cslib.permissions import Actor, can_manage_settings
from cslib.ui import filter_builder, session
from cslib.ui.md import md, same_tab_link
from cslib.ui.reports.chart import render_report
from cslib.ui.writes import run_write, show_flash

PREFIX = "rb:"
NONE = ""


def render(actor: Actor) -> None:
    show_flash()
    report = _opened(actor)
    key = f"{PREFIX}{report.id if report else 'new'}:"
    st.markdown(same_tab_link(_("Back to the Overview"), "/"), unsafe_allow_html=True)
    st.title(_("Report builder"), anchor=False)
    if report is not None and not report.can_edit:
        st.caption(_("You cannot change “{name}”: saving makes your own copy.", name=md(report.name)))
    form, preview = st.columns([2, 3], gap="large")
    with form:
        raw, name, sharing = _form(actor, report, key)
    with preview:
        st.subheader(_("Preview"), anchor=False)
        _preview(actor, raw, name)
    _save_bar(actor, report, key, raw, name, sharing)


def _opened(actor: Actor) -> reports.ReportInfo | None:
    raw = st.query_params.get("id")
    if not raw:
        return None
    try:
        with session.reading() as s:
            return reports.get_report(s, actor, int(raw))
    except (ValueError, CsError) as exc:
        message = str(exc) if isinstance(exc, CsError) else _("The link's report number is not a number.")
        st.warning(_("{error} Starting a new report.", error=md(message)))
        return None


def _initial(report: reports.ReportInfo | None) -> dict:
    if report is not None:
        return report.definition
    return {"object": "company", "measure": {"function": "count"}, "group_by": [], "chart": "bar", "limit": 20}


def _form(actor: Actor, report: reports.ReportInfo | None, key: str) -> tuple[dict, str, str]:
    start = _initial(report)
    default_name = _default_name(report)
    name = st.text_input(_("Report name"), value=default_name, key=f"{key}name", max_chars=200)
    with session.reading() as s:
        sources = reports.available(s)
        keys = [src.key for src in sources]
        source = _pick(
            st, _("What to count"), keys, start.get("object"), lambda k: reports.SOURCES[k].title(), f"{key}object"
        )
        props = reports.properties(s, source)
    same = source == start.get("object")
    source_key = f"{key}{source}:"  # another object: fields of its own
    measure = _measure(props, start.get("measure") or {} if same else {}, source_key)
    groups = _group_bys(props, start.get("group_by") or [] if same else [], source_key)
    flt = _filter(props, start.get("filter") if same else None, source_key)
    chart, sort, limit = _display(start, groups, key)
    sharing = "private"
    if can_manage_settings(actor):
        shared = st.toggle(
            _("Share with everyone"),
            value=bool(report and report.sharing == "everyone" and report.can_edit),
            key=f"{key}shared",
        )
        sharing = "everyone" if shared else "private"
    raw = {"object": source, "measure": measure, "group_by": groups, "filter": flt, "chart": chart, "sort": sort}
    raw["limit"] = limit
    return raw, name, sharing


def _pick(slot, label: str, options: list, current: object, fmt, key: str, *, default: int = 0):  # noqa: ANN001, ANN202
    """A drop-down in `slot` (st or a column) showing the opened report's choice, when it
    is among `options`, else the option at `default`."""
    index = options.index(current) if current in options else default
    return slot.selectbox(label, options, index=index, format_func=fmt, key=key)


def _default_name(report: reports.ReportInfo | None) -> str:
    if report is None:
        return ""
    return report.name if report.can_edit else _("Copy of {name}", name=report.name)


def _measure(props: dict, start: dict, key: str) -> dict:
    numeric = [p for p, spec in props.items() if spec.type in reports.NUMERIC]
    functions = list(reports.MEASURES) if numeric else ["count"]
    a, b = st.columns(2)
    function = _pick(a, _("Measure"), functions, start.get("function"), lambda f: _(reports.MEASURES[f]), f"{key}fn")
    if function == "count":
        return {"function": "count"}
    prop = _pick(b, _("Property"), numeric, start.get("property"), lambda p: props[p].label, f"{key}measure")
    return {"function": function, "property": prop}


def _group_bys(props: dict, start: list, key: str) -> list[dict]:
    groupable = [p for p, spec in props.items() if spec.type in reports.GROUPABLE]
    out: list[dict] = []
    for i in range(reports.MAX_GROUP_BY):
        first = start[i] if i < len(start) else {}
        choices = [NONE, *[p for p in groupable if all(p != g["property"] for g in out)]]
        a, b = st.columns(2)
        prop = _pick(
            a,
            _("Group by") if i == 0 else _("Then by"),
            choices,
            first.get("property"),
            lambda p: props[p].label if p else _("(None)"),
            f"{key}g{i}",
        )
        if not prop:
            break
        spec = props[prop]
        if spec.type in ("date", "datetime"):
            buckets = list(reports.BUCKETS)
            bucket = _pick(
                b, _("Period"), buckets, first.get("bucket"), lambda x: _(reports.BUCKETS[x]), f"{key}b{i}", default=2
            )
            out.append({"property": prop, "bucket": bucket})
        elif spec.type in reports.NUMERIC:
            width = b.number_input(
                _("Range width"), min_value=0.01, value=float(first.get("bin") or 10), key=f"{key}bin{i}"
            )
            out.append({"property": prop, "bin": width})
        else:
            out.append({"property": prop})
    return out


def _filter(props: dict, start: dict | None, key: str) -> dict | None:
    applied_key = f"{key}filter"
    if applied_key not in st.session_state:
        st.session_state[applied_key] = start
    applied = st.session_state[applied_key]
    with st.expander(_("Filters") + (" ✓" if applied else "")):
        with session.reading() as s:
            names = users.all_user_names(s)
        result = filter_builder.render(f"{key}fb", applied, props, names)
        if result is not False:
            st.session_state[applied_key] = result
            filter_builder.reset(f"{key}fb")
            st.rerun()
    return st.session_state[applied_key]


def _display(start: dict, groups: list[dict], key: str) -> tuple[str, str, int]:
    charts = _fitting_charts(groups)
    a, b = st.columns(2)
    chart = _pick(
        a, _("Chart"), charts, start.get("chart"), lambda k: _(reports.CHARTS[k]), f"{key}chart:{len(groups)}"
    )
    sorts = list(reports.SORTS)
    sort = _pick(b, _("Sort"), sorts, start.get("sort"), lambda k: _(reports.SORTS[k]), f"{key}sort")
    limit = st.number_input(
        _("Most groups shown"),
        min_value=1,
        max_value=reports.MAX_LIMIT,
        value=int(start.get("limit") or reports.DEFAULT_LIMIT),
        key=f"{key}limit",
    )
    return chart, sort, int(limit)


def _fitting_charts(groups: list[dict]) -> list[str]:
    n = len(groups)
    if n == 0:
        return ["kpi", "table"]
    ordered = "bucket" in groups[0] or "bin" in groups[0]
    charts = ["bar", *(["line"] if ordered else []), "table"]
    if n == 1:
        charts += ["donut", *(["funnel"] if groups[0]["property"] == "stage_id" else [])]
    else:
        charts.insert(1, "stacked_bar")
    return charts


def _preview(actor: Actor, raw: dict, name: str) -> None:
    try:
        with session.reading() as s:
            result = reports.preview(s, actor, raw)
    except CsError as exc:
        st.warning(md(str(exc)), icon=":material/error:")
        return
    info = reports.ReportInfo(0, name or _("New report"), "", "private", actor.id, None, raw, 0, True)
    render_report(reports.ReportView(info, result), actor, key=f"{PREFIX}preview")


def _save_bar(actor: Actor, report: reports.ReportInfo | None, key: str, raw: dict, name: str, sharing: str) -> None:
    editing = report is not None and report.can_edit
    save, delete, _rest = st.columns([1, 1, 3])
    if save.button(_("Save report") if not editing else _("Save changes"), type="primary", key=f"{key}save"):

        def write(s):  # noqa: ANN001, ANN202
            return reports.save_report(
                s,
                actor,
                name=name,
                definition=raw,
                sharing=sharing,
                report_id=report.id if editing else None,
                version=report.version if editing else None,
            )

        def saved(report_id: int) -> str:
            st.query_params["id"] = str(report_id)
            return _("Saved “{name}”.", name=" ".join(name.split()))

        run_write(write, success=saved)
    if editing and delete.button(_("Delete report"), key=f"{key}delete", icon=":material/delete:"):

        def deleted(removed: str) -> str:
            st.query_params.pop("id", None)
            return _("Deleted “{name}”.", name=removed)

        run_write(lambda s: reports.delete_report(s, actor, report.id), success=deleted)
