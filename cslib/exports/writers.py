"""Writing rows into parts: CSV (UTF-8 with a BOM, so spreadsheet programs read æøå and
ąęł) or XLSX (XlsxWriter in constant_memory mode: each row goes to disk as it is written).

`PartedFile` starts a new part every `part_rows` rows, each with the header row; at the end
one part is the file itself, several are zipped into one file, as the original product
delivers exports past a million rows.
"""

from __future__ import annotations

import csv
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import xlsxwriter

from cslib.exports.cells import Cell, csv_text, is_risky

XLSX_MAX_CELL = 32_767


class CsvPart:
    def __init__(self, path: Path, headers: list[str]) -> None:
        self.path = path
        self._file = path.open("w", newline="", encoding="utf-8-sig")
        self._writer = csv.writer(self._file)
        self._writer.writerow([csv_text(h) for h in headers])

    def write(self, cells: list[Cell]) -> None:
        self._writer.writerow([csv_text(c) for c in cells])

    def close(self) -> None:
        self._file.close()


class XlsxPart:
    """One worksheet; text never becomes a formula, a number or a link by its looks."""

    def __init__(self, path: Path, headers: list[str]) -> None:
        self.path = path
        self._book = xlsxwriter.Workbook(
            str(path),
            {
                "constant_memory": True,
                "strings_to_formulas": False,
                "strings_to_urls": False,
                "strings_to_numbers": False,
            },
        )
        self._sheet = self._book.add_worksheet()
        self._date = self._book.add_format({"num_format": "yyyy-mm-dd"})
        self._datetime = self._book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
        self._quoted = self._book.add_format({"quote_prefix": True})
        bold = self._book.add_format({"bold": True})
        for col, header in enumerate(headers):
            self._write_text(0, col, header, bold)
        self._sheet.freeze_panes(1, 0)
        self._row = 1

    def write(self, cells: list[Cell]) -> None:
        row, sheet = self._row, self._sheet
        for col, cell in enumerate(cells):
            if cell is None:
                continue
            if isinstance(cell, bool):
                sheet.write_boolean(row, col, cell)
            elif isinstance(cell, int | float):
                sheet.write_number(row, col, cell)
            elif isinstance(cell, datetime):
                sheet.write_datetime(row, col, cell, self._datetime)
            elif isinstance(cell, date):
                sheet.write_datetime(row, col, datetime(cell.year, cell.month, cell.day), self._date)
            else:
                self._write_text(row, col, cell)
        self._row += 1

    def _write_text(self, row: int, col: int, text: str, fmt=None) -> None:  # noqa: ANN001
        text = text[:XLSX_MAX_CELL]
        self._sheet.write_string(row, col, text, self._quoted if is_risky(text) else fmt)

    def close(self) -> None:
        self._book.close()


PART_TYPES = {"csv": CsvPart, "xlsx": XlsxPart}


class PartedFile:
    """Rows into parts of at most `part_rows` rows in `folder`; `finish` gives the one file."""

    def __init__(self, folder: Path, base: str, fmt: str, headers: list[str], part_rows: int) -> None:
        self.folder, self.base, self.fmt, self.headers = folder, base, fmt, headers
        self.part_rows = max(1, int(part_rows))
        self.rows = 0
        self.parts: list[Path] = []
        self._part: CsvPart | XlsxPart | None = None
        self._in_part = 0

    def write(self, cells: list[Cell]) -> None:
        if self._part is None or self._in_part >= self.part_rows:
            self._next_part()
        self._part.write(cells)
        self._in_part += 1
        self.rows += 1

    def _next_part(self) -> None:
        if self._part is not None:
            self._part.close()
        number = len(self.parts) + 1
        path = self.folder / f"part-{number}.{self.fmt}"
        self.parts.append(path)
        self._part = PART_TYPES[self.fmt](path, self.headers)
        self._in_part = 0

    def finish(self, part_name: Callable[[int, int], str] | None = None) -> Path:
        """Close the last part; return the file: the only part, or a zip of all of them,
        each named `part_name(n, m)` + the extension inside ("<base> (part n of m)")."""
        if self._part is None:
            self._next_part()  # no rows: a file with the header row only
        self._part.close()
        if len(self.parts) == 1:
            return self.parts[0]
        target = self.folder / "export.zip"
        total = len(self.parts)
        with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            for number, part in enumerate(self.parts, start=1):
                name = part_name(number, total) if part_name else f"{self.base} ({number} of {total})"
                archive.write(part, arcname=f"{name}.{self.fmt}")
                part.unlink()
        return target
