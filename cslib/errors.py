"""Errors cslib raises for the user to read. Pages show `str(exc)`; nothing else leaks."""

import unicodedata

from cslib import i18n

_UNPRINTABLE = frozenset({"Cc", "Cs", "Zl", "Zp"})


# Quotation marks around a user's value, as each language writes them.
_QUOTES = {"pl": ("„", "”")}
_DEFAULT_QUOTES = ("“", "”")


def quote(value: object) -> str:
    """A user's value inside a message: “text” („text” in Polish), control characters
    dropped, cut short."""
    text = str(value) if isinstance(value, str | int | float) else type(value).__name__
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _UNPRINTABLE)
    opening, closing = _QUOTES.get(i18n.current(), _DEFAULT_QUOTES)
    return f"{opening}{text if len(text) <= 60 else text[:57] + '...'}{closing}"


class CsError(Exception):
    """Base: the message is written for the person using the app."""


class ValidationError(CsError):
    """Input was refused; nothing was saved."""


class ConflictError(CsError):
    """Someone else changed the record since it was opened; nothing was saved."""


class NotFound(CsError):
    """The record does not exist (or is not visible to this user)."""
