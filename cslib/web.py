"""HTTP routes beside the Streamlit app (mounted by app.py through st.App): sign-in that
sets an HttpOnly session cookie, and a health check. No streamlit import here."""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from urllib.parse import urlencode, urlsplit

from sqlalchemy import text
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse
from starlette.routing import Route

from cslib import auth
from cslib.bootstrap import shared_engine
from cslib.config import get_settings
from cslib.db import read_session, write_session

log = logging.getLogger(__name__)
MAX_FIELD = 1000


def safe_next(value: str | None) -> str:
    """Only same-site relative paths: never '//evil.example' or 'https://…'."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return "/"
    return value[:2000]


def _same_origin(request: Request) -> bool:
    origin = request.headers.get("origin")
    if not origin or origin == "null":
        return origin is None
    return urlsplit(origin).netloc == request.headers.get("host")


def _back_to_form(next_path: str, **params: str) -> RedirectResponse:
    path, _, query = next_path.partition("?")
    keep = [p for p in query.split("&") if p and not p.startswith(("signin_error=", "wait=", "email="))]
    extra = urlencode(params)
    return RedirectResponse(f"{path}?{'&'.join([*keep, extra])}", status_code=303)


async def login(request: Request) -> RedirectResponse:
    form = await request.form()
    next_path = safe_next(str(form.get("next", "/"))[:2000])
    if not _same_origin(request):
        return _back_to_form(next_path, signin_error="origin")
    email = str(form.get("email", ""))[:MAX_FIELD]
    password = str(form.get("password", ""))[:MAX_FIELD]
    settings = get_settings()
    with write_session(shared_engine()) as s:
        result = auth.sign_in(
            s,
            email,
            password,
            ip=request.client.host if request.client else None,
            session_days=settings.cs_session_days,
        )
    if result.token is None:
        code = "locked" if result.error and result.error.startswith("Too many") else "bad"
        return _back_to_form(next_path, signin_error=code, wait=str(result.retry_after), email=email[:254])
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(
        auth.COOKIE_NAME,
        result.token,
        max_age=settings.cs_session_days * 86400,
        httponly=True,
        samesite="lax",
        secure=settings.cs_cookie_secure,
        path="/",
    )
    return response


async def healthz(_request: Request) -> JSONResponse:
    try:
        with read_session(shared_engine()) as s:
            s.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - a health check reports, it does not raise
        log.exception("health check failed")
        return JSONResponse({"status": "error"}, status_code=503)
    return JSONResponse({"status": "ok"})


ROUTES = [Route("/auth/login", login, methods=["POST"]), Route("/healthz", healthz)]


@asynccontextmanager
async def lifespan(_app):  # noqa: ANN001
    """Migrate (and seed) before serving, and run the scheduler in-process while no worker
    holds the lease (the embedded default needs one command)."""
    engine = shared_engine()
    host = None
    if get_settings().cs_in_app_scheduler:
        from cslib.worker import start_in_app

        host = start_in_app(engine)
    try:
        yield {}
    finally:
        if host is not None:
            host.stop()
