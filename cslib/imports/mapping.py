"""Which property (or association) each column of an import file fills, guessed from its
header and changed by the user.

A header is recognised, in this order of preference, as one of our property names, one of
our property labels in English, Danish or Polish, a header our own exports write (so they
import back unchanged), the original CRM's export header, or a Salesforce report or Data
Loader header. Headers are compared case-folded, NFC, trimmed, with runs of spaces,
underscores and hyphens as one space. Each target is filled by one column at most: a later
column for the same target is not imported, and a weaker header (an "(Primary)" association
column, "Annual Revenue" for the ARR) gives way to a stronger one wherever it stands.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from sqlalchemy.orm import Session

from cslib import i18n
from cslib.errors import ValidationError, quote
from cslib.exports import plan_columns
from cslib.i18n import N_, _
from cslib.imports.aliases import (
    ADDITIONAL_DOMAINS,
    ASSOCIATION_KINDS,
    COMPANY_DOMAIN,
    COMPANY_NAMES,
    CRM_HEADERS,
    EXTRA_TARGETS,
    FALLBACK_HEADERS,
    OBJECTS,
    RECORD_ID,
    SALESFORCE_HEADERS,
    SKIP,
    Target,
)
from cslib.properties import PropertySpec, properties_for, type_labels

LANGUAGES = ("en", "da", "pl")

# Read-only properties that a new record may still take from the file.
SETTABLE_READONLY = ("created_at", "last_activity_at")
# What identifies a new record: one of these must be mapped.
IDENTIFYING = {
    "company": ("name", "domain"),
    "contact": ("email", "first_name", "last_name"),
    "deal": ("name",),
    "task": ("title",),
}

_PRIMARY = re.compile(r"\s*\(primary\)$")
_SEPARATORS = re.compile(r"[\s_\-]+")
_STRONG, _WEAK = 0, 1

NOT_IMPORTED = N_("Don't import")
NEW_PROPERTY = N_("New property: {label}")
# The headers of our exports (cslib/exports/columns.py) name these targets too.
ASSOCIATED_NAMES = N_("Associated {type}")
ASSOCIATED_IDS = N_("Associated {type} IDs")
ASSOCIATED_BY_DOMAIN = N_("Associated {type} by domain")
ADDITIONAL_DOMAINS_LABEL = N_("Additional domains")
NOT_IMPORTABLE = N_("Only companies, contacts, deals and tasks can be imported.")


def normalised(header: object) -> str:
    """A header as compared: NFC, case-folded, trimmed, spaces/underscores/hyphens as one space."""
    text = unicodedata.normalize("NFC", str(header or "")).replace("\ufeff", "").casefold()
    return _SEPARATORS.sub(" ", unicodedata.normalize("NFC", text)).strip()


def guess_mapping(session: Session, object_type: str, headers: Sequence[str]) -> list[Target]:
    """The target of each header, in the headers' order; SKIP for the ones not recognised."""
    lookup = _lookup(session, _checked_type(object_type))
    guesses = [_guess(lookup, header) for header in headers]
    result = [SKIP] * len(guesses)
    taken: set[Target] = set()
    for index in sorted(range(len(guesses)), key=lambda i: (guesses[i][1], i)):
        target = guesses[index][0]
        if target != SKIP and target not in taken:
            taken.add(target)
            result[index] = target
    return result


def _guess(lookup: dict[str, tuple[Target, int]], header: str) -> tuple[Target, int]:
    key = normalised(header)
    if key in lookup:
        return lookup[key]
    # "Associated Company IDs (Primary)": the primary one of the associated records.
    target, _rank = lookup.get(_PRIMARY.sub("", key), (SKIP, _STRONG))
    return (target, _WEAK) if target.kind in ASSOCIATION_KINDS else (SKIP, _STRONG)


def _lookup(session: Session, object_type: str) -> dict[str, tuple[Target, int]]:
    """Normalised header -> (target, strength); the first source to name a header wins."""
    found: dict[str, tuple[Target, int]] = {}
    props = properties_for(session, object_type)

    def add(header: str, value: str | Target, rank: int = _STRONG) -> None:
        found.setdefault(normalised(header), (_allowed(props, object_type, value), rank))

    for name in props:
        add(name, name)
    for language in LANGUAGES:
        with i18n.use(language):
            for name, spec in properties_for(session, object_type).items():
                add(spec.label, name)
    for header, target in _export_headers(session, object_type):
        add(header, target)
    if object_type in ("contact", "deal"):
        for language in LANGUAGES:
            with i18n.use(language):
                company = properties_for(session, "company")
                add(company["domain"].label, COMPANY_DOMAIN)
                add(company["name"].label, COMPANY_NAMES, _WEAK)
    for table, rank in ((CRM_HEADERS, _STRONG), (SALESFORCE_HEADERS, _STRONG), (FALLBACK_HEADERS, _WEAK)):
        for header, value in table[object_type].items():
            add(header, value, rank)
    return found


