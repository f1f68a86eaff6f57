"""A dashboard's grid: which reports it holds (at most twelve, each once), in which order,
and how wide each is. Every change locks the dashboard's row first, so two edits at once
cannot pass the limit together or leave two reports on one position.

A report the editor may not see (someone else's private report) keeps its place: moves
step over it, and the limit counts it."""

from __future__ import annotations

from sqlalchemy.orm import Session

from cslib.dashboards.access import editable, placed_reports
from cslib.errors import ValidationError
from cslib.i18n import N_, _, ngettext
from cslib.models import DashboardReport
from cslib.permissions import Actor
from cslib.reports import get_report

MAX_REPORTS = 12
DEFAULT_WIDTH = 6
# A report's share of a grid row, in twelfths, with its label.
WIDTHS: dict[int, str] = {
    4: N_("A third of the row"),
    6: N_("Half the row"),
    8: N_("Two thirds of the row"),
    12: N_("The whole row"),
}
NOT_ON = N_("That report is not on this dashboard.")


def add_report(session: Session, actor: Actor, dashboard_id: int, report_id: int, width: int = DEFAULT_WIDTH) -> str:
    """Put a report the actor may see last on the dashboard. Returns the report's name."""
    editable(session, actor, dashboard_id)
    _check_width(width)
    report = get_report(session, actor, report_id)
    slots = [s for s, _visible in placed_reports(session, actor, dashboard_id)]
    if any(s.report_id == report.id for s in slots):
        raise ValidationError(_("“{name}” is on this dashboard already.", name=report.name))
    if len(slots) >= MAX_REPORTS:
        raise ValidationError(
            ngettext(
                "A dashboard holds at most {n} report. Remove one to add another.",
                "A dashboard holds at most {n} reports. Remove one to add another.",
                MAX_REPORTS,
            )
        )
    last = max((s.position for s in slots), default=-1)
    session.add(DashboardReport(dashboard_id=dashboard_id, report_id=report.id, position=last + 1, width=width))
    session.flush()
    return report.name


def remove_report(session: Session, actor: Actor, dashboard_id: int, report_id: int) -> None:
    """Take a report off the dashboard (even one the actor may not see); the ones after it
    close the gap."""
    editable(session, actor, dashboard_id)
    slots = [s for s, _visible in placed_reports(session, actor, dashboard_id)]
    slot = _slot(slots, report_id)
    session.delete(slot)
    _renumber([s for s in slots if s is not slot])
    session.flush()


def move_report(session: Session, actor: Actor, dashboard_id: int, report_id: int, step: int) -> None:
    """Move a report one place earlier (`step` -1) or later (+1) among the reports the
    actor sees; at either end nothing moves."""
    if step not in (-1, 1):
        raise ValidationError(_("A report moves one place at a time."))
    editable(session, actor, dashboard_id)
    placed = placed_reports(session, actor, dashboard_id)
    slots = [s for s, _visible in placed]
    shown = [s for s, visible in placed if visible]
    slot = _slot(shown, report_id)
    i = shown.index(slot)
    if not 0 <= i + step < len(shown):
        return
    other = shown[i + step]
    a, b = slots.index(slot), slots.index(other)
    slots[a], slots[b] = slots[b], slots[a]
    _renumber(slots)
    session.flush()


def set_width(session: Session, actor: Actor, dashboard_id: int, report_id: int, width: int) -> None:
    """Make a report take a third, half, two thirds or the whole of its grid row."""
    editable(session, actor, dashboard_id)
    _check_width(width)
    slots = [s for s, visible in placed_reports(session, actor, dashboard_id) if visible]
    _slot(slots, report_id).width = width
    session.flush()


def _check_width(width: object) -> None:
    if isinstance(width, bool) or width not in WIDTHS:
        raise ValidationError(_("Pick a width: a third, half, two thirds or the whole row."))


def _slot(slots: list[DashboardReport], report_id: int) -> DashboardReport:
    for s in slots:
        if s.report_id == report_id:
            return s
    raise ValidationError(_(NOT_ON))


def _renumber(slots: list[DashboardReport]) -> None:
    for i, s in enumerate(slots):
        s.position = i
