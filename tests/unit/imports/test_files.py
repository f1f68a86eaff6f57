"""Opening import files as a user's spreadsheet program saved them: encodings, delimiters,
quoted values, XLSX cells with their types, row numbers as the spreadsheet shows them, and
a message the user can act on for every file that cannot be imported."""

from __future__ import annotations

import time
import tracemalloc
import zipfile
from datetime import date, datetime

import pytest

from cslib.config import get_settings
from cslib.exports.writers import CsvPart, XlsxPart
from cslib.imports.files import ImportFileError, open_table
from cslib.imports.parsing import parse_date, parse_number
from tests.unit.imports.samples import (
    DANISH_ROWS,
    POLISH_ROWS,
    company_rows,
    png_bytes,
    random_bytes,
    text_line,
    write_bytes,
    write_csv,
    write_xlsx,
    xls_bytes,
)


def refusal(path, name=None) -> str:
    with pytest.raises(ImportFileError) as caught:
        open_table(path, name or path.name)
    return str(caught.value)


def test_a_danish_excel_csv_in_windows_1252_with_semicolons_reads_and_parses_in_danish(tmp_path):
    path = write_csv(tmp_path, "firmaer.csv", DANISH_ROWS, encoding="cp1252", delimiter=";")
    table = open_table(path, "firmaer.csv")
    assert (table.kind, table.encoding, table.delimiter, table.row_count) == ("csv", "cp1252", ";", 3)
    assert table.headers == ("Firmanavn", "By", "Omsætning", "Oprettet")
    rows = list(table.rows())
    assert rows[0] == (2, ["Ærø Æbler ApS", "Århus", "1.234,56", "31-12-2025"])
    assert [parse_number(cells[2], "da") for _, cells in rows] == [1234.56, -5.0, 12345678.9]
    days = [parse_date(cells[3], "da") for _, cells in rows]
    assert days == [date(2025, 12, 31), date(2024, 2, 1), date(2024, 2, 29)]


def test_utf8_with_a_bom_keeps_polish_letters_and_no_bom_in_the_first_header(tmp_path):
    path = write_csv(tmp_path, "firmy.csv", POLISH_ROWS, encoding="utf-8-sig")
    table = open_table(path, "firmy.csv")
    assert table.encoding == "utf-8-sig"
    assert table.headers[0] == "Nazwa firmy"
    assert list(table.rows())[0] == (2, ["Zażółć gęślą jaźń Sp. z o.o.", "Łódź", "Małgorzata Ślęzak"])


def test_a_polish_excel_csv_in_windows_1250_reads_its_letters(tmp_path):
    path = write_csv(tmp_path, "firmy.csv", POLISH_ROWS, encoding="cp1250", delimiter=";")
    table = open_table(path, "firmy.csv")
    assert table.encoding == "cp1250"
    assert list(table.rows())[1] == (3, ["Źródło S.A.", "Kraków", "Paweł Ćwik"])


def test_utf8_without_a_bom_is_read_as_utf8(tmp_path):
    path = write_csv(tmp_path, "firmaer.csv", DANISH_ROWS, delimiter=";", line_end="\n")
    table = open_table(path, "firmaer.csv")
    assert (table.encoding, table.delimiter) == ("utf-8", ";")
    assert list(table.rows())[2][1][:2] == ["Blåbær & Co", "Næstved"]


def test_excels_unicode_text_utf16_with_tabs(tmp_path):
    path = write_csv(tmp_path, "export.txt", POLISH_ROWS, encoding="utf-16", delimiter="\t")
    table = open_table(path, "export.csv")
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.headers == ("Nazwa firmy", "Miasto", "Właściciel")
    assert [number for number, _ in table.rows()] == [2, 3]


def test_tab_delimited_utf8(tmp_path):
    path = write_csv(tmp_path, "c.tsv", [["Name", "Amount, USD"], ["Acme; Inc", "1,200.50"]], delimiter="\t")
    table = open_table(path, "c.tsv")
    assert table.delimiter == "\t"
    assert list(table.rows()) == [(2, ["Acme; Inc", "1,200.50"])]


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_quoted_values_with_delimiters_and_line_breaks_are_one_cell_and_rows_count_as_records(tmp_path, delimiter):
    rows = [
        ["Name", "Note", "City"],
        ["Acme; Inc, Ltd", "First line\nsecond line; with, both", "Oslo"],
        ["Beta", 'Said "hi"', "Bergen"],
    ]
    path = write_csv(tmp_path, "notes.csv", rows, delimiter=delimiter)
    table = open_table(path, "notes.csv")
    assert table.delimiter == delimiter
    assert list(table.rows()) == [(2, rows[1]), (3, rows[2])]


