"""What the record panel shows, without Streamlit: values formatted for people (user ids
as names, option values as labels, readable dates in the user's time zone), property
history formatted the same way, and where a merged-away record now lives."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from urllib.parse import urlencode

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib import i18n
from cslib.i18n import N_, _, pgettext
from cslib.models import Company, Contact, Meeting, Pipeline, PipelineStage, Record, Task
from cslib.permissions import READ_DENIED, Actor, can_use_workspace, require
from cslib.properties import OBJECT_TYPES, PropertySpec, model_for, object_type_def, properties_for
from cslib.records.associations import contact_name
from cslib.records.history import MERGED_FROM, property_history
from cslib.users import all_user_names

# Object types that have a record page (the rest show as plain text for now).
RECORD_PAGE_TYPES = tuple(k for k, d in OBJECT_TYPES.items() if d.record_page)
# The history frame's columns in English; `history_frame` names them in the reader's language.
HISTORY_COLUMNS = (N_("When"), N_("Property"), N_("Old value"), N_("New value"), N_("Changed by"), N_("Source"))
MAX_MERGE_HOPS = 20


def source_labels() -> dict[str, str]:
    """{source: how the history's Source column names it}: how a change was made, in the
    reader's language (nouns: "Import" and "Merge" as what happened, not as buttons)."""
    return {
        "ui": _("Edited in the app"),
        "bulk": _("Bulk edit"),
        "import": pgettext("history source", "Import"),
        "demo": _("Demo data"),
        "merge": pgettext("history source", "Merge"),
        "api": _("API"),
        "system": _("System"),
        "workflow": _("Workflow"),
    }


def record_url(object_type: str, object_id: int) -> str:
    """The address of a record's page: /record?type=company&id=123."""
    return "/record?" + urlencode({"type": object_type, "id": int(object_id)})


def has_record_page(object_type: str) -> bool:
    """Companies, pipeline records and custom objects have one; meetings (outside the
    object-type registry, not a custom object) do not."""
    return object_type != "meeting" and object_type_def(object_type).record_page


def with_pipeline_names(session: Session, object_type: str, props: dict[str, PropertySpec]) -> dict[str, PropertySpec]:
    """`props` where a pipeline record's Pipeline and Stage show names, not ids: their
    options are the object's pipelines and stages. They stay read-only in a record's form:
    a record changes stage on the board, which asks for the stage's required properties."""
    if model_for(object_type) is not Record:
        return props
    pipelines = select(Pipeline.id, Pipeline.name).where(Pipeline.object_type == object_type)
    stages = select(PipelineStage.id, PipelineStage.name).join(Pipeline, Pipeline.id == PipelineStage.pipeline_id)
    out = dict(props)
    for name, query in (("pipeline_id", pipelines), ("stage_id", stages.where(Pipeline.object_type == object_type))):
        spec = props.get(name)
        if spec is not None and not spec.custom:
            options = tuple((str(i), label) for i, label in session.execute(query))
            out[name] = replace(spec, options=options, option_values=frozenset(k for k, _ in options), readonly=True)
    return out


def display_value(
    spec: PropertySpec,
    value: object,
    *,
    users: Mapping[int, str],
    language: str | None = None,
    time_zone: str | None = "UTC",
    currency: str = "USD",
) -> str:
    """A property value as people read it; "—" when empty."""
    if value is None or (isinstance(value, float) and pd.isna(value)) or value == "":
        return "—"
    if spec.type == "user":
        try:
            user_id = int(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return str(value)
        return users[user_id] if user_id in users else _("Unknown user ({id})", id=user_id)
    if spec.type == "enumeration":
        # Option keys are text; ids (a stage) arrive as numbers from the record, as text from history.
        return spec.option_label(str(value) if isinstance(value, int) and not isinstance(value, bool) else value)
    if spec.type == "bool":
        return _("Yes") if value in (True, "true") else _("No")
    if spec.type == "currency" and isinstance(value, int | float):
        return i18n.money(value, currency, language)
    if spec.type == "number" and isinstance(value, int | float):
        return i18n.number(value, language)
    if spec.type == "datetime" and isinstance(value, datetime):
        return i18n.moment(value, language, time_zone)
    if spec.type == "date" and isinstance(value, date):
        return i18n.day(value, language)
    return str(value)


def parse_history(spec: PropertySpec, text: str | None) -> object:
    """A property-history text (see records.history_text) back as a typed value, so it can
    be shown like the live value; text that does not parse is shown as it is."""
    if text is None:
        return None
    try:
        if spec.type in ("number", "currency"):
            return float(text)
        if spec.type == "date":
            return date.fromisoformat(text[:10])
        if spec.type == "datetime":
            value = datetime.fromisoformat(text)
            return value if value.tzinfo else value.replace(tzinfo=UTC)
        if spec.type == "bool":
            return text == "true"
    except ValueError:
        return text
    return text


def history_frame(
    session: Session,
    actor: Actor,
    object_type: str,
    record_id: int,
    *,
    prop: str | None = None,
    language: str | None = None,
    time_zone: str | None = "UTC",
    currency: str = "USD",
    limit: int = 100,
) -> pd.DataFrame:
    """Property history of a record (or one property), newest first, ready to show:
    old and new values formatted like the live ones, who made the change, and how. The
    columns are HISTORY_COLUMNS in the reader's language."""
    raw = property_history(session, actor, object_type, record_id, prop=prop, limit=limit)
    columns = [_(c) for c in HISTORY_COLUMNS]
    if raw.empty:
        return pd.DataFrame(columns=columns)
    props = with_pipeline_names(session, object_type, properties_for(session, object_type))
    users = all_user_names(session)
    sources = source_labels()
    rows = []
    for r in raw.itertuples(index=False):
        spec = props.get(r.property) or PropertySpec(object_type, r.property, _label(r.property), "string")
        fmt = {"users": users, "language": language, "time_zone": time_zone, "currency": currency}
        rows.append(
            (
                i18n.moment(r.changed_at.to_pydatetime(), language, time_zone),
                spec.label,
                display_value(spec, parse_history(spec, r.old_value), **fmt),
                display_value(spec, parse_history(spec, r.new_value), **fmt),
                r.changed_by if isinstance(r.changed_by, str) else _("System"),
                sources.get(r.source) or str(r.source).replace("_", " ").capitalize(),
            )
        )
    return pd.DataFrame(rows, columns=columns)


def _label(name: str) -> str:
    """A history row's property that is no longer (or never was) a property."""
    return _("Merged from") if name == MERGED_FROM else name


def resolve_record(session: Session, actor: Actor, object_type: str, record_id: int) -> int | None:
    """The id under which the record lives now: itself, or the record it was merged into
    (following a chain of merges). None when it does not exist or was deleted."""
    require(can_use_workspace(actor), READ_DENIED)
    model = Meeting if object_type == "meeting" else model_for(object_type)
    merged = getattr(model, "merged_into_id", None)
    columns = [model.deleted_at] + ([merged] if merged is not None else [])
    current = int(record_id)
    for _hop in range(MAX_MERGE_HOPS):
        stmt = select(*columns).where(model.id == current)
        if model is Record:
            stmt = stmt.where(Record.object_type == object_type)
        row = session.execute(stmt).first()
        if row is None:
            return None
        if len(row) == 2 and row[1]:  # merged (and so marked deleted): follow it
            current = int(row[1])
            continue
        return None if row[0] is not None else current
    return None


def record_name(session: Session, object_type: str, record_id: int) -> str:
    """A record's display name (company name, contact full name, record name)."""
    if object_type == "company":
        return session.scalar(select(Company.name).where(Company.id == record_id)) or _("(no name)")
    if object_type == "contact":
        row = session.execute(
            select(Contact.first_name, Contact.last_name, Contact.email).where(Contact.id == record_id)
        ).first()
        return contact_name(*row) if row else _("(no name)")
    if object_type in ("task", "meeting"):
        model = Task if object_type == "task" else Meeting
        return session.scalar(select(model.title).where(model.id == record_id)) or _("(no title)")
    name = session.scalar(select(Record.name).where(Record.id == record_id, Record.object_type == object_type))
    return name or _("(no name)")
