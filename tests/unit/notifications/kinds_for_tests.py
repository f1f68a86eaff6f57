"""Kinds the notification tests send. Their wording reuses messages the catalogs already
translate, so the tests see real Danish and Polish (tests are not extracted)."""

from __future__ import annotations

from cslib.notifications import register_kind

MOVED = "test_moved"  # "Moved “{name}” to {stage}." / "Max points: {total} of {max}"
PLAIN = "test_plain"  # a title without a body

register_kind(MOVED, "Moved “{name}” to {stage}.", "Max points: {total} of {max}")
register_kind(PLAIN, "Reload")


def moved(name: str = "Acme", stage: str = "Won", total: float = 1234.5, max_: int = 2000) -> dict:
    return {"name": name, "stage": stage, "total": total, "max": max_}
