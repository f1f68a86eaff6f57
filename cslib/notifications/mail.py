"""The e-mail of a notification: worded in the recipient's language (their own choice,
else the workspace default, else English), with the absolute link, sent through the mail
server CS_SMTP_* describe. Importing this module registers the job ("notifications.email").

The job is idempotent in what it writes: it sends only while `emailed_at` is empty and
stamps it after sending. A crash (or a lost connection to the database) between the send
and the stamp sends the same e-mail once more when the queue retries; that is accepted,
since holding a transaction open across the SMTP conversation would block other writers.
A failure to send raises, so the queue retries with backoff.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from cslib import i18n, jobs, users
from cslib.config import Settings, get_settings
from cslib.db import read_session, write_session
from cslib.i18n import _
from cslib.models import Notification, User, utcnow
from cslib.notifications.kinds import wording

TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class Letter:
    """What to send: the recipient and the message, before anything is sent."""

    notification_id: int
    to: str
    message: EmailMessage


def absolute_link(link: str | None, settings: Settings | None = None) -> str | None:
    """A stored same-site path as the address users open: CS_PUBLIC_URL + path."""
    if not link:
        return None
    return (settings or get_settings()).cs_public_url.rstrip("/") + link


def _one_line(text: str) -> str:
    """Headers take one line: a name with a line break must not end the subject."""
    return " ".join(text.split())


def compose(session: Session, notification_id: int, settings: Settings | None = None) -> Letter | None:
    """The e-mail of a notification, or None when there is nothing to send (already sent,
    dismissed, gone, or the recipient is inactive or has no address)."""
    settings = settings or get_settings()
    row = session.execute(
        select(Notification, User.name, User.email, User.language, User.is_active)
        .join(User, User.id == Notification.user_id)
        .where(Notification.id == notification_id)
    ).first()
    if row is None:
        return None
    n = row.Notification
    if n.emailed_at is not None or n.dismissed_at is not None or not row.is_active or not row.email:
        return None
    language = i18n.choose(row.language, users.workspace_language(session))
    with i18n.use(language):
        title, body = wording(n.kind, n.params, language, fallback=(n.title, n.body))
        parts = [_("Hello {name},", name=row.name), ""]
        if body:
            parts += [body, ""]
        if url := absolute_link(n.link, settings):
            parts += [_("Open it here: {url}", url=url), ""]
        parts += [
            "-- ",
            _("Sent by your Customer Success workspace. You also find this notification under the bell in the app."),
        ]
    message = EmailMessage()
    message["Subject"] = _one_line(title)
    message["From"] = settings.cs_smtp_from
    message["To"] = row.email
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=_domain(settings.cs_smtp_from))
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
    message.set_content("\n".join(parts) + "\n")
    return Letter(n.id, row.email, message)


def _domain(address: str) -> str | None:
    _name, addr = parseaddr(address)
    return addr.rpartition("@")[2] or None


def send(message: EmailMessage, settings: Settings | None = None) -> None:
    """Hand `message` to the mail server (TLS per CS_SMTP_TLS, login when a user is set).
    Raises on any failure (refused connection, refused login, refused recipient)."""
    settings = settings or get_settings()
    context = ssl.create_default_context()
    host, port = settings.cs_smtp_host, settings.cs_smtp_port
    if settings.cs_smtp_tls == "ssl":
        client: smtplib.SMTP = smtplib.SMTP_SSL(host, port, timeout=TIMEOUT_SECONDS, context=context)
    else:
        client = smtplib.SMTP(host, port, timeout=TIMEOUT_SECONDS)
    with client:
        if settings.cs_smtp_tls == "starttls":
            client.starttls(context=context)
        if settings.cs_smtp_user:
            client.login(settings.cs_smtp_user, settings.cs_smtp_password)
        client.send_message(message)


def email_notification(engine: Engine, notification_id: int) -> bool:
    """Send the e-mail of one notification unless it was sent already; True if sent now."""
    settings = get_settings()
    if not settings.cs_smtp_host:
        return False
    with read_session(engine) as s:
        letter = compose(s, notification_id, settings)
    if letter is None:
        return False
    send(letter.message, settings)
    with write_session(engine) as s:
        s.execute(
            update(Notification)
            .where(Notification.id == notification_id, Notification.emailed_at.is_(None))
            .values(emailed_at=utcnow())
            .execution_options(synchronize_session=False)
        )
    return True


@jobs.handler("notifications.email")
def _email_job(engine: Engine, payload: dict) -> dict:
    notification_id = payload.get("notification_id")
    if not isinstance(notification_id, int) or isinstance(notification_id, bool):
        raise ValueError(f"notifications.email needs an integer notification_id, got {notification_id!r}")
    return {"sent": email_notification(engine, notification_id)}
