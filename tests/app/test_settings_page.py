"""The Settings page through Streamlit's AppTest, against a real SQLite database file and a
real sign-in token."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from cslib import users
from cslib.db import read_session, write_session
from cslib.models import ObjectType, Pipeline, PipelineStage, User, WorkspaceSettings
from cslib.ui.session import TOKEN_KEY
from tests.app.signed_in import live_markup, plain
from tests.factories import PASSWORD, make_pipeline, make_user

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "settings.py")
ALL_TABS = ["Users & teams", "Workspace", "Pipelines", "Health scores", "Custom objects", "Import", "System"]


@pytest.fixture
def engine(app_database):
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 6, 1)))
        make_user(s, email="admin@example.com", name="Ada Admin", is_super_admin=True)
        make_user(s, email="manager@example.com", name="Mona Manager", manage_settings=True)
        make_user(s, email="csm@example.com", name="Carl Csm")
        make_pipeline(s, "deal", "Sales pipeline", stages=("New", "Won"))
    return app_database


def _open(engine, email: str) -> AppTest:
    with write_session(engine) as s:
        token = users.sign_in(s, email, PASSWORD).token
    assert token
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state[TOKEN_KEY] = token
    at.run()
    assert not at.exception
    return at


def _tab_labels(at: AppTest) -> list[str]:
    return [t.label for t in at.tabs]


def _errors(at: AppTest) -> list[str]:
    return [plain(e.value) for e in at.error]


def _create_user(at: AppTest, name: str, email: str, *, manage_settings: bool = False) -> AppTest:
    """Fill in Settings → Users' "Create user" form and submit it."""
    at.text_input(key="cu_name").input(name)
    at.text_input(key="cu_email").input(email)
    at.text_input(key="cu_password").input("a-long-password")
    if manage_settings:
        at.checkbox(key="cu_manage_settings").check()
    return at.button(key="cu_submit").click().run()


def test_a_super_admin_sees_every_tab_and_creates_a_user(engine):
    at = _open(engine, "admin@example.com")
    assert _tab_labels(at) == ALL_TABS
    _create_user(at, "Nina New", "Nina.New@Example.com", manage_settings=True)
    assert not at.exception and not _errors(at)
    assert [plain(t.value) for t in at.toast] == ["Created the user Nina New."]
    with read_session(engine) as s:
        user = s.scalar(select(User).where(User.email == "nina.new@example.com"))
        assert user is not None and user.name == "Nina New" and user.manage_settings
    # The form is empty again and the table lists the new user.
    assert at.text_input(key="cu_name").value == ""
    assert "Nina New" in list(at.dataframe[0].value["name"])


def test_a_name_in_a_success_toast_shows_as_text_not_as_a_link(engine):
    at = _create_user(_open(engine, "admin@example.com"), "[Sign in again](http://evil.example)", "odd@example.com")
    assert not at.exception and not _errors(at)
    toast = at.toast[0].value
    assert not live_markup(toast), toast
    assert plain(toast) == "Created the user [Sign in again](http://evil.example)."


def test_an_invalid_email_shows_the_error_keeps_the_input_and_creates_nothing(engine):
    at = _create_user(_open(engine, "admin@example.com"), "Bad Mail", "not-an-email")
    assert not at.exception
    assert _errors(at) == ["“not-an-email” is not a valid e-mail address."]
    assert at.text_input(key="cu_name").value == "Bad Mail"
    assert at.text_input(key="cu_email").value == "not-an-email"
    with read_session(engine) as s:
        assert s.scalar(select(User).where(User.name == "Bad Mail")) is None


def test_a_csm_gets_no_access(engine):
    at = _open(engine, "csm@example.com")
    assert not at.tabs
    assert len(at.error) == 1 and at.error[0].value.startswith("**No access.**")


def test_a_cs_manager_configures_the_workspace_but_not_users(engine):
    at = _open(engine, "manager@example.com")
    assert _tab_labels(at) == ["Workspace", "Pipelines", "Health scores", "Custom objects", "Import", "System"]
    assert not [w for w in at.text_input if w.key == "cu_email"]


def test_saving_the_workspace_form_changes_the_row(engine):
    at = _open(engine, "manager@example.com")
    radio = at.radio(key="ws_projects")
    assert radio.options == ["Projects", "Services"]  # account created 2025-06-01: no Tickets
    radio.set_value("service")
    at.selectbox(key="ws_owner").set_value("csm_owner_id")
    at.button(key="ws_save").click().run()
    assert not at.exception and not _errors(at)
    with read_session(engine) as s:
        ws = s.get(WorkspaceSettings, 1)
        assert (ws.projects_object, ws.owner_property, ws.version) == ("service", "csm_owner_id", 2)


