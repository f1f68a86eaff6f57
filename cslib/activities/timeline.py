"""The activity timeline of a record (newest first, keyset-paged), activity type labels,
and following records."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

import pandas as pd
from sqlalchemy import and_, delete, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from cslib import i18n, query
from cslib.activities.log import CALL_OUTCOMES, EMAIL_DIRECTIONS, timeline_column
from cslib.errors import ValidationError, quote
from cslib.i18n import N_, _, pgettext
from cslib.models import ACTIVITY_TYPES, Activity, Contact, Follow, User
from cslib.permissions import READ_DENIED, Actor, can_use_workspace, has_full_use, require
from cslib.records import contact_name, ensure_live
from cslib.users import names_for

FOLLOW_DENIED = N_("Following records needs workspace access and a Service seat.")
TIMELINE_COLUMNS = (
    "id",
    "occurred_at",
    "type",
    "type_label",
    "subject",
    "summary",
    "body",
    "facts",
    "actor_name",
    "contact_id",
    "contact_name",
    "details",
)


def activity_labels() -> dict[str, str]:
    """{activity type: its name in the reader's language} ("Call", "Email opened", …)."""
    return {
        "note": _("Note"),
        "call": pgettext("activity", "Call"),
        "email": pgettext("activity", "Email"),
        "email_open": _("Email opened"),
        "email_click": _("Email link clicked"),
        "email_reply": _("Email reply"),
        "page_view": _("Page viewed"),
        "form_submission": _("Form submitted"),
        "sequence_enrollment": _("Enrolled in sequence"),
        "sequence_unenrollment": _("Unenrolled from sequence"),
        "meeting_booked": _("Meeting booked"),
        "meeting": _("Meeting"),
    }


# The details keys that name a user (who enrolled the contact, who the meeting is with).
USER_DETAILS = ("enrolled_by_id", "booked_with_id")


def mentioned_users(details: Iterable[object]) -> set[int]:
    """Ids of the users that activities' details name (to read their names in one query)."""
    return {d[k] for d in details if isinstance(d, dict) for k in USER_DETAILS if isinstance(d.get(k), int)}


def older_than(at: datetime, activity_id: int) -> ColumnElement[bool]:
    """Activities after (at, activity_id) in newest-first order: keyset paging. The `<=`
    comes first so a (…, occurred_at) index bounds the scan; the OR breaks ties on the id."""
    return and_(
        Activity.occurred_at <= at,
        or_(Activity.occurred_at < at, and_(Activity.occurred_at == at, Activity.id < activity_id)),
    )


def _check_types(types: Iterable[str] | None) -> list[str] | None:
    if types is None:
        return None
    wanted = list(types)
    unknown = [t for t in wanted if t not in ACTIVITY_TYPES]
    if unknown:
        raise ValidationError(_("{value} is not an activity type.", value=quote(str(unknown[0])[:40])))
    return wanted


def timeline(
    session: Session,
    actor: Actor,
    object_type: str,
    object_id: int,
    *,
    types: Iterable[str] | None = None,
    before: tuple[datetime, int] | None = None,
    limit: int = 20,
) -> pd.DataFrame:
    """Activities of a record, newest first, `limit` at a time. Pass the frame's
    `attrs["cursor"]` as `before` to get the next (older) page; `attrs["has_more"]` says
    whether there is one. Columns: see TIMELINE_COLUMNS."""
    require(can_use_workspace(actor), READ_DENIED)
    column = timeline_column(session, object_type)
    wanted = _check_types(types)
    limit = max(1, min(int(limit), 200))
    stmt = (
        select(
            Activity.id,
            Activity.occurred_at,
            Activity.type,
            Activity.subject,
            Activity.body,
            Activity.details,
            User.name.label("actor_name"),
            Activity.contact_id,
            Contact.first_name,
            Contact.last_name,
            Contact.email,
        )
        .outerjoin(User, User.id == Activity.actor_id)
        .outerjoin(Contact, Contact.id == Activity.contact_id)
        .where(column == int(object_id))
        .order_by(Activity.occurred_at.desc(), Activity.id.desc())
        .limit(limit + 1)
    )
    if wanted is not None:
        stmt = stmt.where(Activity.type.in_(wanted))
    if before is not None:
        stmt = stmt.where(older_than(*before))
    df = query.frame(session, stmt)
    has_more = len(df) > limit
    df = df.iloc[:limit].reset_index(drop=True)
    out = _timeline_frame(session, df)
    out.attrs["has_more"] = has_more
    out.attrs["cursor"] = (df["occurred_at"].iloc[-1].to_pydatetime(), int(df["id"].iloc[-1])) if len(df) else None
    return out


def _timeline_frame(session: Session, df: pd.DataFrame) -> pd.DataFrame:
    if df.empty:
        return pd.DataFrame(columns=list(TIMELINE_COLUMNS))
    names = names_for(session, mentioned_users(df["details"]))
    labels = activity_labels()
    rows = []
    for r in df.itertuples(index=False):
        details = r.details if isinstance(r.details, dict) else {}
        rows.append(
            {
                "id": int(r.id),
                "occurred_at": r.occurred_at.to_pydatetime(),
                "type": r.type,
                "type_label": labels.get(r.type) or str(r.type).replace("_", " ").capitalize(),
                "subject": _text(r.subject),
                "summary": _summary(r.type, r.body, details, names),
                "body": _text(r.body),
                "facts": _facts(r.type, details),
                "actor_name": _text(r.actor_name),
                "contact_id": None if pd.isna(r.contact_id) else int(r.contact_id),
                "contact_name": None if pd.isna(r.contact_id) else contact_name(r.first_name, r.last_name, r.email),
                "details": details,
            }
        )
    return pd.DataFrame(rows, columns=list(TIMELINE_COLUMNS), dtype=object)


def _text(value: object) -> str | None:
    """Text, or None for NULL (pandas gives NaN) and blank strings."""
    return value if isinstance(value, str) and value.strip() else None


def _summary(kind: str, body: object, details: Mapping, names: Mapping[int, str]) -> str | None:
    """The line under an activity's subject: its body, or what happened, from its details."""
    if isinstance(body, str) and body.strip():
        return body
    if kind == "email_open" and details.get("campaign"):
        return _("Campaign: {campaign}", campaign=details["campaign"])
    if kind == "email_click" and details.get("url"):
        return _("Clicked {url}", url=details["url"])
    if kind == "page_view" and details.get("url"):
        return str(details["url"])
    if kind == "form_submission" and details.get("form"):
        if details.get("url"):
            return _("Submitted “{form}” on {url}", form=details["form"], url=details["url"])
        return _("Submitted “{form}”", form=details["form"])
    if kind == "sequence_enrollment" and details.get("enrolled_by_id"):
        who = names.get(int(details["enrolled_by_id"]))
        return _("Enrolled by {name}", name=who) if who else None
    if kind == "sequence_unenrollment":
        return unenrolment_reason(details.get("reason"))
    if kind == "meeting_booked" and details.get("booked_with_id"):
        who = names.get(int(details["booked_with_id"]))
        return _("Booked with {name}", name=who) if who else None
    return None


def unenrolment_reason(reason: object) -> str | None:
    """Why a contact left a sequence, in words; None for an unknown reason."""
    reasons = {
        "replied": _("Unenrolled after replying"),
        "finished": _("Finished the sequence"),
        "meeting_booked": _("Unenrolled after booking a meeting"),
        "unenrolled_by_user": _("Unenrolled by a user"),
    }
    return reasons.get(reason) if isinstance(reason, str) else None


def _facts(kind: str, details: Mapping) -> str | None:
    """A short line of facts from the details: call outcome and length, meeting length, …"""
    parts: list[str] = []
    if kind == "call":
        outcome = dict(CALL_OUTCOMES).get(details.get("outcome"))
        if outcome:
            parts.append(_(outcome))
        if isinstance(details.get("duration_s"), int | float):
            seconds = int(details["duration_s"])
            parts.append(_minutes(seconds // 60) if seconds >= 60 else _("{seconds} s", seconds=i18n.number(seconds)))
        if details.get("direction") == "inbound":
            parts.append(pgettext("call", "Inbound"))
        elif details.get("direction") == "outbound":
            parts.append(pgettext("call", "Outbound"))
    elif kind == "email":
        direction = details.get("direction")
        if direction == "outgoing" and details.get("to"):
            parts.append(_("Sent to {address}", address=details["to"]))
        elif direction in dict(EMAIL_DIRECTIONS):
            parts.append(_(dict(EMAIL_DIRECTIONS)[direction]))
    elif kind == "meeting" and isinstance(details.get("duration_min"), int | float):
        parts.append(_minutes(int(details["duration_min"])))
    return " · ".join(parts) or None


def _minutes(minutes: int) -> str:
    # TRANSLATORS: a duration in minutes, abbreviated ("12 min").
    return _("{minutes} min", minutes=i18n.number(minutes))


# --- following --------------------------------------------------------------------------


def _follow_key(session: Session, actor: Actor, object_type: str, object_id: int) -> int:
    require(has_full_use(actor), FOLLOW_DENIED)
    return ensure_live(session, object_type, object_id)


def follow(session: Session, actor: Actor, object_type: str, object_id: int) -> bool:
    """Follow a record (its activities show in the Feed); False when already following."""
    record_id = _follow_key(session, actor, object_type, object_id)
    if is_following(session, actor, object_type, record_id):
        return False
    try:
        with session.begin_nested():
            session.add(Follow(user_id=actor.id, object_type=object_type, object_id=record_id))
    except IntegrityError:  # a double click: the other request followed it already
        return False
    return True


def unfollow(session: Session, actor: Actor, object_type: str, object_id: int) -> bool:
    """Stop following a record; False when not following it."""
    require(has_full_use(actor), FOLLOW_DENIED)
    result = session.execute(
        delete(Follow).where(
            Follow.user_id == actor.id, Follow.object_type == object_type, Follow.object_id == int(object_id)
        )
    )
    return bool(result.rowcount)


def is_following(session: Session, actor: Actor, object_type: str, object_id: int) -> bool:
    require(can_use_workspace(actor), READ_DENIED)
    return (
        session.scalar(
            select(Follow.user_id).where(
                Follow.user_id == actor.id, Follow.object_type == object_type, Follow.object_id == int(object_id)
            )
        )
        is not None
    )
