"""User accounts, managed by super admins: list, read, add, edit, deactivate and reactivate
users, reset a password; any user may set their own time zone; the first super admin of a
new workspace."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime
from zoneinfo import ZoneInfo

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from cslib import i18n
from cslib.errors import NotFound, ValidationError
from cslib.i18n import N_, _, ngettext, zone
from cslib.models import User
from cslib.permissions import Actor, require
from cslib.users.auth import hash_password, normalise_email, revoke_user_sessions
from cslib.users.directory import time_zone_choices
from cslib.users.teams import teams_by_id
from cslib.validation import check_version, clean_text, flushing, is_email_address, require_users

USER_CONFLICT = N_("Someone else changed this user since you opened it. Reload to see their changes.")
MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 1024
EMAIL_TAKEN = N_("A user with the e-mail {email} already exists.")
_FLAGS = ("has_service_seat", "workspace_access", "manage_settings", "can_export", "can_import", "is_super_admin")
EDITABLE_FIELDS = frozenset({"name", "time_zone", "team_ids", *_FLAGS})
USER_COLUMNS = (
    "id name email role seat access manage_settings export import super_admin active teams last_sign_in"
).split()
LAST_ADMIN = N_("This is the last active super admin. Make someone else a super admin first.")
DEACTIVATED = N_("Your account is deactivated.")
# What a user's permissions add up to, in the users table.
ROLES = {
    "super_admin": N_("Super admin"),
    "super_admin_no_seat": N_("Super admin, no seat"),
    "no_access": N_("No workspace access"),
    "manager": N_("CS manager"),
    "manager_no_seat": N_("CS manager, no seat"),
    "csm": N_("CSM"),
    "no_seat": N_("No seat"),
}


@dataclass(frozen=True)
class UserInfo:
    """One user as the edit form needs it; `version` goes back as `expected_version`."""

    id: int
    email: str
    name: str
    is_active: bool
    is_super_admin: bool
    has_service_seat: bool
    workspace_access: bool
    manage_settings: bool
    can_export: bool
    can_import: bool
    time_zone: str
    team_ids: tuple[int, ...]
    version: int
    last_sign_in_at: datetime | None


def _time_zone(tz: object) -> str:
    name = str(tz or "").strip()
    if name not in time_zone_choices():
        raise ValidationError(
            _("“{name}” is not a time zone. Pick one from the list, e.g. Europe/Copenhagen.", name=name)
        )
    return name


def role_summary(u: User) -> str:
    """A one-phrase summary of what the user's permissions add up to, in the reader's language."""
    if u.is_super_admin:
        key = "super_admin" if u.has_service_seat else "super_admin_no_seat"
    elif not u.workspace_access:
        key = "no_access"
    elif u.manage_settings:
        key = "manager" if u.has_service_seat else "manager_no_seat"
    else:
        key = "csm" if u.has_service_seat else "no_seat"
    return _(ROLES[key])


def list_users(session: Session, actor: Actor) -> pd.DataFrame:
    """Every user with seat, permissions, teams and last sign-in (in the actor's time zone;
    super admins only)."""
    require_users(actor)
    tz = zone(actor.time_zone)
    users = session.scalars(select(User).order_by(User.is_active.desc(), func.lower(User.name), User.id)).all()
    rows = [
        (
            u.id,
            u.name,
            u.email,
            role_summary(u),
            u.has_service_seat,
            u.workspace_access,
            u.manage_settings,
            u.can_export,
            u.can_import,
            u.is_super_admin,
            u.is_active,
            ", ".join(sorted(t.name for t in u.teams)),
            _local(u.last_sign_in_at, tz),
        )
        for u in users
    ]
    return pd.DataFrame(rows, columns=USER_COLUMNS)


def _local(value: datetime | None, tz: ZoneInfo) -> datetime | None:
    return value.astimezone(tz) if value else None


def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(_("That user does not exist (any more)."))
    return user


def get_user(session: Session, actor: Actor, user_id: int) -> UserInfo:
    """The user as the edit form shows it (super admins only)."""
    require_users(actor)
    u = _user(session, user_id)
    values = {f.name: getattr(u, f.name, None) for f in fields(UserInfo)}
    return UserInfo(**values | {"team_ids": tuple(sorted(t.id for t in u.teams))})


def _password(password: str | None) -> str:
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            ngettext(
                "The password must have at least {n} character.",
                "The password must have at least {n} characters.",
                MIN_PASSWORD_LENGTH,
            )
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise ValidationError(
            ngettext(
                "The password can have at most {n} character.",
                "The password can have at most {n} characters.",
                MAX_PASSWORD_LENGTH,
            )
        )
    return password


def _other_active_super_admins(session: Session, user_id: int) -> int:
    return (
        session.scalar(
            select(func.count()).select_from(User).where(User.is_super_admin, User.is_active, User.id != user_id)
        )
        or 0
    )


def create_user(
    session: Session,
    actor: Actor,
    *,
    email: str,
    name: str,
    password: str,
    is_super_admin: bool = False,
    has_service_seat: bool = False,
    workspace_access: bool = True,
    manage_settings: bool = False,
    can_export: bool = True,
    can_import: bool = False,
    team_ids: Iterable[int] = (),
    time_zone: str = "UTC",
) -> User:
    """Add a user who can sign in with `email` and `password` (super admins only)."""
    require_users(actor)
    email = normalise_email(email)
    if not email:
        raise ValidationError(_("E-mail cannot be empty."))
    if not is_email_address(email):
        raise ValidationError(_("“{email}” is not a valid e-mail address.", email=email))
    name = clean_text(name, _("Name"), 200)
    password = _password(password)
    tz = _time_zone(time_zone)
    if session.scalar(select(User.id).where(func.lower(User.email) == email)) is not None:
        raise ValidationError(_(EMAIL_TAKEN, email=email))
    user = User(
        email=email,
        name=name,
        password_hash=hash_password(password),
        is_active=True,
        is_super_admin=bool(is_super_admin),
        has_service_seat=bool(has_service_seat),
        workspace_access=bool(workspace_access),
        manage_settings=bool(manage_settings),
        can_export=bool(can_export),
        can_import=bool(can_import),
        time_zone=tz,
        teams=teams_by_id(session, team_ids),
    )
    with flushing(session, conflict=USER_CONFLICT, duplicate=_(EMAIL_TAKEN, email=email)):
        session.add(user)
    return user


def update_user(session: Session, actor: Actor, user_id: int, *, expected_version: int, **changes) -> User:
    """Change seat, permissions, teams, name or time zone (super admins only). Refused
    when the user changed since `expected_version` was read."""
    require_users(actor)
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError(
            _("These user fields cannot be changed here: {fields}.", fields=", ".join(sorted(unknown)))
        )
    user = _user(session, user_id)
    check_version(user.version, expected_version, USER_CONFLICT)
    # Validate and read everything first: a query after the first assignment would autoflush
    # and move the version twice.
    values = {f: bool(changes[f]) for f in _FLAGS if f in changes}
    if "name" in changes:
        values["name"] = clean_text(changes["name"], _("Name"), 200)
    if "time_zone" in changes:
        values["time_zone"] = _time_zone(changes["time_zone"])
    if "team_ids" in changes:
        values["teams"] = teams_by_id(session, changes["team_ids"])
    demoted = user.is_super_admin and not values.get("is_super_admin", True)
    if demoted and user.is_active and not _other_active_super_admins(session, user.id):
        raise ValidationError(_(LAST_ADMIN))
    with session.no_autoflush:
        for key, value in values.items():
            setattr(user, key, value)
    if not session.is_modified(user, include_collections=False):
        # Team changes alone emit no UPDATE of the user row; force one so the version moves.
        flag_modified(user, "name")
    with flushing(session, conflict=USER_CONFLICT):
        pass
    return user


def deactivate_user(session: Session, actor: Actor, user_id: int, *, expected_version: int | None = None) -> User:
    """Stop a user from signing in and sign them out everywhere (not yourself, not the
    last active super admin)."""
    require_users(actor)
    if user_id == actor.id:
        raise ValidationError(_("You cannot deactivate your own account."))
    user = _user(session, user_id)
    check_version(user.version, expected_version, USER_CONFLICT)
    if not user.is_active:
        return user
    if user.is_super_admin and not _other_active_super_admins(session, user.id):
        raise ValidationError(_(LAST_ADMIN))
    user.is_active = False
    with flushing(session, conflict=USER_CONFLICT):
        revoke_user_sessions(session, user.id)
    return user


def reactivate_user(session: Session, actor: Actor, user_id: int, *, expected_version: int | None = None) -> User:
    """Let a deactivated user sign in again."""
    require_users(actor)
    user = _user(session, user_id)
    check_version(user.version, expected_version, USER_CONFLICT)
    user.is_active = True
    with flushing(session, conflict=USER_CONFLICT):
        pass
    return user


def reset_password(session: Session, actor: Actor, user_id: int, new_password: str) -> None:
    """Set a new password; the user's other sign-ins end (yours stay when it is your own)."""
    require_users(actor)
    user = _user(session, user_id)
    user.password_hash = hash_password(_password(new_password))
    with flushing(session, conflict=USER_CONFLICT):
        if user.id != actor.id:
            revoke_user_sessions(session, user.id)


