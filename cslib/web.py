"""HTTP routes beside the Streamlit app (mounted by app.py through st.App): sign-in that
sets an HttpOnly session cookie, a health check, export downloads for their owner, and the
middleware adding security headers to every response. No streamlit import here."""

from __future__ import annotations

import asyncio
import html
import logging
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from functools import partial
from urllib.parse import urlencode, urlsplit

from sqlalchemy import text
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from cslib import exports, i18n, users
from cslib.bootstrap import shared_engine
from cslib.config import get_settings
from cslib.db import read_session
from cslib.errors import CsError
from cslib.i18n import _
from cslib.validation import is_same_site_path

log = logging.getLogger(__name__)
MAX_FIELD = 1000

# Password checks run here, never on the event loop (one argon2id check is ~0.1 s of CPU
# and 64 MiB; on the loop, twenty wrong sign-ins stalled every request for seconds). Two
# at once fill the two cores this app is sized for; further sign-ins wait in this pool's
# queue, not as extra threads or memory, while the loop keeps serving everyone else.
SIGN_IN_WORKERS = 2
_sign_in_pool = ThreadPoolExecutor(max_workers=SIGN_IN_WORKERS, thread_name_prefix="sign-in")


def safe_next(value: str | None) -> str:
    """Only same-site relative paths: never '//evil.example' or 'https://…'."""
    return value[:2000] if is_same_site_path(value) else "/"


def client_address(request: Request) -> str | None:
    """The address the throttle keys on. X-Forwarded-For is anyone's to write, so it is read
    only when CS_TRUSTED_PROXY_HOPS says that many proxies in front each append the address
    they saw: the entry that many places from the right is what the outermost proxy saw.
    A request with fewer entries did not come through them: its own peer address counts."""
    peer = request.client.host if request.client else None
    hops = get_settings().cs_trusted_proxy_hops
    if hops <= 0:
        return peer
    forwarded = [p.strip() for h in request.headers.getlist("x-forwarded-for") for p in h.split(",")]
    forwarded = [p for p in forwarded if p]
    return forwarded[-hops][:64] if len(forwarded) >= hops else peer


def came_over_https(request: Request) -> bool:
    """The browser's connection was HTTPS: here, or at a proxy in front (X-Forwarded-Proto).
    Trusting the header only ever adds Secure to our own cookie, so it needs no setting."""
    if request.url.scheme == "https":
        return True
    proto = request.headers.get("x-forwarded-proto", "")
    return any(p.strip().lower() == "https" for p in proto.split(","))


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


def _check_sign_in(email: str, password: str, ip: str | None, session_days: int) -> tuple[users.SignInResult, str]:
    """The blocking part of a sign-in (database and argon2), run in _sign_in_pool; with the
    signed wait notice for the form when the next try has to wait."""
    engine = shared_engine()
    result = users.sign_in_outside_transactions(engine, email, password, ip=ip, session_days=session_days)
    wait = users.wait_notice(users.signing_key(engine), result.retry_after) if result.retry_after else ""
    return result, wait


async def login(request: Request) -> RedirectResponse:
    form = await request.form()
    next_path = safe_next(str(form.get("next", "/"))[:2000])
    if not _same_origin(request):
        return _back_to_form(next_path, signin_error="origin")
    email = str(form.get("email", ""))[:MAX_FIELD]
    password = str(form.get("password", ""))[:MAX_FIELD]
    settings = get_settings()
    check = partial(_check_sign_in, email, password, client_address(request), settings.cs_session_days)
    result, wait = await asyncio.get_running_loop().run_in_executor(_sign_in_pool, check)
    if result.token is None:
        code = "locked" if result.error and result.error.startswith("Too many") else "bad"
        params = {"signin_error": code, **({"wait": wait} if wait else {})}
        return _back_to_form(next_path, **params, email=email[:254])
    response = RedirectResponse(next_path, status_code=303)
    response.set_cookie(
        users.COOKIE_NAME,
        result.token,
        max_age=settings.cs_session_days * 86400,
        httponly=True,
        samesite="lax",
        secure=settings.cs_cookie_secure or came_over_https(request),
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


PRIVATE = {"Cache-Control": "private, no-store"}


def _find_download(token: str | None, raw_id: str, browser: str | None) -> exports.Download | str | None:
    """The export file `raw_id` for the user behind `token`: None when nobody is signed in,
    else the file, or a short page saying it cannot be had, in the reader's language (the
    same page for an unknown id, someone else's export and one not ready or expired)."""
    with read_session(shared_engine()) as s:
        actor = users.actor_for_token(s, token) if token else None
        if actor is None:
            return None
        with i18n.use(i18n.choose(actor.language, users.workspace_language(s), browser)):
            try:
                return exports.download_file(s, actor, raw_id)
            except CsError as exc:  # not found, or no export permission: the same short page
                label = html.escape(_("Go to your exports"))
                link = f'<a href="{exports.EXPORTS_PAGE}">{label}</a>'
                return f'<!doctype html><meta charset="utf-8"><p>{html.escape(str(exc))}</p><p>{link}</p>'


async def download(request: Request) -> Response:
    """An export's file, streamed from disk to its owner (Content-Disposition: attachment).
    Signed out: the Exports page, which asks to sign in and comes back there."""
    token = request.cookies.get(users.COOKIE_NAME)
    browser = request.headers.get("accept-language", "").split(",")[0].strip()[:35] or None
    found = await run_in_threadpool(_find_download, token, request.path_params["export_id"], browser)
    if found is None:
        return RedirectResponse(exports.EXPORTS_PAGE, status_code=303, headers=PRIVATE)
    if isinstance(found, str):
        return HTMLResponse(found, status_code=404, headers=PRIVATE)
    return FileResponse(
        found.path,
        media_type=found.media_type,
        filename=found.file_name,
        content_disposition_type="attachment",
        headers=PRIVATE,
    )


SECURITY_HEADERS = (
    # Framing only by our own pages: custom components (the Schedule's calendar) are
    # same-origin iframes, so DENY would break them. CSP for browsers, X-Frame-Options
    # for old ones.
    (b"content-security-policy", b"frame-ancestors 'self'"),
    (b"x-frame-options", b"SAMEORIGIN"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)


class SecurityHeadersMiddleware:
    """Adds SECURITY_HEADERS to every HTTP response, Streamlit's own pages and static files
    included (app.py passes it to st.App, which puts it outside Streamlit's middleware).
    Pure ASGI: websockets (/_stcore/stream) pass through untouched, and streamed responses
    are not buffered as BaseHTTPMiddleware would. A header already set is left as is."""

    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:  # noqa: ANN001
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                headers += [(name, value) for name, value in SECURITY_HEADERS if name not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


ROUTES = [
    Route("/auth/login", login, methods=["POST"]),
    Route("/healthz", healthz),
    Route("/exports/{export_id}/download", download, methods=["GET"]),
]
MIDDLEWARE = [Middleware(SecurityHeadersMiddleware)]


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
