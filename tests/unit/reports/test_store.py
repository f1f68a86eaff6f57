"""Saved reports: a private report is its owner's alone; sharing with everyone and editing
or deleting a shared report need the settings permission; the library is read-only; a
stale edit is refused; the definition is checked before it is stored."""

from __future__ import annotations

import pytest

from cslib import reports
from cslib.errors import ConflictError, NotFound, ValidationError
from cslib.permissions import PermissionDenied
from tests.factories import make_actor
from tests.unit.reports.world import workspace

KPI = {"object": "company", "measure": {"function": "count"}, "chart": "kpi"}
BY_OWNER = KPI | {"group_by": [{"property": "owner_id"}], "chart": "bar"}
GONE = "This report does not exist or is not shared with you."
SHARE_DENIED = "Only admins can share reports with everyone or edit shared reports."


def saved(session, actor) -> list[str]:  # noqa: ANN001
    return [r.name for r in reports.visible_reports(session, actor) if not r.is_library]


def test_a_private_report_is_its_owners_alone(session):
    people = workspace(session)
    mine = reports.save_report(session, people.ada, name="  My   customers ", definition=KPI)
    report = reports.get_report(session, people.ada, mine)
    assert (report.name, report.sharing, report.owner_id) == ("My customers", "private", people.ada.id)
    assert report.can_edit and not report.is_library
    assert report.definition == reports.validate(session, KPI).as_json()  # stored checked and normalised
    assert saved(session, people.ada) == ["My customers"]
    for other in (people.bob, people.admin):  # admins too: private means private
        assert saved(session, other) == []
        with pytest.raises(NotFound, match=GONE):
            reports.get_report(session, other, mine)
        with pytest.raises(NotFound, match=GONE):
            reports.delete_report(session, other, mine)
        with pytest.raises(NotFound, match=GONE):
            reports.save_report(session, other, name="Taken", definition=KPI, report_id=mine)


def test_sharing_with_everyone_needs_the_settings_permission(session):
    people = workspace(session)
    with pytest.raises(PermissionDenied, match=SHARE_DENIED):
        reports.save_report(session, people.ada, name="For all", definition=KPI, sharing="everyone")
    mine = reports.save_report(session, people.ada, name="For all", definition=KPI)
    with pytest.raises(PermissionDenied, match=SHARE_DENIED):
        reports.save_report(session, people.ada, name="For all", definition=KPI, sharing="everyone", report_id=mine)
    assert reports.get_report(session, people.ada, mine).sharing == "private"

    shared = reports.save_report(session, people.admin, name="Team view", definition=BY_OWNER, sharing="everyone")
    for reader in (people.ada, people.bob):
        report = reports.get_report(session, reader, shared)
        assert report.sharing == "everyone" and not report.can_edit
    assert saved(session, people.bob) == ["Team view"]
    assert saved(session, people.ada) == ["For all", "Team view"]  # by name


def test_editing_or_deleting_a_shared_report_needs_the_settings_permission(session):
    people = workspace(session)
    shared = reports.save_report(session, people.admin, name="Team view", definition=KPI, sharing="everyone")
    with pytest.raises(PermissionDenied, match=SHARE_DENIED):
        reports.save_report(session, people.ada, name="Mine now", definition=KPI, sharing="private", report_id=shared)
    with pytest.raises(PermissionDenied, match=SHARE_DENIED):
        reports.delete_report(session, people.ada, shared)
    other_admin = make_actor(session, name="Other admin", manage_settings=True)
    assert reports.get_report(session, other_admin, shared).can_edit
    reports.save_report(session, other_admin, name="Renamed", definition=BY_OWNER, sharing="everyone", report_id=shared)
    assert reports.get_report(session, people.ada, shared).name == "Renamed"
    assert reports.delete_report(session, other_admin, shared) == "Renamed"
    with pytest.raises(NotFound, match=GONE):
        reports.get_report(session, people.ada, shared)


def test_library_reports_cannot_be_edited_or_deleted_even_by_admins(session):
    people = workspace(session)
    funnel = reports.ensure_library(session)["revenue_funnel"]
    readonly = "Reports of the library cannot be changed. Save a copy to change it."
    for actor in (people.admin, people.ada):
        with pytest.raises(reports.ReportError, match=readonly):
            reports.save_report(session, actor, name="Mine", definition=KPI, sharing="private", report_id=funnel)
        with pytest.raises(reports.ReportError, match=readonly):
            reports.delete_report(session, actor, funnel)
    copy = reports.get_report(session, people.ada, funnel)
    mine = reports.save_report(session, people.ada, name="My funnel", definition=copy.definition)
    assert reports.get_report(session, people.ada, mine).definition == copy.definition
    assert reports.get_report(session, people.ada, funnel).name == "Revenue by pipeline stage"


def test_a_stale_edit_is_refused(session):
    people = workspace(session)
    mine = reports.save_report(session, people.ada, name="First", definition=KPI)
    opened = reports.get_report(session, people.ada, mine).version
    reports.save_report(session, people.ada, name="Second", definition=KPI, report_id=mine, version=opened)
    with pytest.raises(ConflictError, match="Someone else changed this report since you opened it."):
        reports.save_report(session, people.ada, name="Third", definition=KPI, report_id=mine, version=opened)
    current = reports.get_report(session, people.ada, mine)
    assert current.name == "Second" and current.version == opened + 1


def test_a_report_is_saved_only_with_a_valid_definition_name_and_sharing(session):
    people = workspace(session)
    with pytest.raises(reports.ReportError, match="Pick a chart type."):
        reports.save_report(session, people.ada, name="Bad", definition=KPI | {"chart": "pie"})
    with pytest.raises(ValidationError, match="Report name cannot be empty."):
        reports.save_report(session, people.ada, name="   ", definition=KPI)
    with pytest.raises(ValidationError, match="Report name can be at most 200 characters"):
        reports.save_report(session, people.ada, name="x" * 201, definition=KPI)
    with pytest.raises(ValidationError, match="Pick who can see the report."):
        reports.save_report(session, people.ada, name="Odd", definition=KPI, sharing="team")
    assert saved(session, people.ada) == []


def test_reports_need_workspace_access(session):
    people = workspace(session)
    outsider = make_actor(session, workspace_access=False)
    funnel = reports.ensure_library(session)["revenue_funnel"]
    denied = "You need access to the Customer Success workspace to use reports."
    for call in (
        lambda: reports.visible_reports(session, outsider),
        lambda: reports.get_report(session, outsider, funnel),
        lambda: reports.save_report(session, outsider, name="x", definition=KPI),
        lambda: reports.preview(session, outsider, KPI),
        lambda: reports.overview_reports(session, outsider),
        lambda: reports.report_view(session, outsider, funnel),
    ):
        with pytest.raises(PermissionDenied, match=denied):
            call()
    assert reports.get_report(session, people.ada, funnel).is_library
    for not_an_id in ("1", None, 1.0):
        with pytest.raises(NotFound, match=GONE):
            reports.get_report(session, people.ada, not_an_id)
