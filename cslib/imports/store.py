"""An import from upload to summary: the file kept under CS_DATA_DIR/imports, the user's
choices (object, mapping, locale, whose Record IDs), the list of imports, and the rows an
import skipped as a downloadable error file.

Who may import: `permissions.can_import`. A user sees and undoes their own imports; admins
(the settings permission) see everyone's.
"""

from __future__ import annotations

import csv
import io
import os
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib.config import get_settings
from cslib.errors import NotFound, ValidationError
from cslib.exports import neutralised
from cslib.i18n import N_, _
from cslib.imports.aliases import OBJECTS, Target
from cslib.imports.files import ImportFileError, Table, max_bytes, open_table
from cslib.imports.mapping import check_mapping, guess_mapping
from cslib.imports.match import MODES
from cslib.imports.parsing import LOCALES
from cslib.models import Import, ImportRow, User
from cslib.permissions import Actor, can_import, can_manage_settings, require

IMPORT_DENIED = N_("Your account cannot import records: ask an admin for the Import permission.")
GONE = N_("That import does not exist (any more).")
MAX_LISTED = 50
MAX_FILE_NAME = 255


@dataclass(frozen=True)
class ImportInfo:
    """One import as its page shows it. `status`: draft, queued, running, done, failed,
    undoing or undone."""

    id: int
    user_name: str | None
    object_type: str
    file_name: str
    status: str
    locale: str
    record_ids: str
    mapping: tuple[Target, ...]
    rows_total: int
    rows_done: int
    created: int
    updated: int
    unchanged: int
    skipped: int
    error: str | None
    created_at: datetime
    finished_at: datetime | None
    undone_at: datetime | None

    @property
    def can_undo(self) -> bool:
        return self.status in ("done", "failed") and (self.created or self.updated or self.rows_done)


def imports_dir() -> Path:
    """Where uploaded files are kept (never served)."""
    return get_settings().cs_data_dir / "imports"


def _info(imp: Import, user_name: str | None) -> ImportInfo:
    return ImportInfo(
        imp.id,
        user_name,
        imp.object_type,
        imp.file_name,
        imp.status,
        imp.locale,
        imp.record_ids,
        tuple(Target(m["kind"], m.get("name")) for m in imp.mapping or ()),
        imp.rows_total,
        imp.rows_done,
        imp.created_count,
        imp.updated_count,
        imp.unchanged_count,
        imp.skipped_count,
        imp.error,
        imp.created_at,
        imp.finished_at,
        imp.undone_at,
    )


def upload(session: Session, actor: Actor, file_name: str, data: bytes, *, object_type: str = "company") -> ImportInfo:
    """Keep an uploaded file as a draft import, if it is a CSV or XLSX file we can read;
    its mapping starts as the one guessed from its header."""
    require(can_import(actor), _(IMPORT_DENIED))
    if len(data) > max_bytes():
        raise ImportFileError(_("The file is larger than {mb} MB.", mb=get_settings().cs_import_max_mb))
    name = os.path.basename(str(file_name or "").replace("\\", "/")).strip()[:MAX_FILE_NAME] or "import.csv"
    folder = imports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stored = f"{uuid.uuid4().hex}{Path(name).suffix.lower()[:8]}"
    path = folder / stored
    path.write_bytes(data)
    try:
        table = open_table(path, name)
    except Exception:
        path.unlink(missing_ok=True)
        raise
    imp = Import(
        user_id=actor.id,
        object_type=_object_type(object_type),
        file_name=name,
        stored_name=stored,
        size_bytes=len(data),
        locale=_default_locale(actor),
        time_zone=actor.time_zone or "UTC",
        record_ids="auto",
        mapping=_stored(guess_mapping(session, object_type, table.headers)),
        status="draft",
        rows_total=table.row_count,
    )
    session.add(imp)
    session.flush()
    return _info(imp, actor.name)


def _default_locale(actor: Actor) -> str:
    return actor.language if actor.language in LOCALES else "en"


