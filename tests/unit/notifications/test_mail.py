"""The e-mail of a notification, sent to a real SMTP server the test starts (aiosmtpd):
worded in the recipient's language with the absolute link, sent once however often the
job runs, and a failure raises so the queue retries."""

from __future__ import annotations

import socket
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from sqlalchemy import select

from cslib import jobs, notifications
from cslib.config import get_settings
from cslib.db import read_session, write_session
from cslib.models import Notification
from tests.factories import make_user, make_workspace
from tests.unit.notifications.kinds_for_tests import MOVED, PLAIN, moved

PUBLIC_URL = "https://cs.example.com/"


class Inbox:
    """An aiosmtpd handler that keeps what it is given."""

    def __init__(self) -> None:
        self.received: list[tuple[str, list[str], EmailMessage]] = []
        self.logins: list[tuple[bytes, bytes]] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: ANN001, ANN201, N802 - aiosmtpd's hook
        message = message_from_bytes(envelope.original_content, policy=policy.default)
        self.received.append((envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def authenticate(self, server, session, envelope, mechanism, auth_data):  # noqa: ANN001, ANN201
        if isinstance(auth_data, LoginPassword):
            self.logins.append((auth_data.login, auth_data.password))
            return AuthResult(success=auth_data.password == b"right", handled=False)
        return AuthResult(success=False, handled=False)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def db(make_db):
    return make_db("sqlite")


@pytest.fixture
def mail_settings(monkeypatch):
    """Point the settings at a mail server; `set(**env)` changes them again."""

    def set_env(**env: str) -> None:
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        get_settings.cache_clear()

    set_env(CS_PUBLIC_URL=PUBLIC_URL, CS_SMTP_TLS="none", CS_SMTP_FROM="CS <cs@example.com>")
    yield set_env
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture
def smtp_server(mail_settings):
    inbox = Inbox()
    port = _free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        authenticator=inbox.authenticate,
        auth_require_tls=False,
    )
    controller.start()
    mail_settings(CS_SMTP_HOST="127.0.0.1", CS_SMTP_PORT=str(port))
    yield inbox
    controller.stop()


def _notify(engine, kind: str = MOVED, params: dict | None = None, link: str | None = "/exports/5/download", **user):
    with write_session(engine) as s:
        person = make_user(s, name="Ada Lovelace", **user)
        return person.email, notifications.notify(s, person.id, kind, moved() if params is None else params, link=link)


def _run_job(engine, nid: int) -> dict:
    return jobs.get_handler("notifications.email")(engine, {"notification_id": nid})


def _emailed_at(engine, nid: int):
    with read_session(engine) as s:
        return s.scalar(select(Notification.emailed_at).where(Notification.id == nid))


def test_the_email_has_the_title_the_greeting_and_the_absolute_link(db, smtp_server):
    address, nid = _notify(db)
    assert _run_job(db, nid) == {"sent": True}
    [(sender, recipients, message)] = smtp_server.received
    assert (sender, recipients) == ("cs@example.com", [address])
    assert message["Subject"] == "Moved “Acme” to Won."
    assert message["To"] == address
    body = message.get_content()
    assert body.splitlines()[0] == "Hello Ada Lovelace,"
    assert "Max points: 1,234.5 of 2,000" in body
    assert "https://cs.example.com/exports/5/download" in body
    assert _emailed_at(db, nid) is not None


def test_running_the_job_twice_sends_one_email(db, smtp_server):
    _address, nid = _notify(db)
    assert _run_job(db, nid) == {"sent": True}
    assert _run_job(db, nid) == {"sent": False}
    assert len(smtp_server.received) == 1


def test_the_email_reads_in_the_recipients_language(db, smtp_server):
    _address, nid = _notify(db, language="pl")
    _run_job(db, nid)
    message = smtp_server.received[0][2]
    assert message["Subject"] == "Przeniesiono „Acme” do etapu Won."
    assert "Maks. liczba punktów: 1\xa0234,5 z 2\xa0000" in message.get_content()


def test_without_a_language_of_their_own_the_workspace_default_is_used(db, smtp_server):
    with write_session(db) as s:
        make_workspace(s, default_language="da")
    _address, nid = _notify(db, language=None)
    _run_job(db, nid)
    assert smtp_server.received[0][2]["Subject"] == "“Acme” er flyttet til Won."


def test_a_user_name_with_a_line_break_stays_in_the_subject(db, smtp_server):
    _address, nid = _notify(db, params=moved(name="Acme\r\nBcc: victim@example.com"))
    _run_job(db, nid)
    [(_sender, recipients, message)] = smtp_server.received
    assert len(recipients) == 1 and message["Bcc"] is None
    assert message["Subject"] == "Moved “Acme Bcc: victim@example.com” to Won."


def test_a_notification_without_a_link_sends_no_link(db, smtp_server):
    _address, nid = _notify(db, kind=PLAIN, params={}, link=None)
    _run_job(db, nid)
    message = smtp_server.received[0][2]
    assert message["Subject"] == "Reload"
    assert "https://" not in message.get_content()


def test_the_job_logs_in_when_a_user_is_set(db, smtp_server, mail_settings):
    mail_settings(CS_SMTP_USER="mailer", CS_SMTP_PASSWORD="right")
    _address, nid = _notify(db)
    assert _run_job(db, nid) == {"sent": True}
    assert smtp_server.logins == [(b"mailer", b"right")]


def test_a_refused_login_raises_and_leaves_it_to_send(db, smtp_server, mail_settings):
    mail_settings(CS_SMTP_USER="mailer", CS_SMTP_PASSWORD="wrong")
    _address, nid = _notify(db)
    with pytest.raises(Exception, match="535|uthentication"):
        _run_job(db, nid)
    assert smtp_server.received == [] and _emailed_at(db, nid) is None


def test_a_refused_connection_raises_so_the_queue_retries(db, mail_settings):
    mail_settings(CS_SMTP_HOST="127.0.0.1", CS_SMTP_PORT=str(_free_port()))  # nothing listens there
    _address, nid = _notify(db)
    with pytest.raises(OSError):
        _run_job(db, nid)
    assert _emailed_at(db, nid) is None


def test_nothing_is_sent_to_an_inactive_user_or_a_dismissed_notification(db, smtp_server):
    _address, inactive = _notify(db, is_active=False)
    _address, dismissed = _notify(db)
    with write_session(db) as s:
        s.get(Notification, dismissed).dismissed_at = s.get(Notification, dismissed).created_at
    assert _run_job(db, inactive) == {"sent": False}
    assert _run_job(db, dismissed) == {"sent": False}
    assert smtp_server.received == []


def test_a_notification_queued_before_the_mail_server_was_removed_is_not_sent(db, smtp_server, mail_settings):
    _address, nid = _notify(db)
    mail_settings(CS_SMTP_HOST="")
    assert _run_job(db, nid) == {"sent": False}
    assert smtp_server.received == []
