"""Kinds the notification tests send. Their wording reuses messages the catalogs already
translate, so the tests see real Danish and Polish (tests are not extracted)."""

from __future__ import annotations

from cslib import i18n
from cslib.notifications import register_kind

MOVED = "test_moved"  # "Moved “{name}” to {stage}." / "Max points: {total} of {max}"
PLAIN = "test_plain"  # a title without a body
FILLED = "test_filled"  # placeholder values made by the kind's own hook

register_kind(MOVED, "Moved “{name}” to {stage}.", "Max points: {total} of {max}")
register_kind(PLAIN, "Reload")


def _filled(params):  # noqa: ANN001, ANN202
    """The hook a sending package writes for values that need words (runs in the reader's
    language): here the language it ran in, to show that it does."""
    return {"name": params["name"].upper(), "stage": i18n.current()}


register_kind(FILLED, "Moved “{name}” to {stage}.", fill=_filled)


def moved(name: str = "Acme", stage: str = "Won", total: float = 1234.5, max_: int = 2000) -> dict:
    return {"name": name, "stage": stage, "total": total, "max": max_}
