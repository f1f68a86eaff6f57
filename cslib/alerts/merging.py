"""A merge's reaction in alerts (through `cslib.reactions`): the merged-away record's
alerts move to the record kept, so its open alerts stay in the lists and its history of
alerts stays with the customer. Records deleted for good take their alerts with them."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from cslib.models import Alert


def on_records_merged(session: Session, object_type: str, keep_id: int, merge_id: int) -> dict[str, int]:
    """Re-point the merged record's alerts to the kept one; returns {"alerts": how many}."""
    moved = session.execute(
        update(Alert).where(Alert.object_type == object_type, Alert.object_id == merge_id).values(object_id=keep_id)
    ).rowcount
    return {"alerts": moved}


def on_records_deleted(session: Session, object_type: str, ids: Sequence[int]) -> None:
    """Delete the alerts of records that are deleted for good."""
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        session.execute(delete(Alert).where(Alert.object_type == object_type, Alert.object_id.in_(chunk)))
