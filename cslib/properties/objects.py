"""Object types as a workspace has them: the built-in ones of the registry
(`cslib.properties.types`), with labels an admin may have changed, and custom objects an
admin defines with properties and a pipeline (SPEC §2), plus custom properties on any
object."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cslib.errors import NotFound, ValidationError
from cslib.i18n import N_, _
from cslib.models import ObjectType, Pipeline, PipelineStage, PropertyDefinition, WorkspaceSettings
from cslib.permissions import Actor
from cslib.properties.registry import properties_for
from cslib.properties.specs import PROPERTY_TYPES
from cslib.properties.types import OBJECT_TYPES, listed_types, shown_labels, standard_properties
from cslib.validation import clean_text, flushing, require_settings

# Names other parts of the product already use for something else (besides the registry's keys).
TAKEN_NAMES = frozenset({"meeting", "activity", "note", "call", "email", "user", "team"})
# Marked for the catalogs; shown through _() (type_label), never stored.
PROPERTY_TYPE_LABELS = {
    "string": N_("Single-line text"),
    "text": N_("Multi-line text"),
    "number": N_("Number"),
    "currency": N_("Currency"),
    "date": N_("Date"),
    "datetime": N_("Date and time"),
    "bool": N_("Yes/no"),
    "enumeration": N_("Dropdown select"),
    "user": N_("User"),
}
PROPERTY_TAKEN = N_("There is already a property named “{name}”. Pick another name.")
OBJECT_TAKEN = N_("A custom object “{name}” already exists.")
_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,63}$")


def _type_label(kind: str) -> str:
    """A property type as the reader sees it ("Dropdown select"); unknown types as they are."""
    label = PROPERTY_TYPE_LABELS.get(kind)
    return _(label) if label else kind


@dataclass(frozen=True)
class ObjectTypeInfo:
    key: str
    singular: str
    plural: str
    is_custom: bool
    has_pipeline: bool


def slugify(text: str, max_len: int = 40) -> str:
    """Lower snake-case ASCII: "Café Visit" -> "cafe_visit"."""
    ascii_ = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", ascii_.lower()).strip("_")
    return slug[:max_len].strip("_")


def list_object_types(session: Session) -> list[ObjectTypeInfo]:
    """Built-in objects (labels from the database where a row exists) then custom ones by name."""
    rows = {o.key: o for o in session.scalars(select(ObjectType))}
    out = []
    for d in listed_types():
        row = rows.get(d.key)
        singular, plural = shown_labels(d.key, row.singular if row else None, row.plural if row else None)
        out.append(ObjectTypeInfo(d.key, singular, plural, False, d.has_pipeline))
    custom = sorted((o for o in rows.values() if o.is_custom), key=lambda o: o.plural.lower())
    out += [ObjectTypeInfo(o.key, o.singular, o.plural, True, o.has_pipeline) for o in custom]
    return out


def type_labels(session: Session) -> dict[str, tuple[str, str]]:
    """(singular, plural) of every object type: those of object menus and the registry's
    others (tasks)."""
    labels = {o.key: (o.singular, o.plural) for o in list_object_types(session)}
    return labels | {k: shown_labels(k) for k, d in OBJECT_TYPES.items() if not d.listed}


def object_type_info(session: Session, key: str) -> ObjectTypeInfo:
    for info in list_object_types(session):
        if info.key == key:
            return info
    raise NotFound(_("There is no object type “{key}”.", key=key))


def ensure_builtin_object_types(session: Session, keys: Iterable[str] | None = None) -> None:
    """Create the rows of built-in object types that are missing (pipelines and property
    definitions refer to them). Idempotent."""
    builtins = listed_types()
    wanted = set(keys) if keys is not None else {d.key for d in builtins}
    have = set(session.scalars(select(ObjectType.key).where(ObjectType.key.in_(wanted))))
    for d in builtins:
        if d.key in wanted and d.key not in have:
            session.add(ObjectType(key=d.key, singular=d.singular, plural=d.plural, has_pipeline=d.has_pipeline))
    session.flush()


def _options(raw: object) -> list[dict] | None:
    """Options as [{"value", "label"}] from a list of labels, a comma/line separated string,
    or a list of {"value", "label"} dicts."""
    if _blank(raw):
        return None
    items = re.split(r"[,\n]", raw) if isinstance(raw, str) else list(raw)
    out: list[dict] = []
    for item in items:
        if isinstance(item, Mapping):
            label = str(item.get("label") or item.get("value") or "").strip()
            value = str(item.get("value") or slugify(label, 64) or label).strip()
        else:
            label = str(item or "").strip()
            value = slugify(label, 64) or label
        if label:
            out.append({"value": value, "label": label})
    if len({o["value"] for o in out}) != len(out):
        raise ValidationError(_("Two options of a dropdown property have the same name."))
    return out or None


def _definition(
    object_type: str,
    taken: set[str],
    *,
    name: object,
    label: object,
    type: object,  # noqa: A002
    options: object = None,
    group: object = "Information",
    order: int = 0,
) -> PropertyDefinition:
    label = clean_text(label, _("Property label"), 120)
    name = str(name or "").strip() or slugify(label, 64)
    if not _NAME_RE.match(name):
        raise ValidationError(
            _(
                "Property name “{name}” must start with a letter and use only a–z, 0–9 and _ (at most 64).",
                name=name,
            )
        )
    if name in taken:
        raise ValidationError(_(PROPERTY_TAKEN, name=name))
    type_ = str(type or "").strip()
    if type_ not in PROPERTY_TYPES:
        allowed = ", ".join(PROPERTY_TYPES)
        raise ValidationError(
            _(
                "“{type}” is not a property type for “{label}”. Use one of: {allowed}.",
                type=type_,
                label=label,
                allowed=allowed,
            )
        )
    opts = _options(options) if type_ == "enumeration" else None
    if type_ == "enumeration" and not opts:
        raise ValidationError(_("The dropdown property “{label}” needs at least one option.", label=label))
    taken.add(name)
    return PropertyDefinition(
        object_type=object_type,
        name=name,
        label=label,
        type=type_,
        options=opts,
        group_name=clean_text(group or "Information", _("Property group"), 80),
        display_order=order,
    )


def create_custom_object(
    session: Session,
    actor: Actor,
    *,
    singular: str,
    plural: str,
    properties: list[dict] | None = None,
    stage_names: list[str] | None = None,
) -> ObjectType:
    """A new object type with its properties and a default pipeline of `stage_names`."""
    require_settings(actor)
    singular = clean_text(singular, _("Singular name"), 100)
    plural = clean_text(plural, _("Plural name"), 100)
    key = slugify(singular)
    if not key:
        raise ValidationError(_("The singular name needs at least one letter or digit (A–Z, 0–9)."))
    if key[0].isdigit():
        key = f"obj_{key}"
    if key in OBJECT_TYPES or key in TAKEN_NAMES:
        raise ValidationError(_("“{name}” is a built-in object. Pick another name.", name=singular))
    if session.scalar(select(ObjectType.id).where(ObjectType.key == key)) is not None:
        raise ValidationError(_(OBJECT_TAKEN, name=singular))
    for other in list_object_types(session):
        if plural.lower() in (other.plural.lower(), other.singular.lower()):
            raise ValidationError(
                _("Another object is already called “{name}”. Pick another plural name.", name=plural)
            )
    stages = [clean_text(s, _("Stage name"), 120) for s in stage_names or [] if str(s or "").strip()]
    if not stages:
        raise ValidationError(_("Add at least one pipeline stage, one per line."))
    if len({s.lower() for s in stages}) != len(stages):
        raise ValidationError(_("Two stages have the same name."))
    taken = {p.name for p in standard_properties(key)}
    rows = [p for p in properties or [] if not all(_blank(v) for v in p.values())]
    defs = [_definition(key, taken, order=i, **_property_fields(p)) for i, p in enumerate(rows)]
    obj = ObjectType(key=key, singular=singular, plural=plural, is_custom=True, has_pipeline=True)
    with flushing(session, duplicate=_(OBJECT_TAKEN, name=singular)):
        session.add(obj)
    session.add_all(defs)
    pipeline = Pipeline(object_type=key, name=_("{objects} pipeline", objects=plural), display_order=0)
    session.add(pipeline)
    session.flush()
    session.add_all(PipelineStage(pipeline_id=pipeline.id, name=s, display_order=i) for i, s in enumerate(stages))
    session.flush()
    return obj


def _blank(value: object) -> bool:
    if isinstance(value, (list, tuple, dict)):
        return not value
    return value is None or bool(pd.isna(value)) or (isinstance(value, str) and not value.strip())


def _property_fields(p: Mapping) -> dict:
    """One property row (e.g. from the settings page's table editor), empty cells as None."""
    unknown = set(p) - {"name", "label", "type", "options", "group"}
    if unknown:
        raise ValidationError(_("Unknown property fields: {fields}.", fields=", ".join(sorted(unknown))))
    values = {k: None if _blank(p.get(k)) else p.get(k) for k in ("name", "label", "type", "options")}
    return values | {"group": p.get("group") or "Information"}


def add_property(
    session: Session,
    actor: Actor,
    object_type: str,
    *,
    name: str | None,
    label: str,
    type: str,
    options: object = None,
    group: str = "Information",  # noqa: A002
) -> PropertyDefinition:
    """A custom property on any object type (companies included)."""
    require_settings(actor)
    info = object_type_info(session, object_type)
    if not info.is_custom:
        ensure_builtin_object_types(session, [object_type])
    taken = set(properties_for(session, object_type))
    order = session.scalar(
        select(func.coalesce(func.max(PropertyDefinition.display_order), -1)).where(
            PropertyDefinition.object_type == object_type
        )
    )
    d = _definition(
        object_type, taken, name=name, label=label, type=type, options=options, group=group, order=int(order) + 1
    )
    with flushing(session, duplicate=_(PROPERTY_TAKEN, name=d.name)):
        session.add(d)
    return d


def delete_property(session: Session, actor: Actor, object_type: str, name: str) -> None:
    """Remove a custom property; standard ones stay. Stages stop requiring it."""
    require_settings(actor)
    info = object_type_info(session, object_type)
    spec = properties_for(session, object_type).get(name)
    if spec is None:
        raise NotFound(_("{objects} have no property “{name}”.", objects=info.plural, name=name))
    if not spec.custom:
        raise ValidationError(_("“{label}” is a standard property and cannot be deleted.", label=spec.label))
    ws = session.get(WorkspaceSettings, 1)
    if ws is not None and ws.customer_object == object_type and ws.owner_property == name:
        raise ValidationError(
            _("“{label}” is the workspace owner property. Pick another owner property first.", label=spec.label)
        )
    stages = session.scalars(
        select(PipelineStage)
        .join(Pipeline, Pipeline.id == PipelineStage.pipeline_id)
        .where(Pipeline.object_type == object_type)
    )
    for stage in stages:
        if name in (stage.required_properties or []):
            stage.required_properties = [p for p in stage.required_properties if p != name]
    row = session.scalar(
        select(PropertyDefinition).where(PropertyDefinition.object_type == object_type, PropertyDefinition.name == name)
    )
    session.delete(row)
    session.flush()


def list_custom_properties(session: Session, object_type: str) -> pd.DataFrame:
    """Custom properties of an object: name, label, type (readable), options, group."""
    rows = session.scalars(
        select(PropertyDefinition)
        .where(PropertyDefinition.object_type == object_type)
        .order_by(PropertyDefinition.display_order, PropertyDefinition.id)
    )
    data = [
        {
            "name": d.name,
            "label": d.label,
            "type": _type_label(d.type),
            "options": ", ".join(o["label"] for o in d.options or []),
            "group": d.group_name,
        }
        for d in rows
    ]
    return pd.DataFrame(data, columns=["name", "label", "type", "options", "group"])
