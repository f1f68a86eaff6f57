"""AppTest of the sign-in form's error notice: its wait comes only from a value /auth/login
signed, never from a number someone put in a link."""

from __future__ import annotations

from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from cslib import users
from cslib.config import PROJECT_ROOT
from cslib.db import write_session
from cslib.models import WorkspaceSettings

HOME = PROJECT_ROOT / "Home.py"


@pytest.fixture
def app_db(app_database):
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
    return app_database


def _sign_in_page(**query) -> AppTest:
    at = AppTest.from_file(str(HOME), default_timeout=30)
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


@pytest.mark.parametrize("wait", ["²", "99999", "8", "-1", "1e9", "", "a.b.c"])
def test_a_wait_typed_into_the_link_shows_no_number_and_no_traceback(app_db, wait):
    at = _sign_in_page(signin_error="bad", wait=wait)
    assert not at.exception
    assert [e.value for e in at.error] == [users.BAD_CREDENTIALS]


def test_a_forged_notice_shows_no_number(app_db):
    forged = users.wait_notice("not the database's key " * 3, 99)
    at = _sign_in_page(signin_error="locked", wait=forged)
    assert not at.exception
    assert [e.value for e in at.error] == ["Too many failed sign-ins."]


def test_a_notice_signed_by_the_app_shows_the_seconds_left(app_db):
    notice = users.wait_notice(users.signing_key(app_db), 8)
    at = _sign_in_page(signin_error="bad", wait=notice)
    assert not at.exception
    message = at.error[0].value
    assert message.startswith(users.BAD_CREDENTIALS + " Wait ") and message.endswith("seconds before trying again.")
    assert 7 <= int(message.split(" Wait ")[1].split()[0]) <= 8
