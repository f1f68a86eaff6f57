"""The Feed tab: the search, the Activity type and Sequence enrolment filters and (for
admins) whose feed, all kept in the URL; the items loaded so far, "Load older activities",
and deleting an item with an Undo.

The items loaded so far are kept for the session, so opening a follow-up form or deleting
an item does not read the feed again; they are read afresh when the search or a filter
changes, when the tab is opened again, and on "Show newest"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import streamlit as st
from sqlalchemy.orm import Session

from cslib import activities, feed
from cslib.errors import CsError
from cslib.i18n import N_, _
from cslib.models import CONTACT_ACTIVITY_TYPES
from cslib.permissions import Actor, can_view_as
from cslib.ui import nav, session
from cslib.ui.feed.items import render_item
from cslib.ui.md import link_notes, md
from cslib.ui.view_as import user_picker, viewed_in_link
from cslib.ui.writes import FLASH_KEY, show_flash

PREFIX = "feed:"
STATE_KEY = "feed:loaded"
MORE_KEY = "feed:more"
UNDO_KEY = "feed:undo_item"
ERROR_KEY = "feed:error"
VIEW_REFUSED = N_("{error} Showing your own feed.")


@dataclass
class Loaded:
    """The items on screen and where "Load older activities" continues."""

    signature: tuple
    items: list[feed.FeedItem] = field(default_factory=list)
    next: feed.Cursor | None = None
    users: dict[int, str] = field(default_factory=dict)


def render(actor: Actor) -> None:
    show_flash()
    link, notes = feed.parse_link(st.query_params.to_dict())
    viewed, refused = viewed_in_link(actor, link.user_id, VIEW_REFUSED)
    link_notes([*notes, *([refused] if refused else [])])
    _header(actor, viewed)
    _controls(actor, link)
    loaded = _loaded(actor, link, viewed)
    if loaded is None:
        return
    _undo_bar(actor, loaded)
    if not loaded.items:
        _empty(link)
        return
    own = viewed.id == actor.id
    for item in loaded.items:
        render_item(
            actor,
            item,
            loaded.users,
            sequence_link=lambda name: "/feed?" + urlencode(feed.link_params(link.with_(sequence_name=name))),
            on_delete=(lambda it: _delete(actor, it)) if own else None,
        )
    if loaded.next is not None:
        st.button(_("Load older activities"), key=f"{PREFIX}older", on_click=_ask_more, icon=":material/expand_more:")


def _header(actor: Actor, viewed: Actor) -> None:
    head, pick = st.columns([3, 2], vertical_alignment="bottom")
    head.title(_("Feed"), anchor=False)
    if viewed.id == actor.id:
        head.caption(_("Sales activity of the contacts at the companies you own"))
    else:
        head.caption(_("Sales activity of the contacts at the companies {name} owns", name=md(viewed.name)))
    if can_view_as(actor):
        with pick:
            _user_picker(actor, viewed)


def _user_picker(actor: Actor, viewed: Actor) -> None:
    st.session_state[f"{PREFIX}user"] = viewed.id
    user_picker(
        actor,
        f"{PREFIX}user",
        label=_("View as user"),
        help=_("See the Feed as this user sees it."),
        on_change=_changed,
        args=("user", actor),
    )


def _sequence_choices(actor: Actor) -> list[str]:
    with session.reading() as s:
        names = feed.sequence_names(s, actor)
    return ["", feed.ENROLLED, feed.NOT_ENROLLED, *(feed.IN_SEQUENCE + n for n in names)]


def _sequence_label(value: str) -> str:
    """An option of the Sequence enrolment filter (a `sequence` link parameter) in words."""
    labels = {
        "": _("All contacts"),
        feed.ENROLLED: _("Enrolled in a sequence"),
        feed.NOT_ENROLLED: _("Not enrolled in a sequence"),
    }
    return labels.get(value) or value.removeprefix(feed.IN_SEQUENCE)


def _controls(actor: Actor, link: feed.FeedLink) -> None:
    sequence = feed.sequence_param(link)
    choices = _sequence_choices(actor)
    if sequence not in choices:
        choices.append(sequence)
    st.session_state[f"{PREFIX}q"] = link.search
    st.session_state[f"{PREFIX}types"] = list(link.types)
    st.session_state[f"{PREFIX}sequence"] = sequence
    labels = activities.activity_labels()
    search, types, enrolment, refresh = st.columns([2.8, 2.8, 2.2, 1.6], vertical_alignment="bottom")
    refresh.button(
        _("Show newest"),
        key=f"{PREFIX}refresh",
        icon=":material/refresh:",
        on_click=_forget_loaded,
        help=_("Read the Feed again, with the activities that arrived since it was opened"),
        width="stretch",
    )
    search.text_input(
        _("Search"),
        key=f"{PREFIX}q",
        placeholder=_("Contact, company or subject"),
        icon=":material/search:",
        max_chars=200,
        on_change=_changed,
        args=("q", actor),
    )
    types.multiselect(
        _("Activity type"),
        list(CONTACT_ACTIVITY_TYPES),
        format_func=labels.get,
        key=f"{PREFIX}types",
        placeholder=_("All activity types"),
        on_change=_changed,
        args=("types", actor),
    )
    enrolment.selectbox(
        _("Sequence enrolment"),
        choices,
        format_func=_sequence_label,
        key=f"{PREFIX}sequence",
        on_change=_changed,
        args=("sequence", actor),
    )


def _changed(field_name: str, actor: Actor) -> None:
    """on_change of a control: the new value goes into the URL, which the run then draws."""
    link, _notes = feed.parse_link(st.query_params.to_dict())
    value = st.session_state[f"{PREFIX}{field_name}"]
    if field_name == "q":
        link = link.with_(search=str(value or "").strip())  # the next run's parse_link tidies it
    elif field_name == "types":
        link = link.with_(types=tuple(t for t in CONTACT_ACTIVITY_TYPES if t in (value or [])))
    elif field_name == "sequence":
        link = feed.with_sequence(link, value or "") or link
    elif field_name == "user":
        link = link.with_(user_id=None if value == actor.id else value)
    st.query_params.from_dict(feed.link_params(link))


def _signature(actor: Actor, link: feed.FeedLink, viewed: Actor) -> tuple:
    """What the loaded items depend on: who reads, whose feed, the search and filters."""
    return actor.id, viewed.id, tuple(sorted(feed.link_params(link.with_(user_id=None)).items()))


def _loaded(actor: Actor, link: feed.FeedLink, viewed: Actor) -> Loaded | None:
    """The items to show: kept from the last run unless something changed, plus the next
    page when "Load older activities" was clicked. None after an error (shown)."""
    signature = _signature(actor, link, viewed)
    loaded = st.session_state.get(STATE_KEY)
    fresh = nav.just_arrived("feed") or not isinstance(loaded, Loaded) or loaded.signature != signature
    more = st.session_state.pop(MORE_KEY, False)
    if error := st.session_state.pop(ERROR_KEY, None):
        st.error(md(error), icon=":material/error:")
    if not fresh and not more:
        return loaded
    cursor = None if fresh else loaded.next
    try:
        with session.reading() as s:
            page = feed.feed_page(s, actor, link.with_(user_id=viewed.id), cursor=cursor)
    except CsError as exc:
        st.error(md(str(exc)), icon=":material/error:")
        return None
    if fresh:
        loaded = Loaded(signature)
        st.session_state.pop(UNDO_KEY, None)
    loaded.items.extend(page.items)
    loaded.next = page.next
    loaded.users.update(page.user_names)
    st.session_state[STATE_KEY] = loaded
    return loaded


def _ask_more() -> None:
    st.session_state[MORE_KEY] = True


def _forget_loaded() -> None:
    st.session_state.pop(STATE_KEY, None)


def _written(action: Callable[[Session], object]) -> bool:
    """Run a delete or undo in its own transaction (from a button's callback); a refusal is
    kept for the run the click starts to show."""
    try:
        with session.writing() as s:
            action(s)
    except CsError as exc:
        st.session_state[ERROR_KEY] = str(exc)
        return False
    return True


def _delete(actor: Actor, item: feed.FeedItem) -> None:
    loaded = st.session_state.get(STATE_KEY)
    if not _written(lambda s: feed.delete_items(s, actor, item.activity_ids)) or not isinstance(loaded, Loaded):
        return
    position = next((i for i, it in enumerate(loaded.items) if it.id == item.id), None)
    if position is not None:
        loaded.items.pop(position)
        st.session_state[UNDO_KEY] = (position, item)


def _undo(actor: Actor, loaded: Loaded) -> None:
    position, item = st.session_state[UNDO_KEY]
    if _written(lambda s: feed.restore_items(s, actor, item.activity_ids)):
        loaded.items.insert(min(position, len(loaded.items)), item)
        st.session_state.pop(UNDO_KEY, None)
        st.session_state[FLASH_KEY] = _("Restored to your Feed.")


def _undo_bar(actor: Actor, loaded: Loaded) -> None:
    pending = st.session_state.get(UNDO_KEY)
    if not pending:
        return
    with st.container(horizontal=True, vertical_alignment="center"):
        st.info(
            _("Deleted “{contact}” from your Feed. It stays on the record.", contact=md(pending[1].contact_name)),
            icon=":material/delete:",
        )
        st.button(_("Undo"), key=f"{PREFIX}undo", on_click=_undo, args=(actor, loaded))


def _empty(link: feed.FeedLink) -> None:
    if feed.link_params(link.with_(user_id=None)):
        st.info(_("No activity matches this search and these filters."), icon=":material/filter_alt_off:")
    else:
        st.info(
            _(
                "No sales activity yet. When contacts at the companies you own open e-mails, visit pages, "
                "fill in forms or book meetings, it shows here."
            ),
            icon=":material/dynamic_feed:",
        )
