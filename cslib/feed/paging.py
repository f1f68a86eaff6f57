"""A page of the Feed: items newest first, repeated events grouped, "Load older
activities" by keyset on (time, id).

Grouping: events of one contact, of one type and on one subject belong to one item when
each follows the one before within `GROUP_WINDOW`; the item is the newest of them (its
head) and counts them all. Whether an event is a head depends only on the events after
it, so it does not depend on where a page starts.

Paging never repeats or skips an item when activities arrive between two loads: a page
reads only activities up to the `high_water` id seen when the feed was opened (newer ones
show when it is opened again), and the next page starts after the last head shown. The
events just above that point are read again, so an event below it that belongs to an
item already shown is recognised and left out.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from cslib import query
from cslib.activities import older_than
from cslib.feed.scope import Scope, unindexed
from cslib.models import Activity

GROUP_WINDOW = timedelta(hours=1)
PAGE_SIZE = 25
CHUNK = 100
# A page stops reading after this many events even if a group could still grow (its
# count is then a lower bound): one contact opening an e-mail every few minutes for weeks.
MAX_SCAN = 5_000


@dataclass(frozen=True)
class Cursor:
    """Where the next page starts: after the head (occurred_at, id), among activities up
    to `high_water`."""

    occurred_at: datetime
    id: int
    high_water: int
    matches: object = None  # what the search matched (scope.Matches), reused by the next page


@dataclass
class Group:
    head: tuple  # the newest event's row
    ids: list[int] = field(default_factory=list)
    last_at: datetime | None = None  # the oldest event so far

    @property
    def count(self) -> int:
        return len(self.ids)


def newest_id(session: Session) -> int:
    return query.scalar(session, select(func.max(Activity.id))) or 0


def _columns() -> tuple:
    a = Activity
    return (a.id, a.occurred_at, a.type, a.contact_id, a.company_id, a.subject, a.details)


def _order(sc: Scope) -> tuple:
    if sc.keyed:  # sorted after reading the keys' rows: the time index must not lead
        return unindexed(Activity.occurred_at).desc(), unindexed(Activity.id).desc()
    return Activity.occurred_at.desc(), Activity.id.desc()


def _rows(session: Session, sc: Scope, before: tuple[datetime, int] | None) -> Iterator:
    """Rows of the scope, newest first, from just below `before`, CHUNK at a time."""
    while True:
        stmt = select(*_columns()).where(*sc.where)
        if before is not None:
            stmt = stmt.where(older_than(*before))
        chunk = query.rows(session, stmt.order_by(*_order(sc)).limit(CHUNK))
        yield from chunk
        if len(chunk) < CHUNK:
            return
        before = (chunk[-1].occurred_at, chunk[-1].id)


def _just_above(session: Session, sc: Scope, cursor: Cursor) -> dict[tuple, datetime]:
    """{key: time of its oldest event} among events at or above the cursor, within one
    window: the newer neighbours of the first events below it. The cursor's own event (the
    last head shown) counts, so the rest of its group is not shown again."""
    at = cursor.occurred_at
    newer = or_(Activity.occurred_at > at, and_(Activity.occurred_at == at, Activity.id >= cursor.id))
    stmt = (
        select(Activity.contact_id, Activity.type, Activity.subject, func.min(Activity.occurred_at))
        .where(*sc.where, Activity.occurred_at <= at + GROUP_WINDOW, newer)
        .group_by(Activity.contact_id, Activity.type, Activity.subject)
    )
    return {(r[0], r[1], r[2]): r[3] for r in query.rows(session, stmt, max_rows=100_000)}


def _key(row) -> tuple:  # noqa: ANN001
    return row.contact_id, row.type, row.subject


def group_page(session: Session, sc: Scope, cursor: Cursor | None, limit: int = PAGE_SIZE) -> tuple[list[Group], bool]:
    """Up to `limit` items after `cursor`, each with all its events, and whether older
    items exist."""
    # key → (time of the newest event seen below it, the group on this page or None)
    seen: dict[tuple, tuple[datetime, Group | None]] = {}
    if cursor is not None:
        seen = {k: (at, None) for k, at in _just_above(session, sc, cursor).items()}
    groups: list[Group] = []
    more = False
    before = (cursor.occurred_at, cursor.id) if cursor else None
    for scanned, row in enumerate(_rows(session, sc, before)):
        if len(groups) == limit:
            # Past the horizon no event can join an item of this page: stop once an older
            # item is known to exist; until then an event there may still only continue an
            # item already shown (no "Load older" that loads nothing).
            horizon = min(g.last_at for g in groups) - GROUP_WINDOW
            if (more and row.occurred_at < horizon) or scanned >= MAX_SCAN:
                more = True
                break
        key = _key(row)
        previous = seen.get(key)
        if previous is not None and previous[0] - row.occurred_at <= GROUP_WINDOW:
            group = previous[1]
            if group is not None:
                group.ids.append(row.id)
                group.last_at = row.occurred_at
            seen[key] = (row.occurred_at, group)
            continue
        if len(groups) < limit:
            group = Group(head=row, ids=[row.id], last_at=row.occurred_at)
            groups.append(group)
        else:
            group, more = None, True
        seen[key] = (row.occurred_at, group)
    return groups, more
