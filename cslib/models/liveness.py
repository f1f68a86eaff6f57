"""Which rows are live, said once for every package: a row is live while it is not deleted
(deleted_at is empty) and, for tables whose records can be merged, not merged into
another (merged_into_id is empty). A merge sets both on the merged-away record, so a
record that is merged is also deleted; every reader still asks both, through here."""

from __future__ import annotations

from sqlalchemy import and_
from sqlalchemy.sql.elements import ColumnElement

from cslib.models.crm import Record


def live(model, object_type: str | None = None) -> ColumnElement[bool]:  # noqa: ANN001
    """The condition of a live row of `model` (a table with deleted_at); on the shared
    Record table, with `object_type`, also of that object type."""
    parts = [model.deleted_at.is_(None)]
    if hasattr(model, "merged_into_id"):
        parts.append(model.merged_into_id.is_(None))
    if model is Record and object_type is not None:
        parts.append(Record.object_type == object_type)
    return and_(*parts)


def is_live(row) -> bool:  # noqa: ANN001
    """The same rule for a loaded row."""
    return row.deleted_at is None and getattr(row, "merged_into_id", None) is None
