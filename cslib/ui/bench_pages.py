"""Benchmark cases that run a page script (AppTest, in this process): server time of a
signed-in user's first Overview. Called by cslib.bench."""

from __future__ import annotations

import logging
import os
import time

from streamlit.testing.v1 import AppTest

from cslib import bootstrap, users
from cslib.config import PROJECT_ROOT, get_settings
from cslib.db import write_session


def _signed_in(database_url: str, email: str, password: str):  # noqa: ANN202
    """(engine, session token): the app pointed at the benchmark's database, and `email`
    signed in (the password check and new session row)."""
    logging.getLogger("streamlit").setLevel(logging.ERROR)  # bare-mode warnings of AppTest
    os.environ.update(DATABASE_URL=database_url, CS_DEMO_DATA="false")
    get_settings.cache_clear()
    bootstrap.shared_engine.cache_clear()
    engine = bootstrap.shared_engine()
    with write_session(engine) as s:
        return engine, users.sign_in(s, email, password).token


def time_sign_in(database_url: str, email: str, password: str, *, language: str | None = None) -> dict[str, float]:
    """Server time from the sign-in POST to a drawn Overview: the password check and new
    session row, then a full run of Home.py (AppTest, in this process) for that session,
    with the app's DATABASE_URL pointed at the benchmark's database. With `language`, the
    user reads the Overview in it (their choice is cleared again afterwards)."""
    t = time.perf_counter()
    engine, token = _signed_in(database_url, email, password)
    sign_in_ms = (time.perf_counter() - t) * 1000
    _choose_language(engine, token, language)
    try:
        at = AppTest.from_file(str(PROJECT_ROOT / "Home.py"), default_timeout=60)
        at.session_state["auth_token"] = token
        t = time.perf_counter()
        at.run()
        first_ms = (time.perf_counter() - t) * 1000
        if at.exception or not at.metric:
            raise RuntimeError("the Overview did not draw")
        t = time.perf_counter()
        at.run()
        rerun_ms = (time.perf_counter() - t) * 1000
    finally:
        _choose_language(engine, token, None)
    return {
        "sign-in POST (argon2id check + session row)": sign_in_ms,
        "Home.py run drawing the Overview (first, cold caches)": first_ms,
        "Home.py rerun of the Overview": rerun_ms,
        "sign-in to drawn Overview (server time)": sign_in_ms + first_ms,
    }


def time_board(database_url: str, email: str, password: str, script: str) -> dict[str, float]:
    """Server time of a pipeline tab's board (`script`: "pages/revenue.py" or
    "pages/projects.py") for a signed-in user: the first run (cold caches, the conversion
    strip read), then a rerun (the strip kept until a stage changes)."""
    _engine, token = _signed_in(database_url, email, password)
    at = AppTest.from_file(str(PROJECT_ROOT / script), default_timeout=60)
    at.session_state["auth_token"] = token
    at.query_params["layout"] = "board"
    out = {}
    for name in ("first run", "rerun"):
        t = time.perf_counter()
        at.run()
        out[f"{script} board: {name}"] = (time.perf_counter() - t) * 1000
        if at.exception:
            raise RuntimeError(f"{script} did not draw: {at.exception}")
    return out


def _choose_language(engine, token: str, language: str | None) -> None:  # noqa: ANN001
    with write_session(engine) as s:
        users.set_own_language(s, users.actor_for_token(s, token), language)