def _object_type(object_type: str) -> str:
    if object_type not in OBJECTS:
        raise ValidationError(_("Only companies, contacts, deals and tasks can be imported."))
    return object_type


def _stored(mapping: Sequence[Target]) -> list[dict]:
    return [{"kind": t.kind, "name": t.name} for t in mapping]


def _load(session: Session, actor: Actor, import_id: int, *, for_update: bool = False) -> Import:
    require(can_import(actor), _(IMPORT_DENIED))
    stmt = select(Import).where(Import.id == int(import_id))
    if for_update and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    imp = session.scalar(stmt)
    if imp is None or (imp.user_id != actor.id and not can_manage_settings(actor)):
        raise NotFound(_(GONE))
    return imp


def get_import(session: Session, actor: Actor, import_id: int) -> ImportInfo:
    imp = _load(session, actor, import_id)
    return _info(imp, session.scalar(select(User.name).where(User.id == imp.user_id)))


def table_of(session: Session, actor: Actor, import_id: int) -> Table:
    """The import's file, opened (headers, rows)."""
    imp = _load(session, actor, import_id)
    return _open(imp)


def _open(imp: Import) -> Table:
    if not imp.stored_name or not (imports_dir() / imp.stored_name).exists():
        raise ImportFileError(_("The file of this import is no longer kept. Upload it again."))
    return open_table(imports_dir() / imp.stored_name, imp.file_name)


def set_choices(
    session: Session,
    actor: Actor,
    import_id: int,
    *,
    object_type: str,
    mapping: Sequence[Target],
    locale: str,
    record_ids: str = "auto",
) -> ImportInfo:
    """Save a draft's object, mapping, locale and whose Record IDs the file holds."""
    imp = _load(session, actor, import_id, for_update=True)
    if imp.status != "draft":
        raise ValidationError(_("This import has started: its choices can no longer change."))
    object_type = _object_type(object_type)
    headers = _open(imp).headers
    if len(mapping) != len(headers):
        raise ValidationError(_("Choose what each column of the file fills."))
    check_mapping(session, object_type, mapping, headers)
    if locale not in LOCALES:
        raise ValidationError(_("Pick the file's language for dates and numbers from the list."))
    if record_ids not in MODES:
        raise ValidationError(_("Pick whose Record IDs the file holds from the list."))
    imp.object_type, imp.mapping, imp.locale, imp.record_ids = object_type, _stored(mapping), locale, record_ids
    session.flush()
    return get_import(session, actor, import_id)


def list_imports(session: Session, actor: Actor) -> list[ImportInfo]:
    """The newest imports first: the actor's own, or everyone's for admins."""
    require(can_import(actor), _(IMPORT_DENIED))
    stmt = select(Import, User.name).outerjoin(User, User.id == Import.user_id).where(Import.status != "draft")
    if not can_manage_settings(actor):
        stmt = stmt.where(Import.user_id == actor.id)
    rows = session.execute(stmt.order_by(Import.created_at.desc(), Import.id.desc()).limit(MAX_LISTED)).all()
    return [_info(imp, name) for imp, name in rows]


def error_file(session: Session, actor: Actor, import_id: int, errors: Sequence[tuple[int, str]] = ()) -> bytes:
    """The rows that were (or, before the import, `errors` says would be) skipped: the
    file's own columns, then "Row" and "Error", so they can be fixed and imported again.
    UTF-8 with a BOM, which spreadsheet programs open with the right letters."""
    imp = _load(session, actor, import_id)
    if not errors:
        errors = session.execute(
            select(ImportRow.row_number, ImportRow.message)
            .where(ImportRow.import_id == imp.id, ImportRow.action == "skipped")
            .order_by(ImportRow.row_number)
        ).all()
    reasons = dict(errors)
    table = _open(imp)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([*table.headers, _("Row"), _("Error")])
    for number, cells in table.rows():
        if number in reasons:
            writer.writerow([*(neutralised("" if c is None else str(c)) for c in cells), number, reasons[number]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
