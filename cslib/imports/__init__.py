"""Imports: a team's companies, contacts, deals and tasks brought in from CSV or XLSX (the
original CRM's exports, Salesforce reports and Data Loader files, our own exports).

A file is read (encoding and delimiter detected), its columns are mapped to properties
(guessed from the header, changed by the user), rows are checked and previewed in the
locale the user picks, and the worker writes the file in chunks through the one write
path: records are matched by Record ID, source ID, domain or e-mail, updated or created,
and associated. An import can be undone as a whole.

Other packages import only the names below (`from cslib.imports import X`).

Modules, lowest first (each imports only those above it):
- files: open a CSV or XLSX file, detect its encoding and delimiter, refuse what is not one;
- parsing: numbers, dates, times and yes/no in the user's locale; a column's likely type;
- aliases: the targets a column can fill and the headers other systems write;
- mapping: which property (or association) each column fills, guessed from its header;
- convert: a row as the values it will save, or why it cannot be;
- match: which stored record a row is, and which records it names;
- apply: write one chunk of rows (create, update, link, source IDs, what each row did);
- store: an import from upload to summary, the list of imports, the error file;
- run: start an import and the worker's job that writes it;
- preview: the first rows as they will be saved and the problems found;
- undo: revert a whole import;
- expiry: the hourly job that deletes stale drafts and old files;
- cli: `python -m cslib.imports FILE --object companies --as admin@example.com`.
"""

from cslib.imports.aliases import OBJECTS, SKIP, Target
from cslib.imports.expiry import EXPIRE_JOB, expire_imports
from cslib.imports.files import ImportFileError, Table, max_bytes, open_table
from cslib.imports.mapping import check_mapping, choices, guess_mapping, target_label
from cslib.imports.match import MODES
from cslib.imports.parsing import LOCALES, guess_type
from cslib.imports.preview import CHECKED_ROWS, Preview, preview
from cslib.imports.run import CHUNK_ROWS, RUN_JOB, run_import, start_import
from cslib.imports.store import (
    IMPORT_DENIED,
    ImportInfo,
    error_file,
    get_import,
    imports_dir,
    list_imports,
    set_choices,
    table_of,
    upload,
)
from cslib.imports.undo import UNDO_JOB, run_undo, undo_import

__all__ = [
    "CHECKED_ROWS",
    "CHUNK_ROWS",
    "EXPIRE_JOB",
    "IMPORT_DENIED",
    "LOCALES",
    "MODES",
    "OBJECTS",
    "RUN_JOB",
    "SKIP",
    "UNDO_JOB",
    "ImportFileError",
    "ImportInfo",
    "Preview",
    "Table",
    "Target",
    "check_mapping",
    "choices",
    "error_file",
    "expire_imports",
    "get_import",
    "guess_mapping",
    "guess_type",
    "imports_dir",
    "list_imports",
    "max_bytes",
    "open_table",
    "preview",
    "run_import",
    "run_undo",
    "set_choices",
    "start_import",
    "table_of",
    "target_label",
    "undo_import",
    "upload",
]
