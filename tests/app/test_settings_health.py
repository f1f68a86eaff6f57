"""Settings → Health scores through AppTest, against a real SQLite file: who sees the tab,
creating a profile from the template (refused while max points do not add up to 100),
switching on (customers get scored), the list's actions, a stale save, and the preview."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from sqlalchemy import func, select
from streamlit.testing.v1 import AppTest

from cslib import health as hp
from cslib.config import PROJECT_ROOT
from cslib.db import read_session, write_session
from cslib.models import Company, HealthProfile, HealthScore, User, WorkspaceSettings
from cslib.permissions import Actor
from cslib.ui.health import preview as ui_preview
from cslib.ui.health import state as ui_state
from cslib.ui.health.criteria import bands_of
from tests.app.signed_in import plain, run_as
from tests.factories import make_company, make_user

PAGE = str(PROJECT_ROOT / "pages" / "settings.py")
TOTAL_85 = "Max points: 85 of 100. The groups' max points must add up to exactly 100."


@pytest.fixture
def engine(app_database):
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 6, 1)))
        make_user(s, email="admin@example.com", name="Ada Admin", is_super_admin=True)
        make_user(s, email="manager@example.com", name="Mona Manager", manage_settings=True)
        make_user(s, email="seatless@example.com", name="Sam Seatless", is_super_admin=True, has_service_seat=False)
        make_user(s, email="csm@example.com", name="Carl Csm")
        for i in range(5):
            make_company(s, name=f"Customer {i}", nps=2 * i, lifecycle_stage="customer")
    return app_database


def _open(engine, email: str = "admin@example.com", **state) -> AppTest:
    at = run_as(engine, email, AppTest.from_file(PAGE, default_timeout=60), state=state)
    assert not at.exception, at.exception
    return at


def _errors(at: AppTest) -> list[str]:
    return [e.value.replace("\\", "") for e in at.error]


def _click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click().run()
    assert not at.exception, at.exception
    return at


def _number(at: AppTest, name: str):  # noqa: ANN202
    """The editor's number input `name`, whatever generation of keys it is drawn with."""
    (widget,) = [w for w in at.number_input if (w.key or "").startswith("hs_w_") and w.key.endswith(name)]
    return widget


def _profiles(engine) -> list[tuple[str, str]]:
    with read_session(engine) as s:
        return [(p.name, p.status) for p in s.scalars(select(HealthProfile).order_by(HealthProfile.id))]


def _create(engine, name: str = "Customer health", status: str = "draft") -> int:
    with write_session(engine) as s:
        actor = Actor.from_user(s.scalar(select(User).where(User.email == "admin@example.com")))
        return hp.create_profile(
            s,
            actor,
            name=name,
            segment=None,
            priority=1,
            definition=hp.default_definition(),
            thresholds=hp.default_thresholds(),
            status=status,
        ).id


def test_who_sees_the_tab(engine):
    assert "Health scores" in [t.label for t in _open(engine, "admin@example.com").tabs]
    assert "Health scores" in [t.label for t in _open(engine, "manager@example.com").tabs]
    # A super admin without a seat configures the workspace but not health scores.
    seatless = _open(engine, "seatless@example.com")
    assert seatless.tabs and "Health scores" not in [t.label for t in seatless.tabs]
    assert not [b for b in seatless.button if b.key == "hs_create"]
    # A CSM has no Settings at all.
    csm = _open(engine, "csm@example.com")
    assert not csm.tabs and csm.error[0].value.startswith("**No access.**")


def test_an_admin_creates_a_profile_fixes_the_total_and_saves_a_draft(engine):
    at = _open(engine)
    assert any("No health score profiles yet" in i.value for i in at.info)
    _click(at, "hs_create")
    assert at.text_input(key="hs_w_name").value == ""
    assert at.number_input(key="hs_w_priority").value == 1
    assert "Max points: 100 of 100" in [s.value for s in at.success]
    at.text_input(key="hs_w_name").input("Enterprise health")
    at.number_input(key="hs_g_g1_max").set_value(15).run()
    assert _errors(at) == [TOTAL_85, TOTAL_85]  # the running total, at the top and by the buttons
    _click(at, "hs_w_save")
    assert _errors(at)[-1] == "The groups' max points add up to 85; they must add up to exactly 100."
    assert _profiles(engine) == []
    # Nothing typed was lost.
    assert at.text_input(key="hs_w_name").value == "Enterprise health"
    assert at.number_input(key="hs_g_g1_max").value == 15
    at.number_input(key="hs_g_g1_max").set_value(30).run()
    assert not _errors(at)
    _click(at, "hs_w_save")
    assert not _errors(at)
    assert [plain(t.value) for t in at.toast] == ["Saved the draft “Enterprise health”."]
    assert _profiles(engine) == [("Enterprise health", "draft")]
    with read_session(engine) as s:
        saved = s.scalar(select(HealthProfile))
        assert saved.definition == hp.default_definition() and saved.created_by_id is not None
    # Back on the list, the new profile is there as a draft.
    assert any("Enterprise health" in m.value and "Draft" in m.value for m in at.markdown)


