"""The periodic job that keeps the imports folder small: drafts nobody started within a
day go (row and file), files of imports that ended more than FILE_DAYS ago are deleted
(the import, its summary and its undo stay; only its error file can no longer be made),
and files no import owns (an upload cut off half-way) go after an hour."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, or_, select, update

from cslib import jobs
from cslib.db import write_session
from cslib.files import remove_stale_files
from cslib.imports.store import imports_dir
from cslib.models import Import, utcnow

log = logging.getLogger(__name__)
EXPIRE_JOB = "imports.expire"
DRAFT_HOURS = 24
FILE_DAYS = 30
ORPHAN_AGE_SECONDS = 3600

jobs.schedule_periodic("imports.expire", "imports.expire", minutes=60)


@jobs.handler(EXPIRE_JOB)
def _expire_job(engine: Engine, payload: dict) -> dict:
    return expire_imports(engine)


def expire_imports(engine: Engine, *, now: datetime | None = None) -> dict:
    """Delete stale drafts and old files; the counts of each."""
    now = now or utcnow()
    with write_session(engine) as s:
        drafts = s.execute(
            select(Import.id, Import.stored_name).where(
                Import.status == "draft", Import.created_at <= now - timedelta(hours=DRAFT_HOURS)
            )
        ).all()
        s.execute(delete(Import).where(Import.id.in_([d[0] for d in drafts])))
        old = s.execute(
            select(Import.id, Import.stored_name).where(
                Import.status.in_(("done", "failed", "undone")),
                Import.stored_name.is_not(None),
                or_(
                    Import.finished_at <= now - timedelta(days=FILE_DAYS),
                    Import.undone_at <= now - timedelta(days=FILE_DAYS),
                ),
            )
        ).all()
        s.execute(update(Import).where(Import.id.in_([o[0] for o in old])).values(stored_name=None))
        owned = set(s.scalars(select(Import.stored_name).where(Import.stored_name.is_not(None))))
    for _id, stored in [*drafts, *old]:
        if stored:
            (imports_dir() / stored).unlink(missing_ok=True)
    orphans = _remove_orphans(owned)
    return {"drafts": len(drafts), "files": len(old), "orphans": orphans}


def _remove_orphans(owned: set[str]) -> int:
    return remove_stale_files(imports_dir(), lambda path: path.name in owned, age_seconds=ORPHAN_AGE_SECONDS)
