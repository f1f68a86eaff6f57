"""Checks of input shared by every package: whole numbers that arrive as text (link
parameters such as ?page=2, ?id=123, ids inside a link's filter, a component's event id)
with one strict parser and the note a page shows when a link's value is dropped; permission
gates with readable messages; text fields; optimistic-lock versions; and turning a lost
update at flush into a conflict."""

from __future__ import annotations

import numbers
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from cslib import i18n
from cslib.errors import ConflictError, ValidationError, quote
from cslib.i18n import N_, _, ngettext
from cslib.permissions import Actor, can_manage_settings, can_manage_users, can_use_workspace, require

SETTINGS_DENIED = N_(
    "Only super admins and users with the “Manage customer success settings” permission can change workspace settings."
)
USERS_DENIED = N_("Only super admins can manage users and teams.")
READ_DENIED = N_("Your account has no access to the Customer Success workspace.")

MAX_ID = 2**31 - 1  # integer columns on PostgreSQL
MAX_DIGITS = 19  # far below int()'s 4,300-digit limit, and cheap to convert
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")


def user_in_link(raw: str | None, notes: list[str], refused: str) -> int | None:
    """A link's `user` parameter as a user id (None when absent). When it is not one, a
    note worded by `refused` (an N_ message with {value}) is added and None returned."""
    if raw is None:
        return None
    user_id = parse_int(raw)
    if user_id is None:
        notes.append(_(refused, value=quote(raw[:40])))
    return user_id


def parse_int(raw: object, *, low: int = 1, high: int = MAX_ID) -> int | None:
    """`raw` as an int from `low` to `high`, or None; never raises.

    Text must be ASCII digits only, at most MAX_DIGITS of them: no sign, spaces, "0x10",
    "1_000", or Unicode digits such as "²" and "٣" (which `str.isdigit()` accepts and
    `int()` either refuses or reads). Integers (not bools) are only range-checked."""
    if isinstance(raw, bool):
        return None
    if isinstance(raw, numbers.Integral):
        value = int(raw)
    elif isinstance(raw, str) and 0 < len(raw) <= MAX_DIGITS and raw.isascii() and raw.isdigit():
        value = int(raw)
    else:
        return None
    return value if low <= value <= high else None


def as_date(value: object) -> date | None:
    """A stored date (a date, a datetime's day, or ISO text as SQLite returns it); None
    when there is none or it is not a date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def as_utc(value: object) -> datetime | None:
    """A stored timestamp as an aware UTC datetime (naive ones are UTC, as we store them);
    None when there is none or it is not a timestamp."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        try:
            value = datetime.fromisoformat(str(value))
        except ValueError:
            return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def is_email_address(value: str) -> bool:
    """A name, one @ and a dotted domain, at most 254 characters: the shape every mail
    system accepts. (Whether the mailbox exists is not ours to know.)"""
    return len(value) <= 254 and _EMAIL_RE.match(value) is not None


def is_same_site_path(value: object) -> bool:
    """A path on this site ("/exports/5"): never "//evil.example", "https://…" or a
    backslash some browsers read as a slash. For redirects and links we hand out."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return False
    parts = urlsplit(value)
    return not (parts.scheme or parts.netloc)


def ignored(what: str, raw: object) -> str:
    """The note for a link value that was dropped, quoting it (cut short, no control
    characters): The link's page number “²” is not valid and was ignored."""
    return _("The link's {what} {value} is not valid and was ignored.", what=what, value=quote(raw))


def int_param(raw: str | None, what: str, notes: list[str], *, low: int = 1, high: int = MAX_ID) -> int | None:
    """A link parameter as a whole number: None when it is absent, or not valid (then with a
    note in `notes` naming it as `what`)."""
    if raw in (None, ""):
        return None
    number = parse_int(raw, low=low, high=high)
    if number is None:
        notes.append(ignored(what, raw))
    return number


STALE = N_("Someone else changed this since you opened it. Reload to see their changes.")


def require_settings(actor: Actor) -> None:
    require(can_manage_settings(actor), SETTINGS_DENIED)


def require_users(actor: Actor) -> None:
    require(can_manage_users(actor), USERS_DENIED)


def require_workspace(actor: Actor) -> None:
    require(can_use_workspace(actor), READ_DENIED)


def clean_text(value: object, field: str, max_len: int, *, required: bool = True) -> str:
    """`value` stripped; refused when empty (if `required`) or longer than `max_len`
    characters. `field` is the field's label as the reader sees it (already translated)."""
    text = str(value or "").strip()
    if required and not text:
        raise ValidationError(_("{field} cannot be empty.", field=field))
    if len(text) > max_len:
        raise ValidationError(
            ngettext(
                "{field} can be at most {n} character (it has {length}).",
                "{field} can be at most {n} characters (it has {length}).",
                max_len,
                field=field,
                length=i18n.number(len(text)),
            )
        )
    return text


def check_version(current: int, expected: int | None, message: str) -> None:
    """Refuse an edit made on a copy older than the stored row (`expected` None skips)."""
    if expected is not None and int(expected) != int(current):
        raise ConflictError(_(message))


@contextmanager
def flushing(session: Session, *, conflict: str = STALE, duplicate: str | None = None) -> Iterator[None]:
    """Flush now, so a concurrent change (version mismatch) or a unique clash surfaces as a
    message for the user instead of a traceback at commit."""
    yield
    try:
        session.flush()
    except StaleDataError as exc:
        raise ConflictError(_(conflict)) from exc
    except IntegrityError as exc:
        if duplicate is None:
            raise
        raise ValidationError(_(duplicate)) from exc