def test_cells_are_trimmed_padded_and_cut_to_the_header(tmp_path):
    path = write_bytes(tmp_path, "c.csv", b"Name,Domain\n  Acme  \nBeta,beta.com,extra-without-header\n")
    table = open_table(path, "c.csv")
    assert table.headers == ("Name", "Domain", "Column 3")
    assert list(table.rows()) == [(2, ["Acme", "", ""]), (3, ["Beta", "beta.com", "extra-without-header"])]


def test_an_xlsx_keeps_its_cell_types_and_skips_blank_rows(tmp_path):
    rows = [
        ["Company name", "Annual Revenue", "Close Date", "Create Date", "Active", "Note"],
        ["Acme", 1234.5, date(2025, 12, 31), datetime(2025, 3, 4, 14, 30), True, None],
        [None, None, None, None, None, None],
        ["Beta", 7, None, None, False, "  padded  "],
        [None, None, None, None, None, None],
    ]
    path = write_xlsx(tmp_path, "companies.xlsx", rows)
    table = open_table(path, "companies.xlsx")
    assert (table.kind, table.encoding, table.delimiter, table.row_count) == ("xlsx", None, None, 2)
    assert table.headers == tuple(rows[0])
    assert list(table.rows()) == [
        (2, ["Acme", 1234.5, datetime(2025, 12, 31), datetime(2025, 3, 4, 14, 30), True, ""]),
        (4, ["Beta", 7, "", "", False, "padded"]),
    ]


def test_what_a_file_is_comes_from_its_bytes_not_its_name(tmp_path):
    xlsx = write_xlsx(tmp_path, "a.xlsx", [["Name"], ["Acme"]])
    csv_file = write_csv(tmp_path, "b.csv", [["Name", "City"], ["Acme", "Oslo"]])
    assert open_table(xlsx, "renamed.csv").kind == "xlsx"
    assert open_table(csv_file, "renamed.xlsx").kind == "csv"


def test_rows_are_read_again_from_disk_on_every_call(tmp_path):
    table = open_table(write_csv(tmp_path, "c.csv", company_rows(3)), "c.csv")
    assert list(table.rows()) == list(table.rows())
    assert len(list(table.rows())) == table.row_count == 3


def test_duplicate_rows_are_both_read_and_blank_rows_keep_their_numbers(tmp_path):
    path = write_bytes(tmp_path, "c.csv", b"Name;Domain\nAcme;acme.com\n\n;\nAcme;acme.com\n")
    table = open_table(path, "c.csv")
    assert table.row_count == 2
    assert list(table.rows()) == [(2, ["Acme", "acme.com"]), (5, ["Acme", "acme.com"])]


def test_a_one_column_file_is_fine(tmp_path):
    table = open_table(write_bytes(tmp_path, "c.csv", b"Email\na@x.com\nb@x.com"), "c.csv")
    assert (table.headers, table.row_count) == (("Email",), 2)


def test_our_own_exports_open_again(tmp_path):
    headers = ["Record ID", "Name", "ARR (USD)", "Created"]
    cells = [7, "=HYPERLINK(x)", 1500.5, datetime(2025, 1, 2, 3, 4)]
    for part in (CsvPart(tmp_path / "e.csv", headers), XlsxPart(tmp_path / "e.xlsx", headers)):
        part.write(cells)
        part.close()
    from_csv = open_table(tmp_path / "e.csv", "e.csv")
    assert (from_csv.encoding, from_csv.headers) == ("utf-8-sig", tuple(headers))
    assert list(from_csv.rows()) == [(2, ["7", "'=HYPERLINK(x)", "1500.5", "2025-01-02 03:04:00"])]
    assert list(open_table(tmp_path / "e.xlsx", "e.xlsx").rows()) == [(2, cells)]


# --- refusals -------------------------------------------------------------------------


def test_a_header_only_file_is_refused(tmp_path):
    path = write_csv(tmp_path, "c.csv", [["Name", "Domain"]])
    assert refusal(path) == "The file has a header row but no rows to import."
    xlsx = write_xlsx(tmp_path, "c.xlsx", [["Name", "Domain"], [None, None]])
    assert refusal(xlsx) == "The file has a header row but no rows to import."


@pytest.mark.parametrize("content", [b"", b"   \r\n\t \n", b"\xef\xbb\xbf", b"\n\n;;\n"])
def test_an_empty_or_whitespace_only_file_is_refused(tmp_path, content):
    assert refusal(write_bytes(tmp_path, "c.csv", content)) == "The file is empty."


