"""A list tab (Customers now; Projects, Revenue later): views menu, filter bar, advanced
filters, a server-side paged table sortable by any column, and the record preview panel.
Everything on screen is in the URL, so a link reopens the same list."""

from __future__ import annotations

import streamlit as st

from cslib import i18n, list_state, listing, views
from cslib.errors import CsError
from cslib.filters import count_conditions
from cslib.list_state import DATE_CHOICES, ListState
from cslib.permissions import Actor
from cslib.properties import PropertySpec, properties_for
from cslib.ui import filter_builder, session, view_menu
from cslib.ui.record_table import render_table
from cslib.ui.writes import run_write, show_flash
from cslib.users import active_users
from cslib.workspace import get_workspace

PAGE_SIZE = 25


def _state(props: dict[str, PropertySpec]) -> ListState:
    state = list_state.parse(st.query_params.to_dict(), props)
    for note in state.notes:
        st.warning(note, icon=":material/link_off:")
    return state


def _go(state: ListState) -> None:
    """Put `state` into the URL and draw it."""
    st.query_params.from_dict(list_state.to_params(state))
    st.rerun()


def _pick_view(actor: Actor, object_type: str, state: ListState) -> views.ViewInfo:
    with session.reading() as s:
        if state.view_id is not None:
            try:
                return views.get_view(s, actor, state.view_id)
            except CsError as exc:
                st.warning(f"{exc} Showing your first default view instead.")
        defaults = views.default_views(s, actor, object_type) or views.list_views(s, actor, object_type)
    if not defaults:
        st.info("There are no views yet. Create one with “+ Create view” in the sidebar.")
        st.stop()
    return defaults[0]


def _filter_bar(state: ListState, props: dict, users: dict, key: str) -> ListState:
    a, b, c = st.columns([2, 2, 3], vertical_alignment="bottom")
    names = list(DATE_CHOICES)
    label = lambda k: DATE_CHOICES[k][0]  # noqa: E731
    created = a.selectbox("Create date", names, index=names.index(state.created), format_func=label, key=f"{key}_cr")
    activity = b.selectbox(
        "Last activity date", names, index=names.index(state.activity), format_func=label, key=f"{key}_la"
    )
    if (created, activity) != (state.created, state.activity):
        _go(state.with_(created=created, activity=activity, page=1))
    n = count_conditions(state.advanced)
    with c.popover(
        f"Advanced filters ({n})" if n else "Advanced filters", icon=":material/filter_list:", width="stretch"
    ):
        st.markdown("**Advanced filters**")
        result = filter_builder.render(f"{key}_adv", state.advanced, props, users)
        if result is not False:
            filter_builder.reset(f"{key}_adv")
            _go(state.with_(advanced=result, page=1))
    return state


def _columns_picker(state: ListState, columns: list[str], props: dict, key: str) -> None:
    with st.popover("Edit columns", icon=":material/view_column:"):
        picked = st.multiselect(
            "Columns, in order",
            list(props),
            default=columns,
            format_func=lambda n: props[n].label,
            key=f"{key}_cols",
            max_selections=30,
        )
        if st.button("Apply columns", key=f"{key}_cols_go", disabled=not picked):
            _go(state.with_(columns=tuple(picked)))


def _save_bar(actor: Actor, view: views.ViewInfo, state: ListState, current: dict) -> None:
    """Offer to save what changed against the view (filters, columns, sort)."""
    changed = (
        state.columns is not None
        or state.sort is not None
        or state.advanced
        or state.created != "any"
        or state.activity != "any"
    )
    if not changed:
        return
    note, save, reset = st.columns([4, 1, 1], vertical_alignment="center")
    note.caption(
        "You changed this view's filters, columns or sort."
        + ("" if view.can_edit else " Keep them as a new view with “+ Create view”.")
    )
    if view.can_edit and save.button("Save view", key="lp_save"):

        def save(s) -> None:  # noqa: ANN001
            views.update_view(s, actor, view.id, expected_version=view.version, **current)
            st.query_params.from_dict({"view": str(view.id)})  # the bar's filters now live in the view

        run_write(save, success=f"Saved the view “{view.name}”.")
    if reset.button("Reset", key="lp_reset", type="tertiary"):
        _go(ListState(view_id=view.id))


def render(actor: Actor, object_type: str, *, noun: str, key: str) -> None:
    show_flash()
    with session.reading() as s:
        props = properties_for(s, object_type)
        users = dict(active_users(s))
        currency = get_workspace(s).currency
    state = _state(props)
    view = _pick_view(actor, object_type, state)
    with session.reading() as s:
        view_filter = views.effective_filter(s, view)
    columns = list(state.columns or view.columns)
    sort = state.sort_dicts or list(view.sort)
    filters = list_state.combine(view_filter, state)
    current = {"filters": filters, "columns": columns, "sort": sort}
    picked = view_menu.render(actor, object_type, view.id, current, key=f"{key}_views")
    if picked and picked != view.id:
        filter_builder.reset(f"{key}_adv")
        _go(ListState(view_id=picked))
    st.title(view.name, anchor=False)
    if view.default_description:
        st.caption(view.default_description)
    state = _filter_bar(state, props, users, key)
    try:
        with session.reading() as s:
            page = listing.list_records(
                s,
                actor,
                object_type,
                filters=[view_filter, list_state.bar_filter(state), state.advanced],
                columns=columns,
                sort=sort,
                page=state.page,
                page_size=PAGE_SIZE,
            )
    except CsError as exc:
        st.error(str(exc))
        st.stop()
    top_left, top_right = st.columns([3, 1], vertical_alignment="bottom")
    top_left.markdown(f"**{i18n.plural(page.total, noun)}**")
    with top_right:
        _columns_picker(state, columns, props, key)
    _save_bar(actor, view, state, {"filters": filters, "columns": columns, "sort": sort})
    event = render_table(page, props, sort, key=f"{key}_table", currency=currency, time_zone=actor.time_zone)
    if event.sort is not None:
        _go(state.with_(sort=(event.sort,), page=1))
    if event.open_id is not None:
        _go(state.with_(record_id=event.open_id))
    if page.pages > 1:
        chosen = st.pagination(page.pages, default=page.page, key=f"{key}_page_{page.page}_{page.pages}")
        if chosen != page.page:
            _go(state.with_(page=chosen))
    if state.record_id is not None:
        _panel(actor, object_type, state)


def _panel(actor: Actor, object_type: str, state: ListState) -> None:
    from cslib.ui.record_panel import render_record_panel

    def closed() -> None:
        st.query_params.pop("record", None)

    @st.dialog("Preview", width="large", on_dismiss=closed)
    def preview() -> None:
        render_record_panel(actor, object_type, state.record_id, key="preview")

    preview()
