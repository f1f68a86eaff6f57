"""The sign-in route: cookie on success, a clear error code on failure, safe redirects."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.testclient import TestClient

from cslib import auth, web
from cslib.db import read_session, write_session
from cslib.models import WorkspaceSettings
from tests.factories import PASSWORD, make_user


@pytest.fixture
def client(app_database):
    from datetime import date

    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        make_user(s, email="web@example.com")
    app = Starlette(routes=web.ROUTES)
    return TestClient(app, base_url="http://testserver", follow_redirects=False), app_database


def _post(client, **form):
    return client.post("/auth/login", data=form, headers={"origin": "http://testserver"})


def test_good_credentials_set_an_httponly_cookie_and_go_to_next(client):
    c, engine = client
    r = _post(c, email="web@example.com", password=PASSWORD, next="/settings?tab=users")
    assert r.status_code == 303 and r.headers["location"] == "/settings?tab=users"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{auth.COOKIE_NAME}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    token = cookie.split(";")[0].split("=", 1)[1]
    with read_session(engine) as s:
        assert auth.actor_for_token(s, token).email == "web@example.com"


def test_bad_credentials_come_back_to_the_form_with_an_error_code(client):
    c, _ = client
    r = _post(c, email="web@example.com", password="nope", next="/")
    assert r.status_code == 303
    assert "signin_error=bad" in r.headers["location"] and "set-cookie" not in r.headers
    assert "email=web%40example.com" in r.headers["location"]


def test_after_three_failures_the_form_says_wait(client):
    c, _ = client
    for _ in range(3):
        _post(c, email="web@example.com", password="nope", next="/")
    r = _post(c, email="web@example.com", password=PASSWORD, next="/")
    assert "signin_error=locked" in r.headers["location"] and "set-cookie" not in r.headers


@pytest.mark.parametrize("hostile", ["//evil.example/x", "https://evil.example", "/\\evil", "javascript:alert(1)", ""])
def test_next_never_leaves_the_site(client, hostile):
    c, _ = client
    r = _post(c, email="web@example.com", password=PASSWORD, next=hostile)
    assert r.headers["location"] == "/"


def test_cross_site_post_is_refused(client):
    c, _ = client
    r = c.post(
        "/auth/login",
        data={"email": "web@example.com", "password": PASSWORD},
        headers={"origin": "http://evil.example"},
    )
    assert "signin_error=origin" in r.headers["location"] and "set-cookie" not in r.headers


def test_health_check_reports_ok(client):
    c, _ = client
    assert c.get("/healthz").json() == {"status": "ok"}
