"""Merging two companies (SPEC §3.2): one record stays, the other's activities, associations
(and with them its tasks, meetings, contacts and deals), follows, domains and property
history move to it, its values fill the kept record's empty properties, and it is then
marked merged (merged_into_id) and deleted, so lists no longer show it while links to it
still lead to the kept record.

Alerts and health scores belong to other packages: they react to RECORDS_MERGED through
`cslib.reactions` (alerts move, the merged record's current scores go) and report counts.
Everything, reactions included, runs in the caller's transaction (cslib.db.write_session)
and raises on any problem, so a merge is done completely or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import pandas as pd
from sqlalchemy import delete, or_, select, update
from sqlalchemy.orm import Session

from cslib import query, reactions
from cslib.bulk import association_row
from cslib.errors import NotFound, ValidationError
from cslib.i18n import N_, _
from cslib.models import (
    Activity,
    Association,
    Company,
    CompanyDomain,
    Follow,
    User,
    is_live,
    live,
    utcnow,
)
from cslib.permissions import READ_DENIED, Actor, can_edit_records, can_use_workspace, require
from cslib.properties import PropertySpec, properties_for
from cslib.records.history import add_merged_from, move_history
from cslib.records.write import coerce, update_properties

EDIT_DENIED = N_("Your account cannot merge records: it needs workspace access and a Service seat.")
COMPANY = "company"
SOURCE = "merge"
MAX_SEARCH = 200


@dataclass(frozen=True)
class MergeResult:
    """What moved from the merged-away company to the kept one."""

    kept_id: int
    merged_id: int
    activities: int
    associations: int  # re-pointed to the kept record
    associations_dropped: int  # duplicates of the kept record's own links, or links between the two
    tasks: int  # task associations among `associations`
    meetings: int  # meeting associations among `associations`
    follows: int  # re-pointed (a user following both keeps one follow)
    domains: int  # added to the kept record as non-primary domains
    history: int  # property-history rows re-pointed
    filled: tuple[str, ...]  # properties of the kept record filled from the merged one
    alerts: int  # re-pointed to the kept record (by cslib.alerts)
    health_scores_removed: int  # the merged record's current scores (by cslib.health)


def merge_companies(
    session: Session, actor: Actor, *, keep_id: int, merge_id: int, now: datetime | None = None
) -> MergeResult:
    """Merge company `merge_id` into company `keep_id` (see the module docstring)."""
    require(can_edit_records(actor), EDIT_DENIED)
    if isinstance(keep_id, bool) or isinstance(merge_id, bool):
        raise ValidationError(_("Pick two companies to merge."))
    keep_id, merge_id = int(keep_id), int(merge_id)
    if keep_id == merge_id:
        raise ValidationError(_("A company cannot be merged into itself."))
    now = now or utcnow()
    kept, gone = _lock_pair(session, keep_id, merge_id)

    filled = _fill_empty_properties(session, actor, kept, gone, now)
    activities = session.execute(
        update(Activity).where(Activity.company_id == merge_id).values(company_id=keep_id)
    ).rowcount
    moved, dropped, kinds = _move_associations(session, keep_id, merge_id)
    follows = _move_follows(session, keep_id, merge_id)
    domains = _move_domains(session, kept, gone)
    history = move_history(session, COMPANY, merge_id, keep_id)
    # Other packages react (cslib.reactions): alerts move to the kept record, and the
    # merged record's current scores go, as the kept one is rescored below.
    reacted = _counts(reactions.publish(session, reactions.RECORDS_MERGED, COMPANY, keep_id, merge_id))

    add_merged_from(session, actor, COMPANY, keep_id, f"{gone.name} (#{merge_id})", now=now, source=SOURCE)
    if gone.last_activity_at and (kept.last_activity_at is None or gone.last_activity_at > kept.last_activity_at):
        kept.last_activity_at = gone.last_activity_at
    kept.updated_at = now  # always an UPDATE, so the version moves on even with nothing filled
    gone.merged_into_id = keep_id
    gone.deleted_at = now
    gone.updated_at = now
    session.flush()
    reactions.publish(session, reactions.RECORDS_CHANGED, "company", [keep_id], now=now)
    return MergeResult(
        kept_id=keep_id,
        merged_id=merge_id,
        activities=activities,
        associations=moved,
        associations_dropped=dropped,
        tasks=kinds.get("task", 0),
        meetings=kinds.get("meeting", 0),
        follows=follows,
        domains=domains,
        history=history,
        filled=filled,
        alerts=reacted.get("alerts", 0),
        health_scores_removed=reacted.get("health_scores_removed", 0),
    )


def _counts(results: list) -> dict[str, int]:
    """The counts the merge's subscribers returned, as one {what: how many}."""
    counts: dict[str, int] = {}
    for result in results:
        counts.update(result or {})
    return counts


def _lock_pair(session: Session, keep_id: int, merge_id: int) -> tuple[Company, Company]:
    """Both companies, live, locked in id order on PostgreSQL (SQLite's write transaction
    already excludes other writers)."""
    stmt = select(Company).where(Company.id.in_(sorted((keep_id, merge_id)))).order_by(Company.id)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    rows = {c.id: c for c in session.scalars(stmt)}
    for record_id in (keep_id, merge_id):
        row = rows.get(record_id)
        if row is None or not is_live(row):
            raise NotFound(
                _("Company #{id} does not exist (any more): it may have been deleted or merged.", id=record_id)
            )
    return rows[keep_id], rows[merge_id]


def _value(row: Company, spec: PropertySpec) -> object:
    return (row.custom or {}).get(spec.name) if spec.custom else getattr(row, spec.name)


