"""Saved views of a record list (SPEC §3.2): create, edit, delete, clone and pin them; the
built-in "Owned by me" and "Assigned in the last 30 days"; and the default views admins
highlight as Overview cards: the writes (create, update, delete, clone, pin) and the
built-ins are here; reading is in `store`, default views in `defaults`, limits in `rules`.

Every function takes the session and the acting user first and enforces the rules of
SPEC §1 itself; writes join the caller's transaction and are flushed before returning,
so a refused write raises here, not at commit. A view the actor may not see is reported
as not found, so private views don't leak.

Decisions where the spec is silent:
- Reading and personal writes (private views, pins) need workspace access, not a seat:
  a seatless super admin still sees and manages the Overview's default views.
- Names are unique (ignoring case) among the views the actor sees for the object type.
- Writes that check a limit or a name lock the workspace row (PostgreSQL; SQLite write
  transactions are serialised already), so two admins can't both add a seventh default.
- Cloning copies the source's filter as it runs (a built-in's computed filter
  included) without re-checking it: it is the filter the source runs today.
- Deleting removes the view's pins; making a view private keeps other users' pins, which
  come back if it is shared again.
"""

from __future__ import annotations

import enum
from typing import Any, Literal

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cslib.errors import ValidationError
from cslib.filters import validate
from cslib.i18n import N_, _
from cslib.models import View, ViewPin, utcnow
from cslib.permissions import (
    Actor,
    PermissionDenied,
    can_delete_view,
    can_edit_view,
    can_manage_default_views,
    can_share_with_everyone,
    require,
)
from cslib.properties import object_type_def, properties_for
from cslib.validation import check_version, flushing
from cslib.views.defaults import (
    DEFAULTS_DENIED,
    ONLY_EVERYONE,
)
from cslib.views.rules import (
    DEFAULT_VIEW_LIMIT,
    clean_columns,
    clean_description,
    clean_layout,
    clean_name,
    clean_sharing,
    clean_sort,
    default_columns,
    default_sort,
    name_key,
)
from cslib.views.store import (
    STALE_VIEW,
    ViewInfo,
    check_unique_name,
    defaults_of,
    drop_default,
    effective_filter,
    load_view,
    lock_views,
    next_default_order,
    object_context,
    require_workspace,
    valid_id,
    view_info,
)

SHARE_DENIED = N_(
    "Only super admins and users with the “Manage customer success settings” permission can share views with "
    "Everyone. Share it as Private instead."
)
EDIT_DENIED = N_(
    "Only super admins and users with the “Manage customer success settings” permission can edit views shared "
    "with Everyone."
)
DELETE_DENIED = N_(
    "Only super admins and users with the “Manage customer success settings” permission can delete views shared "
    "with Everyone and built-in views."
)
BUILTIN_EDIT = N_("Built-in views can't be edited. Clone the view to save a copy you can change.")
CONFIRM_DELETE = N_("Tick “I'm sure I want to delete this view” to delete it.")


class _Unset(enum.Enum):
    UNSET = "UNSET"


UNSET = _Unset.UNSET
"""`update_view(filters=UNSET)` leaves the filter alone; `filters=None` clears it."""


def ensure_builtin_views(session: Session, object_type: str = "company") -> list[View]:
    """Create the built-in views of `object_type` that were never created, as defaults
    where there is room. A built-in an admin deleted stays deleted. Returns those added."""
    specs = object_type_def(object_type).views
    if not specs:
        return []
    lock_views(session)
    have = set(session.scalars(select(View.builtin_key).where(View.object_type == object_type)))
    props = properties_for(session, object_type)
    order = len(defaults_of(session, object_type))
    added = []
    for spec in specs:
        if spec.key in have:
            continue
        is_default = order < DEFAULT_VIEW_LIMIT
        view = View(
            object_type=object_type,
            name=spec.name,
            owner_id=None,
            sharing="everyone",
            builtin_key=spec.key,
            filters=None,
            columns=default_columns(object_type, props),
            sort=[{"property": p, "direction": d} for p, d in spec.sort] or default_sort(object_type, props),
            is_default=is_default,
            default_order=order if is_default else None,
            default_description=spec.description if is_default else None,
            card_properties=[],
        )
        order += is_default
        session.add(view)
        added.append(view)
    session.flush()
    return added


def create_view(
    session: Session,
    actor: Actor,
    object_type: str,
    *,
    name: str,
    sharing: str = "private",
    filters: dict | None = None,
    columns: list[str] | None = None,
    sort: list[dict[str, str]] | None = None,
    set_default: bool = False,
    default_description: str | None = None,
    layout: str = "table",
) -> ViewInfo:
    """Create a view ("+ Create view") owned by the actor. Sharing with Everyone and making it a
    default need the settings permission; columns and sort default to the object's; `layout`
    is "table" or (pipeline records) "board"."""
    require_workspace(actor)
    sharing = clean_sharing(sharing)
    if sharing == "everyone":
        require(can_share_with_everyone(actor), SHARE_DENIED)
    if set_default:
        require(can_manage_default_views(actor), DEFAULTS_DENIED)
        if sharing != "everyone":
            raise ValidationError(_(ONLY_EVERYONE))
    props, plural = object_context(session, object_type)
    name = clean_name(name)
    flt = validate(filters, props)
    cols = clean_columns(default_columns(object_type, props) if columns is None else columns, props, plural)
    order_by = clean_sort(default_sort(object_type, props) if sort is None else sort, props, plural)
    layout = clean_layout(layout, object_type, plural)
    description = clean_description(default_description) if set_default else None
    lock_views(session)
    check_unique_name(session, actor, object_type, name, except_id=None)
    order = next_default_order(session, object_type) if set_default else None
    view = View(
        object_type=object_type,
        name=name,
        owner_id=actor.id,
        sharing=sharing,
        filters=flt,
        columns=cols,
        sort=order_by,
        is_default=bool(set_default),
        default_order=order,
        default_description=description,
        card_properties=[],
        layout=layout,
    )
    session.add(view)
    with flushing(session, conflict=STALE_VIEW):
        pass
    return view_info(session, actor, view)


