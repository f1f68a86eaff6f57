"""Workspace settings (SPEC §2): owner property, projects object by account date, revenue
pipelines, and who may change them."""

from datetime import date

import pytest

from cslib import i18n, users
from cslib.errors import ConflictError, ValidationError
from cslib.models import WorkspaceSettings
from cslib.permissions import PermissionDenied
from cslib.properties import add_property, create_custom_object
from tests.factories import make_actor, make_object_type, make_pipeline, make_workspace

OLD, MIDDLE, NEW = date(2025, 1, 15), date(2025, 6, 1), date(2026, 2, 1)


@pytest.fixture
def admin(session):
    return make_actor(session, is_super_admin=True)


@pytest.mark.parametrize(
    ("created_on", "keys"),
    [
        (date(2024, 1, 1), ["project", "service", "ticket"]),
        (date(2025, 3, 31), ["project", "service", "ticket"]),
        (date(2025, 4, 1), ["project", "service"]),
        (date(2025, 11, 30), ["project", "service"]),
        (date(2025, 12, 1), ["project"]),
        (date(2027, 1, 1), ["project"]),
    ],
)
def test_projects_choices_depend_on_the_account_creation_date(session, created_on, keys):
    assert [k for k, _ in users.projects_object_choices(session, created_on)] == keys


def test_projects_choices_have_plural_labels_and_add_custom_objects_with_a_pipeline(session, admin):
    create_custom_object(session, admin, singular="Onboarding", plural="Onboardings", stage_names=["Kick-off"])
    make_object_type(session, "widget", singular="Widget", plural="Widgets", is_custom=True, has_pipeline=False)
    assert users.projects_object_choices(session, date(2025, 3, 31)) == [
        ("project", "Projects"),
        ("service", "Services"),
        ("ticket", "Tickets"),
        ("onboarding", "Onboardings"),
    ]
    assert users.projects_object_choices(session, date(2025, 12, 1)) == [
        ("project", "Projects"),
        ("onboarding", "Onboardings"),
    ]


def test_the_choice_note_explains_each_band():
    assert "Tickets" in users.projects_choice_note(date(2025, 3, 31))
    assert "before 1 April 2025" in users.projects_choice_note(date(2025, 4, 1))
    assert "from 1 December 2025" in users.projects_choice_note(date(2025, 12, 1))


def test_owner_property_choices_are_the_customer_user_properties(session, admin):
    make_workspace(session)
    add_property(session, admin, "company", name="renewal_owner", label="Renewal owner", type="user")
    add_property(session, admin, "company", name="tier", label="Tier", type="enumeration", options="Gold, Silver")
    assert users.owner_property_choices(session) == [
        ("owner_id", "Company owner"),
        ("csm_owner_id", "CSM owner"),
        ("renewal_owner", "Renewal owner"),
    ]


def test_revenue_pipeline_choices_are_deal_and_subscription_pipelines(session):
    subs = make_pipeline(session, "subscription", "Renewals")
    sales = make_pipeline(session, "deal", "Sales pipeline")
    make_pipeline(session, "project", "Onboarding")
    assert users.revenue_pipeline_choices(session) == [
        (sales.id, "Deals · Sales pipeline"),
        (subs.id, "Subscriptions · Renewals"),
    ]


@pytest.mark.parametrize("who", ["super admin", "seatless super admin", "CS manager"])
def test_admins_and_settings_managers_update_the_workspace(session, who):
    flags = {
        "super admin": dict(is_super_admin=True),
        "seatless super admin": dict(is_super_admin=True, has_service_seat=False),
        "CS manager": dict(manage_settings=True),
    }[who]
    actor = make_actor(session, **flags)
    ws = make_workspace(session, account_created_on=MIDDLE)
    sales = make_pipeline(session, "deal", "Sales pipeline")
    v0 = ws.version
    users.update_workspace(
        session,
        actor,
        expected_version=v0,
        owner_property="csm_owner_id",
        projects_object="service",
        revenue_pipeline_ids=[sales.id],
        name="  Acme CS  ",
    )
    row = session.get(WorkspaceSettings, 1)
    assert (row.owner_property, row.projects_object, row.revenue_pipeline_ids) == (
        "csm_owner_id",
        "service",
        [sales.id],
    )
    assert row.name == "Acme CS" and row.updated_by_id == actor.id and row.version == v0 + 1
    assert users.tab_label_for_projects(session) == "Services"


@pytest.mark.parametrize("flags", [{}, {"manage_settings": True, "workspace_access": False}])
def test_a_csm_cannot_change_the_workspace(session, flags):
    csm = make_actor(session, **flags)
    ws = make_workspace(session)
    with pytest.raises(PermissionDenied, match="Manage customer success settings"):
        users.update_workspace(session, csm, expected_version=ws.version, projects_object="service")
    assert session.get(WorkspaceSettings, 1).projects_object == "project"