def _empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _fill_empty_properties(session: Session, actor: Actor, kept: Company, gone: Company, now: datetime) -> tuple:
    """Set the kept record's empty editable properties to the merged record's values, through
    the one write path (checked values, a history row each, source "merge"). A value the
    write path would refuse today (an inactive owner, a removed option) is left out."""
    changes: dict[str, object] = {}
    for name, spec in properties_for(session, COMPANY).items():
        if spec.readonly or spec.computed or not _empty(_value(kept, spec)):
            continue
        theirs = _value(gone, spec)
        if _empty(theirs):
            continue
        try:
            coerce(session, spec, theirs)
        except ValidationError:
            continue
        changes[name] = theirs
    if changes:
        update_properties(
            session, actor, COMPANY, kept.id, changes, expected_version=kept.version, source=SOURCE, now=now
        )
    return tuple(changes)


def _move_associations(session: Session, keep_id: int, merge_id: int) -> tuple[int, int, dict[str, int]]:
    """Re-point the merged record's associations to the kept one in canonical order; drop
    those the kept record already has and those between the two. Returns (moved, dropped,
    moved per other type)."""
    a = Association
    mine = or_(
        (a.from_type == COMPANY) & (a.from_id == merge_id),
        (a.to_type == COMPANY) & (a.to_id == merge_id),
    )
    kept_links = or_(
        (a.from_type == COMPANY) & (a.from_id == keep_id),
        (a.to_type == COMPANY) & (a.to_id == keep_id),
    )
    taken = {
        _other(row, keep_id)
        for row in session.execute(select(a.from_type, a.from_id, a.to_type, a.to_id).where(kept_links))
    }
    drop: list[int] = []
    moves: list[tuple[int, tuple[str, int, str, int], str]] = []
    for row in session.execute(select(a.id, a.from_type, a.from_id, a.to_type, a.to_id).where(mine)).all():
        other = _other(row, merge_id)
        if other in taken or other in ((COMPANY, keep_id), (COMPANY, merge_id)):
            drop.append(row.id)
            continue
        taken.add(other)
        moves.append((row.id, association_row(COMPANY, keep_id, *other), other[0]))
    if drop:
        session.execute(delete(a).where(a.id.in_(drop)))
    kinds: dict[str, int] = {}
    for assoc_id, (f_type, f_id, t_type, t_id), other_type in moves:
        session.execute(
            update(a).where(a.id == assoc_id).values(from_type=f_type, from_id=f_id, to_type=t_type, to_id=t_id),
        )
        kinds[other_type] = kinds.get(other_type, 0) + 1
    return len(moves), len(drop), kinds


def _other(row, record_id: int) -> tuple[str, int]:  # noqa: ANN001
    """The end of an association row that is not (company, record_id)."""
    if row.from_type == COMPANY and row.from_id == record_id:
        return row.to_type, row.to_id
    return row.from_type, row.from_id


def _move_follows(session: Session, keep_id: int, merge_id: int) -> int:
    f = Follow
    both = select(f.user_id).where(f.object_type == COMPANY, f.object_id == keep_id)
    session.execute(delete(f).where(f.object_type == COMPANY, f.object_id == merge_id, f.user_id.in_(both)))
    return session.execute(
        update(f).where(f.object_type == COMPANY, f.object_id == merge_id).values(object_id=keep_id)
    ).rowcount


def _move_domains(session: Session, kept: Company, gone: Company) -> int:
    """The merged record's domains become non-primary domains of the kept one (skipping ones
    it has, case-insensitively). When the kept record had no domain and took the merged
    one's (filled above), that domain becomes its primary."""
    d = CompanyDomain
    have = {row.domain.lower(): row for row in session.scalars(select(d).where(d.company_id == kept.id))}
    theirs = list(session.scalars(select(d).where(d.company_id == gone.id).order_by(d.is_primary.desc(), d.id)))
    if gone.domain and gone.domain.lower() not in {row.domain.lower() for row in theirs}:
        theirs.append(CompanyDomain(company_id=gone.id, domain=gone.domain, is_primary=True))  # mirror without a row
    added = 0
    for row in theirs:
        key = row.domain.lower()
        if key in have:
            if row.id is not None:
                session.delete(row)
            continue
        row.company_id = kept.id
        row.is_primary = False
        session.add(row)
        have[key] = row
        added += 1
    if kept.domain and not any(row.is_primary for row in have.values()):
        primary = have.get(kept.domain.lower())
        if primary is not None:
            primary.is_primary = True
    session.flush()
    return added


def merge_candidates(session: Session, actor: Actor, *, exclude_id: int, search: str, limit: int = 20) -> pd.DataFrame:
    """Companies to merge with, for the merge picker: id, name, domain and owner (name).
    `search` matches anywhere in the name or domain, ignoring case; names starting with
    it come first."""
    require(can_use_workspace(actor), READ_DENIED)
    text = str(search or "").strip()[:MAX_SEARCH]
    limit = max(1, min(int(limit), 100))
    owner = select(User.name).where(User.id == Company.owner_id).correlate(Company).scalar_subquery()
    stmt = select(Company.id, Company.name, Company.domain, owner.label("owner")).where(
        live(Company), Company.id != int(exclude_id)
    )
    if not text:
        return query.frame(session, stmt.order_by(Company.name, Company.id).limit(limit))
    columns = (Company.name, Company.domain)
    anywhere = "%" + query.escape_like(text) + "%"
    stmt = stmt.where(or_(*(query.like_ignoring_case(session, c, anywhere) for c in columns)))
    starts = query.like_ignoring_case(session, Company.name, query.escape_like(text) + "%")
    return query.frame(session, stmt.order_by(starts.desc(), Company.name, Company.id).limit(limit))
