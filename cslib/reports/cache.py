"""A short-lived cache of report results, so a page's reruns and a dashboard's reports do
not run the same query again within seconds.

An entry is keyed by everything that changes the answer (the caller passes the report,
its version, the viewer, language, time zone and scope), lives `TTL` seconds, and is
dropped by any write this process commits: every session commit that flushed a change
moves the write generation on, and entries of an older generation are not used. Writes by
another process (the worker, a second app server) show within `TTL`."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from sqlalchemy import event
from sqlalchemy.orm import Session

TTL = 60.0
MAX_ENTRIES = 512
T = TypeVar("T")

_lock = threading.Lock()
_entries: OrderedDict[Hashable, tuple[float, int, object]] = OrderedDict()
_generation = [0]


@event.listens_for(Session, "after_flush")
def _wrote(session: Session, _flush_context) -> None:  # noqa: ANN001
    if session.new or session.dirty or session.deleted:
        session.info["cs_report_wrote"] = True


@event.listens_for(Session, "do_orm_execute")
def _wrote_in_bulk(state) -> None:  # noqa: ANN001
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info["cs_report_wrote"] = True


@event.listens_for(Session, "after_commit")
def _committed(session: Session) -> None:
    if session.info.pop("cs_report_wrote", False):
        with _lock:
            _generation[0] += 1


def generation() -> int:
    return _generation[0]


def changed() -> None:
    """Say that data changed outside a session's flush (e.g. a Core statement)."""
    with _lock:
        _generation[0] += 1


def cached(key: Hashable, compute: Callable[[], T], *, now: Callable[[], float] = time.monotonic) -> T:
    """The value of `key` computed within `TTL` seconds and since the last write, else
    `compute()`'s, kept."""
    at, gen = now(), generation()
    with _lock:
        hit = _entries.get(key)
        if hit is not None and hit[0] > at and hit[1] == gen:
            _entries.move_to_end(key)
            return hit[2]  # type: ignore[return-value]
    value = compute()
    with _lock:
        _entries[key] = (at + TTL, gen, value)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()
