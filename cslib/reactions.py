"""Who reacts to what, in one place. A writing package says what happened with
`publish(session, EVENT, …)`; the subscribers listed here run at once, in the writer's
transaction and in the order listed, so a reaction (a rescored customer) is saved or rolled
back with the write that caused it.

Subscribers are named as "module:function" and imported on first use: the writers
(records, associations, merge, activities) never import the packages that react to them,
so health can read records without the two importing each other. Import, feed and exports
add their reactions here.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import import_module

from sqlalchemy.orm import Session

# A record's properties changed (keyword `properties`: the names, when known), a record was
# associated with a company or a ticket, an activity was logged on a company, or companies
# were merged into the kept one: (session, object_type, ids, *, now=None, properties=None).
RECORDS_CHANGED = "records_changed"
# A record is being merged into another, before it is marked merged and the kept one is
# rescored: (session, object_type, keep_id, merge_id). Each subscriber moves or drops what
# its package keeps about the merged record and returns {what: how many} for the merge's
# result.
RECORDS_MERGED = "records_merged"

# Records are being deleted for good (an import's undo removes what it created):
# (session, object_type, ids). Each subscriber deletes what its package keeps about them.
RECORDS_DELETED = "records_deleted"

# A team is being deleted: (session, team_id). What was given to the team goes with it (a
# dashboard's access), so a later team that gets the same id gets nothing.
TEAM_DELETED = "team_deleted"

SUBSCRIBERS: dict[str, tuple[str, ...]] = {
    RECORDS_CHANGED: ("cslib.health:on_records_changed",),
    TEAM_DELETED: ("cslib.dashboards:forget_team",),
    RECORDS_MERGED: ("cslib.alerts:on_records_merged", "cslib.health:on_records_merged"),
    RECORDS_DELETED: ("cslib.alerts:on_records_deleted", "cslib.health:on_records_deleted"),
}


@cache
def subscriber(reference: str) -> Callable:
    module, _, name = reference.partition(":")
    return getattr(import_module(module), name)


def publish(session: Session, event: str, *args: object, **kwargs: object) -> list:
    """Run every subscriber of `event` in the caller's transaction; returns what each
    returned, in order (most return None; a merge's subscribers say what they moved)."""
    return [subscriber(reference)(session, *args, **kwargs) for reference in SUBSCRIBERS[event]]
