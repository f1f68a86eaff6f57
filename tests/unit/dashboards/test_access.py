"""Who sees a dashboard: its owner (a draft is theirs alone), admins (every one), everyone
with workspace use once it is in the workspace for everyone, the members of its teams once
it is assigned to teams; nobody else, who is told it does not exist."""

from __future__ import annotations

import pytest

from cslib import dashboards, users
from cslib.errors import NotFound
from cslib.models import Team
from cslib.permissions import PermissionDenied
from tests.unit.dashboards.conftest import actor_in


def names(session, actor) -> list[str]:
    return [d.name for d in dashboards.list_dashboards(session, actor)]


def shown(session, actor, dashboard_id) -> bool:
    """Whether `actor` can open the dashboard; a refusal must say it does not exist."""
    try:
        dashboards.get_dashboard(session, actor, dashboard_id)
    except NotFound as exc:
        assert str(exc) == "This dashboard does not exist or is not shared with you."
        return False
    return True


@pytest.fixture
def board(session, world) -> int:
    return dashboards.create_dashboard(session, world.owner, "  Renewals   this quarter ", "For the Monday meeting")


def test_a_new_dashboard_is_a_draft_its_owner_and_admins_see(session, world, board):
    mine = dashboards.get_dashboard(session, world.owner, board)
    assert (mine.name, mine.description) == ("Renewals this quarter", "For the Monday meeting")
    assert mine.owner_name == "Olive Owner"
    assert (mine.in_workspace, mine.access, mine.can_edit, mine.can_manage_access) == (False, None, True, False)
    assert names(session, world.owner) == ["Renewals this quarter"]
    seen_by_admin = dashboards.get_dashboard(session, world.admin, board)
    assert (seen_by_admin.can_edit, seen_by_admin.can_manage_access) == (True, True)
    assert names(session, world.admin) == ["Renewals this quarter"]
    for other in (world.member, world.outsider):
        assert not shown(session, other, board)
        assert names(session, other) == []


def test_available_to_everyone_is_seen_by_everyone_with_workspace_use(session, world, board):
    dashboards.add_to_workspace(session, world.admin, board, access="everyone", confirmed=True)
    for reader in (world.member, world.outsider, actor_in(session, name="No Team")):
        info = dashboards.get_dashboard(session, reader, board)
        assert (info.in_workspace, info.access) == (True, "everyone")
        assert (info.can_edit, info.can_manage_access) == (False, False)
        assert names(session, reader) == ["Renewals this quarter"]
    assert dashboards.get_dashboard(session, world.owner, board).can_edit


def test_assigned_to_a_team_is_seen_by_its_members_only(session, world, board):
    dashboards.add_to_workspace(session, world.admin, board, access="teams", team_ids=[world.north], confirmed=True)
    info = dashboards.get_dashboard(session, world.member, board)
    assert (info.access, info.team_ids, info.can_edit) == ("teams", (world.north,), False)
    assert info.team_names[0].startswith("North")
    assert names(session, world.member) == ["Renewals this quarter"]
    assert not shown(session, world.outsider, board)
    assert names(session, world.outsider) == []


def test_a_user_in_one_of_several_teams_sees_it(session, world, board):
    dashboards.add_to_workspace(
        session, world.admin, board, access="teams", team_ids=[world.north, world.south], confirmed=True
    )
    assert shown(session, world.outsider, board)
    summary = dashboards.list_dashboards(session, world.outsider)[0]
    assert summary.team_ids == tuple(sorted((world.north, world.south)))
    assert len(summary.team_names) == 2


def test_a_user_without_workspace_access_is_refused(session, world, board):
    dashboards.add_to_workspace(session, world.admin, board, access="everyone", confirmed=True)
    locked_out = actor_in(session, workspace_access=False)
    with pytest.raises(PermissionDenied):
        dashboards.list_dashboards(session, locked_out)
    with pytest.raises(PermissionDenied):
        dashboards.get_dashboard(session, locked_out, board)
    with pytest.raises(PermissionDenied):
        dashboards.create_dashboard(session, locked_out, "Mine")


def test_a_missing_or_malformed_id_is_not_found(session, world):
    for bad in (987654, -1, "1", None, True):
        with pytest.raises(NotFound):
            dashboards.get_dashboard(session, world.admin, bad)


def test_a_deleted_teams_id_no_longer_grants_access(session, world, board):
    dashboards.add_to_workspace(session, world.admin, board, access="teams", team_ids=[world.north], confirmed=True)
    stale_member = world.member  # signed in while the team still existed
    session.delete(session.get(Team, world.north))
    session.flush()
    assert not shown(session, stale_member, board)
    assert names(session, stale_member) == []
    assert dashboards.get_dashboard(session, world.admin, board).team_names == ()
    assert shown(session, world.owner, board)  # the owner keeps their dashboard


def test_a_team_made_later_under_a_deleted_teams_id_gets_nothing(session, world, board):
    dashboards.add_to_workspace(session, world.admin, board, access="teams", team_ids=[world.north], confirmed=True)
    session.delete(session.get(Team, world.north))
    dashboards.forget_team(session, world.north)
    session.add(Team(id=world.north, name="Reused id"))
    session.flush()
    newcomer = actor_in(session, session.get(Team, world.north))
    assert newcomer.team_ids == (world.north,)
    assert not shown(session, newcomer, board)


def test_deleting_a_team_takes_its_dashboard_access_with_it(session, world, board):
    dashboards.add_to_workspace(session, world.admin, board, access="teams", team_ids=[world.north], confirmed=True)
    users.delete_team(session, actor_in(session, name="Sue Super", is_super_admin=True), world.north)
    session.add(Team(id=world.north, name="Reused id"))
    session.flush()
    newcomer = actor_in(session, session.get(Team, world.north))
    assert not shown(session, newcomer, board)
    assert dashboards.get_dashboard(session, world.admin, board).team_ids == ()


def test_the_list_is_by_name_with_owners_and_report_counts(session, world, board):
    other = dashboards.create_dashboard(session, world.member, "adoption")
    dashboards.add_report(session, world.member, other, world.library["health_distribution"])
    dashboards.add_to_workspace(session, world.admin, other, access="everyone", confirmed=True)
    listed = dashboards.list_dashboards(session, world.admin)
    assert [(d.name, d.owner_name, d.report_count, d.in_workspace) for d in listed] == [
        ("adoption", "Mo Member", 1, True),
        ("Renewals this quarter", "Olive Owner", 0, False),
    ]
    assert [(d.name, d.can_edit) for d in dashboards.list_dashboards(session, world.owner)] == [
        ("adoption", False),
        ("Renewals this quarter", True),
    ]