def test_an_empty_xlsx_is_refused(tmp_path):
    assert refusal(write_xlsx(tmp_path, "c.xlsx", [])) == "The file is empty."


def test_a_picture_renamed_csv_is_refused(tmp_path):
    assert refusal(write_bytes(tmp_path, "photo.csv", png_bytes())) == "This is not a CSV or XLSX file."


def test_an_xls_file_is_refused_with_what_to_do(tmp_path):
    path = write_bytes(tmp_path, "old.xls", xls_bytes())
    assert refusal(path) == "XLS files are not supported: save the file as XLSX or CSV."
    assert "password-protected" in refusal(path, "locked.xlsx")


def test_ten_megabytes_of_random_bytes_are_refused_at_once(tmp_path):
    path = write_bytes(tmp_path, "junk.csv", random_bytes(10 * 1024 * 1024))
    started = time.perf_counter()
    assert refusal(path) == "This is not a CSV or XLSX file."
    assert time.perf_counter() - started < 2


def test_ten_megabytes_of_text_without_a_line_break_are_refused_at_once(tmp_path):
    path = write_bytes(tmp_path, "junk.csv", text_line(10 * 1024 * 1024))
    started = time.perf_counter()
    message = refusal(path)
    assert time.perf_counter() - started < 2
    assert message == (
        "The first line is longer than 1 MB without a line break: this is not a CSV file with a header row."
    )


def test_a_file_over_the_size_limit_is_refused_with_the_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(get_settings(), "cs_import_max_mb", 1)
    path = write_csv(tmp_path, "big.csv", company_rows(30_000))
    assert refusal(path) == "The file is larger than 1 MB, the most an import accepts: split it into smaller files."


def test_a_zip_of_csv_files_says_to_unzip_it(tmp_path):
    with zipfile.ZipFile(tmp_path / "export.zip", "w") as archive:
        archive.writestr("part-1.csv", "Name\nAcme\n")
    assert refusal(tmp_path / "export.zip", "export.csv") == (
        "This is a ZIP archive: unzip it and import the CSV or XLSX files inside one at a time."
    )


def test_a_damaged_xlsx_is_refused(tmp_path):
    with zipfile.ZipFile(tmp_path / "broken.xlsx", "w") as archive:
        archive.writestr("xl/workbook.xml", "<not really")
    assert refusal(tmp_path / "broken.xlsx") == (
        "This XLSX file cannot be read: it may be damaged. Open it in a spreadsheet program and save it again."
    )


def test_duplicate_column_names_are_named_in_the_refusal(tmp_path):
    path = write_csv(tmp_path, "c.csv", [["Name", "Email", "City", "email"], ["a", "b", "c", "d"]])
    assert refusal(path) == "The column name “email” appears more than once (columns 2 and 4): rename one of them."


def test_blank_column_names_get_their_place_and_empty_trailing_columns_are_dropped(tmp_path):
    path = write_bytes(tmp_path, "c.csv", b"Name;;City;;\nAcme;x;Oslo;;\nBeta;;Bergen;;\n")
    assert open_table(path, "c.csv").headers == ("Name", "Column 2", "City")


def test_a_blank_first_row_is_refused(tmp_path):
    path = write_bytes(tmp_path, "c.csv", b";;\nAcme;x;Oslo\n")
    assert refusal(path) == "The first row is empty: it must hold the column names."


def test_more_than_500_columns_are_refused(tmp_path):
    header = [f"Field {n}" for n in range(501)]
    path = write_csv(tmp_path, "wide.csv", [header, ["x"] * 501])
    assert refusal(path) == "The file has 501 columns; an import reads at most 500."


def test_a_quote_never_closed_names_its_row(tmp_path):
    body = b'Name,Note\nAcme,fine\nBeta,"never closed\n' + b"x" * (1024 * 1024 + 10) + b"\n"
    assert refusal(write_bytes(tmp_path, "c.csv", body)) == (
        "Row 3 cannot be read: a value is longer than 1 MB or a quote is never closed."
    )


def test_a_large_file_is_streamed_not_held(tmp_path):
    path = write_csv(tmp_path, "big.csv", company_rows(100_000))
    tracemalloc.start()
    try:
        table = open_table(path, "big.csv")
        numbers = [number for number, _cells in table.rows()]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert table.row_count == 100_000
    assert numbers[-1] == 100_001
    assert peak < 4 * 1024 * 1024
