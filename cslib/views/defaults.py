"""Default views (SPEC §3.1–3.2): the views of an object that admins highlight as
Overview cards — at most six, in the admin's order, each with an optional description
and the properties its card shows. Import these from `cslib.views`."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.orm import Session

from cslib.errors import ConflictError, ValidationError
from cslib.i18n import N_, _
from cslib.models import utcnow
from cslib.permissions import Actor, can_manage_default_views, require
from cslib.validation import flushing
from cslib.views.rules import clean_card_properties, clean_description
from cslib.views.store import (
    STALE_VIEW,
    ViewInfo,
    defaults_of,
    drop_default,
    load_view,
    lock_views,
    next_default_order,
    object_context,
    require_workspace,
    valid_id,
    view_info,
    view_infos,
)

DEFAULTS_DENIED = N_(
    "Only super admins and users with the “Manage customer success settings” permission can set, remove or "
    "reorder default views."
)
CARD_DENIED = N_(
    "Only super admins and users with the “Manage customer success settings” permission can choose what the "
    "Overview cards show."
)
ONLY_EVERYONE = N_("Only views shared with Everyone can be default views. Share it with Everyone first.")
NOT_DEFAULT = N_("Only default views have an Overview card. Set the view as default first.")
REORDER_STALE = N_("The default views changed since you opened this list. Reload and try again.")


def default_views(session: Session, actor: Actor, object_type: str) -> list[ViewInfo]:
    """The Overview's customer view cards for `object_type`, in the admin's order."""
    require_workspace(actor)
    return view_infos(session, actor, defaults_of(session, object_type))


def set_default(session: Session, actor: Actor, view_id: int, *, description: str | None = None) -> ViewInfo:
    """Set as default: add a view shared with Everyone to the defaults (last), or update
    the description of one that already is."""
    require(can_manage_default_views(actor), DEFAULTS_DENIED)
    lock_views(session)
    view = load_view(session, actor, view_id)
    if view.sharing != "everyone":
        raise ValidationError(_(ONLY_EVERYONE))
    text = clean_description(description)
    if not view.is_default:
        view.default_order = next_default_order(session, view.object_type)
        view.is_default = True
    view.default_description = text
    view.updated_at = utcnow()
    with flushing(session, conflict=STALE_VIEW):
        pass
    return view_info(session, actor, view)


def remove_default(session: Session, actor: Actor, view_id: int) -> ViewInfo:
    """Remove as default: the view stays, its Overview card goes; the others close up."""
    require(can_manage_default_views(actor), DEFAULTS_DENIED)
    lock_views(session)
    view = load_view(session, actor, view_id)
    if view.is_default:
        drop_default(session, view)
        view.updated_at = utcnow()
    with flushing(session, conflict=STALE_VIEW):
        pass
    return view_info(session, actor, view)


def reorder_defaults(
    session: Session, actor: Actor, object_type: str, ordered_view_ids: Sequence[int]
) -> list[ViewInfo]:
    """Put the default views in the given order; the ids must be exactly the current
    defaults (else someone changed them meanwhile and nothing is saved)."""
    require(can_manage_default_views(actor), DEFAULTS_DENIED)
    lock_views(session)
    current = defaults_of(session, object_type)
    ids = list(ordered_view_ids) if isinstance(ordered_view_ids, list | tuple) else None
    if ids is None or not all(valid_id(i) for i in ids):
        raise ValidationError(_("Give the default views as a list of view ids."))
    if len(ids) != len(current) or set(ids) != {v.id for v in current}:
        raise ConflictError(_(REORDER_STALE))
    by_id = {v.id: v for v in current}
    for i, view_id in enumerate(ids):
        if by_id[view_id].default_order != i:
            by_id[view_id].default_order = i
    with flushing(session, conflict=REORDER_STALE):
        pass
    return default_views(session, actor, object_type)


def set_card_properties(session: Session, actor: Actor, view_id: int, properties: Sequence[str]) -> ViewInfo:
    """The 1–4 properties a default view's Overview card shows for each record."""
    require(can_manage_default_views(actor), CARD_DENIED)
    view = load_view(session, actor, view_id)
    if not view.is_default:
        raise ValidationError(_(NOT_DEFAULT))
    props, plural = object_context(session, view.object_type)
    view.card_properties = clean_card_properties(properties, props, plural)
    view.updated_at = utcnow()
    with flushing(session, conflict=STALE_VIEW):
        pass
    return view_info(session, actor, view)
