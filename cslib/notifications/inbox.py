"""Each user's notifications: adding one (and queueing its e-mail), the newest ones worded
in the reader's language, the unread count, and marking read or dismissing. A user reaches
only their own: another user's notification reads as one that does not exist."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from cslib import i18n, jobs
from cslib.config import get_settings
from cslib.errors import NotFound
from cslib.i18n import N_, _
from cslib.models import Notification, User, utcnow
from cslib.notifications.kinds import get_kind, render, wording
from cslib.permissions import Actor
from cslib.validation import is_same_site_path, parse_int

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
MAX_TITLE = 300
MAX_LINK = 500
GONE = N_("That notification no longer exists.")


@dataclass(frozen=True)
class NotificationInfo:
    """One notification as its reader sees it (title and body in their language)."""

    id: int
    kind: str
    title: str
    body: str | None
    link: str | None
    created_at: datetime
    read: bool


def same_site_link(link: str | None) -> str | None:
    """`link` if it is a path on this site ("/exports/5/download"), else ValueError: a
    notification never sends its reader elsewhere."""
    if link is None:
        return None
    if not is_same_site_path(link) or len(link) > MAX_LINK or any(ch.isspace() or ord(ch) < 32 for ch in link):
        raise ValueError(f"a notification link must be a same-site path of at most {MAX_LINK} characters")
    return link


def notify(
    session: Session,
    user_id: int,
    kind: str,
    params: Mapping[str, object],
    *,
    link: str | None = None,
    now: datetime | None = None,
) -> int:
    """Add a notification for `user_id` in the caller's transaction; with a mail server set
    and an active recipient with an address, queue its e-mail too. Returns its id.

    `params` fill the kind's wording (JSON values: text, numbers); `link` is a path on this
    site. On SQLite call this inside cslib.db.write_session, as for any queued job."""
    if get_kind(kind) is None:
        raise ValueError(f"notification kind {kind!r} is not registered (register_kind)")
    recipient = session.execute(select(User.is_active, User.email).where(User.id == user_id)).first()
    if recipient is None:
        raise ValueError(f"no user {user_id}")
    params = dict(params)
    try:
        title, body = render(kind, params, "en")
    except (KeyError, IndexError, ValueError, TypeError, AttributeError) as exc:
        raise ValueError(f"params {sorted(params)} do not fill the wording of {kind!r}: {exc!r}") from exc
    row = Notification(
        user_id=user_id,
        kind=kind,
        title=title[:MAX_TITLE],
        body=body,
        link=same_site_link(link),
        params=params,
        created_at=now or utcnow(),
    )
    session.add(row)
    session.flush()
    if get_settings().cs_smtp_host and recipient.is_active and recipient.email:
        jobs.enqueue(
            session, "notifications.email", {"notification_id": row.id}, dedupe_key=f"notification-email:{row.id}"
        )
    return row.id


def _language(actor: Actor) -> str:
    return actor.language or i18n.current()


def list_notifications(session: Session, actor: Actor, *, limit: int = DEFAULT_LIMIT) -> list[NotificationInfo]:
    """The actor's newest notifications not dismissed, newest first, worded in their language."""
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be 1 to {MAX_LIMIT}")
    rows = session.execute(
        select(
            Notification.id,
            Notification.kind,
            Notification.title,
            Notification.body,
            Notification.link,
            Notification.params,
            Notification.created_at,
            Notification.read_at,
        )
        .where(Notification.user_id == actor.id, Notification.dismissed_at.is_(None))
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(limit)
    ).all()
    language = _language(actor)
    out = []
    for r in rows:
        title, body = wording(r.kind, r.params, language, fallback=(r.title, r.body))
        out.append(NotificationInfo(r.id, r.kind, title, body, r.link, r.created_at, r.read_at is not None))
    return out


def unread_count(session: Session, actor: Actor) -> int:
    """How many of the actor's notifications are neither read nor dismissed (one COUNT
    on the (user_id, dismissed_at, read_at) index: the sidebar asks on every page)."""
    return session.scalar(
        select(func.count())
        .select_from(Notification)
        .where(
            Notification.user_id == actor.id,
            Notification.dismissed_at.is_(None),
            Notification.read_at.is_(None),
        )
    )


def _stamp(session: Session, actor: Actor, notification_id: object, column: str, now: datetime | None) -> bool:
    """Set `column` on the actor's notification if still empty: True if it changed, False
    if it was already set; NotFound if the actor has no such notification."""
    nid = parse_int(notification_id)
    if nid is None:
        raise NotFound(_(GONE))
    target = getattr(Notification, column)
    changed = session.execute(
        update(Notification)
        .where(Notification.id == nid, Notification.user_id == actor.id, target.is_(None))
        .values({column: now or utcnow()})
        .execution_options(synchronize_session=False)
    ).rowcount
    if changed:
        return True
    mine = session.scalar(select(Notification.id).where(Notification.id == nid, Notification.user_id == actor.id))
    if mine is None:
        raise NotFound(_(GONE))
    return False


def mark_read(session: Session, actor: Actor, notification_id: int, *, now: datetime | None = None) -> bool:
    """Mark one of the actor's notifications read; False if it already was."""
    return _stamp(session, actor, notification_id, "read_at", now)


def dismiss(session: Session, actor: Actor, notification_id: int, *, now: datetime | None = None) -> bool:
    """Hide one of the actor's notifications from their list; False if it already was."""
    return _stamp(session, actor, notification_id, "dismissed_at", now)


def mark_all_read(session: Session, actor: Actor, *, now: datetime | None = None) -> int:
    """Mark every unread notification of the actor's list read; returns how many."""
    return (
        session.execute(
            update(Notification)
            .where(
                Notification.user_id == actor.id,
                Notification.dismissed_at.is_(None),
                Notification.read_at.is_(None),
            )
            .values(read_at=now or utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
        or 0
    )
