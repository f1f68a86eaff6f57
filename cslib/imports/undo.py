"""Undoing an import as a whole, in one transaction of the worker: the links it made are
unmade, the values it replaced are put back from property history (where nobody changed
them since), the records it created are deleted with what hangs off them, and its history
rows and source IDs go. Run twice, the second run finds nothing to do.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from cslib import jobs
from cslib.db import write_session
from cslib.errors import ValidationError
from cslib.i18n import _
from cslib.imports.store import ImportInfo, _load, get_import
from cslib.models import Import, ImportRow, SourceId, utcnow
from cslib.permissions import Actor
from cslib.records import (
    delete_records,
    forget_history,
    import_changes,
    restore_values,
    unlink_import,
    value_from_history,
)
from cslib.users import get_actor

UNDO_JOB = "imports.undo"


def undo_import(session: Session, actor: Actor, import_id: int) -> ImportInfo:
    """Ask the worker to undo an import that has finished or stopped."""
    imp = _load(session, actor, import_id, for_update=True)
    if imp.status not in ("done", "failed"):
        raise ValidationError(_("Only a finished or stopped import can be undone."))
    imp.status = "undoing"
    session.flush()
    jobs.enqueue(session, "imports.undo", {"import_id": imp.id, "by": actor.id}, dedupe_key=f"import-undo:{imp.id}")
    return get_import(session, actor, imp.id)


@jobs.handler(UNDO_JOB)
def _undo_job(engine: Engine, payload: dict) -> dict:
    return run_undo(engine, int(payload["import_id"]), int(payload.get("by") or 0) or None)


def run_undo(engine: Engine, import_id: int, by: int | None = None) -> dict:
    """Undo import `import_id` if it is waiting to be undone; returns what was reverted."""
    with write_session(engine) as s:
        imp = s.get(Import, import_id)
        if imp is None or imp.status != "undoing":
            return {"import_id": import_id, "skipped": True}
        actor = get_actor(s, by or imp.user_id)
        result = revert(s, actor, imp.id, imp.object_type)
        imp.status, imp.undone_at = "undone", utcnow()
    return {"import_id": import_id, **result}


def revert(session: Session, actor: Actor, import_id: int, object_type: str) -> dict[str, int]:
    """Everything `import_id` wrote, reverted in the caller's transaction."""
    unlinked = unlink_import(session, actor, import_id)
    restored = kept = 0
    for chunk in _chunks(_records(session, import_id, "updated")):
        r, k = _restore(session, actor, import_id, object_type, chunk)
        restored, kept = restored + r, kept + k
    session.execute(delete(SourceId).where(SourceId.import_id == import_id))
    removed = delete_records(session, actor, object_type, _records(session, import_id, "created"))
    forget_history(session, import_id=import_id)
    return {"removed": removed, "restored": restored, "kept": kept, "unlinked": unlinked}


def _records(session: Session, import_id: int, action: str) -> list[int]:
    """The records rows of the import `action`ed (created or updated), each once."""
    return list(
        session.scalars(
            select(ImportRow.record_id)
            .where(ImportRow.import_id == import_id, ImportRow.action == action, ImportRow.record_id.is_not(None))
            .distinct()
        )
    )


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def _restore(session: Session, actor: Actor, import_id: int, object_type: str, ids: list[int]) -> tuple[int, int]:
    """Put back what the import replaced on these records: per property, the value before
    its first change, where the value is still its last."""
    olds: dict[int, dict[str, object]] = defaultdict(dict)
    expected: dict[int, dict[str, object]] = defaultdict(dict)
    for record_id, prop, old, new in import_changes(session, import_id, ids):
        olds[record_id].setdefault(prop, value_from_history(session, object_type, prop, old))
        expected[record_id][prop] = value_from_history(session, object_type, prop, new)
    if not olds:
        return 0, 0
    return restore_values(session, actor, object_type, olds, expected, now=utcnow())
