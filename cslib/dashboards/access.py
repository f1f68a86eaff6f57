"""Who sees and who changes a dashboard, and which of its reports a reader sees.

- Its owner sees and edits it; while it is not in the workspace it is theirs alone (a draft).
- Users with the settings permission see and edit every dashboard, and alone decide who
  else sees it (add it to the workspace, change or remove its access).
- In the workspace "for everyone", everyone with workspace use sees it; "for teams", the
  members of one of its teams. A team id whose team was deleted grants nothing.
- Anyone else is told it does not exist, so its name and existence stay private.
- A reader sees only the reports on it they may see on their own (`reports.visible_clause`)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib.errors import NotFound
from cslib.i18n import N_, _
from cslib.models import Dashboard, DashboardReport, Report, Team, WorkspaceDashboard
from cslib.permissions import Actor, can_manage_settings, require
from cslib.reports import visible_clause
from cslib.validation import require_workspace

EVERYONE = "everyone"
TEAMS = "teams"
ACCESS_LABELS: dict[str, str] = {EVERYONE: N_("Available to everyone"), TEAMS: N_("Assign to teams")}
CONFIRM_LABEL = N_("I confirm users will get view access to this dashboard")
GONE = N_("This dashboard does not exist or is not shared with you.")
EDIT_DENIED = N_("Only the dashboard's owner and admins can change this dashboard.")
ACCESS_DENIED = N_("Only admins can add dashboards to the workspace or change who can see them.")


def can_edit(actor: Actor, dashboard: Dashboard) -> bool:
    return can_manage_settings(actor) or (dashboard.owner_id is not None and dashboard.owner_id == actor.id)


def can_manage_access(actor: Actor) -> bool:
    return can_manage_settings(actor)


def team_ids_of(placement: WorkspaceDashboard | None) -> tuple[int, ...]:
    """The team ids a placement stores (whole numbers only, each once, in order)."""
    if placement is None or placement.access != TEAMS:
        return ()
    raw = placement.team_ids if isinstance(placement.team_ids, list) else []
    return tuple(sorted({t for t in raw if isinstance(t, int) and not isinstance(t, bool)}))


def can_see(actor: Actor, dashboard: Dashboard, placement: WorkspaceDashboard | None, teams: Iterable[int]) -> bool:
    """Whether `actor` sees `dashboard`; `teams` are the ids of the teams that exist."""
    if can_edit(actor, dashboard):
        return True
    if placement is None:
        return False
    if placement.access == EVERYONE:
        return True
    return bool(set(team_ids_of(placement)) & set(actor.team_ids) & set(teams))


def team_names(session: Session, ids: Iterable[int] | None = None) -> dict[int, str]:
    """Names of the teams that exist, by id (all teams, or those of `ids`)."""
    stmt = select(Team.id, Team.name)
    if ids is not None:
        wanted = sorted(set(ids))
        if not wanted:
            return {}
        stmt = stmt.where(Team.id.in_(wanted))
    return dict(session.execute(stmt).all())


def placement_of(session: Session, dashboard_id: int) -> WorkspaceDashboard | None:
    return session.scalar(select(WorkspaceDashboard).where(WorkspaceDashboard.dashboard_id == dashboard_id))


def load(
    session: Session, actor: Actor, dashboard_id: int, *, lock: bool = False
) -> tuple[Dashboard, WorkspaceDashboard | None]:
    """The dashboard and its workspace placement when `actor` sees it, else NotFound.
    `lock` takes the dashboard's row lock, so edits of one dashboard wait for each other."""
    require_workspace(actor)
    valid = isinstance(dashboard_id, int) and not isinstance(dashboard_id, bool)
    row = session.get(Dashboard, dashboard_id, with_for_update=lock or None) if valid else None
    if row is None:
        raise NotFound(_(GONE))
    placement = placement_of(session, row.id)
    if not can_see(actor, row, placement, team_names(session, team_ids_of(placement))):
        raise NotFound(_(GONE))
    return row, placement


def editable(session: Session, actor: Actor, dashboard_id: int) -> Dashboard:
    """The dashboard, locked, when `actor` may change it; NotFound when they do not see it,
    PermissionDenied when they see it but may not change it."""
    row, _placement = load(session, actor, dashboard_id, lock=True)
    require(can_edit(actor, row), EDIT_DENIED)
    return row


def placed_reports(session: Session, actor: Actor, dashboard_id: int) -> list[tuple[DashboardReport, bool]]:
    """Every report slot of the dashboard in grid order, with whether `actor` sees its report."""
    stmt = (
        select(DashboardReport, visible_clause(actor).label("visible"))
        .join(Report, Report.id == DashboardReport.report_id)
        .where(DashboardReport.dashboard_id == dashboard_id)
        .order_by(DashboardReport.position, DashboardReport.report_id)
    )
    return [(slot, bool(visible)) for slot, visible in session.execute(stmt).all()]
