"""AppTest of the sidebar's bell: the unread count on the page, the popover's list,
Dismiss and "Mark all as read"; another user's notifications never show."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from cslib import notifications
from cslib.config import PROJECT_ROOT
from cslib.db import write_session
from cslib.models import User, WorkspaceSettings
from cslib.ui.notifications import BELL_KEY
from tests.app.signed_in import plain, run_as
from tests.factories import make_user
from tests.unit.notifications.kinds_for_tests import MOVED, PLAIN, moved

HOME = str(PROJECT_ROOT / "Home.py")


@pytest.fixture
def app_db(app_database):
    now = datetime.now(UTC)  # at the test, not at import: the suite may reach it minutes later
    with write_session(app_database) as s:
        s.add(WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1)))
        me = make_user(s, email="csm@example.com", name="Carl CSM")
        other = make_user(s, email="other@example.com", name="Olga Other")
        ids = {
            "older": notifications.notify(
                s, me.id, MOVED, moved(name="Acme"), link="/exports/5/download", now=now - timedelta(hours=3)
            ),
            "newer": notifications.notify(s, me.id, PLAIN, {}, now=now - timedelta(minutes=5)),
            "theirs": notifications.notify(s, other.id, MOVED, moved(name="Secret Corp"), now=now),
        }
    return app_database, ids


def _bell(at: AppTest):
    """The popover block in the sidebar."""
    found = []

    def walk(node) -> None:  # noqa: ANN001
        for child in getattr(node, "children", {}).values():
            if getattr(child, "type", None) == "popover":
                found.append(child)
            walk(child)

    walk(at.sidebar)
    assert len(found) == 1
    return found[0].proto.popover


def _open(at: AppTest) -> AppTest:
    at.session_state[BELL_KEY] = True  # what clicking the bell sends
    return at.run()


def _click(at: AppTest, key: str) -> AppTest:
    """Click a button in the open popover; it stays open with the new count."""
    return at.sidebar.button(key=key).click().run()


def _texts(at: AppTest) -> list[str]:
    return [plain(m.value) for m in at.sidebar.markdown]


def test_the_bell_counts_unread_notifications_and_lists_them_newest_first(app_db):
    db, ids = app_db
    at = run_as(db, "csm@example.com", AppTest.from_file(HOME, default_timeout=30))
    assert not at.exception
    bell = _bell(at)
    assert (bell.label, bell.help) == (":material/notifications: 2", "2 unread notifications")
    assert not [t for t in _texts(at) if "Reload" in t or "Acme" in t]  # the list waits for the popover

    at = _open(at)
    texts = _texts(at)
    assert texts.index("**Reload**") < texts.index("**Moved “Acme” to Won.**")
    assert "Max points: 1,234.5 of 2,000" in texts
    assert not [t for t in texts if "Secret Corp" in t]
    assert [c.value for c in at.sidebar.caption if "ago" in c.value] == ["5 minutes ago", "3 hours ago"]
    assert [b.proto.url for b in at.sidebar.get("link_button")] == ["/exports/5/download"]


def test_dismissing_removes_it_and_mark_all_as_read_clears_the_count(app_db):
    db, ids = app_db
    at = _open(run_as(db, "csm@example.com", AppTest.from_file(HOME, default_timeout=30)))
    at = _click(at, f"notification_dismiss_{ids['newer']}")
    assert not at.exception
    assert _bell(at).label == ":material/notifications: 1"
    assert "**Reload**" not in _texts(at)
    assert "**Moved “Acme” to Won.**" in _texts(at)

    at = _click(at, "notifications_mark_all")
    assert not at.exception
    bell = _bell(at)
    assert (bell.label, bell.help) == (":material/notifications:", "0 unread notifications")
    assert "Moved “Acme” to Won." in _texts(at)  # still listed, no longer bold
    assert at.sidebar.button(key="notifications_mark_all").disabled


def test_the_bell_reads_in_the_users_language(app_db):
    db, ids = app_db
    with write_session(db) as s:
        s.query(User).filter(User.email == "csm@example.com").update({"language": "pl"})
    at = _open(run_as(db, "csm@example.com", AppTest.from_file(HOME, default_timeout=30)))
    assert not at.exception
    assert _bell(at).help == "2 nieprzeczytane powiadomienia"
    assert "**Przeniesiono „Acme” do etapu Won.**" in _texts(at)
    assert at.sidebar.button(key="notifications_mark_all").label == "Oznacz wszystkie jako przeczytane"


def test_with_nothing_to_read_the_bell_says_so(app_db):
    db, _ids = app_db
    with write_session(db) as s:
        make_user(s, email="new@example.com", name="New Person")
    at = _open(run_as(db, "new@example.com", AppTest.from_file(HOME, default_timeout=30)))
    assert _bell(at).label == ":material/notifications:"
    assert "No notifications yet." in [c.value for c in at.sidebar.caption]
