"""What an export asks for: the dialog's choices, checked, and the file's safe name.

Decisions where the spec is silent:
- XLS (the pre-2007 format) is not offered: no kept library writes it (xlwt is
  unmaintained since 2018), and every spreadsheet program opens XLSX.
- Record ID is the first column in every option, so a file can always be imported back.
- *Properties and associations in your view* gives the view's columns: our views hold
  properties only, so it has no association columns (the association choice applies to
  *All properties and associations*).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from cslib import i18n
from cslib.errors import ValidationError, quote
from cslib.i18n import N_, _

FORMATS = {"csv": "CSV", "xlsx": "XLSX"}
PROPERTY_CHOICES = {
    "view": N_("Properties and associations in your view"),
    "all": N_("All properties on records"),
    "all_associations": N_("All properties and associations"),
}
ASSOCIATION_CHOICES = {
    "names": N_("Associated record name"),
    "capped": N_("Up to 1,000 associated records"),
    "all": N_("All associated records (CSV only)"),
}
ASSOCIATION_CAP = 1000
MAX_NAME = 200
MAX_FILE_NAME = 100
ALL_ASSOCIATIONS_CSV_ONLY = N_(
    "All associated records can only be exported to CSV: a spreadsheet cell holds at most "
    "32,767 characters. Choose CSV, or up to 1,000 associated records."
)
_UNSAFE = re.compile(r'[\\/:*?"<>|]+')
_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)


@dataclass(frozen=True)
class ExportOptions:
    """The dialog's choices: file format, name, header language, and Customize."""

    name: str
    format: str = "csv"
    language: str = "en"
    properties: str = "view"
    associations: str = "capped"
    all_domains: bool = False

    def checked(self) -> ExportOptions:
        """These options with the name trimmed, or a ValidationError saying what to fix."""
        name = " ".join(str(self.name or "").split())
        if not name:
            raise ValidationError(_("Give the export a name: it becomes the file's name."))
        if len(name) > MAX_NAME:
            raise ValidationError(_("An export name can be at most {n} characters.", n=MAX_NAME))
        if self.format not in FORMATS:
            raise ValidationError(_("The file format must be CSV or XLSX, not {value}.", value=quote(self.format)))
        if i18n.supported(self.language) is None:
            raise ValidationError(_("{value} is not a language of column headers.", value=quote(self.language)))
        if self.properties not in PROPERTY_CHOICES:
            raise ValidationError(_("{value} is not a choice of properties.", value=quote(self.properties)))
        if self.associations not in ASSOCIATION_CHOICES:
            raise ValidationError(_("{value} is not a choice of associations.", value=quote(self.associations)))
        if self.associations == "all" and self.format != "csv":
            raise ValidationError(_(ALL_ASSOCIATIONS_CSV_ONLY))
        all_domains = bool(self.all_domains)
        return ExportOptions(name, self.format, self.language, self.properties, self.associations, all_domains)

    def as_dict(self) -> dict:
        return {"properties": self.properties, "associations": self.associations, "all_domains": self.all_domains}


def safe_file_name(name: str) -> str:
    """`name` as a file name every system accepts: no path separators or reserved
    characters, no control characters, no leading dots, at most MAX_FILE_NAME characters."""
    text = unicodedata.normalize("NFC", str(name or ""))
    text = "".join(" " if unicodedata.category(c).startswith("C") else c for c in text)
    text = _UNSAFE.sub("_", text)
    text = " ".join(text.split()).strip(" .")
    text = text[:MAX_FILE_NAME].rstrip(" .")
    if not text:
        return "export"
    return f"_{text}" if _RESERVED.match(text) else text
