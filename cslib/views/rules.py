"""What a saved view may hold (SPEC §3.2, §3.3): names, sharing, columns, sort, layout, card
properties and default-view descriptions, each checked with a message a user can read (in
their language).
Pure functions over a property dict (`cslib.properties.properties_for`); the database
side lives in `cslib.views`."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from cslib import i18n
from cslib.errors import (
    ValidationError,
    quote,  # noqa: F401 - re-exported for view modules
)
from cslib.i18n import _, ngettext
from cslib.properties import OBJECT_TYPES, BuiltinView, PropertySpec, object_type_def
from cslib.validation import clean_text

SHARING = ("private", "everyone")
# How a saved view opens: a table, or (pipeline records only) a board of stage columns.
LAYOUTS = ("table", "board")
DIRECTIONS = ("asc", "desc")
NAME_MAX = 120
DESCRIPTION_MAX = 500
MAX_COLUMNS = 30
MAX_SORT = 3
MAX_CARD_PROPERTIES = 4
DEFAULT_VIEW_LIMIT = 6

# Read-only indexes of the object-type registry (`cslib.properties.OBJECT_TYPES`), which
# says what each type's views start from; the functions below ask the registry itself.
DEFAULT_COLUMNS: dict[str, list[str]] = {k: list(d.columns) for k, d in OBJECT_TYPES.items() if d.columns}
DEFAULT_SORT: dict[str, list[dict[str, str]]] = {
    k: [{"property": p, "direction": d} for p, d in t.sort] for k, t in OBJECT_TYPES.items() if t.sort
}
BUILTIN_VIEWS: dict[str, tuple[BuiltinView, ...]] = {k: d.views for k, d in OBJECT_TYPES.items() if d.views}
# Built-in view keys are unique across object types: a view row names only its key.
BUILTIN_FILTERS = {v.key: v.filters for views in BUILTIN_VIEWS.values() for v in views if v.filters is not None}

# Control characters, lone surrogates (PostgreSQL cannot store them) and line/paragraph
# separators: a view name is one line of text.
_BAD_NAME_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})


def clean_name(raw: Any) -> str:
    """The view name stripped: 1–120 characters on one line, stored as typed otherwise
    (HTML is text; pages escape it)."""
    if raw is not None and not isinstance(raw, str):
        raise ValidationError(_("The view name must be text."))
    name = clean_text(raw, _("View name"), NAME_MAX)
    if any(unicodedata.category(ch) in _BAD_NAME_CATEGORIES for ch in name):
        raise ValidationError(_("The view name cannot contain control characters such as line breaks, tabs or NUL."))
    return name


def name_key(name: str) -> str:
    """What two names must differ in: case and Unicode compatibility forms don't count."""
    return unicodedata.normalize("NFKC", name).casefold()


def clean_sharing(raw: Any) -> str:
    if raw not in SHARING:
        raise ValidationError(_("Share the view with “Private” or “Everyone”."))
    return raw


def clean_layout(raw: Any, object_type: str, plural: str) -> str:
    """ "table" or "board"; a board only for records in pipeline stages."""
    if raw not in LAYOUTS:
        raise ValidationError(_("A view opens as a table or as a board, not as {layout}.", layout=quote(raw)))
    if raw == "board" and not object_type_def(object_type).has_pipeline:
        raise ValidationError(
            _("{objects} are not in pipeline stages, so they have no board. Save the view as a table.", objects=plural)
        )
    return raw


def clean_description(raw: Any) -> str | None:
    """A default view's optional description: ≤ 500 characters, None when blank."""
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise ValidationError(_("The description must be text."))
    text = raw.replace("\r\n", "\n").strip()
    if not text:
        return None
    if len(text) > DESCRIPTION_MAX:
        raise ValidationError(
            ngettext(
                "The description can be at most {n} character (it has {length}).",
                "The description can be at most {n} characters (it has {length}).",
                DESCRIPTION_MAX,
                length=i18n.number(len(text)),
            )
        )
    if any(unicodedata.category(ch) in _BAD_NAME_CATEGORIES and ch not in "\n\t" for ch in text):
        raise ValidationError(_("The description cannot contain control characters."))
    return text


