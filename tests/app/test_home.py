"""AppTest of Home.py: the sign-in page, and the Overview a signed-in user sees."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from cslib import users
from cslib.config import PROJECT_ROOT
from cslib.db import write_session
from cslib.i18n import today_in
from cslib.models import WorkspaceSettings
from tests.factories import PASSWORD, make_company, make_user

HOME = PROJECT_ROOT / "Home.py"


@pytest.fixture
def app_db(app_database):
    today = today_in("UTC")
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1), is_demo=True))
        admin = make_user(s, email="admin@example.com", name="Ada Admin", is_super_admin=True)
        csm = make_user(s, email="csm@example.com", name="Carl CSM")
        make_company(s, name="Acme Renewing", owner_id=csm.id, arr=12000, renewal_date=today + timedelta(days=10))
        make_company(s, name="Beta Later", owner_id=csm.id, arr=3000, renewal_date=today + timedelta(days=200))
        make_company(s, name="Admin Co", owner_id=admin.id, arr=500)
    return app_database


def _signed_in(engine, email: str) -> AppTest:
    with write_session(engine) as s:
        token = users.sign_in(s, email, PASSWORD).token
    at = AppTest.from_file(str(HOME), default_timeout=30)
    at.session_state["auth_token"] = token
    return at.run()


def test_signed_out_visitor_gets_the_sign_in_form_and_demo_accounts(app_db):
    at = AppTest.from_file(str(HOME), default_timeout=30).run()
    assert not at.exception
    assert at.title[0].value == "Customer Success workspace"
    assert any('action="/auth/login"' in h.proto.body for h in at.get("html"))
    assert "customer-success" in at.markdown[0].value or any("customer-success" in m.value for m in at.markdown)


def test_bad_sign_in_shows_the_message_from_the_route(app_db):
    at = AppTest.from_file(str(HOME), default_timeout=30)
    at.query_params["signin_error"] = "bad"
    at.query_params["email"] = "csm@example.com"
    at.run()
    assert at.error[0].value == "Wrong e-mail or password."


def test_csm_overview_shows_owned_customers_arr_and_renewals(app_db):
    at = _signed_in(app_db, "csm@example.com")
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Customers owned"] == "2"
    assert metrics["Total ARR"] == "$15,000"
    assert metrics["Renewals in the next 90 days"] == "1"
    renewals = next(d.value for d in at.dataframe if "Days left" in d.value.columns)
    assert list(renewals["Company"]) == ["Acme Renewing"]
    assert "view_as_user" not in [s.key for s in at.main.selectbox]  # no "view as" for a CSM


def test_admin_views_the_overview_as_a_csm(app_db):
    from sqlalchemy import select

    from cslib.db import read_session
    from cslib.models import User

    with read_session(app_db) as s:
        carl_id = s.scalar(select(User.id).where(User.email == "csm@example.com"))
    at = _signed_in(app_db, "admin@example.com")
    assert {m.label: m.value for m in at.metric}["Customers owned"] == "1"
    picker = at.selectbox(key="view_as_user")
    assert "Carl CSM (csm@example.com)" in picker.options
    picker.set_value(carl_id).run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["Customers owned"] == "2"
    assert "showing Carl CSM's customers" in at.caption[0].value
