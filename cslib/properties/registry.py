"""The properties of an object type in one session: the standard ones, the custom ones
admins defined in `property_definitions`, and the computed ones, remembered for the
session's life and forgotten when a definition or a health profile changes."""

from __future__ import annotations

from itertools import chain

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from cslib.models import (
    HealthProfile,
    PropertyDefinition,
)
from cslib.properties.specs import PropertySpec
from cslib.properties.standard import assigned_at_spec, health_status_spec
from cslib.properties.types import object_type_def

_CACHE = "cslib.properties"


@event.listens_for(Session, "after_flush")
def _forget_changed_definitions(session: Session, _flush_context) -> None:  # noqa: ANN001
    changed = chain(session.new, session.dirty, session.deleted)
    if any(isinstance(o, PropertyDefinition | HealthProfile) for o in changed):
        session.info.pop(_CACHE, None)


def properties_for(session: Session, object_type: str) -> dict[str, PropertySpec]:
    """Standard and custom properties of `object_type`, keyed by name, in display order.
    Remembered for the session's life (a page run), forgotten when a definition changes."""
    cache = session.info.setdefault(_CACHE, {})
    if object_type not in cache:
        cache[object_type] = _load_properties(session, object_type)
    return dict(cache[object_type])


def _load_properties(session: Session, object_type: str) -> dict[str, PropertySpec]:
    definition = object_type_def(object_type)
    props = {p.name: p for p in definition.standard(object_type)}
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
            d.group_name,
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
