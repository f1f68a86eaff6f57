"""Creating, renaming and deleting dashboards: names, and who may change whose."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from cslib import dashboards
from cslib.errors import NotFound, ValidationError
from cslib.models import Dashboard, Report
from cslib.permissions import PermissionDenied

OWNER_OR_ADMIN = "Only the dashboard's owner and admins can change this dashboard."


@pytest.fixture
def board(session, world) -> int:
    return dashboards.create_dashboard(session, world.owner, "Renewals")


def test_names_are_stripped_and_checked(session, world, board):
    assert dashboards.rename_dashboard(session, world.owner, board, "\tQ3\n renewals ") == "Q3 renewals"
    assert dashboards.get_dashboard(session, world.owner, board).name == "Q3 renewals"
    for empty in ("", "   ", None):
        with pytest.raises(ValidationError, match="Dashboard name cannot be empty."):
            dashboards.create_dashboard(session, world.owner, empty)
    with pytest.raises(ValidationError, match="Dashboard name can be at most 200 characters"):
        dashboards.rename_dashboard(session, world.owner, board, "x" * 201)
    assert dashboards.rename_dashboard(session, world.owner, board, "x" * 200) == "x" * 200
    with pytest.raises(ValidationError, match="at most 2,000 characters"):
        dashboards.create_dashboard(session, world.owner, "Long", "d" * 2001)


def test_renaming_can_change_or_clear_the_description(session, world, board):
    dashboards.rename_dashboard(session, world.owner, board, "Renewals", description="  For Mondays ")
    assert dashboards.get_dashboard(session, world.owner, board).description == "For Mondays"
    dashboards.rename_dashboard(session, world.owner, board, "Renewals 2")
    assert dashboards.get_dashboard(session, world.owner, board).description == "For Mondays"
    dashboards.rename_dashboard(session, world.owner, board, "Renewals 2", description="")
    assert dashboards.get_dashboard(session, world.owner, board).description == ""


def test_readers_of_a_shared_dashboard_cannot_change_it(session, world, board):
    report = world.library["health_distribution"]
    dashboards.add_to_workspace(session, world.admin, board, access="everyone", confirmed=True)
    writes = (
        lambda a: dashboards.rename_dashboard(session, a, board, "Mine now"),
        lambda a: dashboards.delete_dashboard(session, a, board),
        lambda a: dashboards.add_report(session, a, board, report),
    )
    for write in writes:
        with pytest.raises(PermissionDenied, match=OWNER_OR_ADMIN):
            write(world.member)
    assert dashboards.get_dashboard(session, world.member, board).name == "Renewals"


def test_someone_elses_draft_cannot_be_changed_or_even_named(session, world, board):
    with pytest.raises(NotFound):
        dashboards.rename_dashboard(session, world.member, board, "Mine now")
    with pytest.raises(NotFound):
        dashboards.delete_dashboard(session, world.outsider, board)
    assert session.get(Dashboard, board).name == "Renewals"


def test_admins_change_anyones_dashboard(session, world, board):
    dashboards.rename_dashboard(session, world.admin, board, "Renewals (admin)")
    assert dashboards.get_dashboard(session, world.owner, board).name == "Renewals (admin)"
    assert dashboards.delete_dashboard(session, world.admin, board) == "Renewals (admin)"
    with pytest.raises(NotFound):
        dashboards.get_dashboard(session, world.owner, board)


def test_deleting_a_dashboard_keeps_its_reports(session, world, board):
    dashboards.add_report(session, world.owner, board, world.library["health_distribution"])
    dashboards.add_to_workspace(session, world.admin, board, access="everyone", confirmed=True)
    reports_before = session.scalar(select(func.count()).select_from(Report))
    assert dashboards.delete_dashboard(session, world.owner, board) == "Renewals"
    assert session.scalar(select(func.count()).select_from(Report)) == reports_before
    assert dashboards.list_dashboards(session, world.member) == []


def test_an_owner_gone_leaves_the_dashboard_to_admins(session, world, board):
    session.get(Dashboard, board).owner_id = None
    session.flush()
    with pytest.raises(NotFound):
        dashboards.get_dashboard(session, world.owner, board)
    info = dashboards.get_dashboard(session, world.admin, board)
    assert (info.owner_id, info.owner_name, info.can_edit) == (None, None, True)
