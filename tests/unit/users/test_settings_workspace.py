"""Workspace settings (SPEC §2): owner property, projects object by account date, revenue
pipelines, and who may change them."""

from datetime import date

import pytest
from sqlalchemy import select

from cslib import i18n, users
from cslib.errors import ConflictError, ValidationError
from cslib.models import ObjectType, WorkspaceSettings
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
    assert users.projects_tab_label(session) == "Services"


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
    assert users.projects_tab_label(session) == "Tickets"
    create_custom_object(session, admin, singular="Implementation", plural="Implementations", stage_names=["Plan"])
    ws = make_workspace(session, account_created_on=NEW)
    users.update_workspace(session, admin, expected_version=ws.version, projects_object="implementation")
    assert users.projects_tab_label(session) == "Implementations"


def test_the_projects_tab_label_follows_the_chosen_object_in_the_readers_language(session, admin):
    make_workspace(session, projects_object="project")
    assert users.projects_tab_label(session) == "Projects"
    with i18n.use("da"):
        assert users.projects_tab_label(session) == "Projekter"
    make_workspace(session, projects_object="service")
    with i18n.use("pl"):
        assert users.projects_tab_label(session) == "Usługi"
    create_custom_object(session, admin, singular="Onboarding", plural="Onboardings", stage_names=["Kick-off"])
    make_workspace(session, projects_object="onboarding")
    with i18n.use("da"):
        assert users.projects_tab_label(session) == "Onboardings"  # an admin's own label, as typed
    make_workspace(session, projects_object=None)
    assert users.projects_tab_label(session) is None


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


# --- each boundary of the account-date rule, as the settings form applies it ----------------

BOUNDARIES = [
    (date(2025, 3, 31), ["project", "service", "ticket"]),
    (date(2025, 4, 1), ["project", "service"]),
    (date(2025, 11, 30), ["project", "service"]),
    (date(2025, 12, 1), ["project"]),
]


@pytest.mark.parametrize(("created_on", "offered"), BOUNDARIES, ids=lambda v: str(v))
def test_each_boundary_offers_its_objects_plus_custom_ones_and_refuses_the_rest(session, admin, created_on, offered):
    create_custom_object(session, admin, singular="Onboarding", plural="Onboardings", stage_names=["Kick-off"])
    assert [k for k, _ in users.projects_object_choices(session, created_on)] == [*offered, "onboarding"]
    make_workspace(session, account_created_on=created_on, projects_object=None)
    for key in ("project", "service", "ticket", "onboarding"):
        ws = session.get(WorkspaceSettings, 1)
        if key in [*offered, "onboarding"]:
            users.update_workspace(session, admin, expected_version=ws.version, projects_object=key)
            assert session.get(WorkspaceSettings, 1).projects_object == key
        else:
            with pytest.raises(ValidationError, match="can use one of these objects for projects"):
                users.update_workspace(session, admin, expected_version=ws.version, projects_object=key)
            assert session.get(WorkspaceSettings, 1).projects_object != key


# --- "Activate the projects object" ----------------------------------------------------------


def _project_pipelines(session) -> list[tuple[str, list[tuple[str, bool, bool]]]]:  # noqa: ANN001
    from cslib.models import Pipeline
    from tests.factories import stages_of

    out = []
    for pipeline in session.scalars(select(Pipeline).where(Pipeline.object_type == "project").order_by(Pipeline.id)):
        out.append((pipeline.name, [(s.name, s.is_closed, s.is_won) for s in stages_of(session, pipeline)]))
    return out


def test_activating_the_projects_object_sets_it_up_with_a_default_pipeline(session, admin):
    make_workspace(session, account_created_on=NEW, projects_object=None)
    v0 = session.get(WorkspaceSettings, 1).version
    assert users.activate_projects_object(session, admin) == "project"
    row = session.get(WorkspaceSettings, 1)
    assert (row.projects_object, row.updated_by_id, row.version) == ("project", admin.id, v0 + 1)
    assert users.projects_tab_label(session) == "Projects"
    assert session.scalar(select(ObjectType.key).where(ObjectType.key == "project")) == "project"
    assert _project_pipelines(session) == [
        (
            "Projects",
            [
                ("Not started", False, False),
                ("In progress", False, False),
                ("On hold", False, False),
                ("Completed", True, True),
            ],
        )
    ]


def test_activating_twice_creates_the_pipeline_once(session, admin):
    make_workspace(session, projects_object=None)
    users.activate_projects_object(session, admin)
    version = session.get(WorkspaceSettings, 1).version
    assert users.activate_projects_object(session, admin) == "project"
    assert len(_project_pipelines(session)) == 1
    assert session.get(WorkspaceSettings, 1).version == version  # nothing changed the second time


def test_activating_keeps_an_existing_project_pipeline(session, admin):
    make_workspace(session, projects_object=None)
    make_pipeline(session, "project", "Onboarding", stages=("Kick-off", "Go-live"))
    users.activate_projects_object(session, admin)
    assert _project_pipelines(session) == [("Onboarding", [("Kick-off", False, False), ("Go-live", False, False)])]


def test_a_stale_activation_keeps_the_object_another_admin_picked(session, admin):
    make_workspace(session, account_created_on=OLD, projects_object="service")
    assert users.activate_projects_object(session, admin) == "service"
    assert session.get(WorkspaceSettings, 1).projects_object == "service"
    assert _project_pipelines(session) == []


def test_the_default_pipeline_is_named_in_the_activating_admins_language(session, admin):
    make_workspace(session, projects_object=None)
    with i18n.use("da"):
        users.activate_projects_object(session, admin)
    name, stages = _project_pipelines(session)[0]
    assert name == "Projekter"
    assert [s for s, *_ in stages] == ["Ikke startet", "I gang", "Sat på pause", "Afsluttet"]


@pytest.mark.parametrize("flags", [{}, {"manage_settings": True, "workspace_access": False}])
def test_a_csm_cannot_activate_the_projects_object(session, flags):
    csm = make_actor(session, **flags)
    make_workspace(session, projects_object=None)
    with pytest.raises(PermissionDenied, match="Manage customer success settings"):
        users.activate_projects_object(session, csm)
    assert session.get(WorkspaceSettings, 1).projects_object is None
    assert _project_pipelines(session) == []


def test_picking_projects_in_settings_sets_up_its_pipeline_too(session, admin):
    ws = make_workspace(session, projects_object=None)
    users.update_workspace(session, admin, expected_version=ws.version, projects_object="project")
    assert [name for name, _stages in _project_pipelines(session)] == ["Projects"]


def test_a_fresh_workspace_has_no_projects_object_until_activated(make_db, monkeypatch):
    from cslib.bootstrap import prepare
    from cslib.config import Settings
    from cslib.db import read_session, write_session

    engine = make_db("sqlite")
    prepare(engine, Settings(cs_demo_data=False))
    with read_session(engine) as s:
        assert users.get_workspace(s).projects_object is None
        assert users.projects_tab_label(s) is None
        assert _project_pipelines(s) == []
    with write_session(engine) as s:
        actor = make_actor(s, is_super_admin=True)
        users.activate_projects_object(s, actor)
    with read_session(engine) as s:
        assert users.projects_tab_label(s) == "Projects"