def update_view(
    session: Session,
    actor: Actor,
    view_id: int,
    *,
    expected_version: int,
    name: str | None = None,
    sharing: str | None = None,
    filters: dict | None | Literal[_Unset.UNSET] = UNSET,
    columns: list[str] | None = None,
    sort: list[dict[str, str]] | None = None,
    layout: str | None = None,
) -> ViewInfo:
    """Edit a view ("Edit view"): change what is given (None / UNSET leave a field alone). Built-ins are
    refused; shared views need the settings permission. Making a default view private
    takes it off the defaults."""
    require_workspace(actor)
    lock_views(session)
    view = load_view(session, actor, view_id)
    if view.builtin_key is not None:
        raise PermissionDenied(_(BUILTIN_EDIT))
    rights = dict(owner_id=view.owner_id, sharing=view.sharing, builtin=False, is_default=view.is_default)
    require(can_edit_view(actor, **rights), EDIT_DENIED)
    check_version(view.version, expected_version, STALE_VIEW)
    props, plural = object_context(session, view.object_type)
    values: dict[str, Any] = {}
    if name is not None:
        values["name"] = clean_name(name)
    if sharing is not None:
        values["sharing"] = clean_sharing(sharing)
        if values["sharing"] == "everyone":
            require(can_share_with_everyone(actor), SHARE_DENIED)
    if filters is not UNSET:
        values["filters"] = validate(filters, props)
    if columns is not None:
        values["columns"] = clean_columns(columns, props, plural)
    if sort is not None:
        values["sort"] = clean_sort(sort, props, plural)
    if layout is not None:
        values["layout"] = clean_layout(layout, view.object_type, plural)
    if "name" in values and name_key(values["name"]) != name_key(view.name):
        check_unique_name(session, actor, view.object_type, values["name"], except_id=view.id)
    changed = {k: v for k, v in values.items() if getattr(view, k) != v}
    if changed:
        for key, value in changed.items():
            setattr(view, key, value)
        if view.sharing != "everyone":
            drop_default(session, view)
        view.updated_at = utcnow()
    with flushing(session, conflict=STALE_VIEW):
        pass
    return view_info(session, actor, view)


def delete_view(session: Session, actor: Actor, view_id: int, *, confirmed: bool) -> None:
    """Delete a view once "I'm sure I want to delete this view" is ticked. The row stays
    (deleted_at) so a deleted built-in is not recreated; pins and default status go."""
    require_workspace(actor)
    lock_views(session)
    view = load_view(session, actor, view_id)
    rights = dict(
        owner_id=view.owner_id, sharing=view.sharing, builtin=view.builtin_key is not None, is_default=view.is_default
    )
    require(can_delete_view(actor, **rights), DELETE_DENIED)
    if confirmed is not True:
        raise ValidationError(_(CONFIRM_DELETE))
    session.execute(delete(ViewPin).where(ViewPin.view_id == view.id))
    drop_default(session, view)
    view.deleted_at = view.updated_at = utcnow()
    with flushing(session, conflict=STALE_VIEW):
        pass


def clone_view(session: Session, actor: Actor, view_id: int, *, name: str, sharing: str) -> ViewInfo:
    """Clone a view: a copy owned by the actor, never default, with the source's filter as
    it runs now (a built-in's computed filter), columns, sort and layout."""
    require_workspace(actor)
    source = load_view(session, actor, view_id)
    sharing = clean_sharing(sharing)
    if sharing == "everyone":
        require(can_share_with_everyone(actor), SHARE_DENIED)
    name = clean_name(name)
    lock_views(session)
    check_unique_name(session, actor, source.object_type, name, except_id=None)
    view = View(
        object_type=source.object_type,
        name=name,
        owner_id=actor.id,
        sharing=sharing,
        filters=effective_filter(session, source),
        columns=list(source.columns or []),
        sort=[dict(s) for s in source.sort or []],
        is_default=False,
        card_properties=[],
        layout=source.layout,
    )
    session.add(view)
    with flushing(session, conflict=STALE_VIEW):
        pass
    return view_info(session, actor, view)


def pin_view(session: Session, actor: Actor, view_id: int) -> ViewInfo:
    """Pin a view: list it under "My pinned views" (pinning twice is harmless)."""
    require_workspace(actor)
    view = load_view(session, actor, view_id)
    key = {"user_id": actor.id, "view_id": view.id}
    if session.get(ViewPin, key) is None:
        try:
            with session.begin_nested():
                session.add(ViewPin(**key))
        except IntegrityError:  # pinned at the same moment in another tab
            pass
    return view_info(session, actor, view)


def unpin_view(session: Session, actor: Actor, view_id: int) -> None:
    """Take a view off "My pinned views" (also when it is no longer visible)."""
    require_workspace(actor)
    if not valid_id(view_id):
        return
    session.execute(delete(ViewPin).where(ViewPin.user_id == actor.id, ViewPin.view_id == view_id))
    session.flush()
