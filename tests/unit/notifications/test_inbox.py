"""A user's notifications: added in the sender's transaction, listed newest first in the
reader's language, counted while unread, marked read, dismissed; never another user's."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert, select, text

from cslib import i18n, notifications
from cslib.config import get_settings
from cslib.errors import NotFound
from cslib.models import Job, Notification
from cslib.permissions import Actor
from tests.factories import make_actor
from tests.unit.notifications.kinds_for_tests import FILLED, MOVED, PLAIN, moved

NOW = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)


@pytest.fixture
def smtp(monkeypatch):
    """Settings with a mail server (nothing listens: these tests only queue)."""
    monkeypatch.setenv("CS_SMTP_HOST", "mail.example")
    get_settings.cache_clear()
    yield
    monkeypatch.delenv("CS_SMTP_HOST")
    get_settings.cache_clear()


@pytest.fixture
def no_smtp(monkeypatch):
    monkeypatch.delenv("CS_SMTP_HOST", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _send(session, actor: Actor, minutes: int, **kw) -> int:
    return notifications.notify(session, actor.id, MOVED, moved(**kw), now=NOW + timedelta(minutes=minutes))


def test_the_list_is_newest_first_and_counts_what_is_unread(session, no_smtp):
    me = make_actor(session)
    first = _send(session, me, 1, name="First")
    second = _send(session, me, 2, name="Second", stage="Lost")
    third = notifications.notify(session, me.id, PLAIN, {}, link="/exports/5/download", now=NOW + timedelta(minutes=3))
    with i18n.use("en"):
        items = notifications.list_notifications(session, me)
    assert [i.id for i in items] == [third, second, first]
    assert items[1].title == "Moved “Second” to Lost."
    assert items[1].body == "Max points: 1,234.5 of 2,000"
    assert (items[0].title, items[0].body, items[0].link) == ("Reload", None, "/exports/5/download")
    assert [i.read for i in items] == [False, False, False]
    assert notifications.unread_count(session, me) == 3

    assert notifications.mark_read(session, me, second) is True
    assert notifications.mark_read(session, me, second) is False  # already read: nothing changes
    assert notifications.unread_count(session, me) == 2
    assert [i.read for i in notifications.list_notifications(session, me)] == [False, True, False]

    assert notifications.dismiss(session, me, third) is True
    assert [i.id for i in notifications.list_notifications(session, me)] == [second, first]
    assert notifications.unread_count(session, me) == 1  # a dismissed one no longer counts

    assert notifications.mark_all_read(session, me) == 1
    assert notifications.unread_count(session, me) == 0
    assert all(i.read for i in notifications.list_notifications(session, me))


def test_the_english_wording_is_stored_for_logs(session, no_smtp):
    me = make_actor(session, language="pl")
    nid = _send(session, me, 0, name="Acme")
    row = session.get(Notification, nid)
    assert (row.title, row.body) == ("Moved “Acme” to Won.", "Max points: 1,234.5 of 2,000")
    assert row.params == {"name": "Acme", "stage": "Won", "total": 1234.5, "max": 2000}


def test_nobody_reads_marks_or_dismisses_another_users_notification(session, no_smtp):
    me, other = make_actor(session), make_actor(session)
    theirs = _send(session, other, 0)
    assert notifications.list_notifications(session, me) == []
    assert notifications.unread_count(session, me) == 0
    missing = session.scalar(select(Notification.id).order_by(Notification.id.desc())) + 1000
    messages = []
    for act in (notifications.mark_read, notifications.dismiss):
        for nid in (theirs, missing, "x", -1):
            with pytest.raises(NotFound) as caught:
                act(session, me, nid)
            messages.append(str(caught.value))
    assert set(messages) == {"That notification no longer exists."}  # theirs reads like one that is gone
    assert notifications.mark_all_read(session, me) == 0
    row = session.get(Notification, theirs)
    session.refresh(row)
    assert (row.read_at, row.dismissed_at) == (None, None)
    assert notifications.unread_count(session, other) == 1


@pytest.mark.parametrize(
    ("language", "title", "body"),
    [
        ("da", "“Acme” er flyttet til Vundet.", "Maks. point: 1.234,5 af 2.000"),
        ("pl", "Przeniesiono „Acme” do etapu Vundet.", "Maks. liczba punktów: 1\xa0234,5 z 2\xa0000"),
    ],
)
def test_each_reader_gets_the_wording_in_their_language(session, no_smtp, language, title, body):
    me = make_actor(session, language=language)
    _send(session, me, 0, name="Acme", stage="Vundet")
    [item] = notifications.list_notifications(session, me)
    assert (item.title, item.body) == (title, body)
    assert notifications.wording(MOVED, moved(name="Acme", stage="Vundet"), language) == (title, body)
    with i18n.use(language):  # None: the language of the code that asks
        assert notifications.wording(MOVED, moved(name="Acme", stage="Vundet")) == (title, body)


def test_a_kinds_own_hook_makes_its_values_in_the_readers_language(session, no_smtp):
    me = make_actor(session, language="da")
    nid = notifications.notify(session, me.id, FILLED, {"name": "acme"})
    assert session.get(Notification, nid).title == "Moved “ACME” to en."  # stored in English
    [item] = notifications.list_notifications(session, me)
    assert item.title == "“ACME” er flyttet til da."


def test_params_that_do_not_fill_the_wording_are_refused(session, no_smtp):
    me = make_actor(session)
    with pytest.raises(ValueError, match="do not fill"):
        notifications.notify(session, me.id, MOVED, {"name": "Acme"})
    assert notifications.unread_count(session, me) == 0


def test_a_kind_no_package_declares_reads_as_its_stored_english(session, no_smtp):
    me = make_actor(session, language="da")
    session.add(Notification(user_id=me.id, kind="retired_kind", title="Old news", body="Kept as sent", params={}))
    session.flush()
    [item] = notifications.list_notifications(session, me)
    assert (item.title, item.body) == ("Old news", "Kept as sent")
    # Params the wording cannot be filled from (a placeholder renamed since) also fall back.
    assert notifications.wording(MOVED, {"name": "x"}, "da", fallback=("Stored", None)) == ("Stored", None)


def test_the_list_is_bounded(session, no_smtp):
    me = make_actor(session)
    for minute in range(5):
        _send(session, me, minute)
    assert len(notifications.list_notifications(session, me, limit=3)) == 3
    for bad in (0, -1, notifications.MAX_LIMIT + 1, True, "20"):
        with pytest.raises(ValueError):
            notifications.list_notifications(session, me, limit=bad)


@pytest.mark.parametrize(
    "link",
    [
        "https://evil.example/x",
        "//evil.example/x",
        "javascript:alert(1)",
        "exports/5",
        "/\\evil",
        "/a b",
        "/" + "x" * 500,
    ],
)
def test_a_link_leads_only_to_this_site(session, no_smtp, link):
    me = make_actor(session)
    with pytest.raises(ValueError):
        notifications.notify(session, me.id, PLAIN, {}, link=link)
    assert notifications.unread_count(session, me) == 0


def test_an_undeclared_kind_or_unknown_user_is_refused(session, no_smtp):
    me = make_actor(session)
    with pytest.raises(ValueError, match="not registered"):
        notifications.notify(session, me.id, "nobody_declared_me", {})
    with pytest.raises(ValueError, match="no user"):
        notifications.notify(session, me.id + 100_000, PLAIN, {})


def _email_jobs(session) -> list[tuple[dict, str]]:
    return [(j.payload, j.dedupe_key) for j in session.scalars(select(Job).where(Job.kind == "notifications.email"))]


def test_no_email_is_queued_without_a_mail_server(session, no_smtp):
    me = make_actor(session)
    _send(session, me, 0)
    assert _email_jobs(session) == []


def test_with_a_mail_server_each_notification_queues_its_email(session, smtp):
    me = make_actor(session)
    inactive = make_actor(session, is_active=False)
    nid = _send(session, me, 0)
    _send(session, inactive, 0)
    assert _email_jobs(session) == [({"notification_id": nid}, f"notification-email:{nid}")]


def test_the_unread_count_is_one_look_up_in_its_index(session):
    """The sidebar counts on every page: with a long history of read notifications the
    count reads only the unread entries of the (user_id, dismissed_at, read_at) index."""
    me, other = make_actor(session), make_actor(session)
    rows = [
        {"user_id": user.id, "kind": PLAIN, "title": "Reload", "params": {}, "created_at": NOW, "read_at": read}
        for user in (me, other)
        for read in [NOW] * 400 + [None] * 3
    ]
    session.execute(insert(Notification), rows)
    session.execute(text("ANALYZE notifications"))
    if session.get_bind().dialect.name == "postgresql":
        explain = "EXPLAIN"
    else:
        explain = "EXPLAIN QUERY PLAN"
    query = "SELECT count(*) FROM notifications WHERE user_id = :u AND dismissed_at IS NULL AND read_at IS NULL"
    plan = " ".join(str(r[-1]) for r in session.execute(text(f"{explain} {query}"), {"u": me.id}))
    assert "ix_notifications_user_unread" in plan, plan
    assert notifications.unread_count(session, me) == 3
