"""The Overview's task cards (SPEC §3.1): tasks due today, overdue and due tomorrow, each
opening the built-in Actions view of exactly its own set (their filters live in the
object-type registry, `cslib.properties.OBJECT_TYPES`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib import lists
from cslib.i18n import N_, _
from cslib.models import View, live
from cslib.permissions import Actor
from cslib.properties import object_type_def
from cslib.views import BUILTIN_FILTERS

# Overview cards (SPEC §3.1): each opens the Actions list of exactly its own set. The
# titles are English here; a TaskCard carries its title in the reader's language.
TASK_CARDS: tuple[tuple[str, str], ...] = (
    ("due_today", N_("Tasks due today")),
    ("overdue", N_("Overdue tasks")),
    ("due_tomorrow", N_("Tasks due tomorrow")),
)


@dataclass(frozen=True)
class TaskCard:
    key: str
    title: str  # in the reader's language
    view_id: int | None
    total: int
    rows: pd.DataFrame  # id, title, due_at, priority, associated


def builtin_view_ids(session: Session) -> dict[str, int]:
    """The ids of the built-in task views that still exist (an admin may delete one)."""
    keys = [v.key for v in object_type_def("task").views]
    rows = session.execute(
        select(View.builtin_key, View.id).where(View.object_type == "task", View.builtin_key.in_(keys), live(View))
    )
    return {k: int(i) for k, i in rows}


def task_card(
    session: Session,
    actor: Actor,
    key: str,
    *,
    user_id: int,
    time_zone: str,
    limit: int = 5,
    now: datetime | None = None,
    view_ids: dict[str, int] | None = None,
) -> TaskCard:
    """One Overview task card (`key` of TASK_CARDS): the count of the set, its first
    `limit` tasks by due date and the built-in view that lists exactly them."""
    page = lists.list_records(
        session,
        actor,
        "task",
        filters=[BUILTIN_FILTERS[key]],
        columns=["title", "due_at", "priority", "associated"],
        sort=[{"property": "due_at", "direction": "asc"}],
        page_size=limit,
        now=now,
        me=user_id,
        time_zone=time_zone,
    )
    view_ids = builtin_view_ids(session) if view_ids is None else view_ids
    return TaskCard(key, _(dict(TASK_CARDS)[key]), view_ids.get(key), page.total, page.rows)


def task_cards(
    session: Session, actor: Actor, *, user_id: int, time_zone: str, limit: int = 5, now: datetime | None = None
) -> list[TaskCard]:
    """Tasks due today, overdue and due tomorrow for `user_id` (days of `time_zone`)."""
    view_ids = builtin_view_ids(session)
    return [
        task_card(session, actor, key, user_id=user_id, time_zone=time_zone, limit=limit, now=now, view_ids=view_ids)
        for key, _title in TASK_CARDS
    ]
