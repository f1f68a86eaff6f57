"""Reports through AppTest: the Overview's Reporting section (the workspace's default five,
a sixth refused, remove, admins' defaults, view as), the report builder (live preview,
save, hostile links and names, a library report saved as a copy) and the Dashboards tab
(who sees which dashboard, its filters in the link)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from cslib import dashboards, reports
from cslib.config import PROJECT_ROOT
from cslib.db import read_session, write_session
from cslib.models import Report, Team, TeamMember, User, WorkspaceSettings
from cslib.users import get_actor
from tests.app.signed_in import live_markup, markdown, plain, run_as
from tests.factories import make_company, make_task, make_user

HOME = str(PROJECT_ROOT / "Home.py")
BUILDER = str(PROJECT_ROOT / "pages" / "report.py")
DASHBOARDS = str(PROJECT_ROOT / "pages" / "dashboards.py")
FULL = "The Overview holds at most 5 reports. Remove one to add another."


@pytest.fixture
def db(app_database):
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        carl = make_user(s, email="csm@example.com", name="Carl Csm")
        olga = make_user(s, email="olga@example.com", name="Olga Other")
        make_user(s, email="admin@example.com", name="Ada Admin", is_super_admin=True)
        north, south = Team(name="North"), Team(name="South")
        s.add_all([north, south])
        s.flush()
        s.add_all([TeamMember(team_id=north.id, user_id=carl.id), TeamMember(team_id=south.id, user_id=olga.id)])
        now = datetime.now(UTC)
        for i, industry in enumerate(["computer_software", "computer_software", "retail"]):
            make_company(s, name=f"Co {i}", owner_id=carl.id, industry=industry, arr=1000 * (i + 1), created_at=now)
        make_company(s, name="Old Co", owner_id=olga.id, industry="retail", created_at=now - timedelta(days=400))
        reports.seed_defaults(s, reports.ensure_library(s))  # as the app's start does
    return app_database


def _home(db, email: str, **kw) -> AppTest:
    return run_as(db, email, AppTest.from_file(HOME, default_timeout=60), **kw)


def _report_titles(at: AppTest) -> list[str]:
    names = {r.name for r in reports.LIBRARY} | {"Industries"}
    return [plain(m.value).strip("*") for m in at.markdown if plain(m.value).strip("*") in names]


def test_a_user_sees_the_default_five_and_a_sixth_is_refused(db):
    at = _home(db, "csm@example.com")
    assert not at.exception
    assert "Reporting" in [h.value for h in at.subheader]
    assert "5 of 5 reports" in [c.value for c in at.caption]
    assert _report_titles(at) == [
        "Health score distribution",
        "Average health score over time",
        "Renewals due by month",
        "Overdue tasks by owner",
        "Revenue by pipeline stage",
    ]
    at.selectbox(key="ovr:pick").set_value(_library_id(db, "activity_by_type")).run()
    at.button(key="ovr:add").click().run()
    assert FULL in [plain(e.value) for e in at.error]
    assert "5 of 5 reports" in [c.value for c in at.caption]


def _library_id(db, key: str) -> int:
    with read_session(db) as s:
        return s.scalar(select(Report.id).where(Report.library_key == key))


def test_removing_a_report_changes_only_ones_own_overview(db):
    renewals = _library_id(db, "renewals_by_month")
    at = _home(db, "csm@example.com")
    at.button(key=f"ovr:{renewals}:remove").click().run()
    assert "4 of 5 reports" in [c.value for c in at.caption]
    assert "Renewals due by month" not in _report_titles(at)
    at.selectbox(key="ovr:pick").set_value(_library_id(db, "activity_by_type")).run()
    at.button(key="ovr:add").click().run()
    assert _report_titles(at)[-1] == "Activity volume by type"
    other = _home(db, "olga@example.com")
    assert "Renewals due by month" in _report_titles(other)  # still the defaults
    assert "Activity volume by type" not in _report_titles(other)


def test_an_admin_changes_the_defaults_and_views_a_users_reports(db):
    at = _home(db, "admin@example.com")
    at.toggle(key="overview_report_defaults").set_value(True).run()
    assert any("The workspace's default: 5 of 5 reports" in c.value for c in at.caption)
    at.button(key=f"ovr:{_library_id(db, 'revenue_funnel')}:remove").click().run()
    assert "Revenue by pipeline stage" not in _report_titles(_home(db, "olga@example.com"))
    with read_session(db) as s:
        carl = _user_id(s, "csm@example.com")
    viewing = _home(db, "admin@example.com", state={"view_as_user": carl})
    assert "Revenue by pipeline stage" not in _report_titles(viewing)
    assert not [b for b in viewing.button if b.key == "ovr:add"]  # someone else's: read-only


def _user_id(s, email: str) -> int:
    return s.scalar(select(User.id).where(User.email == email))


def test_the_builder_previews_and_saves_a_report(db):
    at = run_as(db, "csm@example.com", AppTest.from_file(BUILDER, default_timeout=60))
    assert not at.exception
    assert "Number of customers" in [m.label for m in at.metric]  # a KPI until grouped
    assert [m.value for m in at.metric if m.label == "Number of customers"] == ["4"]
    at.selectbox(key="rb:new:company:g0").set_value("industry").run()
    assert at.get("plotly_chart")
    at.text_input(key="rb:new:name").input("  Industries ").run()
    at.button(key="rb:new:save").click().run()
    assert not at.exception
    with read_session(db) as s:
        row_id, sharing, config = s.execute(
            select(Report.id, Report.sharing, Report.config).where(Report.name == "Industries")
        ).one()
    assert sharing == "private" and config["group_by"] == [{"property": "industry"}]
    assert at.query_params["id"] == str(row_id)


def test_the_builder_refuses_a_nameless_report_and_explains_bad_links(db):
    at = run_as(db, "csm@example.com", AppTest.from_file(BUILDER, default_timeout=60))
    at.button(key="rb:new:save").click().run()
    assert "Report name cannot be empty." in [plain(e.value) for e in at.error]
    bad = run_as(db, "csm@example.com", AppTest.from_file(BUILDER, default_timeout=60), id="1 OR 1=1")
    assert any("not a number" in w.value for w in bad.warning)
    gone = run_as(db, "csm@example.com", AppTest.from_file(BUILDER, default_timeout=60), id="999999")
    assert any("does not exist or is not shared with you" in w.value for w in gone.warning)


def test_a_library_report_is_saved_as_ones_own_copy(db):
    key = _library_id(db, "activity_by_type")
    at = run_as(db, "csm@example.com", AppTest.from_file(BUILDER, default_timeout=60), id=str(key))
    assert any("saving makes your own copy" in plain(c.value) for c in at.caption)
    assert at.text_input(key=f"rb:{key}:name").value == "Copy of Activity volume by type"
    at.button(key=f"rb:{key}:save").click().run()
    with read_session(db) as s:
        copies = s.scalars(select(Report.kind).where(Report.name == "Copy of Activity volume by type")).all()
        library = s.scalar(select(Report.library_key).where(Report.id == key))
    assert copies == ["custom"] and library == "activity_by_type"


@pytest.fixture
def boards(db):
    with write_session(db) as s:
        admin = get_actor(s, _user_id(s, "admin@example.com"))
        library = reports.ensure_library(s)
        north = s.scalar(select(Team.id).where(Team.name == "North"))
        board = dashboards.create_dashboard(s, admin, "North board")
        dashboards.add_report(s, admin, board, library["health_by_owner"], 12)
        dashboards.add_to_workspace(s, admin, board, access="teams", team_ids=[north], confirmed=True)
    return db, board


def test_a_team_dashboard_is_seen_by_its_team_only(boards):
    db, board = boards
    member = run_as(db, "csm@example.com", AppTest.from_file(DASHBOARDS, default_timeout=60))
    assert not member.exception
    assert member.selectbox(key="dash:pick").value == board
    assert "In the workspace for the teams North." in [plain(c.value) for c in member.caption]
    assert "Customers per health category by owner" in plain(markdown(member))
    outsider = run_as(db, "olga@example.com", AppTest.from_file(DASHBOARDS, default_timeout=60), id=str(board))
    assert "North board" not in plain(markdown(outsider))
    assert not [s for s in outsider.selectbox if s.key == "dash:pick"]  # she sees no dashboard at all


def test_the_dashboards_filters_live_in_the_link_and_bad_values_are_explained(boards):
    db, board = boards
    at = run_as(
        db,
        "csm@example.com",
        AppTest.from_file(DASHBOARDS, default_timeout=60),
        id=str(board),
        range="last_thousand_years",
        who="user:abc",
    )
    notes = [c.value for c in at.caption]
    assert "The link's date range was not understood; showing all time." in notes
    assert "The link's owner was not understood; showing everyone's." in notes
    at.selectbox(key="dash:range").set_value("last_30_days").run()
    assert at.query_params["range"] == "last_30_days"


def test_a_hostile_report_name_shows_literally_on_the_overview(db):
    hostile = "[Sign in again](http://evil.example) ![x](http://evil.example/x.png)"
    with write_session(db) as s:
        carl = get_actor(s, _user_id(s, "csm@example.com"))
        definition = {"object": "company", "measure": {"function": "count"}, "chart": "kpi"}
        report = reports.save_report(s, carl, name=hostile, definition=definition)
        reports.remove_from_overview(s, carl, _library_id(db, "revenue_funnel"))
        reports.add_to_overview(s, carl, report)
    at = _home(db, "csm@example.com")
    assert not at.exception
    texts = [m.value for m in at.markdown]
    assert any(plain(t).strip("*") == hostile for t in texts)
    assert not [t for t in texts if live_markup(t)]


def test_a_super_admin_without_a_seat_reads_reports_without_links_to_tabs_they_cannot_open(db):
    with write_session(db) as s:
        make_user(s, email="noseat@example.com", name="Sam Seatless", is_super_admin=True, has_service_seat=False)
        make_task(s, assignee=_user_id(s, "csm@example.com"), due_at=datetime.now(UTC) - timedelta(days=3))
    at = _home(db, "noseat@example.com")
    assert not at.exception
    assert "Overdue tasks by owner" in _report_titles(at)
    tables = [d.value for d in at.dataframe if "Number of tasks" in d.value.columns]
    assert tables and all("List" not in t.columns for t in tables)
    with_seat = _home(db, "admin@example.com")
    assert any("List" in d.value.columns for d in with_seat.dataframe if "Number of tasks" in d.value.columns)
