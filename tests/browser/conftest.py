"""Browser journeys: the real app (app.py, as README starts it) on a fresh demo database,
driven by Playwright in Debian's Chromium. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import expect

from cslib.config import PROJECT_ROOT

SHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
# How long expect() retries before it fails (Playwright's default is 5 s). On a loaded
# machine a heavy page drew its last element after more than 5 s; this is the budget the
# retired wait_idle had. A test that passes still returns as soon as its state shows.
expect.set_options(timeout=30_000)
CHROMIUM = os.environ.get("CS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_healthy(url: str, proc: subprocess.Popen, health: str, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"app exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"{url}{health}", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("app did not become healthy")


def start_app(data_dir: Path, script: str = "app.py", **env_overrides: str) -> tuple[subprocess.Popen, str]:
    """`script` run by Streamlit on a free port (the app as README starts it, or a test
    harness: plain Streamlit scripts answer their health check at /_stcore/health)."""
    port = _free_port()
    env = {**os.environ, "CS_DATA_DIR": str(data_dir), "DATABASE_URL": "", "CS_DEMO_DATA": "true", **env_overrides}
    log = open(data_dir / "app.log", "w")  # noqa: SIM115 - closed with the process
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--client.showErrorDetails",
            "full",
        ],
        cwd=PROJECT_ROOT,
        env={**env, "PYTHONPATH": str(PROJECT_ROOT)},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, "/healthz" if script == "app.py" else "/_stcore/health")
    except Exception:
        proc.kill()
        raise
    return proc, url


@contextmanager
def running_app(data_dir: Path, script: str = "app.py", **env_overrides: str) -> Iterator[str]:
    """The app started as README starts it (or `script`), for the length of the block;
    yields its URL."""
    proc, url = start_app(data_dir, script, **env_overrides)
    try:
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    with running_app(tmp_path_factory.mktemp("app")) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()


# Streamlit scrolls inside its own container: a screenshot holds only the viewport.
TALL = {"width": 1280, "height": 2400}


@pytest.fixture
def tall(browser):
    """A page in a viewport tall enough for a whole settings section or list in one shot."""
    context = browser.new_context(viewport=TALL)
    yield context.new_page()
    context.close()


_SETTLED = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'
    && !document.querySelector('[data-stale="true"], [data-testid="stSkeleton"], '
                               + '[data-testid="stSkeletonElement"], [data-testid="stAppSkeleton"]');
}"""


def settled(page, timeout: float = 30_000) -> None:
    """The script is not running and the page holds nothing of an earlier run (faded,
    data-stale="true") and no placeholder, all in one look at the page.

    This alone does not prove that an action's rerun has drawn: before the rerun starts,
    and between the runs of an st.rerun(), the page is 'notRunning' too. Call it only after
    waiting for something that only the new state draws (a heading, a changed count, the
    URL plus a line that state adds), when the next step reads what the whole page decides:
    a canvas grid's position, a count to compare later, the absence of an element."""
    page.wait_for_function(_SETTLED, timeout=timeout)


def shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def sign_in(page, base_url: str, email: str, password: str, path: str = "/", sign_out: str = "Sign out") -> None:
    """Sign in through the form at `path`; return once the page the form leads to shows
    its outcome: the sidebar's `sign_out` button, in the reader's language (signed in), or
    the form's error (refused)."""
    page.goto(f"{base_url}{path}")
    form = page.locator("form.cs-signin")
    expect(form).to_be_visible()
    settled(page)  # the form is drawn by the page's one run: typed values stay in it
    page.fill("#cs-email", email)
    page.fill("#cs-password", password)
    with page.expect_navigation():  # POST /auth/login, then its redirect
        form.locator("button[type=submit]").click()
    signed_in = page.get_by_role("button", name=sign_out)
    refused = page.get_by_test_id("stAlert").filter(has=page.get_by_text(re.compile("^(Wrong|Too many)")))
    expect(signed_in.or_(refused).first).to_be_visible()


def nav_labels(page) -> list[str]:
    """Menu entries as a user reads them (the icon's ligature text dropped)."""
    return [t.strip().split("\n")[-1] for t in page.locator('[data-testid="stSidebarNavLink"]').all_inner_texts()]