def test_save_and_switch_on_scores_the_customers(engine):
    at = _open(engine)
    _click(at, "hs_create")
    at.text_input(key="hs_w_name").input("Everyone")
    at.run()
    # The preview of the unsaved profile: five companies, all scored.
    metrics = {m.label: m.value for m in at.metric}
    assert sum(int(metrics[label]) for label in ("At risk", "Neutral", "Healthy")) == 5
    assert metrics["Data coverage"] == "100%"
    assert any("5 customers scored of 5 companies" in c.value for c in at.caption)
    _click(at, "hs_w_save_on")
    assert not _errors(at)
    assert [plain(t.value) for t in at.toast] == ["Saved “Everyone”. Scored 5 customers."]
    assert _profiles(engine) == [("Everyone", "active")]
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(HealthScore)) == 5
        assert s.scalar(select(func.count()).where(Company.health_category.is_not(None))) == 5


def test_list_actions_switch_clone_and_delete(engine):
    pid = _create(engine)
    at = _open(engine)
    _click(at, f"hs_switch_{pid}")
    assert [plain(t.value) for t in at.toast] == ["Switched on “Customer health”. Scored 5 customers."]
    assert _profiles(engine) == [("Customer health", "active")]
    _click(at, f"hs_clone_{pid}")
    assert [plain(t.value) for t in at.toast] == ["Created the draft “Customer health (copy)”."]
    assert _profiles(engine) == [("Customer health", "active"), ("Customer health (copy)", "draft")]
    _click(at, f"hs_switch_{pid}")
    assert [plain(t.value) for t in at.toast] == ["Switched off “Customer health”. Its scores were cleared."]
    with read_session(engine) as s:
        assert s.scalar(select(func.count()).select_from(HealthScore)) == 0
        assert s.scalar(select(func.count()).where(Company.health_category.is_not(None))) == 0
    _click(at, f"hs_delete_{pid}")
    assert [plain(t.value) for t in at.toast] == ["Deleted the profile “Customer health”."]
    assert _profiles(engine) == [("Customer health (copy)", "draft")]


def test_editing_an_active_profile_and_a_stale_save(engine):
    pid = _create(engine, status="active")
    at = _open(engine)
    _click(at, f"hs_edit_{pid}")
    assert at.text_input(key="hs_w_name").value == "Customer health"
    at.number_input(key="hs_w_healthy").set_value(80.0)
    at.number_input(key="hs_w_neutral").set_value(50.0).run()
    # Someone else saves meanwhile.
    with write_session(engine) as s:
        s.get(HealthProfile, pid).priority = 7
    _click(at, "hs_w_save")
    assert "changed by someone else" in _errors(at)[-1]
    assert at.number_input(key="hs_w_healthy").value == 80.0  # the edit is kept
    shown = {w.id: w.value for w in at.number_input}
    _click(at, "hs_w_reload")
    for widget in at.number_input:  # a browser sends back what it shows for a widget whose id stayed
        if widget.id in shown:
            widget.set_value(shown[widget.id])
    assert _number(at, "priority").value == 7
    assert _number(at, "healthy").value == 70.0  # the saved value, not the one typed before Reload
    _number(at, "healthy").set_value(80.0)
    _number(at, "neutral").set_value(50.0).run()
    _click(at, "hs_w_save")
    assert not _errors(at)
    assert [plain(t.value) for t in at.toast] == ["Saved “Customer health”. Scored 5 customers."]
    with read_session(engine) as s:
        assert s.get(HealthProfile, pid).thresholds == {"healthy": 80, "neutral": 50}