def test_update_workspace_with_a_stale_version_is_a_conflict(session, admin):
    ws = make_workspace(session)
    v0 = ws.version
    users.update_workspace(session, admin, expected_version=v0, name="First")
    with pytest.raises(ConflictError, match="Someone else changed the workspace settings"):
        users.update_workspace(session, admin, expected_version=v0, name="Second")
    assert session.get(WorkspaceSettings, 1).name == "First"


@pytest.mark.parametrize(
    ("created_on", "fields", "message"),
    [
        (NEW, {"projects_object": "ticket"}, "can use one of these objects for projects: Projects"),
        (NEW, {"projects_object": "service"}, "can use one of these objects for projects: Projects"),
        (MIDDLE, {"projects_object": "ticket"}, "Projects, Services"),
        (OLD, {"projects_object": "deal"}, "Projects, Services, Tickets"),
        (OLD, {"owner_property": "industry"}, "must be a user property of customers"),
        (OLD, {"owner_property": "nobody"}, "must be a user property of customers"),
        (OLD, {"revenue_pipeline_ids": [999_999]}, "revenue pipelines no longer exists"),
        (OLD, {"name": " "}, "Workspace name cannot be empty."),
    ],
)
def test_update_workspace_validates_each_setting(session, admin, created_on, fields, message):
    ws = make_workspace(session, account_created_on=created_on)
    with pytest.raises(ValidationError, match=message):
        users.update_workspace(session, admin, expected_version=ws.version, **fields)
    row = session.get(WorkspaceSettings, 1)
    assert (row.projects_object, row.owner_property, row.revenue_pipeline_ids) == ("project", "owner_id", [])


def test_project_pipelines_are_not_revenue_pipelines(session, admin):
    ws = make_workspace(session)
    onboarding = make_pipeline(session, "project", "Onboarding")
    with pytest.raises(ValidationError, match="revenue pipelines no longer exists"):
        users.update_workspace(session, admin, expected_version=ws.version, revenue_pipeline_ids=[onboarding.id])


def test_old_accounts_may_use_tickets_and_custom_objects_for_projects(session, admin):
    ws = make_workspace(session, account_created_on=date(2025, 3, 31))
    users.update_workspace(session, admin, expected_version=ws.version, projects_object="ticket")
    assert users.tab_label_for_projects(session) == "Tickets"
    create_custom_object(session, admin, singular="Implementation", plural="Implementations", stage_names=["Plan"])
    ws = make_workspace(session, account_created_on=NEW)
    users.update_workspace(session, admin, expected_version=ws.version, projects_object="implementation")
    assert users.tab_label_for_projects(session) == "Implementations"


def test_the_projects_tab_label_follows_the_chosen_object(session):
    make_workspace(session, projects_object="project")
    assert users.tab_label_for_projects(session) == "Projects"


def test_the_default_language_is_saved_and_browser_stores_none(session, admin):
    ws = make_workspace(session)
    users.update_workspace(session, admin, expected_version=ws.version, default_language="pl")
    assert users.workspace_language(session) == "pl"
    ws = session.get(WorkspaceSettings, 1)
    users.update_workspace(session, admin, expected_version=ws.version, default_language=users.BROWSER_LANGUAGE)
    assert session.get(WorkspaceSettings, 1).default_language is None
    assert users.workspace_language(session) is None


@pytest.mark.parametrize("code", ["xx", "DA", "da-DK", "", "en "])
def test_a_default_language_outside_the_list_is_refused_with_the_choices(session, admin, code):
    ws = make_workspace(session)
    users.update_workspace(session, admin, expected_version=ws.version, default_language="da")
    ws = session.get(WorkspaceSettings, 1)
    with pytest.raises(ValidationError) as exc:
        users.update_workspace(session, admin, expected_version=ws.version, default_language=code, name="Renamed")
    assert str(exc.value) == f"“{code}” is not a language of this workspace. Pick one of: browser, en, da, pl."
    row = session.get(WorkspaceSettings, 1)
    assert (row.default_language, row.name) == ("da", ws.name)  # nothing of the form was saved


def test_the_default_language_choices_and_refusal_read_in_the_readers_language(session, admin):
    assert [code for code, _label in users.default_language_choices()] == ["browser", "en", "da", "pl"]
    ws = make_workspace(session)
    with i18n.use("da"):
        labels = dict(users.default_language_choices())
        assert labels["browser"] == "Hver brugers browsersprog (engelsk, hvis det ikke tilbydes)"
        assert labels["pl"] == "Polski"  # each language in its own name
        with pytest.raises(ValidationError, match="er ikke et sprog i dette arbejdsområde"):
            users.update_workspace(session, admin, expected_version=ws.version, default_language="xx")
