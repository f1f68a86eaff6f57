"""The properties of an object type in one session: the standard ones, the custom ones
admins defined in `property_definitions`, and the computed ones, remembered for the
session's life and forgotten when a definition or a health profile changes.

Standard labels, groups, descriptions and option labels come out in the reader's language
(`cslib.i18n.current()`, part of the cache key, so a language switch never serves stale
labels); custom properties keep the labels and options an admin typed. Names and option
values are stable codes in every language."""

from __future__ import annotations

from dataclasses import replace
from itertools import chain

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from cslib import i18n
from cslib.i18n import _, pgettext
from cslib.models import (
    HealthProfile,
    PropertyDefinition,
)
from cslib.properties.specs import STANDARD_GROUPS, PropertySpec
from cslib.properties.standard import NAME, assigned_at_spec, health_status_spec
from cslib.properties.types import object_type_def

_CACHE = "cslib.properties"


@event.listens_for(Session, "after_flush")
def _forget_changed_definitions(session: Session, _flush_context) -> None:  # noqa: ANN001
    changed = chain(session.new, session.dirty, session.deleted)
    if any(isinstance(o, PropertyDefinition | HealthProfile) for o in changed):
        session.info.pop(_CACHE, None)


def properties_for(session: Session, object_type: str) -> dict[str, PropertySpec]:
    """Standard and custom properties of `object_type`, keyed by name, in display order, with
    the standard ones in the reader's language. Remembered for the session's life (a page
    run) per language, forgotten when a definition changes."""
    cache = session.info.setdefault(_CACHE, {})
    key = (object_type, i18n.current())
    if key not in cache:
        cache[key] = _load_properties(session, object_type)
    return dict(cache[key])


def label(text: str) -> str:
    """A standard label in the reader's language. A record's "Name" is another word than a
    person's name in Polish, so it is looked up with the context "record"."""
    return pgettext("record", "Name") if text == NAME else _(text)


def _translated(spec: PropertySpec) -> PropertySpec:
    return replace(
        spec,
        label=label(spec.label),
        group=_(spec.group),
        options=tuple((value, _(text)) for value, text in spec.options),
        description=_(spec.description) if spec.description else "",
    )


def _load_properties(session: Session, object_type: str) -> dict[str, PropertySpec]:
    definition = object_type_def(object_type)
    props = {p.name: _translated(p) for p in definition.standard(object_type)}
    rows = session.scalars(
        select(PropertyDefinition)
        .where(PropertyDefinition.object_type == object_type)
        .order_by(PropertyDefinition.display_order, PropertyDefinition.id)
    )
    for d in rows:
        if d.name in props:
            continue
        options = tuple((o["value"], o["label"]) for o in (d.options or []))
        props[d.name] = PropertySpec(
            object_type,
            d.name,
            d.label,
            d.type,
            options,
            # The default group of a custom property is a standard one: shown like theirs.
            _(d.group_name) if d.group_name in STANDARD_GROUPS else d.group_name,
            True,
            d.is_readonly,
            d.description or "",
            frozenset(k for k, _ in options),
        )
    if definition.assigned_at:
        for spec in [p for p in props.values() if p.type == "user"]:
            computed = assigned_at_spec(spec)
            props[computed.name] = computed
    if definition.scored:
        p = HealthProfile
        active = (
            select(p.id, p.name).where(p.status == "active", p.object_type == object_type).order_by(p.priority, p.id)
        )
        for profile_id, name in session.execute(active):
            spec = health_status_spec(object_type, profile_id, name)
            props[spec.name] = spec
    return props
