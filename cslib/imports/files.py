"""Opening an import file: a CSV (encoding and delimiter detected) or an XLSX (its first
worksheet), with a clear refusal for everything else.

What a file is comes from its bytes, not its name: a CSV named .xlsx is read as a CSV and
an XLSX named .csv as an XLSX. Nothing here holds a file's rows: `open_table` reads the
header row and counts the rows in one streaming pass, and `Table.rows()` reads the file
again from disk each time it is called (the worker calls it after the preview).

Encodings, in the order they are tried: a BOM says UTF-8 or UTF-16 (Excel's "Unicode
text"); else UTF-8 when the whole file decodes strictly; else the Windows code page Excel
wrote it in: Windows-1250 when its bytes read as Polish letters inside words (ł, ą, ś, ż),
else Windows-1252 (Danish, English and most of Western Europe).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from cslib import i18n
from cslib.config import get_settings
from cslib.errors import ValidationError, quote
from cslib.i18n import N_, _, ngettext

MAX_COLUMNS = 500
SNIFF_BYTES = 64 * 1024  # a binary file shows itself here (control bytes, magic numbers)
HEAD_BYTES = 1024 * 1024  # the header row must end within this
FIELD_LIMIT = 1024 * 1024  # characters in one cell; a quote never closed stops here
CHUNK_BYTES = 1024 * 1024
DELIMITERS = ("\t", ";", ",")  # on a tie, the one least likely inside a value wins
SAMPLE_RECORDS = 20  # records read to choose the delimiter

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # XLS, and password-protected XLSX
_ZIP = b"PK\x03\x04"
_BINARY_MAGIC = (b"\x89PNG", b"%PDF", b"GIF8", b"\xff\xd8\xff", b"\x7fELF", b"\x1f\x8b", b"7z\xbc\xaf", b"Rar!")
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Control characters a text file never has: tab, line ends, vertical tab (Word's line
# break pasted into a note), form feed and the old DOS end-of-file mark are allowed.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x19\x1b-\x1f]")
_CONTROL_TEXT = re.compile(r"[\x00-\x08\x0e-\x19\x1b-\x1f]")
# Bytes that are Polish letters in Windows-1250 but symbols in Windows-1252 (ś ź ł ą ż Ś Ź Ł Ą Ż),
# counted inside words; against them, Danish letters of Windows-1252 (å ø Å Ø).
_CP1250_LETTERS = re.compile(rb"[A-Za-z][\x8c\x8f\x9c\x9f\xa3\xa5\xaf\xb3\xb9\xbf]")
_CP1252_LETTERS = re.compile(rb"[\xc5\xd8\xe5\xf8]")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_STRICT = {"utf-8"}  # decoded strictly: a failure means the file is in a legacy code page


EMPTY = N_("The file is empty.")
NOT_A_TABLE = N_("This is not a CSV or XLSX file.")
XLS = N_("XLS files are not supported: save the file as XLSX or CSV.")
PROTECTED = N_("This workbook is password-protected: save it without a password, as XLSX or CSV, and import that.")
ZIP_ARCHIVE = N_("This is a ZIP archive: unzip it and import the CSV or XLSX files inside one at a time.")
DAMAGED_XLSX = N_(
    "This XLSX file cannot be read: it may be damaged. Open it in a spreadsheet program and save it again."
)
NO_HEADER = N_("The first row is empty: it must hold the column names.")
NO_ROWS = N_("The file has a header row but no rows to import.")
TOO_LARGE = N_("The file is larger than {limit} MB, the most an import accepts: split it into smaller files.")
LONG_LINE = N_("The first line is longer than {size} without a line break: this is not a CSV file with a header row.")
BAD_ROW = N_("Row {row} cannot be read: a value is longer than {size} or a quote is never closed.")
REPEATED = N_("The column name {name} appears more than once (columns {first} and {second}): rename one of them.")


class ImportFileError(ValidationError):
    """The file cannot be imported; the message says why and what to do."""


def _refusal(message: str, **values: object) -> ImportFileError:
    return ImportFileError(_(message, **values))


def max_bytes() -> int:
    """The largest file an import accepts (CS_IMPORT_MAX_MB, in MiB: a file any system shows
    as that many MB or less passes)."""
    return get_settings().cs_import_max_mb * 1024 * 1024


@dataclass(frozen=True)
class Table:
    """An opened file: its column names and how to read it again. `row_count` counts data
    rows (blank rows left out)."""

    path: Path
    kind: str  # "csv" | "xlsx"
    headers: tuple[str, ...]
    encoding: str | None
    delimiter: str | None
    row_count: int

    def rows(self) -> Iterator[tuple[int, list[object]]]:
        """(row number as a spreadsheet shows it, cells) for each non-blank data row, read
        from disk again; the header is row 1, and blank rows keep their numbers."""
        width = len(self.headers)
        source = _csv_rows(self) if self.kind == "csv" else _xlsx_rows(self)
        for number, cells in source:
            if len(cells) < width:
                cells.extend([""] * (width - len(cells)))
            yield number, cells[:width]


def open_table(path: Path, file_name: str) -> Table:
    """Open `path` (uploaded as `file_name`) as a table, or raise ImportFileError."""
    size = path.stat().st_size
    if size > max_bytes():
        raise _refusal(TOO_LARGE, limit=i18n.number(get_settings().cs_import_max_mb))
    if size == 0:
        raise _refusal(EMPTY)
    with path.open("rb") as fh:
        head = fh.read(HEAD_BYTES)
    if _kind(path, head, file_name) == "xlsx":
        return _open_xlsx(path)
    return _open_csv(path, head, complete=size <= len(head))


# --- what the file is -----------------------------------------------------------------


def _kind(path: Path, head: bytes, file_name: str) -> str:
    if head.startswith(_OLE):
        if file_name.lower().endswith(".xlsx"):
            raise _refusal(PROTECTED)
        raise _refusal(XLS)
    if head.startswith(_ZIP):
        return _zip_kind(path, file_name)
    if head.startswith(_BINARY_MAGIC):
        raise _refusal(NOT_A_TABLE)
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if not utf16 and _CONTROL_BYTES.search(head, 0, SNIFF_BYTES):
        raise _refusal(NOT_A_TABLE)
    return "csv"


def _zip_kind(path: Path, file_name: str) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refusal(DAMAGED_XLSX if file_name.lower().endswith(".xlsx") else NOT_A_TABLE) from None
    if any(name.startswith("xl/") for name in names):
        return "xlsx"
    if any(name.lower().endswith((".csv", ".xlsx")) for name in names):
        raise _refusal(ZIP_ARCHIVE)
    raise _refusal(NOT_A_TABLE)


# --- CSV ------------------------------------------------------------------------------


def _open_csv(path: Path, head: bytes, *, complete: bool) -> Table:
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return _csv_table(path, head, encoding, complete=complete)
    try:
        return _csv_table(path, head, "utf-8", complete=complete)
    except UnicodeDecodeError:
        return _csv_table(path, head, _legacy_encoding(head), complete=complete)


def _legacy_encoding(head: bytes) -> str:
    polish, danish = _CP1250_LETTERS.findall(head), _CP1252_LETTERS.findall(head)
    return "cp1250" if len(polish) > len(danish) else "cp1252"


def _csv_table(path: Path, head: bytes, encoding: str, *, complete: bool) -> Table:
    text = codecs.getincrementaldecoder(encoding)(errors=_errors(encoding)).decode(head, final=complete)
    if _CONTROL_TEXT.search(text, 0, SNIFF_BYTES):
        raise _refusal(NOT_A_TABLE)
    if not text.strip() and (complete or _only_whitespace(path, encoding)):
        raise _refusal(EMPTY)
    csv.field_size_limit(max(csv.field_size_limit(), FIELD_LIMIT))
    delimiter = _delimiter(text, complete=complete)
    raw = _header_cells(text, delimiter, complete=complete)
    _check_width(_filled_width(raw))
    count, width = _scan_csv(path, encoding, delimiter, _filled_width(raw))
    headers = _headers(raw, width, count)
    return Table(path, "csv", headers, encoding, delimiter, count)


def _errors(encoding: str) -> str:
    return "strict" if encoding in _STRICT else "replace"


def _text(path: Path, encoding: str) -> io.TextIOWrapper:
    return path.open(encoding=encoding, errors=_errors(encoding), newline="")


def _only_whitespace(path: Path, encoding: str) -> bool:
    with _text(path, encoding) as fh:
        while chunk := fh.read(CHUNK_BYTES):
            if chunk.strip():
                return False
    return True


def _delimiter(text: str, *, complete: bool) -> str:
    """The delimiter whose first records have the most columns, most consistently; quoted
    fields (with other delimiters or line breaks inside) count as one."""
    sample = text[:SNIFF_BYTES]
    if not complete or len(text) > SNIFF_BYTES:
        sample = sample[: max(sample.rfind("\n"), sample.rfind("\r")) + 1]
    best, best_score = ",", (0.0, 1)
    for candidate in DELIMITERS:
        lengths = []
        try:
            for record in csv.reader(io.StringIO(sample, newline=""), delimiter=candidate):
                if record:
                    lengths.append(len(record))
                if len(lengths) > SAMPLE_RECORDS:
                    break
        except csv.Error:
            continue
        if not lengths or lengths[0] < 2:
            continue
        rest = lengths[1:]
        score = (sum(n == lengths[0] for n in rest) / len(rest) if rest else 1.0, lengths[0])
        if score > best_score:
            best, best_score = candidate, score
    return best


def _header_cells(text: str, delimiter: str, *, complete: bool) -> list[str]:
    last = [""]  # the last line the reader took: the header row ends with its line break

    def lines() -> Iterator[str]:
        for found in _LINE.finditer(text):
            if found[0]:
                last[0] = found[0]
                yield found[0]

    try:
        first = next(csv.reader(lines(), delimiter=delimiter), [])
    except csv.Error:
        first = None
    if first is None or not (complete or last[0].endswith(("\n", "\r"))):
        raise _refusal(LONG_LINE, size=i18n.file_size(HEAD_BYTES))
    return [cell.strip().lstrip("\ufeff").strip() for cell in first]


def _blank(row: list[str]) -> bool:
    return not "".join(row).strip()


def _scan_csv(path: Path, encoding: str, delimiter: str, width: int) -> tuple[int, int]:
    """Data rows and the columns they fill, in one streaming pass (UnicodeDecodeError when a
    file without a BOM is not UTF-8)."""
    count, number = 0, 1
    with _text(path, encoding) as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        try:
            next(reader, None)
            for row in reader:
                number += 1
                if _blank(row):
                    continue
                count += 1
                if len(row) > width:
                    width = max(width, _filled_width(row))
        except csv.Error:
            raise _unreadable_row(number + 1) from None
    return count, width


def _csv_rows(table: Table) -> Iterator[tuple[int, list[object]]]:
    number = 1
    with _text(table.path, table.encoding or "utf-8") as fh:
        reader = csv.reader(fh, delimiter=table.delimiter or ",")
        try:
            next(reader, None)
            for number, row in enumerate(reader, start=2):
                if not _blank(row):
                    yield number, [cell.strip() for cell in row]
        except csv.Error:
            raise _unreadable_row(number + 1) from None


def _unreadable_row(number: int) -> ImportFileError:
    return _refusal(BAD_ROW, row=number, size=i18n.file_size(FIELD_LIMIT))


# --- header ---------------------------------------------------------------------------


def _filled_width(cells: list[object] | tuple[object, ...]) -> int:
    """1 + the index of the last non-blank cell (0 when all are blank)."""
    for index in range(len(cells) - 1, -1, -1):
        value = cells[index]
        if value is not None and (not isinstance(value, str) or value.strip()):
            return index + 1
    return 0


def _check_width(width: int) -> None:
    if width > MAX_COLUMNS:
        raise ImportFileError(
            ngettext(
                "The file has {n} column; an import reads at most {limit}.",
                "The file has {n} columns; an import reads at most {limit}.",
                width,
                limit=i18n.number(MAX_COLUMNS),
            )
        )


def _headers(raw: list[str], width: int, count: int) -> tuple[str, ...]:
    """Column names: blank ones (of columns with data) named by their place; trailing blank
    columns dropped; refusals for a blank header row, too many or repeated names, no rows."""
    if not _filled_width(raw):
        raise _refusal(NO_HEADER if count else EMPTY)
    _check_width(width)
    names = [name or _("Column {number}", number=index + 1) for index, name in enumerate((raw + [""] * width)[:width])]
    seen: dict[str, int] = {}
    for index, name in enumerate(names):
        first = seen.setdefault(name.casefold(), index)
        if first != index:
            raise _refusal(REPEATED, name=quote(name), first=first + 1, second=index + 1)
    if not count:
        raise _refusal(NO_ROWS)
    return tuple(names)


# --- XLSX -----------------------------------------------------------------------------


@contextmanager
def _first_sheet(path: Path) -> Iterator[Iterator[tuple[object, ...]]]:
    """The first worksheet's rows (values), from A1; the workbook is closed afterwards.
    Anything openpyxl cannot read becomes the damaged-file message."""
    from openpyxl import load_workbook  # only imports need it; keeps app start light

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - openpyxl raises many kinds for a broken file
        raise _refusal(DAMAGED_XLSX) from None
    try:
        if not book.worksheets:
            raise _refusal(DAMAGED_XLSX)
        sheet = book.worksheets[0]
        sheet.reset_dimensions()  # a stale <dimension> tag would cut rows off
        yield _guarded(sheet.iter_rows(min_row=1, values_only=True))
    finally:
        book.close()


def _guarded(rows: Iterator[tuple[object, ...]]) -> Iterator[tuple[object, ...]]:
    try:
        yield from rows
    except ImportFileError:
        raise
    except Exception:  # noqa: BLE001 - broken XML inside the zip shows up while reading
        raise _refusal(DAMAGED_XLSX) from None


def _open_xlsx(path: Path) -> Table:
    count = 0
    with _first_sheet(path) as rows:
        raw = [_header_text(value) for value in next(rows, ())]
        width = _filled_width(raw)
        _check_width(width)
        for row in rows:
            filled = _filled_width(row)
            if filled:
                count += 1
                width = max(width, filled)
    return Table(path, "xlsx", _headers(raw, width, count), None, None, count)


def _header_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def _xlsx_rows(table: Table) -> Iterator[tuple[int, list[object]]]:
    with _first_sheet(table.path) as rows:
        next(rows, None)
        for number, row in enumerate(rows, start=2):
            if _filled_width(row):
                yield number, [_cell(value) for value in row]


def _cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    return value