def test_groups_and_criteria_are_added_and_removed(engine):
    at = _open(engine)
    _click(at, "hs_create")
    _click(at, "hs_g_g3_del")  # Support (25 points) goes
    assert TOTAL_85.replace("85", "75") in _errors(at)
    _click(at, "hs_w_addgroup_event")
    new = [k for k in at.session_state[ui_state.DRAFT_KEY]["definition"]["groups"] if k["name"] == "Event group 3"]
    assert len(new) == 1 and new[0]["criteria"] == []
    gk = new[0]["key"]
    at.selectbox(key=f"hs_g_{gk}_newkind").set_value("open_tickets").run()
    _click(at, f"hs_g_{gk}_add")
    at.number_input(key=f"hs_g_{gk}_max").set_value(25).run()
    at.text_input(key="hs_w_name").input("Rebuilt")
    _click(at, "hs_w_save")
    assert not _errors(at)
    with read_session(engine) as s:
        groups = s.scalar(select(HealthProfile)).definition["groups"]
    assert [g["name"] for g in groups] == ["Sentiment", "Engagement", "Event group 3"]
    assert groups[2]["criteria"][0]["kind"] == "open_tickets"


def test_a_criterion_refusal_names_it_and_keeps_the_input(engine):
    at = _open(engine)
    _click(at, "hs_create")
    at.text_input(key="hs_w_name").input("Strict")
    at.text_input(key="hs_c_c2_label").input("  ")
    at.number_input(key="hs_c_c2_window").set_value(400).run()
    _click(at, "hs_w_save")
    assert _errors(at)[-1] == "Group “Engagement”: the label of criterion 1 cannot be empty."
    assert any("The preview appears once the profile is complete." in i.value for i in at.info)
    assert at.number_input(key="hs_c_c2_window").value == 400
    assert _profiles(engine) == []


def test_bands_of_a_table():
    frame = pd.DataFrame({"threshold": [1.0, None, 3.0, None], "points": [10.0, None, None, 5.0]})
    assert bands_of(frame, "min") == [
        {"min": 1.0, "points": 10.0},
        {"min": 3.0, "points": None},
        {"min": None, "points": 5.0},
    ]
    days = pd.DataFrame({"threshold": [14.0], "points": [20.0]})
    assert bands_of(days, "max_days") == [{"max_days": 14.0, "points": 20.0}]


def test_preview_figure_colours_bands_by_status_and_marks_thresholds():
    fig = ui_preview.preview_figure([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], {"healthy": 70, "neutral": 45})
    by_name = {t.name: t for t in fig.data}
    assert list(by_name) == ["At risk", "Neutral", "Healthy"]
    assert by_name["At risk"].marker.color == "#d64545"
    assert by_name["Neutral"].marker.color == "#e8a33d"
    assert by_name["Healthy"].marker.color == "#2e9e5b"
    assert list(by_name["At risk"].y) == [1, 2, 3, 4, 5, 0, 0, 0, 0, 0]  # 40–49 starts At risk
    assert list(by_name["Neutral"].y) == [0, 0, 0, 0, 0, 6, 7, 0, 0, 0]
    assert list(by_name["Healthy"].y) == [0, 0, 0, 0, 0, 0, 0, 8, 9, 10]
    assert [s.x0 for s in fig.layout.shapes] == [45, 70]
    assert fig.layout.title.text == "Score distribution"
    assert fig.layout.xaxis.title.text == "Health score" and fig.layout.yaxis.title.text == "Customers"


def test_a_slow_preview_is_refreshed_on_request(engine, monkeypatch):
    monkeypatch.setattr(ui_preview, "AUTO_PREVIEW_SECONDS", -1.0)  # every preview counts as slow
    at = _open(engine)
    _click(at, "hs_create")
    first = at.session_state[ui_state.PREVIEW_KEY]["signature"]  # the first one is always drawn
    at.number_input(key="hs_w_healthy").set_value(90.0).run()
    assert any("not up to date" in c.value for c in at.caption)
    assert at.session_state[ui_state.PREVIEW_KEY]["signature"] == first
    _click(at, "hs_w_preview")
    assert at.session_state[ui_state.PREVIEW_KEY]["signature"] != first
    assert not any("not up to date" in c.value for c in at.caption)
    assert int({m.label: m.value for m in at.metric}["Healthy"]) == 0  # nobody reaches 90 here