def test_a_workspace_without_a_projects_object_says_so_and_picking_projects_sets_it_up(engine):
    at = _open(engine, "admin@example.com")
    assert at.radio(key="ws_projects").value is None
    assert any(plain(i.value).startswith("Not set up yet: the projects tab offers") for i in at.info)
    at.radio(key="ws_projects").set_value("project")
    at.button(key="ws_save").click().run()
    assert not at.exception and not _errors(at)
    assert not any("Not set up yet" in i.value for i in at.info)
    with read_session(engine) as s:
        assert s.get(WorkspaceSettings, 1).projects_object == "project"
        assert users.projects_tab_label(s) == "Projects"
        pipelines = s.scalars(select(Pipeline.name).where(Pipeline.object_type == "project")).all()
    assert pipelines == ["Projects"]


def test_a_concurrent_workspace_edit_shows_the_conflict_and_keeps_the_choice(engine):
    at = _open(engine, "admin@example.com")
    with write_session(engine) as s:
        s.get(WorkspaceSettings, 1).name = "Changed elsewhere"
    at.radio(key="ws_projects").set_value("service")
    at.button(key="ws_save").click().run()
    assert not at.exception
    assert _errors(at) == [
        "Someone else changed the workspace settings since you opened them. Reload to see their changes."
    ]
    assert at.radio(key="ws_projects").value == "service"
    with read_session(engine) as s:
        assert s.get(WorkspaceSettings, 1).projects_object is None  # nothing saved: still not set up
    at.button(key="ws_reload").click().run()
    assert _text(at, "ws_", "name").value == "Changed elsewhere"


def _text(at: AppTest, prefix: str, suffix: str):  # noqa: ANN202
    """The text input of a form under `prefix`, whatever generation of keys it is drawn with."""
    (widget,) = [w for w in at.text_input if (w.key or "").startswith(prefix) and w.key.endswith(suffix)]
    return widget


def _conflict_then_reload(at: AppTest, prefix: str, field: str, typed: str, save_key: str) -> None:
    """Type into a form whose record changed meanwhile, save (refused), then Reload as a
    browser would: a widget whose id did not change keeps showing, and sends back, the
    value typed before (only new widget ids show what the server drew)."""
    _text(at, prefix, field).input(typed)
    at.button(key=save_key).click().run()
    assert not at.exception
    assert any("Someone else changed" in e for e in _errors(at)), _errors(at)
    shown = {w.id: w.value for w in at.text_input}
    at.button(key=f"{prefix}reload").click().run()
    for widget in at.text_input:
        if widget.id in shown:
            widget.input(shown[widget.id])


def _workspace_form(engine, at: AppTest):  # noqa: ANN001, ANN202
    return WorkspaceSettings, 1, "ws_", "name", "ws_save"


def _user_form(engine, at: AppTest):  # noqa: ANN001, ANN202
    carl = _user_id(engine, "csm@example.com")
    at.selectbox(key="eu_pick").set_value(carl).run()
    return User, carl, f"eu_{carl}_", "name", f"eu_{carl}_save"


def _pipeline_form(engine, at: AppTest):  # noqa: ANN001, ANN202
    pid = at.selectbox(key="pl_pick_deal").value
    return Pipeline, pid, f"pl_{pid}_", "rename", f"pl_{pid}_rename_submit"


@pytest.mark.parametrize(
    ("email", "form"),
    [
        ("admin@example.com", _workspace_form),
        ("admin@example.com", _user_form),
        ("manager@example.com", _pipeline_form),
    ],
    ids=["workspace", "user", "pipeline"],
)
def test_reload_after_a_conflict_shows_the_saved_name_and_overwrites_nothing(engine, email, form):
    at = _open(engine, email)
    model, row_id, prefix, field, save_key = form(engine, at)
    with write_session(engine) as s:
        s.get(model, row_id).name = "Changed elsewhere"
    _conflict_then_reload(at, prefix, field, "Typed meanwhile", save_key)
    assert _text(at, prefix, field).value == "Changed elsewhere"
    at.button(key=save_key).click().run()
    assert not _errors(at)
    with read_session(engine) as s:
        assert s.get(model, row_id).name == "Changed elsewhere"


