"""The sign-in route: cookie on success, a clear error code on failure, safe redirects."""

from __future__ import annotations

import pytest
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from cslib import users, web
from cslib.db import read_session, write_session
from cslib.models import WorkspaceSettings
from tests.factories import PASSWORD, make_user


@pytest.fixture
def client(app_database):
    from datetime import date

    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        make_user(s, email="web@example.com")
    app = Starlette(routes=web.ROUTES, middleware=web.MIDDLEWARE)
    return TestClient(app, base_url="http://testserver", follow_redirects=False), app_database


def _post(client, **form):
    return client.post("/auth/login", data=form, headers={"origin": "http://testserver"})


def test_good_credentials_set_an_httponly_cookie_and_go_to_next(client):
    c, engine = client
    r = _post(c, email="web@example.com", password=PASSWORD, next="/settings?tab=users")
    assert r.status_code == 303 and r.headers["location"] == "/settings?tab=users"
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{users.COOKIE_NAME}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    token = cookie.split(";")[0].split("=", 1)[1]
    with read_session(engine) as s:
        assert users.actor_for_token(s, token).email == "web@example.com"


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


def _cookie(response) -> str:
    return response.headers["set-cookie"]


def test_cookie_is_secure_when_the_request_came_over_https(client):
    _, engine = client
    app = Starlette(routes=web.ROUTES)
    https = TestClient(app, base_url="https://testserver", follow_redirects=False)
    r = https.post(
        "/auth/login", data={"email": "web@example.com", "password": PASSWORD}, headers={"origin": "https://testserver"}
    )
    assert "Secure" in _cookie(r)


def test_cookie_is_secure_behind_a_proxy_that_terminated_tls(client):
    c, _ = client
    r = c.post(
        "/auth/login",
        data={"email": "web@example.com", "password": PASSWORD},
        headers={"origin": "http://testserver", "x-forwarded-proto": "https"},
    )
    assert "Secure" in _cookie(r)
    plain = _post(c, email="web@example.com", password=PASSWORD)
    assert "Secure" not in _cookie(plain)


def test_cookie_is_secure_when_the_setting_says_so(client, monkeypatch):
    from cslib.config import get_settings

    c, _ = client
    monkeypatch.setenv("CS_COOKIE_SECURE", "true")
    get_settings.cache_clear()
    assert "Secure" in _cookie(_post(c, email="web@example.com", password=PASSWORD))


def test_the_wait_in_the_redirect_is_signed_not_a_number(client):
    from urllib.parse import parse_qs, urlsplit

    from cslib.bootstrap import shared_engine

    c, _ = client
    for _ in range(3):
        r = _post(c, email="web@example.com", password="nope", next="/")
    query = parse_qs(urlsplit(r.headers["location"]).query)
    assert query["signin_error"] == ["bad"]
    notice = query["wait"][0]
    assert not notice.isdigit()
    assert 1 <= users.wait_left(users.signing_key(shared_engine()), notice) <= 2
    first = _post(c, email="fresh@example.com", password="nope", next="/")
    assert "wait=" not in first.headers["location"]  # nothing to wait for: no notice


def test_sign_in_runs_in_the_bounded_pool_not_on_the_event_loop(client, monkeypatch):
    import threading

    c, _ = client
    seen = []
    real = users.sign_in_outside_transactions

    def spy(*args, **kwargs):
        seen.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(users, "sign_in_outside_transactions", spy)
    _post(c, email="web@example.com", password="nope")
    assert len(seen) == 1 and seen[0].startswith("sign-in")
    assert web._sign_in_pool._max_workers == web.SIGN_IN_WORKERS == 2


def _login_ip(c, **headers) -> str:
    from sqlalchemy import select

    from cslib.bootstrap import shared_engine
    from cslib.models import LoginAttempt

    c.post(
        "/auth/login",
        data={"email": "ip@example.com", "password": "nope"},
        headers={"origin": "http://testserver", **headers},
    )
    with read_session(shared_engine()) as s:
        return s.scalar(select(LoginAttempt.ip).order_by(LoginAttempt.id.desc()).limit(1))


def test_x_forwarded_for_is_ignored_unless_a_proxy_is_configured(client, monkeypatch):
    from cslib.config import get_settings

    c, _ = client
    assert _login_ip(c, **{"x-forwarded-for": "1.2.3.4"}) == "testclient"
    monkeypatch.setenv("CS_TRUSTED_PROXY_HOPS", "1")
    get_settings.cache_clear()
    # The proxy appends what it saw; whatever the client wrote before that is not trusted.
    assert _login_ip(c, **{"x-forwarded-for": "6.6.6.6, 1.2.3.4"}) == "1.2.3.4"
    assert _login_ip(c) == "testclient"  # not through the proxy: the peer counts
    monkeypatch.setenv("CS_TRUSTED_PROXY_HOPS", "2")
    get_settings.cache_clear()
    assert _login_ip(c, **{"x-forwarded-for": "6.6.6.6, 1.2.3.4, 10.0.0.2"}) == "1.2.3.4"


HARDENING = {
    "x-frame-options": "SAMEORIGIN",
    "content-security-policy": "frame-ancestors 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
}


def test_every_response_carries_the_hardening_headers_and_websockets_still_work():
    from starlette.responses import PlainTextResponse
    from starlette.routing import WebSocketRoute

    async def hello(_request):
        return PlainTextResponse("hi", headers={"x-frame-options": "DENY"})

    async def echo(ws):
        await ws.accept()
        await ws.send_text(await ws.receive_text())
        await ws.close()

    app = Starlette(
        routes=[Route("/hello", hello), WebSocketRoute("/ws", echo)],
        middleware=web.MIDDLEWARE,
    )
    c = TestClient(app)
    for path in ["/hello", "/missing"]:
        r = c.get(path)
        for name, value in HARDENING.items():
            if not (path == "/hello" and name == "x-frame-options"):
                assert r.headers[name] == value, (path, name)
    assert c.get("/hello").headers.get_list("x-frame-options") == ["DENY"]  # a route's own value stays
    with c.websocket_connect("/ws") as ws:
        ws.send_text("ping")
        assert ws.receive_text() == "ping"
