"""A list tab (Customers, Actions → Tasks, Projects, Revenue): views menu, filter bar,
advanced filters, a server-side paged table sortable by any column (or, on the pipeline
tabs, a board), and the record preview panel. Everything on screen is in the URL, so a link
reopens the same list. A tab adds its own buttons, table, board and preview through
`ListHooks`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from cslib import lists, views
from cslib.errors import CsError
from cslib.filters import count_conditions
from cslib.i18n import _, ngettext
from cslib.lists import ListState, bar_fields, bar_label
from cslib.permissions import Actor, can_export
from cslib.properties import TEXT_BAR_MAX, BarField, PropertySpec, properties_for
from cslib.ui import filter_builder, session
from cslib.ui.choices import fixed
from cslib.ui.lists import export
from cslib.ui.lists import views as view_menu
from cslib.ui.lists.context import ListContext
from cslib.ui.md import link_notes, md
from cslib.ui.record import render_record_panel
from cslib.ui.record_table import TableEvent, render_table
from cslib.ui.writes import run_write, show_flash
from cslib.users import active_users, get_workspace
from cslib.views import default_columns, default_sort

PAGE_SIZE = 25


@dataclass(frozen=True)
class ListHooks:
    """A tab's additions: buttons next to "Edit columns", its own table (returning what was
    clicked), and the preview of a clicked record (`preview_title` in the reader's
    language; None: "Preview")."""

    buttons: Callable[[ListContext], None] | None = None
    table: Callable[[ListContext], TableEvent] | None = None
    preview: Callable[[Actor, int], None] | None = None
    preview_title: str | None = None
    # A filter every run adds and views never save: the pipeline of a pipeline tab.
    scope: dict | None = None
    # Drawn instead of the table and its pages when the layout is "board".
    board: Callable[[ListContext], TableEvent] | None = None
    # An "Export" button (for users with the export permission): the list as drawn, to a file.
    export: bool = False


def go(state: ListState) -> None:
    """Put `state` into the URL and draw it."""
    st.query_params.from_dict(lists.to_params(state))
    st.rerun()


def _state(props: dict[str, PropertySpec], object_type: str) -> ListState:
    state = lists.parse(st.query_params.to_dict(), props, object_type)
    link_notes(state.notes)
    return state


def _count(noun: str, n: int) -> str:
    """The count above a list ("30 customers") of `noun`: "customer", "task" or "record"."""
    if noun == "customer":
        return ngettext("{n} customer", "{n} customers", n)
    if noun == "task":
        return ngettext("{n} task", "{n} tasks", n)
    return ngettext("{n} record", "{n} records", n)


def _all_name(noun: str) -> str:
    if noun == "customer":
        return _("All customers")
    if noun == "task":
        return _("All tasks")
    return _("All records")


def _all_records(object_type: str, props: dict[str, PropertySpec], noun: str) -> views.ViewInfo:
    """`view=all` (Overview links): every record with no view filter, nothing to edit or pin."""
    return views.ViewInfo(
        id=lists.ALL_RECORDS,
        object_type=object_type,
        name=_all_name(noun),
        sharing="everyone",
        owner_id=None,
        owner_name=None,
        builtin_key=None,
        is_builtin=True,
        is_default=False,
        default_order=None,
        default_description=None,
        pinned=False,
        can_edit=False,
        can_delete=False,
        columns=default_columns(object_type, props),
        sort=default_sort(object_type, props),
        card_properties=[],
        version=0,
    )


def _pick_view(actor: Actor, object_type: str, state: ListState, noun: str = "record") -> views.ViewInfo:
    with session.reading() as s:
        if state.view_id == lists.ALL_RECORDS:
            return _all_records(object_type, properties_for(s, object_type), noun)
        if state.view_id is not None:
            try:
                return views.get_view(s, actor, state.view_id)
            except CsError as exc:
                st.warning(md(_("{problem} Showing your first default view instead.", problem=str(exc))))
        defaults = views.default_views(s, actor, object_type) or views.list_views(s, actor, object_type)
        # No view at all (a custom object's list before anyone saved one): every record.
        return defaults[0] if defaults else _all_records(object_type, properties_for(s, object_type), noun)


def _filter_bar(state: ListState, props: dict, users: dict, key: str, object_type: str) -> ListState:
    fields = bar_fields(object_type)
    *slots, c = st.columns([2] * len(fields) + [3], vertical_alignment="bottom")
    picked = {
        f.param: _bar_input(slot, f, state.choice(f.param), users, key, props)
        for slot, f in zip(slots, fields, strict=True)
    }
    if any(picked[p] != state.choice(p) for p in picked):
        go(state.with_bar(**picked))
    n = count_conditions(state.advanced)
    with c.popover(
        _("Advanced filters ({n})", n=n) if n else _("Advanced filters"),
        icon=":material/filter_list:",
        width="stretch",
    ):
        st.markdown(_("**Advanced filters**"))
        result = filter_builder.render(f"{key}_adv", state.advanced, props, users)
        if result is not False:
            filter_builder.reset(f"{key}_adv")
            go(state.with_(advanced=result, page=1))
    return state


def _bar_input(slot, field: BarField, current: str, users: dict[int, str], key: str, props: dict) -> str:  # noqa: ANN001
    """One filter-bar field, headed by its property's label: a drop-down of its choices
    (owner fields also list every user), or a search box for text fields. Returns the
    choice made."""
    widget_key = f"{key}_bar_{field.param}"
    label = bar_label(field, props)
    if field.kind == "text":
        typed = slot.text_input(
            label,
            value="" if current == "any" else current,
            key=widget_key,
            placeholder=_("Search by name"),
            max_chars=TEXT_BAR_MAX,
            icon=":material/search:",
        )
        return field.accept(typed) or current
    labels = {k: _(label) for k, (label, _c) in field.choices.items()}
    if field.kind == "user":
        labels |= {str(i): name for i, name in users.items()}
        if current not in labels:
            labels[current] = _("Unknown user ({id})", id=current)
    names = list(labels)
    return slot.selectbox(_(field.label), names, index=names.index(current), format_func=fixed(labels), key=widget_key)


def _columns_picker(state: ListState, columns: list[str], props: dict, key: str) -> None:
    with st.popover(_("Edit columns"), icon=":material/view_column:"):
        picked = st.multiselect(
            _("Columns, in order"),
            list(props),
            default=columns,
            format_func=lambda n: props[n].label,
            key=f"{key}_cols",
            max_selections=30,
            placeholder=_("Choose columns"),
        )
        if st.button(_("Apply columns"), key=f"{key}_cols_go", disabled=not picked):
            go(state.with_(columns=tuple(picked)))


def _save_bar(actor: Actor, view: views.ViewInfo, state: ListState, current: dict) -> None:
    """Offer to save what changed against the view (filters, columns, sort, layout)."""
    moved = state.layout is not None and state.layout != view.layout
    changed = state.columns is not None or state.sort is not None or state.advanced or state.bar or moved
    if not changed:
        return
    note, save, reset = st.columns([4, 1, 1], vertical_alignment="center")
    if moved:
        what = _("You changed this view's layout, filters, columns or sort.")
    else:
        what = _("You changed this view's filters, columns or sort.")
    note.caption(what if view.can_edit else _("{what} Keep them as a new view with “+ Create view”.", what=what))
    if view.can_edit and save.button(_("Save view"), key="lp_save"):

        def save(s) -> None:  # noqa: ANN001
            views.update_view(s, actor, view.id, expected_version=view.version, **current)
            st.query_params.from_dict({"view": str(view.id)})  # the bar's filters now live in the view

        run_write(save, success=_("Saved the view “{name}”.", name=view.name))
    if reset.button(_("Reset"), key="lp_reset", type="tertiary"):
        go(ListState(view_id=view.id))


def render(actor: Actor, object_type: str, *, noun: str, key: str, hooks: ListHooks | None = None) -> None:
    """Draw the list of `object_type`; `noun` ("customer", "task", else "record") picks the
    words of its count and of its "All …" view."""
    hooks = hooks or ListHooks()
    show_flash()
    export.render_confirmation()
    with session.reading() as s:
        props = properties_for(s, object_type)
        users = dict(active_users(s))
        currency = get_workspace(s).currency
    state = _state(props, object_type)
    view = _pick_view(actor, object_type, state, noun)
    with session.reading() as s:
        view_filter = views.effective_filter(s, view)
    columns = list(state.columns or view.columns)
    sort = state.sort_dicts or list(view.sort)
    filters = lists.combine(view_filter, state)
    layout = (state.layout or view.layout) if hooks.board else "table"
    current = {"filters": filters, "columns": columns, "sort": sort, "layout": layout}
    picked = view_menu.render(actor, object_type, view.id, current, key=f"{key}_views")
    if picked and picked != view.id:
        filter_builder.reset(f"{key}_adv")
        go(ListState(view_id=picked))
    st.title(md(view.name), anchor=False)
    if view.default_description:
        st.caption(md(view.default_description, one_line=False))
    state = _filter_bar(state, props, users, key, object_type)
    run_filters = [view_filter, lists.bar_filter(state), state.advanced, hooks.scope]
    board = hooks.board if layout == "board" else None
    page = None if board else _page(actor, object_type, run_filters, columns, sort, state.page)
    ctx = ListContext(actor, object_type, key, view, state, props, run_filters, columns, sort, page, currency, layout)
    top_left, top_right = st.columns([2, 3], vertical_alignment="bottom")
    if page is not None:
        top_left.markdown(f"**{_count(noun, page.total)}**")
    with top_right, st.container(horizontal=True, horizontal_alignment="right"):
        if hooks.buttons:
            hooks.buttons(ctx)
        if page is not None:
            _columns_picker(state, columns, props, key)
        exporting = hooks.export and can_export(actor)
        if exporting:
            export.render_button(key)
    _save_bar(actor, view, state, current)
    if board:
        event = board(ctx)
    elif hooks.table:
        event = hooks.table(ctx)
    else:
        event = render_table(page, props, sort, key=f"{key}_table", currency=currency, time_zone=actor.time_zone)
    if event.sort is not None:
        go(state.with_(sort=(event.sort,), page=1))
    if event.open_id is not None:
        go(state.with_(record_id=event.open_id))
    if page is not None and page.pages > 1:
        chosen = st.pagination(page.pages, default=page.page, key=f"{key}_page_{page.page}_{page.pages}")
        if chosen != page.page:
            go(state.with_(page=chosen))
    if exporting and export.render_dialog(ctx):
        return  # one dialog per run: the record panel waits until the export dialog closes
    if state.record_id is not None:
        _panel(actor, object_type, state, hooks)


def _page(actor: Actor, object_type: str, filters: list, columns: list[str], sort: list[dict], page: int) -> lists.Page:
    try:
        with session.reading() as s:
            return lists.list_records(
                s,
                actor,
                object_type,
                filters=filters,
                columns=columns,
                sort=sort,
                page=page,
                page_size=PAGE_SIZE,
            )
    except CsError as exc:
        st.error(md(str(exc)))
        st.stop()


def _panel(actor: Actor, object_type: str, state: ListState, hooks: ListHooks) -> None:
    def closed() -> None:
        st.query_params.pop("record", None)

    @st.dialog(hooks.preview_title or _("Preview"), width="large", on_dismiss=closed)
    def preview() -> None:
        if hooks.preview:
            hooks.preview(actor, state.record_id)
        else:
            render_record_panel(actor, object_type, state.record_id, key="preview")

    preview()
