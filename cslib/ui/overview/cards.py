"""Overview → Customer views: one card per default view of the Customers tab, in the
admins' order; admins add, remove and reorder them here."""

from __future__ import annotations

import streamlit as st

from cslib import i18n, lists, views
from cslib.errors import CsError
from cslib.i18n import _, ngettext
from cslib.permissions import Actor, can_manage_default_views
from cslib.properties import properties_for
from cslib.records import display_value
from cslib.ui import session
from cslib.ui.md import md
from cslib.ui.writes import run_write

OBJECT = "company"
MAX_CARD_ROWS = 3


def render(actor: Actor, viewed: Actor) -> None:
    with session.reading() as s:
        defaults = views.default_views(s, actor, OBJECT)
        props = properties_for(s, OBJECT)
    head, manage = st.columns([4, 1], vertical_alignment="bottom")
    head.subheader(_("Customer views"), anchor=False)
    if can_manage_default_views(actor):
        with manage:
            _manage(actor, defaults)
    if not defaults:
        st.info(_("No default views. Admins can add shared views here."))
        return
    for start in range(0, len(defaults), 3):
        for col, info in zip(st.columns(3), defaults[start : start + 3], strict=False):
            with col:
                _card(actor, viewed, info, props)


def _card(actor: Actor, viewed: Actor, info: views.ViewInfo, props: dict) -> None:
    shown = [p for p in info.card_properties if p in props]
    with st.container(border=True, height="stretch"):
        title, gear = st.columns([5, 1], vertical_alignment="center")
        title.markdown(f"**{md(info.name)}**")
        if can_manage_default_views(actor):
            with gear.popover(
                "",
                icon=":material/settings:",
                help=_("Choose the properties this card shows"),
                key=f"card_props_menu_{info.id}",
            ):
                picked = st.multiselect(
                    _("Properties on this card"),
                    [p for p in props if p != "name"],
                    default=shown,
                    format_func=lambda n: props[n].label,
                    max_selections=4,
                    key=f"card_props_{info.id}",
                    placeholder=_("Choose properties"),
                )
                if st.button(_("Save"), key=f"card_props_go_{info.id}"):
                    run_write(
                        lambda s: views.set_card_properties(s, actor, info.id, picked),
                        success=_("Updated the card “{name}”.", name=info.name),
                    )
        if info.default_description:
            st.caption(md(info.default_description, one_line=False))
        try:
            with session.reading() as s:
                flt = views.effective_filter(s, info)
                page = lists.list_records(
                    s,
                    actor,
                    OBJECT,
                    filters=[flt],
                    columns=["name", *shown],
                    sort=list(info.sort),
                    page=1,
                    page_size=MAX_CARD_ROWS,
                    me=viewed.id,
                )
        except CsError as exc:
            st.error(md(str(exc)))
            return
        st.metric(_("Records"), i18n.number(page.total), label_visibility="collapsed")
        for _index, row in page.rows.iterrows():
            values = (
                display_value(props[p], row[p], users={}, language=actor.language, time_zone=actor.time_zone)
                for p in shown
            )
            facts = " · ".join(v for v in values if v != "—")
            st.markdown(f"**{md(str(row['name']))}**" + (f"  \n{md(facts)}" if facts else ""))
        st.page_link(
            page="pages/customers.py",
            label=_("View customers"),
            icon=":material/arrow_forward:",
            query_params={"view": str(info.id)},
        )


def _manage(actor: Actor, defaults: list[views.ViewInfo]) -> None:
    with st.popover(_("Manage"), icon=":material/tune:", width="stretch", key="dv_menu"):
        st.markdown(_("**Default views on the Overview**"))
        st.caption(
            ngettext(
                "At most {n}, shown to everyone in this order.",
                "At most {n}, shown to everyone in this order.",
                views.DEFAULT_VIEW_LIMIT,
            )
        )
        ids = [d.id for d in defaults]
        for i, info in enumerate(defaults):
            name, up, down, drop = st.columns([4, 2, 2, 2], vertical_alignment="center")
            name.markdown(md(info.name))
            if up.button(_("Up"), key=f"dv_up_{info.id}", disabled=i == 0, help=_("Show this card earlier")):
                order = ids[: i - 1] + [ids[i], ids[i - 1]] + ids[i + 1 :]
                run_write(lambda s, o=order: views.reorder_defaults(s, actor, OBJECT, o), success=_("Reordered."))
            last = i == len(ids) - 1
            if down.button(_("Down"), key=f"dv_down_{info.id}", disabled=last, help=_("Show this card later")):
                order = ids[:i] + [ids[i + 1], ids[i]] + ids[i + 2 :]
                run_write(lambda s, o=order: views.reorder_defaults(s, actor, OBJECT, o), success=_("Reordered."))
            if drop.button(_("Remove"), key=f"dv_drop_{info.id}", help=_("Remove as default (the view stays)")):
                run_write(
                    lambda s, v=info.id: views.remove_default(s, actor, v),
                    success=_("“{name}” is no longer a default view.", name=info.name),
                )
        with session.reading() as s:
            candidates = [v for v in views.list_views(s, actor, OBJECT) if v.sharing == "everyone" and not v.is_default]
        if candidates and len(defaults) < views.DEFAULT_VIEW_LIMIT:
            by_id = {v.id: v for v in candidates}
            pick = st.selectbox(
                _("Add a shared view"),
                list(by_id),
                format_func=lambda v: by_id[v].name,
                index=None,
                key="dv_add_pick",
                placeholder=_("Pick a view shared with everyone"),
            )
            description = st.text_input(_("Description"), max_chars=500, key="dv_add_desc")
            if st.button(_("Add to Overview"), key="dv_add_go", disabled=pick is None):
                run_write(
                    lambda s: views.set_default(s, actor, pick, description=description),
                    success=_("Added “{name}” to the Overview.", name=by_id[pick].name),
                    clear=("dv_add_",),
                )