def test_adding_a_stage_and_creating_a_custom_object(engine):
    at = _open(engine, "manager@example.com")
    new_stage = next(w for w in at.text_input if w.key and w.key.endswith("_new_name"))
    new_stage.input("Lost")
    at.button(key=new_stage.key.replace("_new_name", "_add")).click().run()
    assert not at.exception and not _errors(at)
    at.text_input(key="co_singular").input("Onboarding")
    at.text_input(key="co_plural").input("Onboardings")
    at.text_area(key="co_stages").input("Kick-off\nLive")
    at.button(key="co_submit").click().run()
    assert not at.exception and not _errors(at)
    with read_session(engine) as s:
        assert "Lost" in s.scalars(select(PipelineStage.name)).all()
        assert s.scalar(select(ObjectType.plural).where(ObjectType.key == "onboarding")) == "Onboardings"
    # The new object is offered for projects at once.
    assert "Onboardings" in at.radio(key="ws_projects").options


def _user_id(engine, email: str) -> int:
    with read_session(engine) as s:
        return s.scalar(select(User.id).where(User.email == email))


def test_editing_and_deactivating_a_user(engine):
    carl = _user_id(engine, "csm@example.com")
    at = _open(engine, "admin@example.com")
    at.selectbox(key="eu_pick").set_value(carl).run()
    at.checkbox(key=f"eu_{carl}_has_service_seat").uncheck()
    at.selectbox(key=f"eu_{carl}_tz").set_value("Europe/Copenhagen")
    at.button(key=f"eu_{carl}_save").click().run()
    assert not at.exception and not _errors(at)
    with read_session(engine) as s:
        user = s.get(User, carl)
        assert (user.has_service_seat, user.time_zone, user.is_active) == (False, "Europe/Copenhagen", True)
    at.button(key=f"eu_{carl}_deactivate").click().run()
    assert not at.exception and not _errors(at)
    with read_session(engine) as s:
        assert not s.get(User, carl).is_active
    assert at.button(key=f"eu_{carl}_reactivate")


def test_an_admin_cannot_deactivate_themself_from_the_page(engine):
    ada = _user_id(engine, "admin@example.com")
    at = _open(engine, "admin@example.com")
    at.selectbox(key="eu_pick").set_value(ada).run()
    assert at.button(key=f"eu_{ada}_deactivate").disabled


def test_creating_a_team_with_members(engine):
    carl = _user_id(engine, "csm@example.com")
    at = _open(engine, "admin@example.com")
    at.text_input(key="ct_name").input("Enterprise")
    at.button(key="ct_submit").click().run()
    assert not at.exception and not _errors(at)
    team_id = at.selectbox(key="et_pick").options
    assert team_id == ["Enterprise"]
    at.selectbox(key="et_pick").select("Enterprise").run()
    pick = at.selectbox(key="et_pick").value
    at.multiselect(key=f"et_{pick}_members").select(carl)
    at.button(key=f"et_{pick}_save").click().run()
    assert not at.exception and not _errors(at)
    assert "Enterprise" in list(at.dataframe[0].value["teams"])


def test_a_database_without_workspace_row_gets_one_on_start(engine):
    from datetime import date

    with write_session(engine) as s:
        s.delete(s.get(WorkspaceSettings, 1))
    at = _open(engine, "admin@example.com")
    assert _tab_labels(at) == ALL_TABS
    assert not _errors(at)
    with write_session(engine) as s:
        assert s.get(WorkspaceSettings, 1).account_created_on == date.today()


def test_system_tab_says_when_no_scheduler_is_running_and_counts_the_queue(engine):
    from cslib import jobs

    with write_session(engine) as s:
        jobs.enqueue(s, "noop")
    at = _open(engine, "admin@example.com")
    assert any("No scheduler has reported" in w.value for w in at.warning)
    assert {m.label: m.value for m in at.metric}["Jobs waiting"] == "1"


def test_the_default_language_is_saved_with_the_workspace_form(engine):
    at = _open(engine, "manager@example.com")  # the manager picked no language of their own
    language = at.selectbox(key="ws_language")
    assert language.value == "browser"
    assert language.options == ["Each user's browser language (English if not offered)", "English", "Dansk", "Polski"]
    language.set_value("da")
    at.text_input(key="ws_name").input("Nordic CS")
    at.button(key="ws_save").click().run()
    assert not at.exception and not _errors(at)
    with read_session(engine) as s:
        ws = s.get(WorkspaceSettings, 1)
        assert (ws.default_language, ws.name) == ("da", "Nordic CS")
    # The rerun reads the new default: this manager now sees the page in Danish.
    assert at.title[0].value == "Indstillinger"
    assert "Arbejdsområde" in _tab_labels(at)
    assert at.selectbox(key="ws_language").value == "da"
    at.selectbox(key="ws_language").set_value("browser")
    at.button(key="ws_save").click().run()
    assert not at.exception and not _errors(at)
    with read_session(engine) as s:
        assert s.get(WorkspaceSettings, 1).default_language is None
    assert at.title[0].value == "Settings"
