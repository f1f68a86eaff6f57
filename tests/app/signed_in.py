"""Running a page through AppTest as a signed-in user (AppTest cannot send the sign-in
cookie, so the session token goes into session_state, as cslib.ui.session reads it)."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from cslib import users
from cslib.db import write_session
from cslib.ui.md import WORD_JOINER
from cslib.ui.session import TOKEN_KEY
from tests.factories import PASSWORD


def run_as(db, email: str, at: AppTest, *, state: dict | None = None, **params: str) -> AppTest:
    """Run `at` signed in as `email`, with `state` in session_state and `params` in the URL."""
    with write_session(db) as s:
        token = users.sign_in(s, email, PASSWORD).token
    at.session_state[TOKEN_KEY] = token
    for key, value in (state or {}).items():
        at.session_state[key] = value
    for key, value in params.items():
        at.query_params[key] = value
    return at.run(timeout=30)


def plain(text: str) -> str:
    """Markdown as read on screen: user text and quoted values are escaped with backslashes
    (and carry invisible word joiners that keep addresses from turning into links)."""
    return re.sub(r"\\(.)", r"\1", text).replace(WORD_JOINER, "")


def markdown(at: AppTest) -> str:
    """All markdown on the page, one element per line."""
    return "\n".join(m.value for m in at.markdown)


# Markdown that would make a link or an image: "[…](", "![", "<http…>", "<img", "<a", with
# nothing escaped (our own relative links, "](/…" and same-tab anchors '<a href="/…', are allowed).
LIVE = re.compile(r"(?<!\\)\]\s*\((?!/)|(?<!\\)!\[|(?<!\\)<\s*(?:https?:|img|a\b(?!\s+href=\"/))", re.I)


def live_markup(text: str) -> list[str]:
    """The pieces of `text` that markdown would turn into a live link or image."""
    return LIVE.findall(text)
