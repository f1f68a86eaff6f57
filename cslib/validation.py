"""Small checks shared by the settings modules: permission gates with readable messages,
text fields, optimistic-lock versions, and turning a lost update at flush into a conflict."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from cslib.errors import ConflictError, ValidationError
from cslib.permissions import Actor, can_manage_settings, can_manage_users, can_use_workspace, require

SETTINGS_DENIED = (
    "Only super admins and users with the “Manage customer success settings” permission can change workspace settings."
)
USERS_DENIED = "Only super admins can manage users and teams."
READ_DENIED = "Your account has no access to the Customer Success workspace."
STALE = "Someone else changed this since you opened it. Reload to see their changes."


def require_settings(actor: Actor) -> None:
    require(can_manage_settings(actor), SETTINGS_DENIED)


def require_users(actor: Actor) -> None:
    require(can_manage_users(actor), USERS_DENIED)


def require_workspace(actor: Actor) -> None:
    require(can_use_workspace(actor), READ_DENIED)


def clean_text(value: object, field: str, max_len: int) -> str:
    """`value` stripped; refused when empty or longer than `max_len` characters."""
    text = str(value or "").strip()
    if not text:
        raise ValidationError(f"{field} cannot be empty.")
    if len(text) > max_len:
        raise ValidationError(f"{field} can be at most {max_len} characters (it has {len(text)}).")
    return text


def check_version(current: int, expected: int | None, message: str) -> None:
    """Refuse an edit made on a copy older than the stored row (`expected` None skips)."""
    if expected is not None and int(expected) != int(current):
        raise ConflictError(message)


@contextmanager
def flushing(session: Session, *, conflict: str = STALE, duplicate: str | None = None) -> Iterator[None]:
    """Flush now, so a concurrent change (version mismatch) or a unique clash surfaces as a
    message for the user instead of a traceback at commit."""
    yield
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConflictError(conflict) from exc
    except IntegrityError as exc:
        if duplicate is None:
            raise
        raise ValidationError(duplicate) from exc