def _property_names(raw: Any, refusal: str) -> list[str]:
    if not isinstance(raw, list | tuple) or not all(isinstance(item, str) for item in raw):
        raise ValidationError(refusal)
    return list(dict.fromkeys(raw))


def _check_known(names: list[str], props: Mapping[str, PropertySpec], plural: str) -> None:
    for name in names:
        if name not in props:
            raise ValidationError(
                _("{objects} have no property {name}. Reload and pick from the list.", objects=plural, name=quote(name))
            )


def clean_columns(raw: Any, props: Mapping[str, PropertySpec], plural: str) -> list[str]:
    """1–30 property names in display order (repeats dropped)."""
    columns = _property_names(raw, _("Columns must be a list of property names."))
    if not columns:
        raise ValidationError(_("Pick at least one column."))
    if len(columns) > MAX_COLUMNS:
        raise ValidationError(
            ngettext(
                "A view can show at most {n} column (this one has {count}).",
                "A view can show at most {n} columns (this one has {count}).",
                MAX_COLUMNS,
                count=i18n.number(len(columns)),
            )
        )
    _check_known(columns, props, plural)
    return columns


def clean_sort(raw: Any, props: Mapping[str, PropertySpec], plural: str) -> list[dict[str, str]]:
    """Up to three {"property", "direction"} entries, each property once."""
    if not isinstance(raw, list | tuple):
        raise ValidationError(_("The sort must be a list of properties, each ascending or descending."))
    if len(raw) > MAX_SORT:
        raise ValidationError(
            ngettext(
                "A view can sort by at most {n} property (this one has {count}).",
                "A view can sort by at most {n} properties (this one has {count}).",
                MAX_SORT,
                count=i18n.number(len(raw)),
            )
        )
    out: list[dict[str, str]] = []
    for item in raw:
        if not isinstance(item, Mapping) or not isinstance(item.get("property"), str):
            raise ValidationError(_("Each sort entry needs a property and a direction."))
        name, direction = item["property"], item.get("direction", "asc")
        _check_known([name], props, plural)
        if direction not in DIRECTIONS:
            raise ValidationError(
                _(
                    "Sort {property} ascending or descending, not {direction}.",
                    property=props[name].label,
                    direction=quote(direction),
                )
            )
        if any(entry["property"] == name for entry in out):
            raise ValidationError(_("The view sorts by {property} twice. Keep one.", property=props[name].label))
        out.append({"property": name, "direction": direction})
    return out


def clean_card_properties(raw: Any, props: Mapping[str, PropertySpec], plural: str) -> list[str]:
    """1–4 property names an Overview card shows for each record."""
    names = _property_names(raw, _("Card properties must be a list of property names."))
    if not names:
        raise ValidationError(_("Pick at least one property for the card."))
    if len(names) > MAX_CARD_PROPERTIES:
        raise ValidationError(
            ngettext(
                "A card can show at most {n} property (you picked {count}).",
                "A card can show at most {n} properties (you picked {count}).",
                MAX_CARD_PROPERTIES,
                count=i18n.number(len(names)),
            )
        )
    _check_known(names, props, plural)
    return names


def default_columns(object_type: str, props: Mapping[str, PropertySpec]) -> list[str]:
    """Columns of a new view: the object type's default set, or its first eight properties."""
    columns = object_type_def(object_type).columns
    if columns:
        return [c for c in columns if c in props]
    return [name for name in props if name != "id"][:8]


def default_sort(object_type: str, props: Mapping[str, PropertySpec]) -> list[dict[str, str]]:
    """Sort of a new view: the object type's default, else by name (or title) A–Z, else none."""
    sort = object_type_def(object_type).sort
    if sort:
        return [{"property": p, "direction": d} for p, d in sort if p in props]
    for name in ("name", "title"):
        if name in props:
            return [{"property": name, "direction": "asc"}]
    return []


def default_card_properties(object_type: str, columns: list[str]) -> list[str]:
    """Card properties of a default view whose admin has not picked any."""
    card_properties = object_type_def(object_type).card_properties
    if card_properties:
        return list(card_properties)
    rest = [c for c in columns if c not in ("id", "name", "title")]
    return rest[:2] or columns[:1]
