"""Who the users are, for every other package: an actor by id, the view-as list, names of
users by id, active users for pickers and fields, and the time zones a user may pick."""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import available_timezones

from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib.errors import NotFound, ValidationError
from cslib.i18n import _
from cslib.models import User
from cslib.permissions import Actor, PermissionDenied, can_view_as
from cslib.validation import parse_int


def get_actor(session: Session, user_id: int) -> Actor:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(_("That user does not exist."))
    return Actor.from_user(user)


def viewable_users(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """(id, label) of users whose workspace `actor` may view: everyone active for admins,
    only themselves otherwise."""
    if not can_view_as(actor):
        return [(actor.id, actor.name)]
    rows = session.execute(select(User.id, User.name, User.email).where(User.is_active).order_by(User.name))
    return [(r.id, f"{r.name} ({r.email})") for r in rows]


def resolve_viewed_user(session: Session, actor: Actor, user_id: int | None) -> Actor:
    """The user whose Overview is shown: the actor, or (for admins) the one picked."""
    if user_id is None or user_id == actor.id:
        return actor
    if not can_view_as(actor):
        raise PermissionDenied(_("Only admins can view the workspace as another user."))
    target = get_actor(session, user_id)
    if not target.is_active:
        raise NotFound(_("That user is deactivated."))
    return target


def names_for(session: Session, user_ids) -> dict[int, str]:  # noqa: ANN001
    """Names of just these users (one query; deactivated users too: old records name them)."""
    ids = sorted({int(i) for i in user_ids})
    if not ids:
        return {}
    return dict(session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


def all_user_names(session: Session) -> dict[int, str]:
    """Every user's name by id (deactivated users too: history refers to them)."""
    return dict(session.execute(select(User.id, User.name)).all())


def active_users(session: Session) -> list[tuple[int, str]]:
    """(id, name) of active users by name, for user pickers and filters."""
    return [
        tuple(r) for r in session.execute(select(User.id, User.name).where(User.is_active).order_by(User.name, User.id))
    ]


def active_user_id(session: Session, raw: object, label: str, *, inactive: str | None = None) -> int:
    """`raw` as the id of an active user, or ValidationError naming the field (`label`, as
    the reader sees it; `inactive`, already translated, replaces the message for a user who
    exists but is deactivated or unknown)."""
    user_id = parse_int(raw)
    if user_id is None:
        raise ValidationError(_("{label} must be a user.", label=label))
    if not session.scalar(select(User.is_active).where(User.id == user_id)):
        raise ValidationError(inactive or _("{label} must be an active user.", label=label))
    return user_id


@lru_cache(maxsize=1)
def time_zone_choices() -> tuple[str, ...]:
    """Every IANA time-zone name, sorted, with UTC first."""
    return ("UTC", *sorted(z for z in available_timezones() if z != "UTC"))
