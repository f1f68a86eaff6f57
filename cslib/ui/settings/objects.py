"""Settings › Custom objects: define object types with properties and a pipeline, and add
custom properties to any object (companies included)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from cslib import properties
from cslib.i18n import plural
from cslib.permissions import Actor
from cslib.properties import PROPERTY_TYPES
from cslib.records import list_pipelines
from cslib.ui import session
from cslib.ui.md import md
from cslib.ui.writes import run_write

TYPE_LABELS = properties.PROPERTY_TYPE_LABELS
EDITOR_COLUMNS = {
    "label": st.column_config.TextColumn("Label", required=True, help="What users see, e.g. “Go-live date”."),
    "name": st.column_config.TextColumn(
        "Internal name", help="Optional: a–z, 0–9 and _. Made from the label when left empty."
    ),
    "type": st.column_config.SelectboxColumn(
        "Type", options=list(PROPERTY_TYPES), required=True, default="string", format_func=TYPE_LABELS.get
    ),
    "options": st.column_config.TextColumn("Options", help="For dropdown selects: the choices, comma separated."),
}


def render(actor: Actor) -> None:
    st.subheader("Custom objects")
    st.caption(
        "A custom object has its own properties and a pipeline with stages. It can be used for the "
        "projects tab (Workspace settings), and its pipelines are edited on the Pipelines tab."
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
        st.info("No custom objects yet.")
    for o in custom:
        props, pipes = details[o.key]
        with st.expander(f"{md(o.plural)} · {plural(len(props), 'custom property', 'custom properties')}"):
            st.caption(f"Singular: {md(o.singular)} · plural: {md(o.plural)} · key: {md(o.key)}")
            for p in pipes:
                st.markdown(f"**{md(p.name)}:** " + " → ".join(md(s.name) for s in p.stages))
            if len(props):
                st.dataframe(
                    props,
                    hide_index=True,
                    key=f"co_props_{o.key}",
                    column_config={
                        "name": "Internal name",
                        "label": "Label",
                        "type": "Type",
                        "options": "Options",
                        "group": "Group",
                    },
                )
    _create_object(actor)
    left, right = st.columns(2, gap="large")
    with left:
        _add_property(actor, all_types)
    with right:
        st.markdown("**Delete a custom property**")
        st.caption("Standard properties stay; custom ones can be removed.")
        _delete_property(actor, all_types)


def _create_object(actor: Actor) -> None:
    with st.form("create_object_form"):
        st.markdown("**Create custom object**")
        left, right = st.columns([2, 3], gap="large")
        singular = left.text_input("Singular name", key="co_singular", placeholder="Onboarding", max_chars=100)
        name_plural = left.text_input("Plural name", key="co_plural", placeholder="Onboardings", max_chars=100)
        stages = left.text_area(
            "Pipeline stages, one per line", key="co_stages", height=110, placeholder="Kick-off\nConfiguration\nLive"
        )
        with right:
            st.caption("Properties. Every object also has name, owner, amount, close date, pipeline and stage.")
            empty = pd.DataFrame({c: pd.Series(dtype="object") for c in EDITOR_COLUMNS})
            edited = st.data_editor(
                empty,
                num_rows="dynamic",
                hide_index=True,
                column_config=EDITOR_COLUMNS,
                key="co_properties",
                column_order=list(EDITOR_COLUMNS),
            )
        if st.form_submit_button("Create custom object", type="primary", key="co_submit"):
            rows = edited.to_dict("records")
            run_write(
                lambda s: properties.create_custom_object(
                    s, actor, singular=singular, plural=name_plural, properties=rows, stage_names=stages.splitlines()
                ),
                success=f"Created the custom object {name_plural.strip()}.",
                clear=("co_",),
            )


def _add_property(actor: Actor, all_types: list) -> None:
    labels = {o.key: o.plural for o in all_types}
    with st.form("add_property_form"):
        st.markdown("**Add property**")
        obj = st.selectbox("Object", list(labels), format_func=labels.get, key="ap_object")
        c1, c2 = st.columns(2)
        label = c1.text_input("Label", key="ap_label", max_chars=120)
        kind = c2.selectbox("Type", list(PROPERTY_TYPES), format_func=TYPE_LABELS.get, key="ap_type")
        options = st.text_input("Options (dropdown selects only)", key="ap_options", placeholder="Gold, Silver, Bronze")
        c3, c4 = st.columns(2)
        name = c3.text_input("Internal name (optional)", key="ap_name", max_chars=64)
        group = c4.text_input("Group", value="Information", key="ap_group", max_chars=80)
        if st.form_submit_button("Add property", key="ap_submit"):
            run_write(
                lambda s: properties.add_property(
                    s, actor, obj, name=name or None, label=label, type=kind, options=options, group=group
                ),
                success=f"Added the property {label.strip()} to {labels[obj]}.",
                clear=("ap_label", "ap_options", "ap_name"),
            )


def _delete_property(actor: Actor, all_types: list) -> None:
    labels = {o.key: o.plural for o in all_types}
    with st.popover("Delete a custom property", icon=":material/delete:"):
        obj = st.selectbox("Object", list(labels), format_func=labels.get, key="dp_object")
        with session.reading() as s:
            props = properties.list_custom_properties(s, obj)
        if not len(props):
            st.caption(f"{labels[obj]} have no custom properties. Standard properties cannot be deleted.")
            return
        names = dict(zip(props["name"], props["label"], strict=True))
        name = st.selectbox("Property", list(names), format_func=names.get, key="dp_name")
        st.caption("Values stored in this property stop showing; stages stop requiring it.")
        if st.button("Delete property", type="primary", key="dp_submit"):
            run_write(
                lambda s: properties.delete_property(s, actor, obj, name),
                success=f"Deleted the property {names[name]}.",
                clear=("dp_name",),
            )
