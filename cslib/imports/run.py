"""Running an import: start it (new properties made, whose Record IDs decided, a job
queued), the worker's job that writes the file in chunks, and the summary it leaves.

Each chunk is one transaction that also moves the import's `rows_done` on, so a job that
is killed and run again goes on after the last chunk written: no row is written twice or
half. A failure stops the import with its message; what earlier chunks wrote stays and can
be undone.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session

from cslib import jobs, notifications
from cslib.db import read_session, write_session
from cslib.errors import CsError, ValidationError
from cslib.i18n import N_, _
from cslib.imports.aliases import Target
from cslib.imports.apply import Batch, Outcome, write_chunk
from cslib.imports.convert import Converter
from cslib.imports.files import Table
from cslib.imports.match import record_ids_mode
from cslib.imports.store import IMPORT_DENIED, ImportInfo, _load, _open, _stored, get_import
from cslib.models import Import, utcnow
from cslib.permissions import Actor, PermissionDenied, can_import, can_manage_settings, require
from cslib.properties import add_property
from cslib.users import get_actor

log = logging.getLogger(__name__)

RUN_JOB = "imports.run"
CHUNK_ROWS = 1_000
# Record IDs read to decide whether a file's IDs are ours.
_SAMPLE_IDS = 1_000
IMPORTS_PAGE = "/settings"
DONE = "import_done"
FAILED = "import_failed"
notifications.register_kind(DONE, N_("Your import “{name}” is done"), N_("See its summary under Settings → Import."))
notifications.register_kind(
    FAILED, N_("Your import “{name}” stopped"), N_("See why under Settings → Import; what it wrote can be undone.")
)
NEW_PROPERTY_DENIED = N_("Only admins can add properties: map the column to an existing property or don't import it.")


@dataclass(frozen=True)
class Order:
    """What the job needs to know about its import."""

    id: int
    user_id: int
    object_type: str
    file_name: str
    mapping: tuple[Target, ...]
    locale: str
    time_zone: str
    mode: str
    rows_done: int


def start_import(session: Session, actor: Actor, import_id: int) -> ImportInfo:
    """Queue a draft: its new properties are made, whose Record IDs it holds is decided
    (when the user left it to us), and the worker takes it from there."""
    imp = _load(session, actor, import_id, for_update=True)
    if imp.status != "draft":
        raise ValidationError(_("This import has already started."))
    table = _open(imp)
    mapping = [Target(m["kind"], m.get("name")) for m in imp.mapping]
    mapping = _make_new_properties(session, actor, imp.object_type, mapping)
    if imp.record_ids == "auto":
        imp.record_ids = record_ids_mode(session, imp.object_type, _first_ids(table, mapping))
    imp.mapping = _stored(mapping)
    imp.status, imp.rows_done = "queued", 1
    session.flush()
    jobs.enqueue(session, "imports.run", {"import_id": imp.id}, dedupe_key=f"import:{imp.id}")
    return get_import(session, actor, imp.id)


def _make_new_properties(session: Session, actor: Actor, object_type: str, mapping: list[Target]) -> list[Target]:
    if not any(t.kind == "new" for t in mapping):
        return mapping
    require(can_manage_settings(actor), _(NEW_PROPERTY_DENIED))
    out = []
    for target in mapping:
        if target.kind == "new":
            kind, label = target.new_property()
            made = add_property(session, actor, object_type, name=None, label=label, type=kind)
            target = Target("property", made.name)
        out.append(target)
    return out


def _first_ids(table: Table, mapping: list[Target]) -> list[str]:
    columns = [i for i, t in enumerate(mapping) if t.kind == "record_id"]
    if not columns:
        return []
    ids = []
    for _number, cells in table.rows():
        value = cells[columns[0]]
        if value not in (None, ""):
            ids.append(str(value).strip().lstrip("'"))
        if len(ids) >= _SAMPLE_IDS:
            break
    return ids


@jobs.handler(RUN_JOB)
def _run_job(engine: Engine, payload: dict) -> dict:
    return run_import(engine, int(payload["import_id"]))


def run_import(engine: Engine, import_id: int) -> dict:
    """Write import `import_id` from where it stopped; the job's result says what it did."""
    order = _start(engine, import_id)
    if order is None:
        return {"import_id": import_id, "skipped": True}
    try:
        with read_session(engine) as s:
            actor = get_actor(s, order.user_id)
            require(can_import(actor), _(IMPORT_DENIED))
            table = _open(s.get(Import, order.id))
            converter = Converter(s, order.object_type, order.mapping, locale=order.locale, time_zone=order.time_zone)
        for number, chunk in enumerate(_chunks(table.rows(), order.rows_done)):
            if not _write(engine, actor, converter, order, chunk):
                return {"import_id": import_id, "stopped": True}
            if number % 10 == 9:
                jobs.keep_alive(engine)
        _finish(engine, order)
        return {"import_id": import_id, "done": True}
    except jobs.JobLost:
        raise
    except (CsError, PermissionDenied) as exc:
        _fail(engine, order, str(exc))
        return {"import_id": import_id, "failed": True}
    except Exception as exc:
        if jobs.last_attempt():
            _fail(engine, order, _("The import stopped on an unexpected error ({error}).", error=type(exc).__name__))
        raise


