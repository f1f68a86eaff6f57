"""Which stored record a file row is, and which companies it names: by Record ID (ours, or
the ID the record had in the system it came from), else by domain (companies) or e-mail
(contacts). Each lookup is one query per chunk of rows, never one per row.

Whether a file's Record IDs are ours (a file exported from this workspace) or another
system's is decided once per import: `record_ids_mode` looks at the file's first IDs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from cslib.errors import quote
from cslib.i18n import _
from cslib.imports.convert import Row, fold
from cslib.models import Company, CompanyDomain, Contact, SourceId, live
from cslib.properties import model_for
from cslib.validation import parse_int

_IN = 500  # values per IN (…): within SQLite's bound-parameter limit
MODES = ("auto", "ours", "source")
# Share of a file's IDs that must be records of ours for its IDs to count as ours.
_OURS_SHARE = 0.9


def _chunks(items: Sequence, size: int = _IN) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def record_ids_mode(session: Session, object_type: str, ids: Sequence[str]) -> str:
    """ "ours" when nearly all of `ids` (a file's first Record IDs) are live records of ours
    and none is a known source ID; else "source" (IDs from another system)."""
    ids = [i for i in dict.fromkeys(ids) if i]
    if not ids:
        return "source"
    if source_records(session, object_type, ids):
        return "source"
    ours = own_records(session, object_type, ids)
    return "ours" if len(ours) >= _OURS_SHARE * len(ids) else "source"


def source_records(session: Session, object_type: str, refs: Sequence[str]) -> dict[str, int]:
    """{source ID: record id} of live records imported with those IDs."""
    model = model_for(object_type)
    found: dict[str, int] = {}
    for chunk in _chunks(list(refs)):
        stmt = (
            select(SourceId.source_id, SourceId.record_id)
            .join(model, model.id == SourceId.record_id)
            .where(SourceId.object_type == object_type, SourceId.source_id.in_(chunk), live(model, object_type))
        )
        found |= dict(session.execute(stmt).all())
    return found


def own_records(session: Session, object_type: str, refs: Sequence[str]) -> dict[str, int]:
    """{ref: id} of the refs that are ids of our live records of `object_type`."""
    numbers = {ref: parse_int(ref) for ref in refs}
    wanted = sorted({n for n in numbers.values() if n is not None})
    model = model_for(object_type)
    live_ids: set[int] = set()
    for chunk in _chunks(wanted):
        live_ids.update(session.scalars(select(model.id).where(model.id.in_(chunk), live(model, object_type))))
    return {ref: n for ref, n in numbers.items() if n in live_ids}


def companies_by_domain(session: Session, domains: Sequence[str]) -> dict[str, int]:
    """{domain: company id} of live companies with that primary or additional domain."""
    found: dict[str, int] = {}
    wanted = sorted(set(domains))
    for chunk in _chunks(wanted):
        primary = select(func.lower(Company.domain), Company.id).where(
            func.lower(Company.domain).in_(chunk), live(Company)
        )
        extra = (
            select(func.lower(CompanyDomain.domain), CompanyDomain.company_id)
            .join(Company, Company.id == CompanyDomain.company_id)
            .where(func.lower(CompanyDomain.domain).in_(chunk), live(Company))
        )
        for domain, company_id in session.execute(extra).all() + session.execute(primary).all():
            found[domain] = company_id
    return found


def companies_by_name(session: Session, names: Sequence[str]) -> dict[str, int | None]:
    """{folded name: company id} of live companies; None where several share the name.
    Names are looked up as written (spaces trimmed) and lowercased, since SQLite's lower()
    leaves "Æ" or "Ł" as they are, and compared folded here: "ŁÓDŹ" still finds "Łódź" on
    PostgreSQL only."""
    found: dict[str, dict[int, None]] = {}
    wanted = {fold(n) for n in names}
    candidates = sorted(wanted | {" ".join(n.split()) for n in names})
    for chunk in _chunks(candidates):
        rows = session.execute(
            select(Company.name, Company.id).where(
                func.lower(Company.name).in_(chunk) | Company.name.in_(chunk), live(Company)
            )
        ).all()
        for name, company_id in rows:
            if fold(name) in wanted:
                found.setdefault(fold(name), {})[company_id] = None
    return {key: next(iter(ids)) if len(ids) == 1 else None for key, ids in found.items()}


def contacts_by_email(session: Session, emails: Sequence[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for chunk in _chunks(sorted(set(emails))):
        stmt = select(func.lower(Contact.email), Contact.id).where(func.lower(Contact.email).in_(chunk), live(Contact))
        found |= dict(session.execute(stmt.order_by(Contact.id.desc())).all())
    return found


def match_rows(session: Session, object_type: str, rows: Sequence[Row], mode: str) -> dict[int, int]:
    """{row number: record id} of the rows that are stored records. A Record ID that names
    no record of ours (in "ours" mode) is a row error; a row whose domain or e-mail is
    another record's than the one its ID names is one too."""
    with_id = [r for r in rows if r.record_id]
    by_source = source_records(session, object_type, [r.record_id for r in with_id])
    by_own = own_records(session, object_type, [r.record_id for r in with_id]) if mode == "ours" else {}
    matched: dict[int, int] = {}
    for row in with_id:
        record_id = by_source.get(row.record_id) or by_own.get(row.record_id)
        if record_id is not None:
            matched[row.number] = record_id
        elif mode == "ours":
            row.errors.append(_("No record has the Record ID {id}.", id=quote(row.record_id)))
    key = {"company": "domain", "contact": "email"}.get(object_type)
    if key is None:
        return matched
    keyed = [r for r in rows if r.values.get(key) and not r.errors]
    found = (companies_by_domain if key == "domain" else contacts_by_email)(
        session, [str(r.values[key]).lower() for r in keyed]
    )
    for row in keyed:
        other = found.get(str(row.values[key]).lower())
        if other is None:
            continue
        if row.number not in matched:
            matched[row.number] = other
            row.matched_by = key
        elif matched[row.number] != other:
            row.errors.append(_taken(key, str(row.values[key]), other))
    return matched


def _taken(key: str, value: str, other: int) -> str:
    if key == "domain":
        return _("The domain {domain} is already used by another company (#{id}).", domain=quote(value), id=other)
    return _("The e-mail {email} is already used by another contact (#{id}).", email=quote(value), id=other)


def linked_records(session: Session, rows: Sequence[Row]) -> dict[int, list[tuple[str, int]]]:
    """{row number: [(type, id)]} of the records each row names (by ID, a company also by
    domain or name); a reference that finds no record, or several, is a row error."""
    by_id: dict[str, dict[str, int]] = {}
    for other in sorted({t for r in rows for t in r.link_ids}):
        refs = [ref for r in rows for ref in r.link_ids.get(other, ())]
        by_id[other] = own_records(session, other, refs) | source_records(session, other, refs)
    companies = _company_refs(session, rows)
    found: dict[int, list[tuple[str, int]]] = {}
    for row in rows:
        linked = [("company", c) for c in companies.get(row.number, ())]
        for other, refs in row.link_ids.items():
            for ref in refs:
                record = by_id[other].get(ref)
                if record is None:
                    row.errors.append(_no_record(other, ref))
                else:
                    linked.append((other, record))
        if linked:
            found[row.number] = list(dict.fromkeys(linked))
    return found


def _no_record(other: str, ref: str) -> str:
    if other == "company":
        return _("No company has the ID {id}.", id=quote(ref))
    if other == "contact":
        return _("No contact has the ID {id}.", id=quote(ref))
    return _("No deal has the ID {id}.", id=quote(ref))


def _company_refs(session: Session, rows: Sequence[Row]) -> dict[int, list[int]]:
    """{row number: company ids} named by domain or name. A row that names its companies
    by ID (our exports and the original CRM's write both columns) is linked by the IDs
    alone: names are not unique, and a name may hold the ";" that separates them."""
    by_domain = companies_by_domain(session, [d for r in rows for d in r.company_domains])
    by_name = companies_by_name(session, [n for r in rows if not r.link_ids.get("company") for n in r.company_names])
    found: dict[int, list[int]] = {}
    for row in rows:
        linked: list[int] = []
        for domain in row.company_domains:
            _found(row, linked, by_domain.get(domain), _("No company has the domain {domain}.", domain=quote(domain)))
        for name in row.company_names if not row.link_ids.get("company") else ():
            key = fold(name)
            if key in by_name and by_name[key] is None:
                row.errors.append(_("Several companies are named {name}.", name=quote(name.strip())))
                continue
            _found(row, linked, by_name.get(key), _("No company is named {name}.", name=quote(name.strip())))
        if linked:
            found[row.number] = list(dict.fromkeys(linked))
    return found


def _found(row: Row, linked: list[int], company: int | None, missing: str) -> None:
    if company is None:
        row.errors.append(missing)
    else:
        linked.append(company)
