"""`python -m cslib.imports FILE --object companies --as admin@example.com [--locale da]
[--record-ids auto|ours|source] [--dry-run]`: the import wizard's engine for admins at a
shell. The columns are mapped as the wizard would guess them; the summary is printed, and
the exit status is 1 when the import failed (2 when it could not start).

`--dry-run` runs the whole import in a transaction that is rolled back: the same checks
and counts, nothing saved.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from cslib import i18n
from cslib.bootstrap import ready_engine
from cslib.db import session_factory, write_session
from cslib.errors import CsError, ValidationError
from cslib.i18n import _
from cslib.imports.apply import Batch, Outcome, write_chunk
from cslib.imports.convert import Converter
from cslib.imports.files import open_table
from cslib.imports.match import MODES, record_ids_mode
from cslib.imports.parsing import LOCALES
from cslib.imports.run import _chunks, _first_ids, run_import, start_import
from cslib.imports.store import ImportInfo, get_import, imports_dir, set_choices, upload
from cslib.models import Import, User, utcnow
from cslib.permissions import Actor
from cslib.users import get_actor

OBJECT_NAMES = {"companies": "company", "contacts": "contact", "deals": "deal", "tasks": "task"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cslib.imports", description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--object", required=True, choices=sorted(OBJECT_NAMES))
    parser.add_argument("--as", dest="email", required=True, help="the e-mail of the user importing")
    parser.add_argument("--locale", default="en", choices=LOCALES, help="how the file writes dates and numbers")
    parser.add_argument("--record-ids", default="auto", choices=MODES, help="whose Record IDs the file holds")
    parser.add_argument("--dry-run", action="store_true", help="check and count, save nothing")
    args = parser.parse_args(argv)
    try:
        data = args.file.read_bytes()
    except OSError as exc:
        print(f"error: {exc.strerror}: {args.file}", file=sys.stderr)
        return 2
    engine = ready_engine()
    with i18n.use("en"):
        try:
            return _import(engine, args, data)
        except CsError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        finally:
            engine.dispose()


def _import(engine: Engine, args: argparse.Namespace, data: bytes) -> int:
    object_type = OBJECT_NAMES[args.object]
    if args.dry_run:
        return _rehearse(engine, args, object_type, data)
    with write_session(engine) as s:
        actor, info = _draft(s, args, object_type, data)
        start_import(s, actor, info.id)
    run_import(engine, info.id)
    with write_session(engine) as s:
        done = get_import(s, actor, info.id)
    _print(done.created, done.updated, done.unchanged, done.skipped)
    if done.status == "failed":
        print(f"error: {done.error}", file=sys.stderr)
        return 1
    print(f"Import #{done.id}: {done.status}. Skipped rows and their reasons: Settings → Import.")
    return 0


def _draft(session: Session, args: argparse.Namespace, object_type: str, data: bytes) -> tuple[Actor, ImportInfo]:
    """The file uploaded as `--as`, with the guessed mapping and the options given."""
    user_id = session.scalar(select(User.id).where(func.lower(User.email) == args.email.strip().lower()))
    if user_id is None:
        raise ValidationError(_("No user has the e-mail {email}.", email=args.email))
    actor = get_actor(session, user_id)
    info = upload(session, actor, args.file.name, data, object_type=object_type)
    info = set_choices(
        session,
        actor,
        info.id,
        object_type=object_type,
        mapping=info.mapping,
        locale=args.locale,
        record_ids=args.record_ids,
    )
    return actor, info


def _rehearse(engine: Engine, args: argparse.Namespace, object_type: str, data: bytes) -> int:
    """The whole import in one transaction that is rolled back, file and all."""
    total = Outcome()
    with session_factory(engine, write=True)() as s:
        stored = None
        try:
            actor, info = _draft(s, args, object_type, data)
            imp = s.get(Import, info.id)
            stored = imports_dir() / imp.stored_name
            table = open_table(stored, imp.file_name)
            mode = imp.record_ids
            if mode == "auto":
                mode = record_ids_mode(s, object_type, _first_ids(table, list(info.mapping)))
            converter = Converter(s, object_type, info.mapping, locale=imp.locale, time_zone=imp.time_zone)
            for chunk in _chunks(table.rows(), 1):
                outcome = write_chunk(s, actor, converter, Batch(None, object_type, mode, utcnow()), chunk)
                _add(total, outcome)
        finally:
            s.rollback()
            if stored is not None:
                stored.unlink(missing_ok=True)
    _print(total.created, total.updated, total.unchanged, total.skipped)
    for row in total.rows[:50]:
        print(f"  row {row['row_number']}: {row['message']}")
    print("Dry run: nothing was saved.")
    return 0


def _add(total: Outcome, outcome: Outcome) -> None:
    for field in ("created", "updated", "unchanged", "skipped"):
        setattr(total, field, getattr(total, field) + getattr(outcome, field))
    total.rows += [r for r in outcome.rows if r["action"] == "skipped"]


def _print(created: int, updated: int, unchanged: int, skipped: int) -> None:
    print(f"created {created}, updated {updated}, unchanged {unchanged}, skipped {skipped}")
