"""The Feed's read cases: the first page and each "Load older activities" page for the
CSM who owns the most companies, a filter, and searches (a contact's name, a page's
title, a word nothing matches)."""

from __future__ import annotations

from sqlalchemy import Engine, select

from cslib import feed
from cslib.bench.timing import Case
from cslib.db import read_session
from cslib.models import Contact
from cslib.permissions import Actor


def _cursors(engine: Engine, me: Actor, link: feed.FeedLink, pages: int) -> list[feed.Cursor]:
    """The cursors of pages 2..pages, as the page holds them after each "Load older"."""
    out: list[feed.Cursor] = []
    cursor = None
    with read_session(engine) as s:
        for _ in range(pages - 1):
            cursor = feed.feed_page(s, me, link, cursor=cursor).next
            if cursor is None:
                break
            out.append(cursor)
    return out


def _a_last_name(engine: Engine, me: Actor) -> str:
    """A last name among the busiest owner's contacts (the first contact of the newest item)."""
    with read_session(engine) as s:
        item = feed.feed_page(s, me, feed.FeedLink(), limit=1).items[0]
        return s.scalar(select(Contact.last_name).where(Contact.id == item.contact_id)) or "Lee"


def feed_cases(engine: Engine, me: Actor) -> list[Case]:
    def page(link: feed.FeedLink, cursor: feed.Cursor | None = None) -> Case:
        return lambda s: feed.feed_page(s, me, link, cursor=cursor)

    everything = feed.FeedLink()
    name = _a_last_name(engine, me)
    out = [Case("Feed: first page (busiest owner)", page(everything))]
    for n, cursor in enumerate(_cursors(engine, me, everything, 4), start=2):
        out.append(Case(f"Feed: Load older, page {n}", page(everything, cursor)))
    opens = feed.FeedLink(types=("email_open",))
    out.append(Case("Feed: e-mail opens only, first page", page(opens)))
    out.append(Case("Feed: e-mail opens only, Load older", page(opens, _cursors(engine, me, opens, 2)[0])))
    out.append(Case("Feed: enrolled in a sequence, first page", page(feed.FeedLink(sequence=feed.ENROLLED))))
    for label, text in ((f"a last name ({name})", name), ("a page title (pricing)", "pricing"), ("no match", "zzqx")):
        link = feed.FeedLink(search=text)
        out.append(Case(f"Feed: search {label}", page(link)))
        more = _cursors(engine, me, link, 2)
        if more:
            out.append(Case(f"Feed: search {label}, Load older", page(link, more[0])))
    return out
