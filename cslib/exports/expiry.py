"""The periodic job that keeps the exports folder honest: files past their expiry date
are deleted (the Exports page then says "expired"), exports whose job gave up are marked
failed, and files or build folders that no export owns (left by a killed worker) go."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, select, update

from cslib import jobs
from cslib.db import read_session, write_session
from cslib.exports.requests import exports_dir
from cslib.files import remove_stale_files
from cslib.i18n import N_
from cslib.models import Export, Job, utcnow

log = logging.getLogger(__name__)
EXPIRE_JOB = "exports.expire"
ORPHAN_AGE_SECONDS = 3600
NOT_BUILT = N_("The export could not be built: the worker gave up on it.")

jobs.schedule_periodic("exports.expire", "exports.expire", minutes=30)


@jobs.handler(EXPIRE_JOB)
def _expire_job(engine: Engine, payload: dict) -> dict:
    return expire_exports(engine)


def expire_exports(engine: Engine, *, now: datetime | None = None) -> dict:
    """Expire due exports, fail abandoned ones, tidy the folder; the counts of each."""
    now = now or utcnow()
    with write_session(engine) as s:
        due = s.execute(
            select(Export.id, Export.stored_name).where(Export.status == "ready", Export.expires_at <= now)
        ).all()
        for export_id, stored in due:
            if stored:
                (exports_dir() / stored).unlink(missing_ok=True)
            s.execute(update(Export).where(Export.id == export_id).values(status="expired", stored_name=None))
        failed = _fail_abandoned(s, now)
    return {"expired": len(due), "failed": failed, "removed": _remove_orphans(engine)}


def _fail_abandoned(s, now: datetime) -> int:  # noqa: ANN001
    """Queued or building exports whose job failed for good, or is gone."""
    pending = s.execute(select(Export.id, Export.options).where(Export.status.in_(("queued", "building")))).all()
    job_ids = {int(o.get("job_id")) for _, o in pending if isinstance(o, dict) and o.get("job_id")}
    alive = set(s.scalars(select(Job.id).where(Job.id.in_(job_ids), Job.status.in_(("queued", "running")))))
    abandoned = [i for i, o in pending if not (isinstance(o, dict) and o.get("job_id") in alive)]
    if abandoned:
        s.execute(
            update(Export)
            .where(Export.id.in_(abandoned), Export.status.in_(("queued", "building")))
            .values(status="failed", error=NOT_BUILT, finished_at=now)
        )
    return len(abandoned)


def _remove_orphans(engine: Engine) -> int:
    folder = exports_dir()
    if not folder.is_dir():
        return 0
    with read_session(engine) as s:
        owned = set(s.scalars(select(Export.stored_name).where(Export.stored_name.is_not(None))))
        building = {str(i) for i in s.scalars(select(Export.id).where(Export.status == "building"))}

    def keep(path: Path) -> bool:
        being_built = path.name.startswith(".build-") and path.name.split("-")[1] in building
        return path.name in owned or being_built

    removed = remove_stale_files(folder, keep, age_seconds=ORPHAN_AGE_SECONDS)
    if removed:
        log.info("removed %d export file(s) no export owns", removed)
    return removed
