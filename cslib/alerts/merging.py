"""A merge's reaction in alerts (through `cslib.reactions`): the merged-away record's
alerts move to the record kept, so its open alerts stay in the lists and its history of
alerts stays with the customer."""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.orm import Session

from cslib.models import Alert


def on_records_merged(session: Session, object_type: str, keep_id: int, merge_id: int) -> dict[str, int]:
    """Re-point the merged record's alerts to the kept one; returns {"alerts": how many}."""
    moved = session.execute(
        update(Alert).where(Alert.object_type == object_type, Alert.object_id == merge_id).values(object_id=keep_id)
    ).rowcount
    return {"alerts": moved}
