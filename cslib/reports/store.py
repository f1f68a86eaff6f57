"""Saved reports: who sees and edits which, and the writes (save, delete).

- The library's reports are seen by everyone with workspace access and edited by nobody
  (save a copy instead).
- A private report is its owner's alone.
- A report shared with everyone is seen by everyone; sharing one and editing or deleting
  a shared one needs the settings permission (as with views)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from cslib.errors import ConflictError, NotFound, ValidationError
from cslib.i18n import N_, _
from cslib.models import Report
from cslib.models.base import utcnow
from cslib.permissions import Actor, can_add_reports, can_manage_settings, require
from cslib.reports.definition import ReportError, validate
from cslib.reports.library import BY_KEY, library_description, library_name
from cslib.validation import clean_text

SHARINGS = ("private", "everyone")
MAX_NAME = 200
READ_DENIED = N_("You need access to the Customer Success workspace to use reports.")
SHARE_DENIED = N_("Only admins can share reports with everyone or edit shared reports.")
EDIT_DENIED = N_("Only the report's owner can edit a private report.")
LIBRARY_READONLY = N_("Reports of the library cannot be changed. Save a copy to change it.")
GONE = N_("This report does not exist or is not shared with you.")


@dataclass(frozen=True)
class ReportInfo:
    id: int
    name: str
    description: str
    sharing: str
    owner_id: int | None
    library_key: str | None
    definition: dict
    version: int
    can_edit: bool

    @property
    def is_library(self) -> bool:
        return self.library_key is not None


def visible_clause(actor: Actor):  # noqa: ANN201
    return or_(Report.sharing == "everyone", Report.owner_id == actor.id)


def can_edit(actor: Actor, row: Report) -> bool:
    if row.library_key is not None:
        return False
    if row.sharing == "everyone":
        return can_manage_settings(actor)
    return row.owner_id == actor.id and can_add_reports(actor)


def info(actor: Actor, row: Report) -> ReportInfo:
    known = row.library_key in BY_KEY
    return ReportInfo(
        row.id,
        library_name(row.library_key) if known else row.name,
        library_description(row.library_key) if known else "",
        row.sharing,
        row.owner_id,
        row.library_key,
        dict(row.config or {}),
        row.version,
        can_edit(actor, row),
    )


def require_read(actor: Actor) -> None:
    require(can_add_reports(actor), READ_DENIED)


def visible_reports(session: Session, actor: Actor) -> list[ReportInfo]:
    """Every report `actor` may use: the library first (in its order), then shared and
    own reports by name."""
    require_read(actor)
    rows = session.scalars(select(Report).where(visible_clause(actor))).all()
    order = {key: i for i, key in enumerate(BY_KEY)}
    library = sorted((r for r in rows if r.library_key in order), key=lambda r: order[r.library_key])
    saved = sorted((r for r in rows if r.library_key is None), key=lambda r: (r.name.casefold(), r.id))
    return [info(actor, r) for r in [*library, *saved]]


def get_report(session: Session, actor: Actor, report_id: int, *, seen_by: Actor | None = None) -> ReportInfo:
    """The report as `actor` may use it, if `seen_by` (default: the actor; on "view as",
    the viewed user, whose Overview may hold their private reports) sees it."""
    require_read(actor)
    reader = seen_by or actor
    row = session.get(Report, report_id) if isinstance(report_id, int) else None
    if row is None or not (row.sharing == "everyone" or row.owner_id == reader.id):
        raise NotFound(_(GONE))
    return info(actor, row)


def save_report(
    session: Session,
    actor: Actor,
    *,
    name: str,
    definition: dict,
    sharing: str = "private",
    report_id: int | None = None,
    version: int | None = None,
) -> int:
    """Create a report (no `report_id`) or replace one's name, definition and sharing;
    the definition is checked first. Returns its id."""
    require_read(actor)
    clean = _name(name)
    if sharing not in SHARINGS:
        raise ValidationError(_("Pick who can see the report."))
    if sharing == "everyone":
        require(can_manage_settings(actor), SHARE_DENIED)
    checked = validate(session, definition).as_json()
    if report_id is None:
        row = Report(name=clean, kind="custom", config=checked, owner_id=actor.id, sharing=sharing)
        session.add(row)
        session.flush()
        return row.id
    row = _editable(session, actor, report_id)
    if version is not None and row.version != version:
        raise ConflictError(_("Someone else changed this report since you opened it. Reload it to see their change."))
    row.name, row.config, row.sharing, row.updated_at = clean, checked, sharing, utcnow()
    session.flush()
    return row.id


def delete_report(session: Session, actor: Actor, report_id: int) -> str:
    """Delete a saved report (it leaves every Overview and dashboard); returns its name."""
    row = _editable(session, actor, report_id)
    name = row.name
    session.delete(row)
    session.flush()
    return name


def _editable(session: Session, actor: Actor, report_id: int) -> Report:
    require_read(actor)
    row = session.get(Report, report_id, with_for_update=True) if isinstance(report_id, int) else None
    if row is None or not (row.sharing == "everyone" or row.owner_id == actor.id):
        raise NotFound(_(GONE))
    if row.library_key is not None:
        raise ReportError(_(LIBRARY_READONLY))
    require(can_edit(actor, row), SHARE_DENIED if row.sharing == "everyone" else EDIT_DENIED)
    return row


def _name(name: object) -> str:
    """The name with its spaces collapsed; refused when empty or too long."""
    return clean_text(" ".join(str(name or "").split()), _("Report name"), MAX_NAME)
