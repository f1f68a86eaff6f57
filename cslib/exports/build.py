"""The worker's job that builds an export file, exactly once.

Rows are streamed from the database in chunks (a server-side cursor on PostgreSQL, SQLite's
own lazy cursor), with the associations, domains and names of each chunk read in a few
batch queries, and written straight into the file: memory stays flat however long the
list. The file is built in a folder of its own and moved into place, and the export is
marked ready in the same transaction that notifies its user, only if no other attempt did
so first. A failed or killed attempt leaves no file marked ready; the retry starts over.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, func, select, update
from sqlalchemy.orm import Session

from cslib import i18n, jobs, lists, notifications
from cslib.config import get_settings
from cslib.db import read_session, write_session
from cslib.errors import CsError
from cslib.exports.cells import Cell, converter
from cslib.exports.columns import Column, plan_columns
from cslib.exports.options import ASSOCIATION_CAP, safe_file_name
from cslib.exports.requests import BUILD_JOB, EXPORT_DENIED, EXPORTS_PAGE, download_path, expiry_for, exports_dir
from cslib.exports.writers import PartedFile
from cslib.i18n import N_, _
from cslib.models import Company, CompanyDomain, Contact, Export, Pipeline, PipelineStage, live, utcnow
from cslib.permissions import PermissionDenied, can_export, require
from cslib.properties import column_for, model_for, properties_for
from cslib.records import contact_name, links_of
from cslib.users import all_user_names, get_actor

log = logging.getLogger(__name__)
CHUNK_ROWS = 2000
KEEP_ALIVE_SECONDS = 30
READY = "export_ready"
FAILED = "export_failed"
PART_NAME = N_("{name} (part {n} of {total})")
notifications.register_kind(READY, N_("Your export “{name}” is ready"), N_("Download it from the Exports page."))
notifications.register_kind(
    FAILED, N_("Your export “{name}” failed"), N_("Try again; if it fails again, ask an admin to check the worker.")
)


@dataclass(frozen=True)
class Order:
    """What to build, as queued."""

    id: int
    user_id: int
    name: str
    object_type: str
    format: str
    language: str
    options: dict


@jobs.handler(BUILD_JOB)
def _build_job(engine: Engine, payload: dict) -> dict:
    return build_export(engine, int(payload["export_id"]))


def build_export(engine: Engine, export_id: int) -> dict:
    """Build export `export_id` if it is not built yet; the job's result says what happened."""
    order = _start(engine, export_id)
    if order is None:
        return {"export_id": export_id, "skipped": True}
    _clear_earlier_attempts(export_id)
    work = exports_dir() / f".build-{export_id}-{uuid.uuid4().hex[:8]}"
    work.mkdir(parents=True)
    try:
        built, rows, parts = _write(engine, order, work)
        final = exports_dir() / f"{uuid.uuid4().hex}{built.suffix}"
        os.replace(built, final)
        if not _finish(engine, order, final, rows, parts):
            final.unlink(missing_ok=True)
            return {"export_id": export_id, "skipped": True}
        return {"export_id": export_id, "rows": rows, "parts": parts}
    except PermissionDenied as exc:
        _fail(engine, order, str(exc))
        return {"export_id": export_id, "refused": True}
    except jobs.JobLost:
        raise
    except Exception as exc:
        if jobs.last_attempt():
            _fail(engine, order, str(exc) if isinstance(exc, CsError) else type(exc).__name__)
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _start(engine: Engine, export_id: int) -> Order | None:
    """Mark the export building; None when there is nothing to do (gone, built, failed)."""
    with write_session(engine) as s:
        e = s.get(Export, export_id)
        if e is None or e.status not in ("queued", "building"):
            return None
        e.status, e.started_at = "building", utcnow()
        return Order(e.id, e.user_id, e.name, e.object_type, e.format, e.language, dict(e.options or {}))


def _clear_earlier_attempts(export_id: int) -> None:
    """Folders of attempts that were killed (their runner is gone: the job is ours now)."""
    for old in exports_dir().glob(f".build-{export_id}-*"):
        shutil.rmtree(old, ignore_errors=True)


def _finish(engine: Engine, order: Order, path: Path, rows: int, parts: int) -> bool:
    now = utcnow()
    with write_session(engine) as s:
        done = s.execute(
            update(Export)
            .where(Export.id == order.id, Export.status == "building")
            .values(
                status="ready",
                stored_name=path.name,
                file_name=f"{safe_file_name(order.name)}{path.suffix}",
                row_count=rows,
                size_bytes=path.stat().st_size,
                part_count=parts,
                error=None,
                finished_at=now,
                expires_at=expiry_for(now),
            )
            .execution_options(synchronize_session=False)
        ).rowcount
        if done != 1:
            return False
        notifications.notify(s, order.user_id, READY, {"name": order.name}, link=download_path(order.id), now=now)
    log.info("export %d ready: %d rows, %d part(s)", order.id, rows, parts)
    return True