def _chunks(rows: Iterable[tuple[int, list]], after: int) -> Iterator[list[tuple[int, list]]]:
    chunk: list[tuple[int, list]] = []
    for number, cells in rows:
        if number <= after:
            continue
        chunk.append((number, cells))
        if len(chunk) >= CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _start(engine: Engine, import_id: int) -> Order | None:
    with write_session(engine) as s:
        imp = s.get(Import, import_id)
        if imp is None or imp.status not in ("queued", "running") or imp.user_id is None:
            return None
        imp.status = "running"
        imp.started_at = imp.started_at or utcnow()
        mapping = tuple(Target(m["kind"], m.get("name")) for m in imp.mapping)
        return Order(
            imp.id,
            imp.user_id,
            imp.object_type,
            imp.file_name,
            mapping,
            imp.locale,
            imp.time_zone,
            imp.record_ids,
            imp.rows_done,
        )


def _write(engine: Engine, actor: Actor, converter: Converter, order: Order, chunk: list[tuple[int, list]]) -> bool:
    """Write one chunk and move the import on, in one transaction; False when the import
    is no longer running (another attempt took it over)."""
    with write_session(engine) as s:
        imp = s.scalar(_locked(s, order.id))
        if imp is None or imp.status != "running" or imp.rows_done >= chunk[-1][0]:
            return imp is not None and imp.status == "running"
        converter.bind(s)
        outcome = write_chunk(s, actor, converter, Batch(order.id, order.object_type, order.mode, utcnow()), chunk)
        _count(imp, outcome, chunk[-1][0])
    return True


def _locked(session: Session, import_id: int):  # noqa: ANN202
    stmt = select(Import).where(Import.id == import_id)
    return stmt.with_for_update() if session.get_bind().dialect.name == "postgresql" else stmt


def _count(imp: Import, outcome: Outcome, last_row: int) -> None:
    imp.rows_done = last_row
    imp.created_count += outcome.created
    imp.updated_count += outcome.updated
    imp.unchanged_count += outcome.unchanged
    imp.skipped_count += outcome.skipped


def _finish(engine: Engine, order: Order) -> None:
    now = utcnow()
    with write_session(engine) as s:
        done = s.execute(
            update(Import)
            .where(Import.id == order.id, Import.status == "running")
            .values(status="done", finished_at=now, error=None)
            .execution_options(synchronize_session=False)
        ).rowcount
        if done:
            notifications.notify(s, order.user_id, DONE, {"name": order.file_name}, link=IMPORTS_PAGE, now=now)
    log.info("import %d done", order.id)


def _fail(engine: Engine, order: Order, message: str) -> None:
    with write_session(engine) as s:
        failed = s.execute(
            update(Import)
            .where(Import.id == order.id, Import.status.in_(("queued", "running")))
            .values(status="failed", error=message[:2000], finished_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
        if failed:
            notifications.notify(s, order.user_id, FAILED, {"name": order.file_name}, link=IMPORTS_PAGE)
