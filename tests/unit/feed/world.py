"""Hand-made Feed data: companies owned by users, contacts linked to them (stored once per
pair, company → contact), and contact events at explicit times."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert
from sqlalchemy.orm import Session

from cslib.feed import FeedLink, FeedPage, feed_page
from cslib.models import Activity, Association, Company, Contact
from cslib.permissions import Actor

T = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
SUBJECT = "Renewal next steps"
_n = itertools.count(1)


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def contact(session: Session, first: str | None = "Ann", last: str | None = "Lee", **kw) -> Contact:
    kw.setdefault("email", f"{(first or 'x').lower()}.{next(_n)}@x.example")
    row = Contact(first_name=first, last_name=last, **kw)
    session.add(row)
    session.flush()
    return row


def link(session: Session, company: Company, *contacts: Contact) -> None:
    """Associate the contacts with the company as cslib stores it (company first)."""
    for c in contacts:
        session.add(Association(from_type="company", from_id=company.id, to_type="contact", to_id=c.id))
    session.flush()


def event(
    session: Session,
    who: Contact,
    kind: str = "email_open",
    at: datetime = T,
    subject: str | None = SUBJECT,
    *,
    company: Company | None = None,
    details: dict | None = None,
    actor: Actor | None = None,
) -> Activity:
    row = Activity(
        type=kind,
        occurred_at=at,
        contact_id=who.id,
        company_id=company.id if company else None,
        subject=subject,
        details=details or {},
        actor_id=actor.id if actor else None,
    )
    session.add(row)
    session.flush()
    return row


def feed(session: Session, actor: Actor, link: FeedLink | None = None, **kw) -> FeedPage:
    return feed_page(session, actor, link or FeedLink(), **kw)


def ids(page: FeedPage) -> list[int]:
    return [i.id for i in page.items]


def every_page(session: Session, actor: Actor, link: FeedLink | None = None, limit: int = 25) -> list[FeedPage]:
    """The first page and every "Load older activities" after it."""
    pages = [feed(session, actor, link, limit=limit)]
    while pages[-1].next is not None:
        assert len(pages) < 100, "paging does not end"
        pages.append(feed(session, actor, link, cursor=pages[-1].next, limit=limit))
    return pages


def newest_first(rows: list[Activity]) -> list[int]:
    return [a.id for a in sorted(rows, key=lambda a: (a.occurred_at, a.id), reverse=True)]


def fill_unowned_companies(session: Session, n: int = 400) -> None:
    """Companies nobody owns, so a user with a few companies owns under 1% of them and the
    Feed reads their contacts' activities through the contact index (the sparse path)."""
    session.execute(insert(Company), [{"name": f"Filler {i}", "created_at": T} for i in range(n)])
    session.flush()