def set_own_time_zone(session: Session, actor: Actor, tz: str) -> None:
    """Any signed-in user may pick their own time zone."""
    require(actor.is_active, DEACTIVATED)
    _user(session, actor.id).time_zone = _time_zone(tz)
    with flushing(session, conflict=USER_CONFLICT):
        pass


def set_own_language(session: Session, actor: Actor, language: str | None) -> None:
    """Any signed-in user may pick the language they read; None goes back to the workspace
    default (else the browser's language)."""
    require(actor.is_active, DEACTIVATED)
    if language is not None and i18n.supported(language) != language:
        raise ValidationError(_("Pick a language from the list."))
    _user(session, actor.id).language = language
    with flushing(session, conflict=USER_CONFLICT):
        pass


def create_first_super_admin(session: Session, *, email: str, name: str, password: str) -> User:
    """Bootstrap a database without demo data: the first super admin, with a Service seat.
    Refused once any active super admin exists (then admins add users in Settings)."""
    if session.scalar(select(User.id).where(User.is_super_admin, User.is_active).limit(1)) is not None:
        raise ValidationError(_("This workspace already has a super admin; add users in Settings → Users & teams."))
    setup = Actor(id=0, email="setup", name="Setup", is_super_admin=True, has_service_seat=True)
    return create_user(
        session, setup, email=email, name=name, password=password, is_super_admin=True, has_service_seat=True
    )
