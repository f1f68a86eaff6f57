"""Which tasks an action covers: a `Selection` is either ids picked one by one (or a whole
page), or "all N matching" the list's filters; then the filters are resolved again inside
the write transaction, so the action covers exactly what matches when it runs. Also the
tasks of a list in its order, which the "Start all tasks" queue works through."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from cslib import lists, query
from cslib.errors import ValidationError
from cslib.i18n import N_, _, ngettext
from cslib.models import Task, live
from cslib.permissions import Actor, can_view_as, has_full_use, require
from cslib.properties import properties_for

READ_DENIED = N_("Task lists need a Service seat: ask an admin to assign you one.")
VIEW_AS_DENIED = N_("Only admins can see another user's tasks.")
NOTHING_SELECTED = N_("Select at least one task first.")
MAX_PICKED = 5_000
QUEUE_LIMIT = 1_000


@dataclass(frozen=True)
class Selection:
    """Tasks to act on: `ids` picked by hand, or (`matching`) every task matching `filters`
    as the list shows them (`me` and `time_zone` as in `cslib.lists.list_records`)."""

    ids: tuple[int, ...] = ()
    matching: bool = False
    filters: tuple[dict | None, ...] = ()
    me: int | None = None
    time_zone: str | None = None

    @classmethod
    def of(cls, ids: Iterable[int]) -> Selection:
        return cls(ids=tuple(dict.fromkeys(ids)))

    @classmethod
    def all_matching(
        cls, filters: Sequence[dict | None], *, me: int | None = None, time_zone: str | None = None
    ) -> Selection:
        return cls(matching=True, filters=tuple(filters), me=me, time_zone=time_zone)


def _check_ids(ids: Sequence[object]) -> list[int]:
    out = []
    for raw in ids:
        if isinstance(raw, bool) or not isinstance(raw, int) or raw < 1:
            raise ValidationError(_("Task ids must be whole numbers."))
        out.append(raw)
    if len(out) > MAX_PICKED:
        raise ValidationError(
            ngettext(
                "Pick at most {n} task one by one; use “Select all” to act on every matching task.",
                "Pick at most {n} tasks one by one; use “Select all” to act on every matching task.",
                MAX_PICKED,
            )
        )
    return out


def selected_ids(session: Session, actor: Actor, selection: Selection, *, now: datetime | None = None) -> Select:
    """The ids of the live tasks in `selection`, as a SELECT to use inside a statement."""
    require(has_full_use(actor), READ_DENIED)
    if selection.me is not None and selection.me != actor.id:
        require(can_view_as(actor), VIEW_AS_DENIED)
    if selection.matching:
        props = properties_for(session, "task")
        where = lists.where_clauses(
            actor, "task", props, list(selection.filters), now=now, me=selection.me, time_zone=selection.time_zone
        )
        return select(Task.id).where(*where)
    ids = _check_ids(selection.ids)
    if not ids:
        raise ValidationError(_(NOTHING_SELECTED))
    return select(Task.id).where(Task.id.in_(ids), live(Task))


def count_selected(session: Session, actor: Actor, selection: Selection, *, now: datetime | None = None) -> int:
    ids = selected_ids(session, actor, selection, now=now).subquery()
    return int(query.scalar(session, select(func.count()).select_from(ids)) or 0)


def queue_ids(
    session: Session,
    actor: Actor,
    *,
    filters: Sequence[dict | None],
    sort: list[dict],
    me: int | None = None,
    time_zone: str | None = None,
    limit: int = QUEUE_LIMIT,
    now: datetime | None = None,
) -> list[int]:
    """The tasks of a list in the list's order (at most `limit`): what "Start all tasks"
    works through."""
    require(has_full_use(actor), READ_DENIED)
    if me is not None and me != actor.id:
        require(can_view_as(actor), VIEW_AS_DENIED)
    props = properties_for(session, "task")
    keys = lists.check_sort(props, sort)
    where = lists.where_clauses(actor, "task", props, list(filters), now=now, me=me, time_zone=time_zone)
    stmt = lists.ordered(session, select(Task.id).where(*where), Task, keys).limit(max(1, min(limit, QUEUE_LIMIT)))
    return [int(i) for i in session.scalars(stmt)]