def _export_headers(session: Session, object_type: str) -> list[tuple[str, str | Target]]:
    """Every header our exports of `object_type` write, in every language, with its target."""
    options = {"properties": "all_associations", "all_domains": True}
    by_column = {"name": "names", "id": "ids"}
    kinds = {(other, by_column[by]): k for k, (other, by) in ASSOCIATION_KINDS.items() if by in by_column}
    out: list[tuple[str, str | Target]] = []
    for language in LANGUAGES:
        for column in plan_columns(session, object_type, options, language):
            if column.kind == "property" and column.spec is not None:
                out.append((column.header, column.spec.name))
            elif column.kind == "domains":
                out.append((column.header, ADDITIONAL_DOMAINS))
            else:
                kind = kinds.get((column.other_type, column.kind))
                out.append((column.header, Target(kind) if kind else SKIP))
    return out


def _allowed(props: dict[str, PropertySpec], object_type: str, value: str | Target) -> Target:
    """`value` as a target this object takes; SKIP for a read-only or missing property."""
    if isinstance(value, Target):
        return value if value == SKIP or value in EXTRA_TARGETS[object_type] or value == RECORD_ID else SKIP
    if value == "id":
        return RECORD_ID
    spec = props.get(value)
    return Target("property", value) if spec is not None and _settable(spec) else SKIP


def _settable(spec: PropertySpec) -> bool:
    return not spec.readonly or spec.name in SETTABLE_READONLY


def choices(session: Session, object_type: str) -> list[Target]:
    """Every target a user may pick for a column of `object_type`, in the order shown
    (a new custom property is offered apart, with its label)."""
    props = properties_for(session, _checked_type(object_type))
    writable = [
        Target("property", n) for n, s in props.items() if n != "id" and (not s.readonly or n in SETTABLE_READONLY)
    ]
    return [SKIP, RECORD_ID, *writable, *EXTRA_TARGETS[object_type]]


def target_label(session: Session, object_type: str, target: Target) -> str:
    """How `target` is shown to the reader."""
    if target.kind == "property":
        spec = properties_for(session, object_type).get(target.name or "")
        return spec.label if spec else str(target.name)
    if target.kind == "record_id":
        return properties_for(session, object_type)["id"].label
    if target.kind == "new":
        return _(NEW_PROPERTY, label=target.new_property()[1])
    if target.kind == "additional_domains":
        return _(ADDITIONAL_DOMAINS_LABEL)
    if target.kind in ASSOCIATION_KINDS:
        other, by = ASSOCIATION_KINDS[target.kind]
        message = {"id": ASSOCIATED_IDS, "name": ASSOCIATED_NAMES, "domain": ASSOCIATED_BY_DOMAIN}[by]
        return _(message, type=type_labels(session)[other][0])
    return _(NOT_IMPORTED)


def check_mapping(
    session: Session, object_type: str, mapping: Sequence[Target], headers: Sequence[str] | None = None
) -> None:
    """Refuse a mapping that cannot be imported, saying which column to change. Columns are
    named by their header when `headers` are given, else by their number (from 1)."""
    _checked_type(object_type)
    if headers is not None and len(headers) != len(mapping):
        raise ValueError("one header per mapped column")

    def column(index: int) -> str:
        return quote(headers[index]) if headers is not None else i18n.number(index + 1)

    allowed = set(choices(session, object_type))
    labels = {normalised(s.label) for s in properties_for(session, object_type).values()}
    first: dict[Target, int] = {}
    for index, target in enumerate(mapping):
        if target.kind == "new":
            _check_new(target, labels, column(index))
        elif target not in allowed:
            raise ValidationError(
                _(
                    "Column {column} cannot be imported as {target}. Pick another property or “{skip}”.",
                    column=column(index),
                    target=quote(target.name or target.kind),
                    skip=_(NOT_IMPORTED),
                )
            )
        if target == SKIP:
            continue
        # Two new properties with one label would be one property.
        key = Target("new", normalised(target.new_property()[1])) if target.kind == "new" else target
        if key in first:
            raise ValidationError(
                _(
                    "Columns {first} and {second} both fill {target}. Map only one of them.",
                    first=column(first[key]),
                    second=column(index),
                    target=quote(target_label(session, object_type, target)),
                )
            )
        first[key] = index
    _check_identifying(session, object_type, set(first))


def _check_new(target: Target, labels: set[str], column: str) -> None:
    label = target.new_property()[1].strip()
    if not label:
        raise ValidationError(_("Column {column} becomes a new property: give it a name.", column=column))
    if normalised(label) in labels:
        raise ValidationError(
            _(
                "A property called {label} already exists. Map column {column} to it or give the new one another name.",
                label=quote(label),
                column=column,
            )
        )


def _check_identifying(session: Session, object_type: str, mapped: set[Target]) -> None:
    needed = [Target("property", name) for name in IDENTIFYING[object_type]] + [RECORD_ID]
    if not mapped.intersection(needed):
        names = ", ".join(quote(target_label(session, object_type, t)) for t in needed)
        raise ValidationError(
            _("Map a column to one of {targets}: without one, a new record cannot be told apart.", targets=names)
        )


def _checked_type(object_type: str) -> str:
    if object_type not in OBJECTS:
        raise ValidationError(_(NOT_IMPORTABLE))
    return object_type
