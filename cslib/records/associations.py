"""Associations: links between two records of any types (company ↔ contact, company ↔ deal,
contact ↔ meeting, …), stored once per pair in canonical order (see
`cslib.bulk.association_row`), read from either side through an index.

Reading side T of a pair with type O: when T < O, T is always the `from` side (the unique
pair index serves it); when T > O, T is the `to` side (ix_associations_to serves it); a
pair of equal types may be stored either way, so both are read.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain

import pandas as pd
from sqlalchemy import Select, case, delete, event, func, literal, select, union_all
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from cslib import query, reactions
from cslib.bulk import association_row
from cslib.errors import NotFound, ValidationError, quote
from cslib.i18n import _, ngettext
from cslib.models import Association, Company, Contact, Meeting, ObjectType, PipelineStage, Record, Task, live
from cslib.permissions import EDIT_DENIED, READ_DENIED, Actor, can_edit_records, can_use_workspace, require
from cslib.properties import list_object_types
from cslib.records.write import not_found
from cslib.validation import parse_int

ENGAGEMENT_TYPES = ("task", "meeting")
COLUMNS = (
    "other_type",
    "id",
    "name",
    "label",
    "email",
    "job_title",
    "domain",
    "amount",
    "stage",
    "close_date",
    "status",
    "due_at",
    "start_at",
)
MAX_LABEL = 80


_CACHE = "cslib.records.associations.types"


@event.listens_for(Session, "after_flush")
def _forget_types(session: Session, _flush_context) -> None:  # noqa: ANN001
    if any(isinstance(o, ObjectType) for o in chain(session.new, session.dirty, session.deleted)):
        session.info.pop(_CACHE, None)


def known_types(session: Session) -> tuple[str, ...]:
    """Every type a record can have, in the order panels list them: companies, contacts,
    pipeline objects (built-in, then custom), tasks, meetings. Remembered for the session."""
    if _CACHE not in session.info:
        session.info[_CACHE] = tuple(o.key for o in list_object_types(session)) + ENGAGEMENT_TYPES
    return session.info[_CACHE]


def _type(session: Session, object_type: object) -> str:
    name = str(object_type or "")
    if name not in known_types(session):
        raise ValidationError(_("{type} is not a type of record.", type=quote(name[:40])))
    return name


def _id(value: object) -> int:
    number = parse_int(value)
    if number is None:
        raise ValidationError(_("A record id must be a whole number."))
    return number


def _model(object_type: str):  # noqa: ANN202
    """The ORM class holding records of `object_type`."""
    return {"company": Company, "contact": Contact, "task": Task, "meeting": Meeting}.get(object_type, Record)


def ensure_live(session: Session, object_type: str, object_id: object) -> int:
    """`object_id` as an int if that record exists (not deleted or merged away); else NotFound."""
    object_type = _type(session, object_type)
    record_id = _id(object_id)
    model = _model(object_type)
    if session.scalar(select(model.id).where(model.id == record_id, live(model, object_type))) is None:
        raise NotFound(not_found(object_type))
    return record_id


def _label(label: object) -> str | None:
    text = str(label or "").strip()
    if len(text) > MAX_LABEL:
        raise ValidationError(
            ngettext(
                "An association label can be at most {n} character.",
                "An association label can be at most {n} characters.",
                MAX_LABEL,
            )
        )
    return text or None


def _pair(session: Session, type_a: str, id_a: object, type_b: str, id_b: object) -> tuple[str, int, str, int]:
    type_a, type_b = _type(session, type_a), _type(session, type_b)
    a, b = _id(id_a), _id(id_b)
    if (type_a, a) == (type_b, b):
        raise ValidationError(_("A record cannot be associated with itself."))
    return association_row(type_a, a, type_b, b)


def _find(session: Session, pair: tuple[str, int, str, int]) -> Association | None:
    f_type, f_id, t_type, t_id = pair
    return session.scalar(
        select(Association).where(
            Association.from_type == f_type,
            Association.from_id == f_id,
            Association.to_type == t_type,
            Association.to_id == t_id,
        )
    )


def is_associated(session: Session, type_a: str, id_a: int, type_b: str, id_b: int) -> bool:
    """True when the two records are linked (stored once, whichever side linked them)."""
    return _find(session, association_row(type_a, int(id_a), type_b, int(id_b))) is not None


def associate(
    session: Session, actor: Actor, type_a: str, id_a: int, type_b: str, id_b: int, label: str | None = None
) -> int:
    """Link two records (idempotent: linking again returns the same association, with the
    label updated when one is given). Returns the association's id."""
    require(can_edit_records(actor), EDIT_DENIED)
    pair = _pair(session, type_a, id_a, type_b, id_b)
    text = _label(label)
    ensure_live(session, pair[0], pair[1])
    ensure_live(session, pair[2], pair[3])
    existing = _find(session, pair)
    if existing is not None:
        if text is not None and existing.label != text:
            existing.label = text
            session.flush()
        return existing.id
    row = Association(from_type=pair[0], from_id=pair[1], to_type=pair[2], to_id=pair[3], label=text)
    try:
        with session.begin_nested():
            session.add(row)
    except IntegrityError:  # the same link was created by someone else a moment ago
        existing = _find(session, pair)
        if existing is None:
            raise
        return existing.id
    _rescore(session, pair)
    return row.id


