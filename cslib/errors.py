"""Errors cslib raises for the user to read. Pages show `str(exc)`; nothing else leaks."""


class CsError(Exception):
    """Base: the message is written for the person using the app."""


class ValidationError(CsError):
    """Input was refused; nothing was saved."""


class ConflictError(CsError):
    """Someone else changed the record since it was opened; nothing was saved."""


class NotFound(CsError):
    """The record does not exist (or is not visible to this user)."""
