"""Who sees which saved views, and how a view looks to them (`ViewInfo`), plus the
helpers the writes in `edit` and `defaults` share. Other packages import the public
functions from `cslib.views`."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cslib.errors import NotFound, ValidationError
from cslib.i18n import N_, _
from cslib.models import View, ViewPin, WorkspaceSettings, live
from cslib.permissions import Actor, can_delete_view, can_edit_view
from cslib.properties import PropertySpec, object_type_def, properties_for, type_labels
from cslib.users import get_workspace, names_for
from cslib.validation import require_workspace
from cslib.views.rules import DEFAULT_VIEW_LIMIT, default_card_properties, name_key, quote

NOT_FOUND = N_("This view doesn't exist any more, or it isn't shared with you.")
STALE_VIEW = N_("Someone else changed this view since you opened it. Reload to see their changes.")
_MAX_ID = 2**31 - 1


@dataclass(frozen=True)
class ViewInfo:
    """A view as one user sees it. `filters` is the stored filter (None for built-ins:
    use `effective_filter`); `layout` is "table" or "board" (pipeline records), the layout
    the view opens in; `card_properties` falls back to the object's defaults; a
    built-in's `name` and `default_description` are in the reader's language."""

    id: int
    object_type: str
    name: str
    sharing: str
    owner_id: int | None
    owner_name: str | None
    builtin_key: str | None
    is_builtin: bool
    is_default: bool
    default_order: int | None
    default_description: str | None
    pinned: bool
    can_edit: bool
    can_delete: bool
    columns: list[str]
    sort: list[dict[str, str]]
    card_properties: list[str]
    version: int
    filters: dict | None = None
    layout: str = "table"


def valid_id(view_id: Any) -> bool:
    return not isinstance(view_id, bool) and isinstance(view_id, int) and 1 <= view_id <= _MAX_ID


def visible_query(actor: Actor, object_type: str | None = None):  # noqa: ANN202
    query = select(View).where(live(View), or_(View.sharing == "everyone", View.owner_id == actor.id))
    return query if object_type is None else query.where(View.object_type == object_type)


def order_key(v: View | ViewInfo) -> tuple:
    return (not v.is_default, v.default_order if v.is_default else 0, name_key(v.name), v.id)


def _shown_text(view: View) -> tuple[str, str | None]:
    """(name, default description) as the reader sees them: a built-in view's own name and
    description in the reader's language (they are stored in English), a description an
    admin wrote, and every other view's name, as typed."""
    description = view.default_description if view.is_default else None
    builtin = next((b for b in object_type_def(view.object_type).views if b.key == view.builtin_key), None)
    if builtin is None:
        return view.name, description
    name = _(builtin.name) if view.name == builtin.name else view.name
    return name, _(builtin.description) if description == builtin.description else description


def view_infos(session: Session, actor: Actor, views: list[View]) -> list[ViewInfo]:
    owner_ids = {v.owner_id for v in views if v.owner_id is not None}
    names = names_for(session, owner_ids)
    ids = [v.id for v in views]
    pinned: set[int] = set()
    if ids:
        mine = select(ViewPin.view_id).where(ViewPin.user_id == actor.id, ViewPin.view_id.in_(ids))
        pinned = set(session.scalars(mine))
    out = []
    for v in views:
        builtin = v.builtin_key is not None
        rights = dict(owner_id=v.owner_id, sharing=v.sharing, builtin=builtin, is_default=v.is_default)
        name, description = _shown_text(v)
        out.append(
            ViewInfo(
                id=v.id,
                object_type=v.object_type,
                name=name,
                sharing=v.sharing,
                owner_id=v.owner_id,
                owner_name=names.get(v.owner_id),
                builtin_key=v.builtin_key,
                is_builtin=builtin,
                is_default=v.is_default,
                default_order=v.default_order if v.is_default else None,
                default_description=description,
                pinned=v.id in pinned,
                can_edit=can_edit_view(actor, **rights),
                can_delete=can_delete_view(actor, **rights),
                columns=list(v.columns or []),
                sort=[dict(s) for s in v.sort or []],
                card_properties=list(v.card_properties or default_card_properties(v.object_type, v.columns or [])),
                version=v.version,
                filters=copy.deepcopy(v.filters) if v.filters else None,
                layout=v.layout or "table",
            )
        )
    return out


def view_info(session: Session, actor: Actor, view: View) -> ViewInfo:
    return view_infos(session, actor, [view])[0]


def load_view(session: Session, actor: Actor, view_id: Any) -> View:
    """The view if it exists, is not deleted and the actor may see it; else NotFound."""
    if not valid_id(view_id):
        raise NotFound(_(NOT_FOUND))
    view = session.scalar(visible_query(actor).where(View.id == view_id))
    if view is None:
        raise NotFound(_(NOT_FOUND))
    return view


