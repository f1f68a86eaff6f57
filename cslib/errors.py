"""Errors cslib raises for the user to read. Pages show `str(exc)`; nothing else leaks."""

import unicodedata

_UNPRINTABLE = frozenset({"Cc", "Cs", "Zl", "Zp"})


def quote(value: object) -> str:
    """A user's value inside a message: “text”, control characters dropped, cut short."""
    text = str(value) if isinstance(value, str | int | float) else type(value).__name__
    text = "".join(ch for ch in text if unicodedata.category(ch) not in _UNPRINTABLE)
    return f"“{text if len(text) <= 60 else text[:57] + '...'}”"


class CsError(Exception):
    """Base: the message is written for the person using the app."""


class ValidationError(CsError):
    """Input was refused; nothing was saved."""


class ConflictError(CsError):
    """Someone else changed the record since it was opened; nothing was saved."""


class NotFound(CsError):
    """The record does not exist (or is not visible to this user)."""
