"""How an import runs: in chunks, each written whole or not at all, going on after the last
chunk written when the job is run again; health scores of the customers it changed; and
who may import, see and undo what."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from cslib import imports
from cslib.db import read_session
from cslib.errors import CsError, NotFound
from cslib.imports import Target
from cslib.models import Company, Import, ImportRow, User
from cslib.permissions import PermissionDenied
from tests.factories import make_health_profile
from tests.unit.imports.helpers import (
    actions,
    counts,
    csv_bytes,
    draft,
    new_admin,
    new_user,
    run,
    skipped,
    state,
    undo,
    write,
)

HEADER = ["Record ID", "Company name", "Company Domain Name"]
ROWS = [HEADER] + [[f"s{n}", f"Co {n}", f"co{n}.example"] for n in range(2, 12)]  # file rows 2..11


class Killed(BaseException):
    """The worker's process dies: nothing of the transaction it was in is committed."""


def _patched(monkeypatch, failing_call: int, error: BaseException) -> list[int]:
    """write_chunk raises `error` once, on its `failing_call`-th call, after writing its rows
    (so the chunk's transaction holds them); returns the import's rows_done at each call
    (the last row its earlier chunks committed)."""
    monkeypatch.setattr("cslib.imports.run.CHUNK_ROWS", 3)
    real = imports.run.write_chunk
    seen: list[int] = []

    def write_chunk(session, actor, converter, batch, cells):
        seen.append(session.scalar(select(Import.rows_done).where(Import.id == batch.import_id)))
        outcome = real(session, actor, converter, batch, cells)
        if len(seen) == failing_call:
            raise error
        return outcome

    monkeypatch.setattr("cslib.imports.run.write_chunk", write_chunk)
    return seen


def _names(engine) -> list[str]:
    with read_session(engine) as s:
        return sorted(s.scalars(select(Company.name)), key=lambda n: int(n.split()[1]))


def test_a_job_killed_after_some_chunks_goes_on_from_the_last_chunk_written_when_run_again(db, monkeypatch):
    admin = new_admin(db)
    seen = _patched(monkeypatch, 3, Killed())
    info = draft(db, admin, csv_bytes(ROWS))
    write(db, lambda s: imports.start_import(s, admin, info.id))
    with pytest.raises(Killed):
        imports.run_import(db, info.id)
    with read_session(db) as s:
        stopped = imports.get_import(s, admin, info.id)
    assert (stopped.status, stopped.rows_done, stopped.created) == ("running", 7, 6)
    assert _names(db) == [f"Co {n}" for n in range(2, 8)]
    assert imports.run_import(db, info.id) == {"import_id": info.id, "done": True}
    with read_session(db) as s:
        done = imports.get_import(s, admin, info.id)
        rows = s.scalar(select(func.count()).select_from(ImportRow).where(ImportRow.import_id == info.id))
    assert (done.status, done.rows_done, done.created, done.updated, done.unchanged, done.skipped) == (
        "done",
        11,
        10,
        0,
        0,
        0,
    )
    assert _names(db) == [f"Co {n}" for n in range(2, 12)]
    assert rows == 10 and counts(db)["source_ids"] == 10
    assert seen == [1, 4, 7, 7, 10]  # the third chunk again, after the kill
    assert imports.run_import(db, info.id) == {"import_id": info.id, "skipped": True}


def test_a_failing_chunk_leaves_no_half_written_row_and_stops_the_import_with_its_message(db, monkeypatch):
    admin = new_admin(db)
    _patched(monkeypatch, 2, CsError("The database refused the chunk."))
    done = run(db, admin, csv_bytes(ROWS))
    assert (done.status, done.error, done.rows_done, done.created) == (
        "failed",
        "The database refused the chunk.",
        4,
        3,
    )
    assert done.finished_at is not None and done.can_undo
    assert _names(db) == ["Co 2", "Co 3", "Co 4"]
    assert actions(db, done.id) == {2: "created", 3: "created", 4: "created"}
    assert counts(db)["source_ids"] == 3 and counts(db)["history"] == 6  # name and domain of each


def test_an_unexpected_error_outside_a_retried_job_fails_the_import_with_a_clear_message(db, monkeypatch):
    admin = new_admin(db)
    _patched(monkeypatch, 1, ZeroDivisionError())
    info = draft(db, admin, csv_bytes(ROWS))
    write(db, lambda s: imports.start_import(s, admin, info.id))
    with pytest.raises(ZeroDivisionError):
        imports.run_import(db, info.id)
    with read_session(db) as s:
        failed = imports.get_import(s, admin, info.id)
    assert (failed.status, failed.error) == ("failed", "The import stopped on an unexpected error (ZeroDivisionError).")
    assert counts(db)["companies"] == 0


def test_progress_moves_on_with_every_chunk(db, monkeypatch):
    admin = new_admin(db)
    seen = _patched(monkeypatch, 99, Killed())
    done = run(db, admin, csv_bytes(ROWS))
    assert seen == [1, 4, 7, 10]
    assert (done.rows_done, done.rows_total, done.created) == (11, 10, 10)


