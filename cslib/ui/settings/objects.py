"""Settings › Custom objects: define object types with properties and a pipeline, and add
custom properties to any object (companies included)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cslib import properties
from cslib.i18n import _, ngettext
from cslib.permissions import Actor
from cslib.properties import PROPERTY_TYPES
from cslib.records import list_pipelines
from cslib.ui import session
from cslib.ui.md import md
from cslib.ui.writes import run_write

TYPE_LABELS = properties.PROPERTY_TYPE_LABELS  # marked with N_; shown through type_labels()
EDITOR_FIELDS = ("label", "name", "type", "options")


def type_labels() -> dict[str, str]:
    """Property types in the reader's language, read once per draw: format functions get
    the finished labels, never a live look-up (AppTest calls them outside the run)."""
    return {kind: _(TYPE_LABELS.get(kind, kind)) for kind in PROPERTY_TYPES}


def _editor_columns() -> dict:
    """The new object's property table, headed in the reader's language."""
    column = st.column_config
    return {
        "label": column.TextColumn(_("Label"), required=True, help=_("What users see, e.g. “Go-live date”.")),
        "name": column.TextColumn(
            _("Internal name"), help=_("Optional: a–z, 0–9 and _. Made from the label when left empty.")
        ),
        "type": column.SelectboxColumn(
            _("Type"), options=list(PROPERTY_TYPES), required=True, default="string", format_func=type_labels().get
        ),
        "options": column.TextColumn(_("Options"), help=_("For dropdown selects: the choices, comma separated.")),
    }


def render(actor: Actor) -> None:
    st.subheader(_("Custom objects"))
    st.caption(
        _(
            "A custom object has its own properties and a pipeline with stages. It can be used for the "
            "projects tab (Workspace settings), and its pipelines are edited on the Pipelines tab."
        )
    )
    with session.reading() as s:
        all_types = properties.list_object_types(s)
        custom = [o for o in all_types if o.is_custom]
        details = {
            o.key: (
                properties.list_custom_properties(s, o.key),
                list_pipelines(s, actor, o.key) if o.has_pipeline else [],
            )
            for o in custom
        }
    if not custom:
        st.info(_("No custom objects yet."))
    for o in custom:
        props, pipes = details[o.key]
        counted = ngettext("{n} custom property", "{n} custom properties", len(props))
        with st.expander(f"{md(o.plural)} · {counted}", key=f"co_expander_{o.key}"):
            st.caption(
                _(
                    "Singular: {singular} · plural: {plural} · key: {key}",
                    singular=md(o.singular),
                    plural=md(o.plural),
                    key=md(o.key),
                )
            )
            for p in pipes:
                st.markdown(f"**{md(p.name)}:** " + " → ".join(md(s.name) for s in p.stages))
            if len(props):
                st.dataframe(
                    props,
                    hide_index=True,
                    key=f"co_props_{o.key}",
                    column_config={
                        "name": _("Internal name"),
                        "label": _("Label"),
                        "type": _("Type"),
                        "options": _("Options"),
                        "group": _("Group"),
                    },
                )
    _create_object(actor)
    left, right = st.columns(2, gap="large")
    with left:
        _add_property(actor, all_types)
    with right:
        st.markdown(_("**Delete a custom property**"))
        st.caption(_("Standard properties stay; custom ones can be removed."))
        _delete_property(actor, all_types)


def _create_object(actor: Actor) -> None:
    with st.form("create_object_form"):
        st.markdown(_("**Create custom object**"))
        left, right = st.columns([2, 3], gap="large")
        singular = left.text_input(_("Singular name"), key="co_singular", placeholder=_("Onboarding"), max_chars=100)
        name_plural = left.text_input(_("Plural name"), key="co_plural", placeholder=_("Onboardings"), max_chars=100)
        stages = left.text_area(
            _("Pipeline stages, one per line"),
            key="co_stages",
            height=110,
            placeholder=_("Kick-off\nConfiguration\nLive"),
        )
        with right:
            st.caption(_("Properties. Every object also has name, owner, amount, close date, pipeline and stage."))
            empty = pd.DataFrame({c: pd.Series(dtype="object") for c in EDITOR_FIELDS})
            edited = st.data_editor(
                empty,
                num_rows="dynamic",
                hide_index=True,
                column_config=_editor_columns(),
                key="co_properties",
                column_order=list(EDITOR_FIELDS),
            )
        if st.form_submit_button(_("Create custom object"), type="primary", key="co_submit"):
            rows = edited.to_dict("records")
            run_write(
                lambda s: properties.create_custom_object(
                    s, actor, singular=singular, plural=name_plural, properties=rows, stage_names=stages.splitlines()
                ),
                success=_("Created the custom object {name}.", name=name_plural.strip()),
                clear=("co_",),
            )


def _add_property(actor: Actor, all_types: list) -> None:
    labels = {o.key: o.plural for o in all_types}
    with st.form("add_property_form"):
        st.markdown(_("**Add property**"))
        obj = st.selectbox(_("Object"), list(labels), format_func=labels.get, key="ap_object")
        c1, c2 = st.columns(2)
        label = c1.text_input(_("Label"), key="ap_label", max_chars=120)
        kind = c2.selectbox(_("Type"), list(PROPERTY_TYPES), format_func=type_labels().get, key="ap_type")
        options = st.text_input(
            _("Options (dropdown selects only)"), key="ap_options", placeholder=_("Gold, Silver, Bronze")
        )
        c3, c4 = st.columns(2)
        name = c3.text_input(_("Internal name (optional)"), key="ap_name", max_chars=64)
        group = c4.text_input(_("Group"), value="Information", key="ap_group", max_chars=80)
        if st.form_submit_button(_("Add property"), key="ap_submit"):
            run_write(
                lambda s: properties.add_property(
                    s, actor, obj, name=name or None, label=label, type=kind, options=options, group=group
                ),
                success=_("Added the property {name} to {objects}.", name=label.strip(), objects=labels[obj]),
                clear=("ap_label", "ap_options", "ap_name"),
            )


def _delete_property(actor: Actor, all_types: list) -> None:
    labels = {o.key: o.plural for o in all_types}
    with st.popover(_("Delete a custom property"), icon=":material/delete:", key="dp_menu"):
        obj = st.selectbox(_("Object"), list(labels), format_func=labels.get, key="dp_object")
        with session.reading() as s:
            props = properties.list_custom_properties(s, obj)
        if not len(props):
            st.caption(
                _(
                    "{objects} have no custom properties. Standard properties cannot be deleted.",
                    objects=md(labels[obj]),
                )
            )
            return
        names = dict(zip(props["name"], props["label"], strict=True))
        name = st.selectbox(_("Property"), list(names), format_func=names.get, key="dp_name")
        st.caption(_("Values stored in this property stop showing; stages stop requiring it."))
        if st.button(_("Delete property"), type="primary", key="dp_submit"):
            run_write(
                lambda s: properties.delete_property(s, actor, obj, name),
                success=_("Deleted the property {name}.", name=names[name]),
                clear=("dp_name",),
            )
