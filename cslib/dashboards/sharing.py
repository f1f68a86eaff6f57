"""Dashboards in the workspace (SPEC §3.8): "Add dashboard" puts an existing dashboard in
the workspace, available to everyone or assigned to teams, once the admin confirms that
users will get view access; admins change or remove that access later. All of it needs
the settings permission."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cslib.dashboards.access import ACCESS_DENIED, EVERYONE, TEAMS, can_manage_access, load, team_ids_of
from cslib.dashboards.store import DashboardSummary, list_dashboards
from cslib.errors import ValidationError
from cslib.i18n import N_, _, ngettext
from cslib.models import Team, WorkspaceDashboard
from cslib.permissions import Actor, require

CONFIRM_REQUIRED = N_("Tick “I confirm users will get view access to this dashboard” to add it.")


def addable_dashboards(session: Session, actor: Actor) -> list[DashboardSummary]:
    """The dashboards "Add dashboard" offers: those not in the workspace yet, by name."""
    require(can_manage_access(actor), ACCESS_DENIED)
    return [d for d in list_dashboards(session, actor) if not d.in_workspace]


def team_choices(session: Session) -> list[tuple[int, str]]:
    """Every team as (id, name), by name: what "Assign to teams" offers."""
    rows = session.execute(select(Team.id, Team.name).order_by(func.lower(Team.name), Team.id)).all()
    return [(i, n) for i, n in rows]


def add_to_workspace(
    session: Session,
    actor: Actor,
    dashboard_id: int,
    *,
    access: str,
    team_ids: Iterable[int] = (),
    confirmed: bool,
) -> str:
    """Make a dashboard available to everyone or to some teams. Returns its name."""
    require(can_manage_access(actor), ACCESS_DENIED)
    row, placement = load(session, actor, dashboard_id, lock=True)
    if placement is not None:
        raise ValidationError(_("“{name}” is in the workspace already. Change its access instead.", name=row.name))
    teams = _checked_access(session, access, team_ids)
    if confirmed is not True:
        raise ValidationError(_(CONFIRM_REQUIRED))
    session.add(WorkspaceDashboard(dashboard_id=row.id, access=access, team_ids=teams, added_by_id=actor.id))
    session.flush()
    return row.name


def change_access(
    session: Session, actor: Actor, dashboard_id: int, *, access: str, team_ids: Iterable[int] = ()
) -> None:
    """Give a dashboard in the workspace to everyone or to other teams."""
    require(can_manage_access(actor), ACCESS_DENIED)
    row, placement = load(session, actor, dashboard_id, lock=True)
    if placement is None:
        raise ValidationError(_("“{name}” is not in the workspace. Add it first.", name=row.name))
    placement.team_ids = _checked_access(session, access, team_ids)
    placement.access = access
    session.flush()


def remove_from_workspace(session: Session, actor: Actor, dashboard_id: int) -> str:
    """Take a dashboard out of the workspace: it is again its owner's alone (admins keep
    seeing it). Nothing happens when it is out already. Returns its name."""
    require(can_manage_access(actor), ACCESS_DENIED)
    row, placement = load(session, actor, dashboard_id, lock=True)
    if placement is not None:
        session.delete(placement)
        session.flush()
    return row.name


def forget_team(session: Session, team_id: int) -> None:
    """Drop a deleted team from every dashboard's teams, so a team made later under the
    same id (SQLite reuses the highest one) does not inherit their access."""
    for placement in session.scalars(select(WorkspaceDashboard).where(WorkspaceDashboard.access == TEAMS)):
        ids = team_ids_of(placement)
        if team_id in ids:
            placement.team_ids = [t for t in ids if t != team_id]
    session.flush()


def _checked_access(session: Session, access: object, team_ids: Iterable[int] | None) -> list[int]:
    """The team ids to store for `access`: none for everyone; for teams, at least one,
    and only teams that exist."""
    if access == EVERYONE:
        return []
    if access != TEAMS:
        raise ValidationError(_("Choose who gets the dashboard: everyone, or the teams you pick."))
    ids = set()
    for raw in team_ids or ():
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValidationError(_("Pick the teams from the list."))
        ids.add(raw)
    if not ids:
        raise ValidationError(_("Pick at least one team to assign the dashboard to."))
    found = set(session.scalars(select(Team.id).where(Team.id.in_(sorted(ids)))))
    missing = len(ids - found)
    if missing:
        raise ValidationError(
            ngettext(
                "{n} of the chosen teams no longer exists. Reload the page and pick the teams again.",
                "{n} of the chosen teams no longer exist. Reload the page and pick the teams again.",
                missing,
            )
        )
    return sorted(ids)
