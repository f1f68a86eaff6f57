"""Adding a dashboard to the workspace, changing and removing its access: the settings
permission, the confirmation, the teams picked, and the refusals a user reads."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cslib import dashboards
from cslib.errors import NotFound, ValidationError
from cslib.models import WorkspaceDashboard
from cslib.permissions import PermissionDenied
from tests.unit.dashboards.conftest import actor_in, make_team

ADMINS_ONLY = "Only admins can add dashboards to the workspace or change who can see them."


@pytest.fixture
def board(session, world) -> int:
    return dashboards.create_dashboard(session, world.owner, "Renewals")


def placement(session, board):
    return session.scalar(select(WorkspaceDashboard).where(WorkspaceDashboard.dashboard_id == board))


def test_only_admins_add_change_or_remove_access(session, world, board):
    for actor in (world.owner, world.member):
        with pytest.raises(PermissionDenied, match=ADMINS_ONLY):
            dashboards.add_to_workspace(session, actor, board, access="everyone", confirmed=True)
        with pytest.raises(PermissionDenied, match=ADMINS_ONLY):
            dashboards.addable_dashboards(session, actor)
    assert placement(session, board) is None
    dashboards.add_to_workspace(session, world.admin, board, access="teams", team_ids=[world.north], confirmed=True)
    with pytest.raises(PermissionDenied, match=ADMINS_ONLY):
        dashboards.change_access(session, world.member, board, access="everyone")
    with pytest.raises(PermissionDenied, match=ADMINS_ONLY):
        dashboards.remove_from_workspace(session, world.owner, board)
    assert (placement(session, board).access, placement(session, board).team_ids) == ("teams", [world.north])


def test_a_super_admin_without_the_flag_manages_access_too(session, world, board):
    boss = actor_in(session, is_super_admin=True, has_service_seat=False)
    assert dashboards.add_to_workspace(session, boss, board, access="everyone", confirmed=True) == "Renewals"
    assert placement(session, board).added_by_id == boss.id


def test_adding_needs_the_confirmation(session, world, board):
    for confirmed in (False, None, "yes"):
        with pytest.raises(ValidationError) as refused:
            dashboards.add_to_workspace(session, world.admin, board, access="everyone", confirmed=confirmed)
        assert str(refused.value) == "Tick “I confirm users will get view access to this dashboard” to add it."
    assert placement(session, board) is None
    assert not any(d.id == board for d in dashboards.list_dashboards(session, world.member))


def test_assigning_to_teams_needs_existing_teams(session, world, board):
    cases = {
        (): "Pick at least one team to assign the dashboard to.",
        (world.north, 987654): "1 of the chosen teams no longer exists. Reload the page and pick the teams again.",
        (987654, 987655): "2 of the chosen teams no longer exist. Reload the page and pick the teams again.",
        ("1",): "Pick the teams from the list.",
    }
    for team_ids, message in cases.items():
        with pytest.raises(ValidationError) as refused:
            dashboards.add_to_workspace(session, world.admin, board, access="teams", team_ids=team_ids, confirmed=True)
        assert str(refused.value) == message
    with pytest.raises(ValidationError, match="Choose who gets the dashboard"):
        dashboards.add_to_workspace(session, world.admin, board, access="public", confirmed=True)
    assert placement(session, board) is None


def test_everyone_stores_no_teams(session, world, board):
    dashboards.add_to_workspace(session, world.admin, board, access="everyone", team_ids=[world.north], confirmed=True)
    assert (placement(session, board).access, placement(session, board).team_ids) == ("everyone", [])


def test_a_dashboard_in_the_workspace_is_not_added_twice(session, world, board):
    dashboards.add_to_workspace(session, world.admin, board, access="everyone", confirmed=True)
    with pytest.raises(ValidationError, match="“Renewals” is in the workspace already. Change its access instead."):
        dashboards.add_to_workspace(session, world.admin, board, access="teams", team_ids=[world.south], confirmed=True)
    assert placement(session, board).access == "everyone"


def test_changing_access_moves_the_dashboard_between_readers(session, world, board):
    with pytest.raises(ValidationError, match="“Renewals” is not in the workspace. Add it first."):
        dashboards.change_access(session, world.admin, board, access="everyone")
    dashboards.add_to_workspace(session, world.admin, board, access="teams", team_ids=[world.north], confirmed=True)
    dashboards.change_access(session, world.admin, board, access="teams", team_ids=[world.south])
    assert dashboards.get_dashboard(session, world.outsider, board).access == "teams"
    with pytest.raises(NotFound):
        dashboards.get_dashboard(session, world.member, board)
    with pytest.raises(ValidationError):
        dashboards.change_access(session, world.admin, board, access="teams", team_ids=[987654])
    assert placement(session, board).team_ids == [world.south]
    dashboards.change_access(session, world.admin, board, access="everyone")
    assert dashboards.get_dashboard(session, world.member, board).access == "everyone"


def test_removing_access_makes_it_a_draft_again(session, world, board):
    dashboards.add_to_workspace(session, world.admin, board, access="everyone", confirmed=True)
    assert dashboards.remove_from_workspace(session, world.admin, board) == "Renewals"
    assert dashboards.remove_from_workspace(session, world.admin, board) == "Renewals"  # a second click
    with pytest.raises(NotFound):
        dashboards.get_dashboard(session, world.member, board)
    assert not dashboards.get_dashboard(session, world.owner, board).in_workspace


def test_the_picker_offers_dashboards_not_in_the_workspace(session, world, board):
    shared = dashboards.create_dashboard(session, world.member, "Adoption")
    draft_of_admin = dashboards.create_dashboard(session, world.admin, "Churn")
    dashboards.add_to_workspace(session, world.admin, shared, access="everyone", confirmed=True)
    offered = dashboards.addable_dashboards(session, world.admin)
    assert [(d.id, d.name) for d in offered] == [(draft_of_admin, "Churn"), (board, "Renewals")]


def test_team_choices_are_every_team_by_name(session, world):
    zeta = make_team(session, "zeta")
    alpha = make_team(session, "Alpha")
    choices = dashboards.team_choices(session)
    assert [i for i, _n in choices] == [alpha.id, world.north, world.south, zeta.id]
    assert dict(choices)[zeta.id] == zeta.name
