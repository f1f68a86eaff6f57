"""Dashboards as a reader finds them (the list, one dashboard with its grid) and the
writes of the dashboard itself: create (a draft, its creator's alone), rename, delete."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from cslib.dashboards.access import (
    can_edit,
    can_manage_access,
    can_see,
    editable,
    load,
    placed_reports,
    team_ids_of,
    team_names,
)
from cslib.i18n import _
from cslib.models import Dashboard, DashboardReport, WorkspaceDashboard
from cslib.permissions import Actor, can_manage_settings
from cslib.users import names_for
from cslib.validation import clean_text, require_workspace

MAX_NAME = 200
MAX_DESCRIPTION = 2000


@dataclass(frozen=True)
class DashboardSummary:
    """A dashboard in the list. `access` is None while it is not in the workspace (a
    draft); `team_names` are those of its teams that still exist."""

    id: int
    name: str
    owner_id: int | None
    owner_name: str | None
    in_workspace: bool
    access: str | None
    team_ids: tuple[int, ...]
    team_names: tuple[str, ...]
    can_edit: bool
    can_manage_access: bool
    report_count: int  # every report on it, those the reader may not see included


@dataclass(frozen=True)
class DashboardItem:
    report_id: int
    position: int
    width: int  # twelfths of a grid row: 4, 6, 8 or 12


@dataclass(frozen=True)
class DashboardInfo(DashboardSummary):
    """One dashboard for its reader: `items` are the reports they may see, in grid order;
    `hidden_count` says how many others are on it (private reports of someone else)."""

    description: str
    items: tuple[DashboardItem, ...]
    hidden_count: int


def list_dashboards(session: Session, actor: Actor) -> list[DashboardSummary]:
    """Every dashboard `actor` sees, by name."""
    require_workspace(actor)
    stmt = select(Dashboard, WorkspaceDashboard).outerjoin(
        WorkspaceDashboard, WorkspaceDashboard.dashboard_id == Dashboard.id
    )
    if not can_manage_settings(actor):
        stmt = stmt.where(or_(Dashboard.owner_id == actor.id, WorkspaceDashboard.id.is_not(None)))
    teams = team_names(session)
    rows = [(d, p) for d, p in session.execute(stmt).all() if can_see(actor, d, p, teams)]
    counts = _report_counts(session, [d.id for d, _p in rows])
    owners = names_for(session, [d.owner_id for d, _p in rows if d.owner_id is not None])
    ordered = sorted(rows, key=lambda r: (r[0].name.casefold(), r[0].id))
    return [
        DashboardSummary(**_common(actor, d, p, teams, owners), report_count=counts.get(d.id, 0)) for d, p in ordered
    ]


def _common(actor: Actor, d: Dashboard, p: WorkspaceDashboard | None, teams: dict[int, str], owners: dict) -> dict:
    """The fields a dashboard's summary and its full view share."""
    ids = tuple(t for t in team_ids_of(p) if t in teams)
    return dict(
        id=d.id,
        name=d.name,
        owner_id=d.owner_id,
        owner_name=owners.get(d.owner_id),
        in_workspace=p is not None,
        access=p.access if p is not None else None,
        team_ids=ids,
        team_names=tuple(teams[t] for t in ids),
        can_edit=can_edit(actor, d),
        can_manage_access=can_manage_access(actor),
    )


def get_dashboard(session: Session, actor: Actor, dashboard_id: int) -> DashboardInfo:
    """One dashboard with the reports `actor` may see on it; NotFound when they may not
    see the dashboard."""
    d, p = load(session, actor, dashboard_id)
    teams = team_names(session, team_ids_of(p))
    slots = placed_reports(session, actor, d.id)
    items = tuple(DashboardItem(s.report_id, s.position, s.width) for s, visible in slots if visible)
    owners = names_for(session, [d.owner_id] if d.owner_id is not None else [])
    return DashboardInfo(
        **_common(actor, d, p, teams, owners),
        report_count=len(slots),
        description=d.description or "",
        items=items,
        hidden_count=len(slots) - len(items),
    )


def create_dashboard(session: Session, actor: Actor, name: str, description: str | None = None) -> int:
    """A new, empty dashboard owned by `actor`, seen by them alone until an admin adds it
    to the workspace. Returns its id."""
    require_workspace(actor)
    row = Dashboard(name=clean_name(name), description=_description(description), owner_id=actor.id)
    session.add(row)
    session.flush()
    return row.id


def rename_dashboard(
    session: Session, actor: Actor, dashboard_id: int, name: str, *, description: str | None = None
) -> str:
    """Give the dashboard a new name (and, when `description` is not None, a new
    description; "" clears it). Returns the name as saved."""
    clean = clean_name(name)
    text = None if description is None else _description(description)
    row = editable(session, actor, dashboard_id)
    row.name = clean
    if description is not None:
        row.description = text
    session.flush()
    return clean


def delete_dashboard(session: Session, actor: Actor, dashboard_id: int) -> str:
    """Delete the dashboard (its grid and its place in the workspace go with it); the
    reports on it stay. Returns its name."""
    row = editable(session, actor, dashboard_id)
    name = row.name
    session.delete(row)
    session.flush()
    return name


def clean_name(name: object) -> str:
    """The name with its spaces collapsed; refused when empty or too long."""
    return clean_text(" ".join(str(name or "").split()), _("Dashboard name"), MAX_NAME)


def _description(value: object) -> str | None:
    return clean_text(value, _("Description"), MAX_DESCRIPTION, required=False) or None


def _report_counts(session: Session, dashboard_ids: list[int]) -> dict[int, int]:
    if not dashboard_ids:
        return {}
    stmt = (
        select(DashboardReport.dashboard_id, func.count())
        .where(DashboardReport.dashboard_id.in_(dashboard_ids))
        .group_by(DashboardReport.dashboard_id)
    )
    return dict(session.execute(stmt).all())
