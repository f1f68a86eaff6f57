"""The wording of each kind of notification, declared by the package that sends it.

A notification stores its kind and the values its wording is filled with (`params`), never
text in one language: each reader gets it worded in theirs, today's catalog included. The
English wording is stored beside them (`title`, `body`) for logs and for a kind no package
declares any more.

    register_kind("export_ready", N_("Your export “{name}” is ready"),
                  N_("{rows} rows, {size}. The link works for {days} days."))

Placeholders are filled from `params`: numbers in the reader's number format, text as it
is. Where a value needs words (a plural, a file size), pass `fill`: it turns the stored
params into the placeholder values, and runs in the reader's language.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from cslib import i18n
from cslib.i18n import _

log = logging.getLogger(__name__)

MAX_KIND = 30  # the column's length
Fill = Callable[[Mapping[str, object]], Mapping[str, object]]


@dataclass(frozen=True)
class Kind:
    """How one kind of notification reads: English messages (marked with N_) and the
    optional hook that turns its params into placeholder values."""

    kind: str
    title: str
    body: str | None = None
    fill: Fill | None = None


_KINDS: dict[str, Kind] = {}


def register_kind(kind: str, title: str, body: str | None = None, *, fill: Fill | None = None) -> None:
    """Declare the wording of `kind` (at import time of the package that sends it)."""
    if not kind or len(kind) > MAX_KIND:
        raise ValueError(f"notification kind must be 1 to {MAX_KIND} characters: {kind!r}")
    new = Kind(kind, title, body, fill)
    old = _KINDS.get(kind)
    if old is not None and (old.title, old.body) != (title, body):
        raise ValueError(f"notification kind {kind!r} is already worded differently")
    _KINDS[kind] = new


def get_kind(kind: str) -> Kind | None:
    return _KINDS.get(kind)


def registered_kinds() -> list[str]:
    return sorted(_KINDS)


def placeholder_values(params: Mapping[str, object] | None) -> dict[str, object]:
    """Params as placeholder values in the current language: numbers formatted, the rest text."""
    out: dict[str, object] = {}
    for key, value in (params or {}).items():
        number = isinstance(value, int | float) and not isinstance(value, bool)
        out[key] = i18n.number(value) if number else ("" if value is None else str(value))
    return out


def render(kind: str, params: Mapping[str, object] | None, language: str) -> tuple[str, str | None]:
    """(title, body) of a declared kind in `language`; KeyError when the kind is not
    declared, KeyError/ValueError/TypeError when its wording cannot be filled from `params`."""
    spec = _KINDS[kind]
    with i18n.use(language):
        filled = dict(spec.fill(params or {})) if spec.fill else placeholder_values(params)
        return _render(spec.title, filled), (_render(spec.body, filled) if spec.body else None)


def wording(
    kind: str,
    params: Mapping[str, object] | None,
    language: str | None = None,
    *,
    fallback: tuple[str, str | None] | None = None,
) -> tuple[str, str | None]:
    """(title, body) of a notification in `language` (None: the current one). A kind no
    package declares, or params its wording cannot be filled from, give `fallback` (the
    stored English wording), else the kind itself."""
    if kind in _KINDS:
        try:
            return render(kind, params, language or i18n.current())
        except (KeyError, IndexError, ValueError, TypeError, AttributeError):
            log.warning("notification kind %r could not be worded from %r", kind, sorted(params or {}))
    return fallback or (kind, None)


def _render(message: str, filled: dict[str, object]) -> str:
    """The translated message filled in; a translation whose placeholders do not match
    falls back to the English message rather than failing the reader's page."""
    try:
        return _(message).format(**filled)
    except (KeyError, IndexError, ValueError):
        return message.format(**filled)
