"""The columns of an export file, for each choice of properties and associations.

- *in your view*: Record ID, then the view's columns in the view's order;
- *all properties*: Record ID, then every property in alphabetical order of its header;
- *all properties and associations*: the same, then for each associated object type a
  names column and (unless only names were asked for) an IDs column, the shape CRM users
  know and the import reads back: "Associated Contact", "Associated Contact IDs".
"Include all domains" adds "Additional domains" after the company's domain.

Headers are in the export's language: standard property labels and object names through
the message catalogs; custom property labels as the admin typed them.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from sqlalchemy.orm import Session

from cslib import i18n
from cslib.i18n import N_, _
from cslib.properties import PropertySpec, list_object_types, properties_for
from cslib.records import ENGAGEMENT_TYPES, known_types

ASSOCIATED_NAMES = N_("Associated {type}")
ASSOCIATED_IDS = N_("Associated {type} IDs")
ADDITIONAL_DOMAINS = N_("Additional domains")
# Letters that sort after their base letter (Polish) or after z (Danish), so headers come in
# the order a reader of that language expects; other letters sort by their base letter.
_ALPHABET_TAILS = {"da": "æøå", "pl": ""}
_AFTER_BASE = {"pl": {"ą": "a", "ć": "c", "ę": "e", "ł": "l", "ń": "n", "ó": "o", "ś": "s", "ź": "z", "ż": "z"}}


@dataclass(frozen=True)
class Column:
    """One column: a property (`spec`), the additional domains, or one side of an association."""

    header: str
    kind: str  # "property", "domains", "names" or "ids"
    spec: PropertySpec | None = None
    other_type: str | None = None


def plan_columns(session: Session, object_type: str, options: dict, language: str) -> list[Column]:
    """The file's columns for `options` (the stored export options), headed in `language`."""
    with i18n.use(language):
        props = properties_for(session, object_type)
        singular = {o.key: o.singular for o in list_object_types(session)}
        if options.get("properties", "view") == "view":
            names = [n for n in options.get("columns", []) if n in props and n != "id"]
        else:
            names = sorted((n for n in props if n != "id"), key=lambda n: sort_key(props[n].label, language))
        columns = [Column(props["id"].label, "property", props["id"])]
        for name in names:
            columns.append(Column(props[name].label, "property", props[name]))
            if name == "domain" and options.get("all_domains") and object_type == "company":
                columns.append(Column(_(ADDITIONAL_DOMAINS), "domains"))
        if options.get("all_domains") and object_type == "company" and "domain" not in names:
            columns.append(Column(_(ADDITIONAL_DOMAINS), "domains"))
        if options.get("properties") == "all_associations":
            columns += _association_columns(session, options.get("associations", "capped"), singular)
    return columns


def _association_columns(session: Session, choice: str, singular: dict[str, str]) -> list[Column]:
    columns: list[Column] = []
    for other in known_types(session):
        if other in ENGAGEMENT_TYPES:
            continue
        label = singular.get(other, other)
        columns.append(Column(_(ASSOCIATED_NAMES, type=label), "names", other_type=other))
        if choice != "names":
            columns.append(Column(_(ASSOCIATED_IDS, type=label), "ids", other_type=other))
    return columns


def sort_key(text: str, language: str) -> tuple:
    """A collation key good enough for headers: case-insensitive, accents with their base
    letter, and the Danish æ, ø, å after z, the Polish ą after a, ł after l, and so on."""
    tails = _ALPHABET_TAILS.get(language, "")
    after = _AFTER_BASE.get(language, {})
    key = []
    for char in text.casefold():
        if char in tails:
            key.append(("z", 1 + tails.index(char)))
        elif char in after:
            key.append((after[char], 1))
        else:
            key.append((_base(char), 0))
    return tuple(key)


def _base(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return decomposed[0] if decomposed else char
