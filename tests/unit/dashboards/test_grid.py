"""The reports on a dashboard: adding (reports the editor sees, at most twelve, each once),
removing, moving, widths, and what a reader who may not see a report gets."""

from __future__ import annotations

import pytest

from cslib import dashboards, reports
from cslib.errors import NotFound, ValidationError
from tests.unit.dashboards.conftest import saved_report


@pytest.fixture
def board(session, world) -> int:
    return dashboards.create_dashboard(session, world.owner, "Renewals")


def grid(session, actor, board) -> list[tuple[int, int]]:
    return [(i.report_id, i.width) for i in dashboards.get_dashboard(session, actor, board).items]


def order(session, actor, board) -> list[int]:
    return [i.report_id for i in dashboards.get_dashboard(session, actor, board).items]


def test_reports_go_last_with_the_width_chosen(session, world, board):
    a, b, c = (world.library[k] for k in ("health_distribution", "renewals_by_month", "overdue_by_owner"))
    assert dashboards.add_report(session, world.owner, board, a) == "Health score distribution"
    dashboards.add_report(session, world.owner, board, b, width=12)
    dashboards.add_report(session, world.owner, board, c, width=4)
    assert grid(session, world.owner, board) == [(a, 6), (b, 12), (c, 4)]
    assert [i.position for i in dashboards.get_dashboard(session, world.owner, board).items] == [0, 1, 2]


def test_widths_are_a_third_half_two_thirds_or_the_whole_row(session, world, board):
    a = world.library["health_distribution"]
    for bad in (5, 0, 13, "6", True, None):
        with pytest.raises(ValidationError, match="Pick a width: a third, half, two thirds or the whole row."):
            dashboards.add_report(session, world.owner, board, a, width=bad)
    assert grid(session, world.owner, board) == []
    dashboards.add_report(session, world.owner, board, a)
    for width in (4, 8, 12, 6):
        dashboards.set_width(session, world.owner, board, a, width)
        assert grid(session, world.owner, board) == [(a, width)]
    with pytest.raises(ValidationError):
        dashboards.set_width(session, world.owner, board, a, 3)
    assert set(dashboards.WIDTHS) == {4, 6, 8, 12}


def test_the_same_report_is_refused_twice(session, world, board):
    mine = saved_report(session, world.owner, name="Churned logos")
    dashboards.add_report(session, world.owner, board, mine)
    with pytest.raises(ValidationError) as refused:
        dashboards.add_report(session, world.owner, board, mine, width=12)
    assert str(refused.value) == "“Churned logos” is on this dashboard already."
    assert grid(session, world.owner, board) == [(mine, 6)]


def test_a_dashboard_holds_at_most_twelve_reports(session, world, board):
    ids = [*world.library.values(), *(saved_report(session, world.owner) for _ in range(3))]
    for report_id in ids[:12]:
        dashboards.add_report(session, world.owner, board, report_id)
    with pytest.raises(ValidationError) as refused:
        dashboards.add_report(session, world.owner, board, ids[12])
    assert str(refused.value) == "A dashboard holds at most 12 reports. Remove one to add another."
    assert order(session, world.owner, board) == ids[:12]
    dashboards.remove_report(session, world.owner, board, ids[0])
    dashboards.add_report(session, world.owner, board, ids[12])
    assert order(session, world.owner, board) == ids[1:13]


def test_only_reports_the_editor_sees_can_be_added(session, world, board):
    admins_private = saved_report(session, world.admin, sharing="private")
    with pytest.raises(NotFound):
        dashboards.add_report(session, world.owner, board, admins_private)
    with pytest.raises(NotFound):
        dashboards.add_report(session, world.owner, board, 987654)
    assert grid(session, world.owner, board) == []


def test_moving_reorders_and_stops_at_the_ends(session, world, board):
    a, b, c = (world.library[k] for k in ("health_distribution", "renewals_by_month", "overdue_by_owner"))
    for report_id in (a, b, c):
        dashboards.add_report(session, world.owner, board, report_id)
    dashboards.move_report(session, world.owner, board, c, -1)
    assert order(session, world.owner, board) == [a, c, b]
    dashboards.move_report(session, world.owner, board, a, 1)
    assert order(session, world.owner, board) == [c, a, b]
    dashboards.move_report(session, world.owner, board, c, -1)
    dashboards.move_report(session, world.owner, board, b, 1)
    assert order(session, world.owner, board) == [c, a, b]
    with pytest.raises(ValidationError, match="one place at a time"):
        dashboards.move_report(session, world.owner, board, a, 2)
    with pytest.raises(ValidationError, match="That report is not on this dashboard."):
        dashboards.move_report(session, world.owner, board, world.library["revenue_funnel"], 1)


def test_removing_closes_the_gap(session, world, board):
    a, b, c = (world.library[k] for k in ("health_distribution", "renewals_by_month", "overdue_by_owner"))
    for report_id in (a, b, c):
        dashboards.add_report(session, world.owner, board, report_id)
    dashboards.remove_report(session, world.owner, board, b)
    items = dashboards.get_dashboard(session, world.owner, board).items
    assert [(i.report_id, i.position) for i in items] == [(a, 0), (c, 1)]
    with pytest.raises(ValidationError, match="That report is not on this dashboard."):
        dashboards.remove_report(session, world.owner, board, b)


def test_a_private_report_on_a_shared_dashboard_is_hidden_from_others(session, world, board):
    shared = world.library["health_distribution"]
    private = saved_report(session, world.owner, sharing="private")
    dashboards.add_report(session, world.owner, board, private)
    dashboards.add_report(session, world.owner, board, shared)
    dashboards.add_to_workspace(session, world.admin, board, access="everyone", confirmed=True)
    member_view = dashboards.get_dashboard(session, world.member, board)
    assert ([i.report_id for i in member_view.items], member_view.hidden_count) == ([shared], 1)
    assert member_view.report_count == 2
    owner_view = dashboards.get_dashboard(session, world.owner, board)
    assert ([i.report_id for i in owner_view.items], owner_view.hidden_count) == ([private, shared], 0)
    assert dashboards.list_dashboards(session, world.member)[0].report_count == 2


def test_moves_step_over_reports_the_editor_cannot_see(session, world, board):
    a, b = world.library["health_distribution"], world.library["renewals_by_month"]
    private = saved_report(session, world.owner, sharing="private")
    for report_id in (a, private, b):
        dashboards.add_report(session, world.owner, board, report_id)
    assert order(session, world.admin, board) == [a, b]
    dashboards.move_report(session, world.admin, board, b, -1)
    assert order(session, world.admin, board) == [b, a]
    assert order(session, world.owner, board) == [b, private, a]
    with pytest.raises(ValidationError, match="That report is not on this dashboard."):
        dashboards.set_width(session, world.admin, board, private, 12)


def test_a_deleted_report_leaves_every_dashboard(session, world, board):
    other = dashboards.create_dashboard(session, world.owner, "Adoption")
    mine = saved_report(session, world.owner, sharing="private")
    kept = world.library["health_distribution"]
    for dashboard_id in (board, other):
        dashboards.add_report(session, world.owner, dashboard_id, mine)
        dashboards.add_report(session, world.owner, dashboard_id, kept)
    reports.delete_report(session, world.owner, mine)
    for dashboard_id in (board, other):
        info = dashboards.get_dashboard(session, world.owner, dashboard_id)
        assert ([i.report_id for i in info.items], info.hidden_count) == ([kept], 0)
    dashboards.move_report(session, world.owner, board, kept, -1)
    assert order(session, world.owner, board) == [kept]
