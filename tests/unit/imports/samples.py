"""Sample import files written into a test's tmp_path: CSVs in the encodings and delimiters
spreadsheet programs write, XLSX with typed cells, and files that are not tables at all.
Everything random is seeded, so each file is the same on every run."""

from __future__ import annotations

import csv
import io
import random
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

DANISH_ROWS = [
    ["Firmanavn", "By", "Omsætning", "Oprettet"],
    ["Ærø Æbler ApS", "Århus", "1.234,56", "31-12-2025"],
    ["Søren Økologi", "Køge", "-5", "01-02-2024"],
    ["Blåbær & Co", "Næstved", "12.345.678,9", "29-02-2024"],
]
POLISH_ROWS = [
    ["Nazwa firmy", "Miasto", "Właściciel"],
    ["Zażółć gęślą jaźń Sp. z o.o.", "Łódź", "Małgorzata Ślęzak"],
    ["Źródło S.A.", "Kraków", "Paweł Ćwik"],
]


def write_csv(
    folder: Path,
    name: str,
    rows: list[list[str]],
    *,
    encoding: str = "utf-8",
    delimiter: str = ",",
    line_end: str = "\r\n",
) -> Path:
    """Rows as a CSV the way a spreadsheet program saves it (quoting only where needed)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=delimiter, lineterminator=line_end).writerows(rows)
    path = folder / name
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_bytes(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def write_xlsx(folder: Path, name: str, rows: list[list[object]]) -> Path:
    """Typed cells: dates get a date format (as a user's sheet has), None leaves a cell blank."""
    path = folder / name
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False, "strings_to_formulas": False})
    sheet = book.add_worksheet("Companies")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, datetime):
                sheet.write_datetime(r, c, value, moment)
            elif isinstance(value, date):
                sheet.write_datetime(r, c, datetime.combine(value, datetime.min.time()), day)
            elif isinstance(value, str):
                sheet.write_string(r, c, value)
            else:
                sheet.write(r, c, value)
    book.add_worksheet("Second")  # only the first sheet is read
    book.close()
    return path


def png_bytes() -> bytes:
    """The start of a real PNG (signature, IHDR chunk) followed by seeded noise."""
    header = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x02\x00\x00\x00"
    return header + random.Random(42).randbytes(2000)


def xls_bytes() -> bytes:
    """An OLE compound file header, as every .xls (Excel 97-2003) starts."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + random.Random(42).randbytes(1536)


def random_bytes(size: int) -> bytes:
    return random.Random(42).randbytes(size)


def text_line(size: int) -> bytes:
    """`size` bytes of letters and spaces with no line break anywhere."""
    rng = random.Random(42)
    word = bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz ") for _ in range(4096))
    return (word * (size // len(word) + 1))[:size]


def company_rows(count: int) -> list[list[str]]:
    """A header and `count` seeded company rows (English formats)."""
    rng = random.Random(42)
    rows = [["Record ID", "Company name", "Annual Revenue", "Create Date"]]
    for n in range(count):
        revenue, month = f"{rng.randint(0, 10**6):,}.00", rng.randint(1, 9)
        rows.append([str(1000 + n), f"Company {n}", revenue, f"2025-0{month}-15 10:30"])
    return rows
