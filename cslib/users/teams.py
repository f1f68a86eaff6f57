"""Teams: read by any signed-in user, managed by super admins; the team look-up user edits use."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cslib.errors import NotFound, ValidationError
from cslib.i18n import N_, _
from cslib.models import Team, User
from cslib.permissions import Actor, require
from cslib.reactions import TEAM_DELETED, publish
from cslib.validation import clean_text, flushing, require_users

DEACTIVATED = N_("Your account is deactivated.")
TEAM_TAKEN = N_("A team called “{name}” already exists.")


@dataclass(frozen=True)
class TeamInfo:
    id: int
    name: str
    member_ids: tuple[int, ...]
    member_names: tuple[str, ...]


def teams_by_id(session: Session, team_ids: Iterable[int] | None) -> list[Team]:
    ids = sorted({int(t) for t in team_ids or ()})
    teams = session.scalars(select(Team).where(Team.id.in_(ids))).all() if ids else []
    if len(teams) != len(ids):
        raise ValidationError(_("One of the chosen teams no longer exists. Reload and pick again."))
    return list(teams)


def list_teams(session: Session, actor: Actor) -> list[TeamInfo]:
    """Teams by name with their members (any signed-in user may read them)."""
    require(actor.is_active, DEACTIVATED)
    teams = session.scalars(select(Team).order_by(func.lower(Team.name), Team.id)).all()
    out = []
    for t in teams:
        members = sorted(t.members, key=lambda m: m.name.lower())
        out.append(TeamInfo(t.id, t.name, tuple(m.id for m in members), tuple(m.name for m in members)))
    return out


def _team(session: Session, team_id: int) -> Team:
    team = session.get(Team, team_id)
    if team is None:
        raise NotFound(_("That team does not exist (any more)."))
    return team


def _team_name(session: Session, name: str, *, except_id: int | None = None) -> str:
    name = clean_text(name, _("Team name"), 120)
    clash = select(Team.id).where(func.lower(Team.name) == name.lower())
    if except_id is not None:
        clash = clash.where(Team.id != except_id)
    if session.scalar(clash) is not None:
        raise ValidationError(_(TEAM_TAKEN, name=name))
    return name


def create_team(session: Session, actor: Actor, name: str) -> Team:
    require_users(actor)
    team = Team(name=_team_name(session, name))
    with flushing(session, duplicate=_(TEAM_TAKEN, name=team.name)):
        session.add(team)
    return team


def rename_team(session: Session, actor: Actor, team_id: int, name: str) -> Team:
    require_users(actor)
    team = _team(session, team_id)
    team.name = _team_name(session, name, except_id=team.id)
    with flushing(session, duplicate=_(TEAM_TAKEN, name=team.name)):
        pass
    return team


def delete_team(session: Session, actor: Actor, team_id: int) -> None:
    """Remove a team; its members stay, only the membership goes."""
    require_users(actor)
    team = _team(session, team_id)
    publish(session, TEAM_DELETED, team.id)
    session.delete(team)
    session.flush()


def set_team_members(session: Session, actor: Actor, team_id: int, user_ids: Iterable[int]) -> Team:
    """Make exactly `user_ids` the members of the team."""
    require_users(actor)
    team = _team(session, team_id)
    ids = sorted({int(u) for u in user_ids or ()})
    users = session.scalars(select(User).where(User.id.in_(ids))).all() if ids else []
    if len(users) != len(ids):
        raise ValidationError(_("One of the chosen users no longer exists. Reload and pick again."))
    team.members = list(users)
    session.flush()
    return team