def dissociate(session: Session, actor: Actor, type_a: str, id_a: int, type_b: str, id_b: int) -> bool:
    """Remove the link between two records; False when there was none."""
    require(can_edit_records(actor), EDIT_DENIED)
    f_type, f_id, t_type, t_id = _pair(session, type_a, id_a, type_b, id_b)
    result = session.execute(
        delete(Association).where(
            Association.from_type == f_type,
            Association.from_id == f_id,
            Association.to_type == t_type,
            Association.to_id == t_id,
        )
    )
    if result.rowcount:
        _rescore(session, (f_type, f_id, t_type, t_id))
    return bool(result.rowcount)


def _rescore(session: Session, pair: tuple[str, int, str, int]) -> None:
    """A company's open tickets are part of its health score."""
    if (pair[0], pair[2]) == ("company", "ticket"):
        reactions.publish(session, reactions.RECORDS_CHANGED, "company", [pair[1]])


def links_of(object_type: str, ids: Iterable[int], other_type: str):  # noqa: ANN201
    """(this, oid, label, created_at) of every association between the records `ids` of
    `object_type` and records of `other_type`, as a subquery. A pair is stored once, types
    in order (see `_pair`): read the side each order puts the records on."""
    a = Association
    ids = [int(i) for i in ids]
    parts: list[Select] = []
    if object_type <= other_type:
        parts.append(
            select(a.from_id.label("this"), a.to_id.label("oid"), a.label, a.created_at).where(
                a.from_type == object_type, a.from_id.in_(ids), a.to_type == other_type
            )
        )
    if object_type >= other_type:
        parts.append(
            select(a.to_id.label("this"), a.from_id.label("oid"), a.label, a.created_at).where(
                a.to_type == object_type, a.to_id.in_(ids), a.from_type == other_type
            )
        )
    return (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("links")


def _select_other(object_type: str, object_id: int, other_type: str) -> Select:
    links = links_of(object_type, [object_id], other_type)
    model = _model(other_type)
    kind = literal(other_type).label("other_type")
    base = (model.id, links.c.label)
    if model is Company:
        stmt = select(kind, *base, Company.name, Company.domain).order_by(func.lower(Company.name), Company.id)
    elif model is Contact:
        stmt = select(kind, *base, Contact.first_name, Contact.last_name, Contact.email, Contact.job_title).order_by(
            func.lower(func.coalesce(Contact.first_name, "")), func.lower(Contact.last_name), Contact.id
        )
    elif model is Task:
        open_first = case((Task.status == "completed", 1), else_=0)
        stmt = select(kind, *base, Task.title.label("name"), Task.status, Task.due_at).order_by(
            open_first, Task.due_at.asc().nulls_last(), Task.id
        )
    elif model is Meeting:
        stmt = select(kind, *base, Meeting.title.label("name"), Meeting.start_at).order_by(
            Meeting.start_at.desc(), Meeting.id.desc()
        )
    else:
        stmt = (
            select(kind, *base, Record.name, Record.amount, PipelineStage.name.label("stage"), Record.close_date)
            .outerjoin(PipelineStage, PipelineStage.id == Record.stage_id)
            .order_by(func.lower(Record.name), Record.id)
        )
    return stmt.join(links, links.c.oid == model.id).where(live(model, other_type))


def _present_types(session: Session, object_type: str, object_id: int) -> list[str]:
    a = Association
    found = set(
        session.scalars(select(a.to_type).where(a.from_type == object_type, a.from_id == object_id).distinct())
    ) | set(session.scalars(select(a.from_type).where(a.to_type == object_type, a.to_id == object_id).distinct()))
    return [t for t in known_types(session) if t in found]


def association_counts(session: Session, actor: Actor, object_type: str, object_id: int) -> dict[str, int]:
    """How many live records of each type are linked to the record, in display order (types
    with none are left out)."""
    require(can_use_workspace(actor), READ_DENIED)
    object_type, object_id = _type(session, object_type), _id(object_id)
    counts: dict[str, int] = {}
    for other in _present_types(session, object_type, object_id):
        links = links_of(object_type, [object_id], other)
        model = _model(other)
        n = query.scalar(
            session,
            select(func.count()).select_from(model).join(links, links.c.oid == model.id).where(live(model, other)),
        )
        if n:
            counts[other] = int(n)
    return counts


def associated(
    session: Session,
    actor: Actor,
    object_type: str,
    object_id: int,
    *,
    other_type: str | None = None,
    limit: int = 50,
) -> pd.DataFrame:
    """Records linked to the record: `other_type`, id, name and a few key facts per type
    (contact email and job title, company domain, deal amount/stage/close date, task
    status and due date, meeting start). At most `limit` rows of each type."""
    require(can_use_workspace(actor), READ_DENIED)
    object_type, object_id = _type(session, object_type), _id(object_id)
    limit = max(1, min(int(limit), query.MAX_ROWS))
    others = [_type(session, other_type)] if other_type else _present_types(session, object_type, object_id)
    frames = []
    for other in others:
        df = query.frame(session, _select_other(object_type, object_id, other).limit(limit))
        if df.empty:
            continue
        if other == "contact":
            df["name"] = [
                contact_name(f, la, e) for f, la, e in zip(df["first_name"], df["last_name"], df["email"], strict=True)
            ]
        frames.append(df.reindex(columns=list(COLUMNS)))
    if not frames:
        return pd.DataFrame(columns=list(COLUMNS))
    out = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    return out.astype(object).where(out.notna(), None)


def contact_name(first: object, last: object, email: object = None) -> str:
    """'Ann Lee'; the e-mail address when both names are empty; '(no name)' otherwise."""
    parts = [str(p).strip() for p in (first, last) if isinstance(p, str) and p.strip()]
    if parts:
        return " ".join(parts)
    return str(email) if isinstance(email, str) and email else _("(no name)")


MAX_FOUND = 20


def find_records(session: Session, actor: Actor, text: str, *, limit: int = 10) -> list[tuple[str, int, str]]:
    """Live companies, contacts and pipeline/custom records whose name (or a contact's
    e-mail) contains `text`: (object type, id, "Name · Type"), names starting with the
    text first. For pickers, such as a new task's associated records."""
    require(can_use_workspace(actor), READ_DENIED)
    needle = str(text or "").strip().lower()[:100]
    if len(needle) < 2:
        return []
    limit = max(1, min(int(limit), MAX_FOUND))
    pattern = "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    singular = {o.key: o.singular for o in list_object_types(session)}
    contact = func.trim(func.coalesce(Contact.first_name, "") + " " + func.coalesce(Contact.last_name, ""))
    searches = [
        ("company", Company.id, Company.name, live(Company)),
        ("contact", Contact.id, contact, live(Contact)),
        (None, Record.id, Record.name, live(Record)),
    ]
    found: list[tuple[int, str, int, str]] = []
    for object_type, id_col, name, alive in searches:
        kind = Record.object_type if object_type is None else literal(object_type)
        matches = func.lower(name).like(pattern, escape="\\")
        if object_type == "contact":
            matches = matches | func.lower(Contact.email).like(pattern, escape="\\")
        starts = case((func.lower(name).like(needle.replace("%", "") + "%"), 0), else_=1)
        stmt = select(
            starts,
            kind,
            id_col,
            func.coalesce(func.nullif(name, ""), Contact.email) if object_type == "contact" else name,
        )
        rows = session.execute(stmt.where(matches, alive).order_by(starts, func.lower(name)).limit(limit)).all()
        found += [(int(r[0]), str(r[1]), int(r[2]), str(r[3] or _("(no name)"))) for r in rows]
    found.sort(key=lambda r: (r[0], r[3].lower()))
    return [(t, i, f"{name} · {singular.get(t, t.title())}") for _, t, i, name in found[:limit]]
