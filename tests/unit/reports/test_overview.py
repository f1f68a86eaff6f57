"""The Overview's reports (SPEC §3.1 Reporting): at most five per user, the workspace's
defaults until a user's first change (which starts their own list from the defaults),
remove and reorder, defaults set by admins only, "view as" showing the viewed user's
list, and reports that stop being visible leaving it."""

from __future__ import annotations

import pytest

from cslib import reports
from cslib.errors import NotFound, ValidationError
from cslib.permissions import PermissionDenied
from tests.unit.reports.world import workspace

FULL = "The Overview holds at most 5 reports. Remove one to add another."
FIRST_FIVE = [
    "Health score distribution",
    "Average health score over time",
    "Renewals due by month",
    "Overdue tasks by owner",
    "Revenue by pipeline stage",
]


def names(infos) -> list[str]:  # noqa: ANN001
    return [r.name for r in infos]


@pytest.fixture
def world(session):
    people = workspace(session)
    ids = reports.ensure_library(session)
    reports.seed_defaults(session, ids)
    return people, ids


def test_everyone_sees_the_workspaces_five_defaults_until_they_change_their_own(session, world):
    people, ids = world
    assert names(reports.overview_reports(session, people.ada)) == FIRST_FIVE
    assert names(reports.workspace_defaults(session, people.bob)) == FIRST_FIVE
    reports.seed_defaults(session, ids)  # seeding again changes nothing
    assert names(reports.workspace_defaults(session, people.bob)) == FIRST_FIVE

    reports.remove_from_overview(session, people.ada, ids["renewals_by_month"])
    assert reports.add_to_overview(session, people.ada, ids["activity_by_type"]) == "Activity volume by type"
    ada_list = [*FIRST_FIVE[:2], *FIRST_FIVE[3:], "Activity volume by type"]
    assert names(reports.overview_reports(session, people.ada)) == ada_list
    assert names(reports.overview_reports(session, people.bob)) == FIRST_FIVE  # others keep the defaults
    assert names(reports.workspace_defaults(session, people.ada)) == FIRST_FIVE


def test_a_sixth_report_is_refused_with_a_clear_message(session, world):
    people, ids = world
    with pytest.raises(ValidationError, match=FULL):
        reports.add_to_overview(session, people.ada, ids["activity_by_type"])
    with pytest.raises(ValidationError, match="“Overdue tasks by owner” is on the Overview already."):
        reports.add_to_overview(session, people.ada, ids["overdue_by_owner"])
    reports.remove_from_overview(session, people.ada, ids["health_distribution"])
    reports.add_to_overview(session, people.ada, ids["activity_by_type"])
    with pytest.raises(ValidationError, match=FULL):
        reports.add_to_overview(session, people.ada, ids["alerts_weekly"])
    assert len(reports.overview_reports(session, people.ada)) == reports.MAX_OVERVIEW_REPORTS


def test_a_user_starting_from_an_empty_workspace_list_adds_up_to_five(session):
    people = workspace(session)
    ids = reports.ensure_library(session)  # no defaults seeded
    assert reports.overview_reports(session, people.ada) == []
    for key in list(ids)[:5]:
        reports.add_to_overview(session, people.ada, ids[key])
    with pytest.raises(ValidationError, match=FULL):
        reports.add_to_overview(session, people.ada, ids["no_recent_activity"])


def test_reports_move_up_and_down_within_the_lists_ends(session, world):
    people, ids = world
    last, first = ids["revenue_funnel"], ids["health_distribution"]
    reports.move_on_overview(session, people.ada, last, -1)
    assert names(reports.overview_reports(session, people.ada))[-2:] == [FIRST_FIVE[4], FIRST_FIVE[3]]
    reports.move_on_overview(session, people.ada, first, -1)  # already first: stays
    reports.move_on_overview(session, people.ada, first, 1)
    assert names(reports.overview_reports(session, people.ada)) == [
        FIRST_FIVE[1],
        FIRST_FIVE[0],
        FIRST_FIVE[2],
        FIRST_FIVE[4],
        FIRST_FIVE[3],
    ]
    for step, report in ((2, first), (1, ids["activity_by_type"])):
        with pytest.raises(ValidationError, match="That report is not on the Overview."):
            reports.move_on_overview(session, people.ada, report, step)