def _fail(engine: Engine, order: Order, message: str) -> None:
    with write_session(engine) as s:
        failed = s.execute(
            update(Export)
            .where(Export.id == order.id, Export.status.in_(("queued", "building")))
            .values(status="failed", error=message[:2000], finished_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
        if failed:
            notifications.notify(s, order.user_id, FAILED, {"name": order.name}, link=EXPORTS_PAGE)


def _write(engine: Engine, order: Order, work: Path) -> tuple[Path, int, int]:
    with read_session(engine) as s:
        actor = get_actor(s, order.user_id)
        require(can_export(actor), EXPORT_DENIED)
        columns = plan_columns(s, order.object_type, order.options, order.language)
        with i18n.use("en"):  # values are not translated (SPEC §3.9): stable English choice labels
            props = properties_for(s, order.object_type)
        model = model_for(order.object_type)
        specs = [c.spec for c in columns if c.kind == "property"]
        where = lists.where_clauses(actor, order.object_type, props, order.options.get("filters", []))
        stmt = select(*(column_for(props[spec.name]) for spec in specs)).where(*where)
        stmt = lists.ordered(s, stmt, model, lists.check_sort(props, order.options.get("sort", [])))
        zone = i18n.zone(actor.time_zone)
        convert = [converter(props[spec.name], _names(s, props[spec.name]), zone) for spec in specs]
        out = PartedFile(work, safe_file_name(order.name), order.format, [c.header for c in columns], _part_rows())
        extras = _Extras(s, order, columns)
        kept_alive = time.monotonic()
        for chunk in s.execute(stmt, execution_options={"yield_per": CHUNK_ROWS}).partitions():
            found = extras.read([row[0] for row in chunk])
            for row in chunk:
                out.write(_cells(row, columns, convert, found))
            if time.monotonic() - kept_alive > KEEP_ALIVE_SECONDS:
                jobs.keep_alive(engine)
                kept_alive = time.monotonic()
        base = safe_file_name(order.name)
        with i18n.use(order.language):
            built = out.finish(lambda n, total: _(PART_NAME, name=base, n=n, total=total))
        return built, out.rows, len(out.parts)


def _part_rows() -> int:
    return get_settings().cs_export_part_rows


def _names(s: Session, spec) -> dict:  # noqa: ANN001
    """Names that stand for raw values: users, pipelines, stages (small tables, read once)."""
    if spec.type == "user":
        return all_user_names(s)
    if not spec.custom and spec.name in ("pipeline_id", "stage_id") and spec.type == "enumeration":
        table = Pipeline if spec.name == "pipeline_id" else PipelineStage
        return dict(s.execute(select(table.id, table.name)).all())
    return {}


def _cells(row, columns: list[Column], convert: list, found: dict) -> list[Cell]:  # noqa: ANN001
    cells: list[Cell] = []
    values = iter(zip(row, convert, strict=True))
    record_id = row[0]
    for column in columns:
        if column.kind == "property":
            value, fn = next(values)
            cells.append(fn(value))
        else:
            items = found.get((column.kind, column.other_type), {}).get(record_id)
            cells.append(";".join(items) if items else None)
    return cells


class _Extras:
    """The association and domain cells of one chunk of records, in a few batch queries."""

    def __init__(self, s: Session, order: Order, columns: list[Column]) -> None:
        self.s, self.object_type = s, order.object_type
        self.domains = any(c.kind == "domains" for c in columns)
        self.others = list(dict.fromkeys(c.other_type for c in columns if c.kind in ("names", "ids")))
        self.cap = None if order.options.get("associations") == "all" else ASSOCIATION_CAP

    def read(self, ids: list[int]) -> dict:
        found: dict = {}
        if self.domains:
            found[("domains", None)] = self._domains(ids)
        for other in self.others:
            names, numbers = self._links(ids, other)
            found[("names", other)], found[("ids", other)] = names, numbers
        return found

    def _domains(self, ids: list[int]) -> dict[int, list[str]]:
        out: dict[int, list[str]] = {}
        stmt = (
            select(CompanyDomain.company_id, CompanyDomain.domain)
            .where(CompanyDomain.company_id.in_(ids), CompanyDomain.is_primary.is_(False))
            .order_by(CompanyDomain.company_id, CompanyDomain.id)
        )
        for company_id, domain in self.s.execute(stmt):
            out.setdefault(company_id, []).append(domain)
        return out

    def _links(self, ids: list[int], other: str) -> tuple[dict, dict]:
        links = links_of(self.object_type, ids, other)
        model = model_for(other)
        if model is Contact:
            shown = (Contact.first_name, Contact.last_name, Contact.email)
        elif model is Company:
            shown = (Company.name,)
        else:
            shown = (model.name,)
        rank = func.row_number().over(partition_by=links.c.this, order_by=model.id).label("rank")
        inner = select(links.c.this, model.id.label("oid"), *shown, rank).join(links, links.c.oid == model.id)
        inner = inner.where(live(model, other)).subquery()
        stmt = select(*(c for c in inner.c if c.name != "rank")).order_by(inner.c.this, inner.c.oid)
        if self.cap is not None:
            stmt = stmt.where(inner.c.rank <= self.cap)
        names: dict[int, list[str]] = {}
        numbers: dict[int, list[str]] = {}
        for this, oid, *parts in self.s.execute(stmt):
            name = contact_name(*parts) if model is Contact else (parts[0] or "")
            names.setdefault(this, []).append(name.replace(";", ","))
            numbers.setdefault(this, []).append(str(oid))
        return names, numbers