def list_views(session: Session, actor: Actor, object_type: str) -> list[ViewInfo]:
    """The views the actor sees for `object_type`: defaults in their order, then by name."""
    require_workspace(actor)
    return sorted(view_infos(session, actor, list(session.scalars(visible_query(actor, object_type)))), key=order_key)


def pinned_views(session: Session, actor: Actor, object_type: str) -> list[ViewInfo]:
    """The "My pinned views" list: the actor's pins of views they can still see, by name."""
    require_workspace(actor)
    mine = (ViewPin.view_id == View.id) & (ViewPin.user_id == actor.id)
    pinned = visible_query(actor, object_type).join(ViewPin, mine)
    infos = view_infos(session, actor, list(session.scalars(pinned)))
    return sorted(infos, key=lambda v: (name_key(v.name), v.id))


def get_view(session: Session, actor: Actor, view_id: int) -> ViewInfo:
    """One view; NotFound when it was deleted or is someone else's private view."""
    require_workspace(actor)
    return view_info(session, actor, load_view(session, actor, view_id))


def owner_property(session: Session, object_type: str) -> str:
    """The workspace's owner property when `object_type` has it, else "owner_id"."""
    chosen = get_workspace(session).owner_property
    spec = properties_for(session, object_type).get(chosen)
    return chosen if spec is not None and spec.type == "user" else "owner_id"


def effective_filter(session: Session, view: View | ViewInfo) -> dict | None:
    """The filter a view runs. Built-ins compute theirs from the workspace owner property,
    so changing it in Settings changes them; other views run their stored filter."""
    builtin = next((v for v in object_type_def(view.object_type).views if v.key == view.builtin_key), None)
    if builtin is not None and builtin.filters is not None:
        return copy.deepcopy(builtin.filters)
    if view.builtin_key not in ("owned_by_me", "assigned_last_30_days"):
        return copy.deepcopy(view.filters) or None
    owner = owner_property(session, view.object_type)
    mine = {"property": owner, "operator": "in", "value": ["me"]}
    if view.builtin_key == "owned_by_me":
        return mine
    recent = {"property": f"assigned_at:{owner}", "operator": "in_last", "value": {"amount": 30, "unit": "days"}}
    return {"all": [mine, recent]}


# --- helpers for writes ---------------------------------------------------------------


def lock_views(session: Session) -> None:
    """Serialise view writes that check limits or names (a no-op on SQLite, whose write
    transactions are serialised already)."""
    session.execute(select(WorkspaceSettings.id).where(WorkspaceSettings.id == 1).with_for_update())


def object_context(session: Session, object_type: Any) -> tuple[dict[str, PropertySpec], str]:
    """(properties, plural label) of an object type, refused when there is no such type."""
    labels = type_labels(session)
    if not isinstance(object_type, str) or object_type not in labels:
        raise ValidationError(_("There is no object type {key}.", key=quote(object_type)))
    return properties_for(session, object_type), labels[object_type][1]


def check_unique_name(session: Session, actor: Actor, object_type: str, name: str, *, except_id: int | None) -> None:
    """Refuse `name` when a view the actor sees is called so, as stored or (a built-in) as
    shown in the reader's language."""
    key = name_key(name)
    builtins = {b.key: _(b.name) for b in object_type_def(object_type).views}
    columns = (View.id, View.name, View.builtin_key)
    for view_id, other, builtin_key in session.execute(visible_query(actor, object_type).with_only_columns(*columns)):
        shown = builtins.get(builtin_key, other)
        if view_id != except_id and key in (name_key(other), name_key(shown)):
            raise ValidationError(_("You already have a view called “{name}”.", name=name))


def defaults_of(session: Session, object_type: str) -> list[View]:
    """The default views of `object_type`, in order (deleted ones never count)."""
    query = select(View).where(View.object_type == object_type, View.is_default.is_(True), live(View))
    return sorted(session.scalars(query), key=lambda v: (v.default_order if v.default_order is not None else 0, v.id))


def renumber(views: list[View]) -> None:
    for i, view in enumerate(views):
        if view.default_order != i:
            view.default_order = i


def drop_default(session: Session, view: View) -> None:
    """Take `view` off the defaults and close the gap in the order."""
    if not view.is_default:
        return
    with session.no_autoflush:  # flush errors belong to the caller's `flushing` block
        others = [v for v in defaults_of(session, view.object_type) if v.id != view.id]
    view.is_default, view.default_order, view.default_description = False, None, None
    renumber(others)


def next_default_order(session: Session, object_type: str) -> int:
    count = len(defaults_of(session, object_type))
    if count >= DEFAULT_VIEW_LIMIT:
        raise ValidationError(_("You can have at most six default views. Remove one first."))
    return count
