"""A small world for dashboard tests: an admin (settings permission), a dashboard's owner,
a member of team North, an outsider in team South, saved reports of their own."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from cslib.models import Report, Team
from cslib.permissions import Actor
from cslib.reports import ensure_library
from tests.factories import make_user, make_workspace

_n = itertools.count(1)


@dataclass(frozen=True)
class World:
    admin: Actor
    owner: Actor
    member: Actor
    outsider: Actor
    north: int
    south: int
    library: dict[str, int]


def actor_in(session, *teams: Team, **flags) -> Actor:
    user = make_user(session, **flags)
    user.teams = list(teams)
    session.flush()
    return Actor.from_user(user)


def make_team(session, name: str) -> Team:
    team = Team(name=f"{name} {next(_n)}")
    session.add(team)
    session.flush()
    return team


def saved_report(session, owner: Actor, *, sharing: str = "everyone", name: str | None = None) -> int:
    """A saved report row (a count of customers) owned by `owner`."""
    row = Report(
        name=name or f"Report {next(_n)}",
        kind="custom",
        config={"object": "company", "measure": {"kind": "count"}, "group_by": [], "chart": "bar"},
        owner_id=owner.id,
        sharing=sharing,
    )
    session.add(row)
    session.flush()
    return row.id


@pytest.fixture
def world(session) -> World:
    make_workspace(session)
    north, south = make_team(session, "North"), make_team(session, "South")
    return World(
        admin=actor_in(session, name="Ada Admin", manage_settings=True),
        owner=actor_in(session, north, name="Olive Owner"),
        member=actor_in(session, north, name="Mo Member"),
        outsider=actor_in(session, south, name="Oscar Outsider"),
        north=north.id,
        south=south.id,
        library=ensure_library(session),
    )
