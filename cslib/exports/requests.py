"""Asking for an export, the user's list of exports, and handing out a finished file.

An export takes the list as the user sees it: the filters a list ran (view, filter bar,
advanced filters, the tab's pipeline), its columns and its sort. They are checked here,
against the object's properties, before a job is queued, so a bad request is refused at
once with a message rather than failing later in the worker.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib import jobs
from cslib.config import get_settings
from cslib.errors import NotFound
from cslib.exports.options import ExportOptions, safe_file_name
from cslib.i18n import N_, _
from cslib.lists import check_sort, display_columns, where_clauses
from cslib.models import Export, utcnow
from cslib.permissions import Actor, can_export, require
from cslib.properties import properties_for
from cslib.validation import parse_int

EXPORT_DENIED = N_("Your account cannot export records: ask a super admin for the export permission.")
BUILD_JOB = "exports.build"
EXPORTS_PAGE = "/exports"  # the page listing a user's exports (pages/exports.py)
MAX_LISTED = 100
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "zip": "application/zip",
}
GONE = N_("This export is not available: it has expired, failed, is not ready yet, or belongs to someone else.")


@dataclass(frozen=True)
class ExportInfo:
    """One row of the Exports page. `status`: queued, building, ready, failed or expired."""

    id: int
    name: str
    object_type: str
    format: str
    status: str
    row_count: int | None
    size_bytes: int | None
    part_count: int | None
    created_at: datetime
    finished_at: datetime | None
    expires_at: datetime | None
    download_path: str | None  # the download route, while the file can be downloaded


@dataclass(frozen=True)
class Download:
    path: Path
    file_name: str
    media_type: str


def exports_dir() -> Path:
    """Where export files live: CS_DATA_DIR/exports (never served as static files)."""
    return get_settings().cs_data_dir / "exports"


def download_path(export_id: int) -> str:
    """The same-site path of the download route (cslib.web serves it)."""
    return f"/exports/{int(export_id)}/download"


def request_export(
    session: Session,
    actor: Actor,
    object_type: str,
    options: ExportOptions,
    *,
    filters: list[dict | None],
    columns: list[str],
    sort: list[dict],
    view_id: int | None = None,
) -> int:
    """Queue an export of the live records of `object_type` matching `filters`, in `sort`
    order, and return its id at once; the worker builds the file (exports.build)."""
    require(can_export(actor), EXPORT_DENIED)
    options = options.checked()
    props = properties_for(session, object_type)
    check_sort(props, sort)
    shown = list(display_columns(session, object_type, columns))
    kept = [f for f in filters if f]
    where_clauses(actor, object_type, props, kept)  # refuse a bad filter now, with its message
    export = Export(
        user_id=actor.id,
        name=options.name,
        object_type=object_type,
        view_id=view_id,
        format=options.format,
        language=options.language,
        options={**options.as_dict(), "filters": kept, "columns": shown, "sort": list(sort)},
        status="queued",
    )
    session.add(export)
    session.flush()
    job = jobs.enqueue(session, "exports.build", {"export_id": export.id}, dedupe_key=f"export:{export.id}")
    export.options = {**export.options, "job_id": job.id}
    return export.id


def list_exports(session: Session, actor: Actor, *, now: datetime | None = None) -> list[ExportInfo]:
    """The actor's own exports, newest first (the latest MAX_LISTED)."""
    now = now or utcnow()
    rows = session.scalars(
        select(Export).where(Export.user_id == actor.id).order_by(Export.created_at.desc(), Export.id.desc())
    ).fetchmany(MAX_LISTED)
    return [_info(e, now) for e in rows]


def shown_status(export: Export, now: datetime) -> str:
    if export.status == "ready" and export.expires_at is not None and export.expires_at <= now:
        return "expired"
    return export.status


def _info(e: Export, now: datetime) -> ExportInfo:
    status = shown_status(e, now)
    return ExportInfo(
        e.id,
        e.name,
        e.object_type,
        e.format,
        status,
        e.row_count,
        e.size_bytes,
        e.part_count,
        e.created_at,
        e.finished_at,
        e.expires_at,
        download_path(e.id) if status == "ready" else None,
    )


def download_file(session: Session, actor: Actor, export_id: object, *, now: datetime | None = None) -> Download:
    """The file of export `export_id` for its owner: NotFound for anyone else's, and for
    one that is not ready, expired or whose file is gone (the same answer, so a guessed id
    tells nothing). A user who lost the export permission downloads nothing more."""
    require(can_export(actor), EXPORT_DENIED)
    number = parse_int(export_id)
    export = session.get(Export, number) if number is not None else None
    now = now or utcnow()
    if export is None or export.user_id != actor.id or shown_status(export, now) != "ready" or not export.stored_name:
        raise NotFound(_(GONE))
    path = exports_dir() / export.stored_name
    if not path.is_file():
        raise NotFound(_(GONE))
    extension = path.suffix.lstrip(".")
    return Download(path, export.file_name or f"{safe_file_name(export.name)}.{extension}", MEDIA_TYPES[extension])


def expiry_for(finished: datetime) -> datetime:
    return finished + timedelta(days=get_settings().cs_export_days)
