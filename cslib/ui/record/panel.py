"""The record panel, for any object (companies, contacts, pipeline records and custom
objects): name and "View record", the Actions menu, activity buttons, the properties
("About") with inline editing and per-property history ("Details"), associated records
and the activity timeline. `full_page=True` draws the record page's two-column layout.

Every widget key starts with `key` + ":", so two panels never share state, and moving the
panel to another record starts it afresh."""

from __future__ import annotations

import streamlit as st

from cslib import activities, i18n, records
from cslib.errors import CsError
from cslib.i18n import _
from cslib.permissions import Actor
from cslib.properties import list_object_types, object_type_def
from cslib.ui import session
from cslib.ui.md import md
from cslib.ui.record.about import Context, read_context, render_about, render_details
from cslib.ui.record.actions import render_actions, render_mode
from cslib.ui.record.forms import render_buttons, render_composer
from cslib.ui.record.health import render_record_health
from cslib.ui.record.lists import record_link, render_associations, render_timeline
from cslib.ui.writes import forget, show_flash

# Properties shown under the name, per object type (others: their key facts, for pipeline
# records stage, amount, close date and owner).
HEADLINE = {
    "company": ("domain", "owner_id", "lifecycle_stage", "health_category"),
    "contact": ("email", "job_title", "owner_id"),
}
# Headline facts a bare value would not explain: "Stage: Contract sent", "Close date: …".
LABELLED = ("stage_id", "pipeline_id")


def render_record_panel(
    actor: Actor, object_type: str, record_id: int, *, key: str, full_page: bool = False
) -> int | None:
    """Draw the panel of one record. Returns the id shown (a merged-away record shows the
    record it was merged into), or None when there is nothing to show."""
    show_flash()
    try:
        return _render(actor, object_type, int(record_id), key=key, full_page=full_page)
    except CsError as exc:  # e.g. deleted meanwhile, or no access: say so, never a traceback
        st.error(md(str(exc)), icon=":material/error:")
        return None


def _start(key: str, object_type: str, record_id: int) -> None:
    """Forget the panel's state when it moves to another record."""
    who = (object_type, record_id)
    if st.session_state.get(f"{key}:who") != who:
        forget(f"{key}:")
        st.session_state[f"{key}:who"] = who


def _render(actor: Actor, object_type: str, asked_id: int, *, key: str, full_page: bool) -> int | None:
    with session.reading() as s:
        record_id = records.resolve_record(s, actor, object_type, asked_id)
        if record_id is None:
            singular = _labels(s).get(object_type, (object_type, object_type))[0].lower()
            # TRANSLATORS: {type} is the kind of record in lower case, e.g. "company".
            message = _("This {type} does not exist or was deleted.", type=md(singular))
            st.warning(message, icon=":material/search_off:")
            return None
        old_name = records.record_name(s, object_type, asked_id) if record_id != asked_id else None
        current = records.snapshot(s, actor, object_type, record_id)
        ctx = read_context(s, actor, object_type)
        name = records.record_name(s, object_type, record_id)
        following = activities.is_following(s, actor, object_type, record_id)
        counts = records.association_counts(s, actor, object_type, record_id)
        labels = _labels(s)
    _start(key, object_type, record_id)
    if old_name is not None:
        st.info(_("{name} was merged into this record.", name=md(old_name)), icon=":material/merge:")
    _header(actor, current, ctx, name, key=key, full_page=full_page, following=following)
    render_mode(actor, current, ctx, name, key=key)
    render_buttons(actor, key=key)
    render_composer(actor, object_type, record_id, name, key=key)
    if object_type == "company":
        render_record_health(actor, record_id, ctx, key=key, full_page=full_page)
    if full_page:
        left, right = st.columns([2, 3], gap="large")
        with left:
            _about(actor, current, ctx, key=key)
        with right:
            activities_tab, associations_tab = st.tabs(
                [_("Activities"), _associations_title(counts)], key=f"{key}:tabs"
            )
            with activities_tab:
                render_timeline(actor, object_type, record_id, ctx, key=key, page_size=20, filters=True)
            with associations_tab:
                render_associations(actor, object_type, record_id, counts, labels, ctx, key=key, per_type=50)
    else:
        with st.expander(_("About"), expanded=True, key=f"{key}:x_about"):
            render_about(actor, current, ctx, key=key)
        with st.expander(_details_title(), icon=":material/history:", key=f"{key}:x_details"):
            render_details(actor, current, ctx, key=key)
        with st.expander(_associations_title(counts), expanded=True, key=f"{key}:x_assoc"):
            render_associations(actor, object_type, record_id, counts, labels, ctx, key=key, per_type=3)
        with st.expander(_("Recent activities"), expanded=True, key=f"{key}:x_recent"):
            render_timeline(actor, object_type, record_id, ctx, key=key, page_size=10, filters=False)
    return record_id


def record_page_types() -> list[str]:
    """Object types a record page shows: the registry's (companies, pipeline records), then
    the workspace's custom objects."""
    with session.reading() as s:
        custom = [o.key for o in list_object_types(s) if o.is_custom]
    return [*records.RECORD_PAGE_TYPES, *(k for k in custom if records.has_record_page(k))]


def _details_title() -> str:
    return _("Details: history of one property")


def _associations_title(counts: dict[str, int]) -> str:
    return _("Associations ({n})", n=i18n.number(sum(counts.values())))


def _labels(s) -> dict[str, tuple[str, str]]:  # noqa: ANN001
    """(singular, plural) of every object type, tasks and meetings included."""
    out = {o.key: (o.singular, o.plural) for o in list_object_types(s)}
    return out | {"task": (_("Task"), _("Tasks")), "meeting": (_("Meeting"), _("Meetings"))}


def _headline(object_type: str, current: records.Snapshot, ctx: Context) -> str:
    names = HEADLINE.get(object_type) or object_type_def(object_type).key_facts
    parts = []
    for name in names:
        spec = ctx.props.get(name)
        value = current.values.get(name)
        if spec is not None and value not in (None, ""):
            text = ctx.show(spec, value)
            labelled = spec.type in ("user", "date") or name in LABELLED
            parts.append(f"{md(spec.label)}: {md(text)}" if labelled else md(text))
    return " · ".join(parts)


def _header(
    actor: Actor,
    current: records.Snapshot,
    ctx: Context,
    name: str,
    *,
    key: str,
    full_page: bool,
    following: bool,
) -> None:
    headline = _headline(current.object_type, current, ctx)
    if full_page:
        title, menu = st.columns([5, 1], vertical_alignment="center")
        with title:
            st.title(md(name), anchor=False)
            if headline:
                st.caption(headline)
        with menu:
            render_actions(actor, current.object_type, current.id, name, key=key, following=following)
        return
    # The preview is narrow: name and facts on their own lines, then the link and the menu.
    st.subheader(md(name), anchor=False)
    if headline:
        st.caption(headline)
    with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
        render_actions(actor, current.object_type, current.id, name, key=key, following=following)
        if records.has_record_page(current.object_type):
            record_link(_("View record"), current.object_type, current.id, icon=":material/open_in_new:")


def _about(actor: Actor, current: records.Snapshot, ctx: Context, *, key: str) -> None:
    st.subheader(_("About"), anchor=False, divider="gray")
    render_about(actor, current, ctx, key=key)
    with st.expander(_details_title(), icon=":material/history:", key=f"{key}:x_details"):
        render_details(actor, current, ctx, key=key)