# --- health ----------------------------------------------------------------------------------

NPS_SCORE = {
    "groups": [
        {
            "key": "g",
            "name": "Sentiment",
            "kind": "property",
            "max_points": 100,
            "criteria": [
                {
                    "key": "c",
                    "kind": "property_linear",
                    "label": "NPS",
                    "property": "nps",
                    "low": 0,
                    "high": 10,
                    "points_low": 0,
                    "points_high": 100,
                }
            ],
        }
    ]
}


def _scores(engine) -> dict[str, tuple]:
    with read_session(engine) as s:
        rows = s.execute(select(Company.name, Company.health_score, Company.health_category)).all()
    return {name: (score, category) for name, score, category in rows}


def test_importing_a_property_a_health_profile_reads_rescores_those_customers(db):
    admin = new_admin(db)
    write(db, lambda s: make_health_profile(s, definition=NPS_SCORE))
    first = run(
        db, admin, csv_bytes([["Record ID", "Company name", "NPS score"], ["1", "Acme", "2"], ["2", "Globex", "9"]])
    )
    assert first.created == 2
    assert _scores(db) == {"Acme": (20.0, "at_risk"), "Globex": (90.0, "healthy")}
    done = run(db, admin, csv_bytes([["Record ID", "NPS score", "City"], ["1", "8", "Aarhus"], ["2", "", "Oslo"]]))
    assert (done.updated, done.skipped) == (2, 0)
    assert _scores(db) == {"Acme": (80.0, "healthy"), "Globex": (90.0, "healthy")}
    undo(db, admin, done.id)
    assert _scores(db) == {"Acme": (20.0, "at_risk"), "Globex": (90.0, "healthy")}


# --- permissions -----------------------------------------------------------------------------

FILE = csv_bytes([["Company name"], ["Acme"]])


def test_a_user_without_the_import_permission_is_refused_everywhere(db):
    admin = new_admin(db)
    done = run(db, admin, FILE)
    queued = draft(db, admin, FILE)
    plain = new_user(db, can_import=False)
    refusals = [
        lambda s: imports.upload(s, plain, "c.csv", FILE),
        lambda s: imports.start_import(s, plain, queued.id),
        lambda s: imports.undo_import(s, plain, done.id),
        lambda s: imports.list_imports(s, plain),
        lambda s: imports.get_import(s, plain, done.id),
        lambda s: imports.error_file(s, plain, done.id),
    ]
    for refused in refusals:
        with pytest.raises(PermissionDenied, match="ask an admin for the Import permission"):
            write(db, refused)
    assert counts(db)["imports"] == 2 and counts(db)["companies"] == 1


def test_a_user_with_the_import_permission_imports_and_sees_only_their_own_imports(db):
    admin = new_admin(db)
    importer = new_user(db, can_import=True, name="Ida Importer")
    other = new_user(db, can_import=True)
    mine = run(db, importer, FILE)
    assert (mine.status, mine.created, mine.user_name) == ("done", 1, "Ida Importer")
    theirs = run(db, other, csv_bytes([["Company name"], ["Globex"]]))
    with read_session(db) as s:
        assert [i.id for i in imports.list_imports(s, importer)] == [mine.id]
        assert [i.id for i in imports.list_imports(s, admin)] == [theirs.id, mine.id]
        with pytest.raises(NotFound):
            imports.get_import(s, importer, theirs.id)
    with pytest.raises(NotFound):
        write(db, lambda s: imports.undo_import(s, importer, theirs.id))
    assert undo(db, admin, theirs.id).status == "undone"


def test_an_importer_without_the_settings_permission_cannot_add_a_property(db):
    importer = new_user(db, can_import=True)
    data = csv_bytes([["Company name", "Tier"], ["Acme", "Gold"]])
    info = draft(db, importer, data, mapping=[Target("property", "name"), Target("new", "Tier")])
    with pytest.raises(PermissionDenied) as refused:
        write(db, lambda s: imports.start_import(s, importer, info.id))
    assert str(refused.value) == (
        "Only admins can add properties: map the column to an existing property or don't import it."
    )
    with read_session(db) as s:
        assert s.get(Import, info.id).status == "draft"
    assert counts(db)["companies"] == 0


def test_an_import_whose_user_lost_the_permission_before_it_ran_fails_and_writes_nothing(db):
    importer = new_user(db, can_import=True)
    info = draft(db, importer, FILE)
    write(db, lambda s: imports.start_import(s, importer, info.id))
    write(db, lambda s: s.execute(update(User).where(User.id == importer.id).values(can_import=False)))
    imports.run_import(db, info.id)
    with read_session(db) as s:
        imp = s.get(Import, info.id)
        assert (imp.status, imp.error) == (
            "failed",
            "Your account cannot import records: ask an admin for the Import permission.",
        )
    assert counts(db)["companies"] == 0 and skipped(db, info.id) == {}
    assert state(db)["history"] == []
