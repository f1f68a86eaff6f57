"""The Feed as the page reads it: a page of items with the names of their contacts,
companies and users, deleting (hiding) items for one user, and the sequences to filter by."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from cslib import query
from cslib.activities import mentioned_users
from cslib.errors import ValidationError
from cslib.feed.link import FeedLink, narrowing
from cslib.feed.paging import PAGE_SIZE, Cursor, Group, group_page, newest_id
from cslib.feed.scope import distinct_subjects, scope
from cslib.i18n import N_, _
from cslib.models import CONTACT_ACTIVITY_TYPES, Activity, Association, Company, Contact, FeedDismissal, live
from cslib.permissions import Actor, has_full_use, require
from cslib.records import contact_name
from cslib.users import names_for, owner_column, resolve_viewed_user
from cslib.validation import parse_int

FEED_DENIED = N_("The Feed needs workspace access and a Service seat.")
MAX_DELETE = 1_000


@dataclass(frozen=True)
class FeedItem:
    """One notification: the newest of `count` grouped events (`activity_ids`, newest first)."""

    id: int
    type: str
    occurred_at: datetime
    count: int
    activity_ids: tuple[int, ...]
    contact_id: int
    contact_name: str
    company_id: int | None
    company_name: str | None
    subject: str | None
    details: dict


@dataclass(frozen=True)
class FeedPage:
    items: tuple[FeedItem, ...]
    next: Cursor | None  # where "Load older activities" starts; None when nothing is older
    high_water: int
    user_names: dict[int, str]  # users the items mention (who enrolled, booked with)


def feed_page(
    session: Session,
    actor: Actor,
    link: FeedLink,
    *,
    cursor: Cursor | None = None,
    limit: int = PAGE_SIZE,
) -> FeedPage:
    """The newest items of the feed of `link.user_id` (the actor, or for admins the user
    they view as), narrowed by the link's search and filters; with `cursor`, the items after
    it ("Load older activities")."""
    require(has_full_use(actor), FEED_DENIED)
    viewed = resolve_viewed_user(session, actor, link.user_id)
    high_water = cursor.high_water if cursor else newest_id(session)
    sc = scope(session, viewed.id, narrowing(link), high_water, cursor.matches if cursor else None)
    if sc.empty:
        return FeedPage((), None, high_water, {})
    groups, more = group_page(session, sc, cursor, max(1, min(int(limit), 100)))
    items = _items(session, viewed.id, groups)
    last = groups[-1].head if groups else None
    following = Cursor(last.occurred_at, last.id, high_water, sc.matches) if more and last is not None else None
    return FeedPage(tuple(items), following, high_water, _mentioned(session, items))


def _items(session: Session, user_id: int, groups: list[Group]) -> list[FeedItem]:
    contacts = {g.head.contact_id for g in groups}
    people = {
        r.id: contact_name(r.first_name, r.last_name, r.email)
        for r in query.rows(
            session,
            select(Contact.id, Contact.first_name, Contact.last_name, Contact.email).where(Contact.id.in_(contacts)),
        )
    }
    companies = _owned_companies(session, user_id, contacts)
    items = []
    for g in groups:
        row = g.head
        choices = companies.get(row.contact_id, {})
        company_id = row.company_id if row.company_id in choices else min(choices, default=None)
        items.append(
            FeedItem(
                id=row.id,
                type=row.type,
                occurred_at=row.occurred_at,
                count=g.count,
                activity_ids=tuple(g.ids),
                contact_id=row.contact_id,
                contact_name=people.get(row.contact_id) or _("(no name)"),
                company_id=company_id,
                company_name=choices.get(company_id),
                subject=row.subject,
                details=row.details if isinstance(row.details, dict) else {},
            )
        )
    return items


def _owned_companies(session: Session, user_id: int, contacts: set[int]) -> dict[int, dict[int, str]]:
    """{contact: {company id: name}} of the owned live companies each contact belongs to."""
    rows = query.rows(
        session,
        select(Association.to_id, Company.id, Company.name)
        .join(Company, Company.id == Association.from_id)
        .where(
            Association.from_type == "company",
            Association.to_type == "contact",
            Association.to_id.in_(contacts),
            owner_column(session) == user_id,
            live(Company),
        ),
    )
    out: dict[int, dict[int, str]] = {}
    for contact, company, name in rows:
        out.setdefault(contact, {})[company] = name
    return out


def _mentioned(session: Session, items: Iterable[FeedItem]) -> dict[int, str]:
    return names_for(session, mentioned_users(i.details for i in items))


def sequence_names(session: Session, actor: Actor) -> list[str]:
    """The sequences contacts have been enrolled in, by name, for the Sequence filter."""
    require(has_full_use(actor), FEED_DENIED)
    return sorted(distinct_subjects(session, "sequence_enrollment"), key=str.casefold)


def _activity_ids(raw: Iterable[object]) -> list[int]:
    ids = []
    for value in raw:
        # Ids only (not text), within an id column's range: a larger one would fail in SQL.
        activity_id = parse_int(value) if isinstance(value, int) else None
        if activity_id is None:
            raise ValidationError(_("Pick the notifications to delete from the Feed."))
        ids.append(activity_id)
    if not ids or len(ids) > MAX_DELETE:
        raise ValidationError(_("Pick the notifications to delete from the Feed."))
    return sorted(set(ids))


def delete_items(session: Session, actor: Actor, activity_ids: Iterable[object]) -> int:
    """Hide these activities from the actor's own Feed (they stay on the records and in
    everyone else's feed); returns how many were newly hidden."""
    require(has_full_use(actor), FEED_DENIED)
    ids = _activity_ids(activity_ids)
    found = set(
        session.scalars(select(Activity.id).where(Activity.id.in_(ids), Activity.type.in_(CONTACT_ACTIVITY_TYPES)))
    )
    if found != set(ids):
        raise ValidationError(_("That notification is no longer in the Feed. Reload the page."))
    hidden = set(
        session.scalars(
            select(FeedDismissal.activity_id).where(
                FeedDismissal.user_id == actor.id, FeedDismissal.activity_id.in_(ids)
            )
        )
    )
    session.add_all(FeedDismissal(user_id=actor.id, activity_id=i) for i in ids if i not in hidden)
    session.flush()
    return len(set(ids) - hidden)


def restore_items(session: Session, actor: Actor, activity_ids: Iterable[object]) -> int:
    """Undo `delete_items`: show these activities in the actor's Feed again."""
    require(has_full_use(actor), FEED_DENIED)
    ids = _activity_ids(activity_ids)
    result = session.execute(
        delete(FeedDismissal).where(FeedDismissal.user_id == actor.id, FeedDismissal.activity_id.in_(ids))
    )
    return result.rowcount or 0
