"""The Overview's reports (SPEC §3.1 Reporting): each user holds at most five, in their
order, chosen with "+ Add report". Admins set the workspace's default five; a user sees
them until their first change, which starts their own list from the defaults. "View as
user" shows the viewed user's list."""

from __future__ import annotations

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from cslib.errors import ValidationError
from cslib.i18n import N_, _, ngettext
from cslib.models import OverviewReport, Report, User
from cslib.permissions import Actor, can_manage_settings, require
from cslib.reports.store import ReportInfo, get_report, info, require_read, visible_clause
from cslib.users import resolve_viewed_user

MAX_OVERVIEW_REPORTS = 5
DEFAULTS_DENIED = N_("Only admins can change the workspace's default reports.")
# The library's reports a new workspace shows on every Overview until an admin changes them.
FIRST_DEFAULTS = ("health_distribution", "health_over_time", "renewals_by_month", "overdue_by_owner", "revenue_funnel")


def _full() -> str:
    return ngettext(
        "The Overview holds at most {n} report. Remove one to add another.",
        "The Overview holds at most {n} reports. Remove one to add another.",
        MAX_OVERVIEW_REPORTS,
    )


def overview_reports(session: Session, actor: Actor, *, user_id: int | None = None) -> list[ReportInfo]:
    """The reports on the Overview of `user_id` (default: the actor; others' need view-as),
    in order: their own choice, else the workspace's defaults. Reports the viewed user may
    no longer see (made private, deleted) are left out."""
    require_read(actor)
    viewed = resolve_viewed_user(session, actor, user_id)
    owner = viewed.id if _chose_own(session, viewed.id) else None
    rows = session.scalars(
        select(Report)
        .join(OverviewReport, OverviewReport.report_id == Report.id)
        .where(_slots(owner), visible_clause(viewed))
        .order_by(OverviewReport.position, OverviewReport.id)
    ).all()
    return [info(actor, r) for r in rows]


def workspace_defaults(session: Session, actor: Actor) -> list[ReportInfo]:
    require_read(actor)
    rows = session.scalars(
        select(Report)
        .join(OverviewReport, OverviewReport.report_id == Report.id)
        .where(OverviewReport.user_id.is_(None), Report.sharing == "everyone")
        .order_by(OverviewReport.position, OverviewReport.id)
    ).all()
    return [info(actor, r) for r in rows]


def add_to_overview(session: Session, actor: Actor, report_id: int, *, defaults: bool = False) -> str:
    """Put a report last on the actor's Overview (or the workspace defaults); refused when
    five are there already. Returns the report's name."""
    report = get_report(session, actor, report_id)
    owner = _owner_for_change(session, actor, defaults)
    if defaults and report.sharing != "everyone":
        raise ValidationError(_("Only reports shared with everyone can be defaults."))
    ids = _ids(session, owner)
    if report.id in ids:
        raise ValidationError(_("“{name}” is on the Overview already.", name=report.name))
    if len(ids) >= MAX_OVERVIEW_REPORTS:
        raise ValidationError(_full())
    session.add(OverviewReport(user_id=owner, report_id=report.id, position=len(ids)))
    session.flush()
    return report.name


def remove_from_overview(session: Session, actor: Actor, report_id: int, *, defaults: bool = False) -> None:
    owner = _owner_for_change(session, actor, defaults)
    ids = [i for i in _ids(session, owner) if i != report_id]
    _write(session, owner, ids)


def move_on_overview(session: Session, actor: Actor, report_id: int, step: int, *, defaults: bool = False) -> None:
    """Move a report `step` places (-1: earlier, +1: later), within the list's ends."""
    owner = _owner_for_change(session, actor, defaults)
    ids = _ids(session, owner)
    if report_id not in ids or step not in (-1, 1):
        raise ValidationError(_("That report is not on the Overview."))
    i = ids.index(report_id)
    j = min(max(i + step, 0), len(ids) - 1)
    ids[i], ids[j] = ids[j], ids[i]
    _write(session, owner, ids)


def _owner_for_change(session: Session, actor: Actor, defaults: bool) -> int | None:
    """Whose list a change writes: the defaults (admins), else the actor's own, which a
    first change starts from the defaults. Locks the user's row, so two changes at once
    cannot pass the limit together."""
    require_read(actor)
    if defaults:
        require(can_manage_settings(actor), DEFAULTS_DENIED)
        return None
    user = session.get(User, actor.id, with_for_update=True)
    if not user.own_overview_reports:
        shown = [r.id for r in overview_reports(session, actor)]
        user.own_overview_reports = True
        _write(session, actor.id, shown)
    return actor.id


def _chose_own(session: Session, user_id: int) -> bool:
    return bool(session.scalar(select(User.own_overview_reports).where(User.id == user_id)))


def _slots(owner: int | None):  # noqa: ANN202
    return OverviewReport.user_id.is_(None) if owner is None else OverviewReport.user_id == owner


def _ids(session: Session, owner: int | None) -> list[int]:
    """The list's reports its owner still sees: one made private by its owner since holds
    no place (the next change drops it)."""
    shared = Report.sharing == "everyone"
    seen = shared if owner is None else or_(shared, Report.owner_id == owner)
    stmt = (
        select(OverviewReport.report_id)
        .join(Report, Report.id == OverviewReport.report_id)
        .where(_slots(owner), seen)
        .order_by(OverviewReport.position, OverviewReport.id)
    )
    return list(session.scalars(stmt))


def _write(session: Session, owner: int | None, ids: list[int]) -> None:
    session.execute(delete(OverviewReport).where(_slots(owner)))
    session.add_all(OverviewReport(user_id=owner, report_id=rid, position=i) for i, rid in enumerate(ids))
    session.flush()


def seed_defaults(session: Session, library_ids: dict[str, int]) -> None:
    """A new workspace's default five, unless some are set already."""
    if session.scalar(select(func.count()).select_from(OverviewReport).where(OverviewReport.user_id.is_(None))):
        return
    _write(session, None, [library_ids[k] for k in FIRST_DEFAULTS if k in library_ids])
