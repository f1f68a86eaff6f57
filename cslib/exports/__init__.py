"""Exports: files of records (CSV or XLSX) built by the worker from the list a user sees,
with headers in the language they pick, association columns in the shape CRM users know
("Associated Contact", "Associated Contact IDs"), split into a zip of parts past
CS_EXPORT_PART_ROWS rows, downloadable by their owner only, for CS_EXPORT_DAYS days.

Other packages import only the names below (`from cslib.exports import X`).

Modules, lowest first (each imports only those above it):
- options: the dialog's choices, checked; safe file names;
- requests: queue an export, the user's exports, hand out a finished file;
- cells: property values as cells, text neutralised so no cell runs as a formula;
- columns: the file's columns for each choice of properties and associations;
- writers: CSV and XLSX parts, rolled over at the part size and zipped;
- build: the worker's job: stream the rows in chunks into the file, exactly once;
- expiry: the periodic job that deletes expired files and marks stuck exports failed.
"""

from cslib.exports.build import build_export
from cslib.exports.cells import neutralised
from cslib.exports.columns import plan_columns
from cslib.exports.expiry import EXPIRE_JOB, expire_exports
from cslib.exports.options import (
    ALL_ASSOCIATIONS_CSV_ONLY,
    ASSOCIATION_CAP,
    ASSOCIATION_CHOICES,
    FORMATS,
    MAX_NAME,
    PROPERTY_CHOICES,
    ExportOptions,
    safe_file_name,
)
from cslib.exports.requests import (
    BUILD_JOB,
    EXPORT_DENIED,
    EXPORTS_PAGE,
    Download,
    ExportInfo,
    download_file,
    download_path,
    exports_dir,
    list_exports,
    request_export,
)

__all__ = [
    "EXPIRE_JOB",
    "build_export",
    "expire_exports",
    "neutralised",
    "plan_columns",
    "ALL_ASSOCIATIONS_CSV_ONLY",
    "ASSOCIATION_CAP",
    "ASSOCIATION_CHOICES",
    "BUILD_JOB",
    "Download",
    "EXPORT_DENIED",
    "EXPORTS_PAGE",
    "ExportInfo",
    "ExportOptions",
    "FORMATS",
    "MAX_NAME",
    "PROPERTY_CHOICES",
    "download_file",
    "download_path",
    "exports_dir",
    "list_exports",
    "request_export",
    "safe_file_name",
]
