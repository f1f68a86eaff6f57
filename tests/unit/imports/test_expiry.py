"""The hourly tidy-up: drafts nobody started go after a day, files of ended imports after
30 days (the import and its summary stay), files no import owns after an hour."""

from __future__ import annotations

import os
import time
from datetime import timedelta

from sqlalchemy import select, update

from cslib import imports
from cslib.db import read_session
from cslib.models import Import, utcnow
from tests.unit.imports.helpers import csv_bytes, draft, new_admin, run, write

FILE = csv_bytes([["Company name", "Company Domain Name"], ["Acme", "acme.com"]])


def _age(engine, import_id, **columns):
    write(engine, lambda s: s.execute(update(Import).where(Import.id == import_id).values(**columns)))


def test_a_stale_draft_goes_with_its_file_and_a_fresh_one_stays(db):
    admin = new_admin(db)
    stale, fresh = draft(db, admin, FILE), draft(db, admin, FILE)
    _age(db, stale.id, created_at=utcnow() - timedelta(hours=25))
    files_before = set(os.listdir(imports.imports_dir()))
    assert imports.expire_imports(db)["drafts"] == 1
    with read_session(db) as s:
        assert set(s.scalars(select(Import.id))) == {fresh.id}
    assert len(set(os.listdir(imports.imports_dir()))) == len(files_before) - 1


def test_an_ended_imports_file_goes_after_30_days_but_its_summary_stays(db):
    admin = new_admin(db)
    done = run(db, admin, FILE)
    _age(db, done.id, finished_at=utcnow() - timedelta(days=31))
    assert imports.expire_imports(db)["files"] == 1
    with read_session(db) as s:
        kept = imports.get_import(s, admin, done.id)
        assert (kept.status, kept.created) == ("done", 1)
        assert os.listdir(imports.imports_dir()) == []
        try:
            imports.error_file(s, admin, done.id)
        except imports.ImportFileError as exc:
            assert "no longer kept" in str(exc)
        else:
            raise AssertionError("the error file needs the uploaded file")


def test_a_file_no_import_owns_goes_after_an_hour(db):
    folder = imports.imports_dir()
    folder.mkdir(parents=True, exist_ok=True)
    old, new = folder / "cut-off.csv", folder / "uploading.csv"
    old.write_text("x"), new.write_text("y")
    hour_ago = time.time() - 3700
    os.utime(old, (hour_ago, hour_ago))
    assert imports.expire_imports(db)["orphans"] == 1
    assert sorted(os.listdir(folder)) == ["uploading.csv"]
