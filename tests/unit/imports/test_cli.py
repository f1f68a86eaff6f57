"""`python -m cslib.imports FILE --object … --as …`: the summary printed, the exit status
(0 done, 1 failed, 2 could not start), and a dry run that saves nothing at all."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from cslib import imports
from cslib.db import read_session
from cslib.errors import CsError
from cslib.imports.cli import main
from cslib.models import Company
from tests.unit.imports.helpers import counts, csv_bytes, new_admin

ROWS = [
    ["Company name", "Company Domain Name", "Annual Revenue", "Renewal date"],
    ["Ærø Æbler ApS", "aeroe.dk", "1.234,56", "31-12-2025"],
    ["Søren Økologi", "soeren.dk", "5", "not a date"],
    ["Køge Kager", "koege.dk", "", ""],
]


@pytest.fixture
def cli(db, monkeypatch, tmp_path):
    """main(argv) against the test database, with a Danish file and an admin to import as."""
    monkeypatch.setattr("cslib.imports.cli.ready_engine", lambda: db)
    new_admin(db, email="admin@example.com")
    path = tmp_path / "firmaer.csv"
    path.write_bytes(csv_bytes(ROWS, delimiter=";", encoding="cp1252"))
    return path


def _names(engine) -> list[str]:
    with read_session(engine) as s:
        return sorted(s.scalars(select(Company.name)))


def test_an_import_prints_its_summary_and_exits_0(db, cli, capsys):
    status = main([str(cli), "--object", "companies", "--as", "ADMIN@example.com", "--locale", "da"])
    out = capsys.readouterr()
    assert status == 0, out.err
    lines = out.out.splitlines()
    assert lines[0] == "created 2, updated 0, unchanged 0, skipped 1"
    assert lines[1].startswith("Import #") and lines[1].endswith(
        ": done. Skipped rows and their reasons: Settings → Import."
    )
    assert _names(db) == ["Køge Kager", "Ærø Æbler ApS"]
    with read_session(db) as s:
        assert s.scalar(select(Company.arr).where(Company.domain == "aeroe.dk")) == 1234.56


def test_a_dry_run_prints_the_counts_and_skipped_rows_and_saves_nothing(db, cli, capsys):
    before = counts(db)
    status = main([str(cli), "--object", "companies", "--as", "admin@example.com", "--locale", "da", "--dry-run"])
    out = capsys.readouterr().out.splitlines()
    assert status == 0
    assert out == [
        "created 2, updated 0, unchanged 0, skipped 1",
        "  row 3: Renewal date: “not a date” is not a date in Danish format (like 31-12-2025 or 2025-12-31).",
        "Dry run: nothing was saved.",
    ]
    assert counts(db) == before and before["imports"] == before["companies"] == 0
    assert not imports.imports_dir().exists() or list(imports.imports_dir().iterdir()) == []


def test_a_failed_import_exits_1_with_its_message(db, cli, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise CsError("The database refused the chunk.")

    monkeypatch.setattr("cslib.imports.run.write_chunk", broken)
    status = main([str(cli), "--object", "companies", "--as", "admin@example.com", "--locale", "da"])
    out = capsys.readouterr()
    assert status == 1
    assert out.out.splitlines() == ["created 0, updated 0, unchanged 0, skipped 0"]
    assert out.err == "error: The database refused the chunk.\n"
    assert _names(db) == []


def test_an_unknown_user_an_unreadable_file_or_a_file_that_is_no_table_exit_2(db, cli, capsys, tmp_path):
    assert main([str(cli), "--object", "companies", "--as", "nobody@example.com"]) == 2
    assert capsys.readouterr().err == "error: No user has the e-mail nobody@example.com.\n"
    missing = tmp_path / "missing.csv"
    assert main([str(missing), "--object", "companies", "--as", "admin@example.com"]) == 2
    assert capsys.readouterr().err == f"error: No such file or directory: {missing}\n"
    picture = tmp_path / "logo.csv"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    assert main([str(picture), "--object", "companies", "--as", "admin@example.com"]) == 2
    assert capsys.readouterr().err == "error: This is not a CSV or XLSX file.\n"
    assert counts(db)["imports"] == 0 and _names(db) == []


def test_a_user_without_the_import_permission_cannot_import_from_the_command_line(db, cli, capsys):
    new_admin(db, email="plain@example.com", is_super_admin=False, can_import=False)
    assert main([str(cli), "--object", "companies", "--as", "plain@example.com"]) == 2
    assert "ask an admin for the Import permission" in capsys.readouterr().err
    assert counts(db)["imports"] == 0