def test_admins_set_the_defaults_and_others_are_refused(session, world):
    people, ids = world
    reports.remove_from_overview(session, people.admin, ids["revenue_funnel"], defaults=True)
    reports.add_to_overview(session, people.admin, ids["no_recent_activity"], defaults=True)
    reports.move_on_overview(session, people.admin, ids["no_recent_activity"], -1, defaults=True)
    new_defaults = [*FIRST_FIVE[:3], "Customers without activity in 30 days", FIRST_FIVE[3]]
    assert names(reports.workspace_defaults(session, people.bob)) == new_defaults
    assert names(reports.overview_reports(session, people.bob)) == new_defaults
    assert names(reports.overview_reports(session, people.admin)) == new_defaults  # their own list is untouched

    for change in (
        lambda: reports.add_to_overview(session, people.ada, ids["alerts_weekly"], defaults=True),
        lambda: reports.remove_from_overview(session, people.ada, ids["health_distribution"], defaults=True),
        lambda: reports.move_on_overview(session, people.ada, ids["health_distribution"], 1, defaults=True),
    ):
        with pytest.raises(PermissionDenied, match="Only admins can change the workspace's default reports."):
            change()
    assert names(reports.workspace_defaults(session, people.bob)) == new_defaults


def test_a_user_who_chose_their_own_list_keeps_it_when_the_defaults_change(session, world):
    people, ids = world
    reports.move_on_overview(session, people.ada, ids["health_over_time"], -1)  # ada's own list now
    mine = [FIRST_FIVE[1], FIRST_FIVE[0], *FIRST_FIVE[2:]]
    reports.remove_from_overview(session, people.admin, ids["health_over_time"], defaults=True)
    assert names(reports.overview_reports(session, people.ada)) == mine
    assert names(reports.overview_reports(session, people.bob)) == [FIRST_FIVE[0], *FIRST_FIVE[2:]]


def test_only_reports_shared_with_everyone_can_be_defaults(session, world):
    people, ids = world
    definition = {"object": "company", "measure": {"function": "count"}, "chart": "kpi"}
    private = reports.save_report(session, people.admin, name="Mine", definition=definition)
    reports.remove_from_overview(session, people.admin, ids["revenue_funnel"], defaults=True)
    with pytest.raises(ValidationError, match="Only reports shared with everyone can be defaults."):
        reports.add_to_overview(session, people.admin, private, defaults=True)


def test_view_as_shows_the_viewed_users_list_and_only_admins_may(session, world):
    people, ids = world
    reports.remove_from_overview(session, people.ada, ids["health_distribution"])
    assert names(reports.overview_reports(session, people.admin, user_id=people.ada.id)) == FIRST_FIVE[1:]
    assert names(reports.overview_reports(session, people.admin, user_id=people.bob.id)) == FIRST_FIVE
    with pytest.raises(PermissionDenied, match="Only admins can view the workspace as another user."):
        reports.overview_reports(session, people.bob, user_id=people.ada.id)


def test_a_report_made_private_or_deleted_leaves_other_users_overviews(session, world):
    people, ids = world
    definition = {"object": "company", "measure": {"function": "count"}, "chart": "kpi"}
    shared = reports.save_report(session, people.admin, name="All customers", definition=definition, sharing="everyone")
    reports.remove_from_overview(session, people.bob, ids["health_distribution"])
    reports.add_to_overview(session, people.bob, shared)
    assert names(reports.overview_reports(session, people.bob))[-1] == "All customers"

    version = reports.get_report(session, people.admin, shared).version
    reports.save_report(
        session, people.admin, name="All customers", definition=definition, report_id=shared, version=version
    )  # now private: its owner's alone
    assert "All customers" not in names(reports.overview_reports(session, people.bob))
    assert len(reports.overview_reports(session, people.bob)) == 4
    reports.add_to_overview(session, people.bob, ids["alerts_weekly"])  # the freed place can be used

    own = reports.save_report(session, people.ada, name="Ada's", definition=definition)
    reports.remove_from_overview(session, people.ada, ids["health_distribution"])
    reports.add_to_overview(session, people.ada, own)
    assert names(reports.overview_reports(session, people.ada))[-1] == "Ada's"
    reports.delete_report(session, people.ada, own)
    assert names(reports.overview_reports(session, people.ada)) == FIRST_FIVE[1:]


def test_a_user_cannot_put_anothers_private_report_on_their_overview(session, world):
    people, ids = world
    definition = {"object": "company", "measure": {"function": "count"}, "chart": "kpi"}
    own = reports.save_report(session, people.ada, name="Ada's", definition=definition)
    reports.remove_from_overview(session, people.bob, ids["health_distribution"])
    with pytest.raises(NotFound, match="This report does not exist or is not shared with you."):
        reports.add_to_overview(session, people.bob, own)
