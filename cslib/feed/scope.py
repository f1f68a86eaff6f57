"""Whose sales activity a Feed shows, as SQL: the activities of contacts associated with
a company the viewed user owns (through the workspace's owner property), narrowed by the
Feed's search and filters, less what the user deleted.

How the rows are found depends on how many there are, because a feed is read newest first
and only 25 items at a time:
- A user who owns a fair share of the companies: walk the activities' time index from the
  newest and keep the visible ones (a few hundred rows per page).
- A user who owns few companies (under `SPARSE_SHARE` of them), or a search that matches
  few activities: read those contacts' (or subjects') activities through their own indexes
  and sort them. The time walk would read most of the table to find the few.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, func, or_, select, text, tuple_, union
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from cslib import query
from cslib.models import CONTACT_ACTIVITY_TYPES, Activity, Association, Company, Contact, FeedDismissal, live
from cslib.users import owner_column

SPARSE_SHARE = 0.01
# A search or filter that leaves at most this many candidate activities is read through its
# own indexes; above it, the time walk finds a page sooner than sorting them all would.
KEYED_ROWS = 5_000
MAX_CONTACTS = 5_000  # matched contacts passed as a list; more are matched in the query
MAX_SUBJECTS = 2_000  # distinct subjects per activity type read for the search
MAX_SEARCH = 200


@dataclass(frozen=True)
class Narrowing:
    """The Feed's search and filters, ready for SQL."""

    types: tuple[str, ...] = CONTACT_ACTIVITY_TYPES
    sequence: str | None = None  # "enrolled", "not_enrolled", or None
    sequence_name: str | None = None
    search: str = ""


@dataclass(frozen=True)
class Scope:
    """The viewed user's feed: the predicates every query of one page shares, and whether
    the rows are found through their keys (see the module docstring)."""

    user_id: int
    where: tuple[ColumnElement, ...]
    keyed: bool
    empty: bool = False
    matches: Matches | None = None


def _owns(session: Session, user_id: int) -> ColumnElement:
    return and_(owner_column(session) == user_id, live(Company))


def _visible(session: Session, user_id: int) -> ColumnElement:
    """The activity's contact is live and associated with a live company the user owns
    (companies sort before contacts, so the company is always the association's "from")."""
    x = aliased(Association)
    return exists().where(
        x.to_type == "contact",
        x.to_id == Activity.contact_id,
        x.from_type == "company",
        Company.id == x.from_id,
        _owns(session, user_id),
        Contact.id == Activity.contact_id,
        live(Contact),
    )


def owned_contacts(session: Session, user_id: int):  # noqa: ANN201
    """Ids of the live contacts associated with a live company the user owns (a subquery)."""
    x = aliased(Association)
    return (
        select(x.to_id)
        .join(Company, Company.id == x.from_id)
        .join(Contact, Contact.id == x.to_id)
        .where(x.from_type == "company", x.to_type == "contact", _owns(session, user_id), live(Contact))
    )


def _not_deleted(user_id: int) -> ColumnElement:
    return ~exists().where(FeedDismissal.user_id == user_id, FeedDismissal.activity_id == Activity.id)


def enrolled_now(sequence_name: str | None = None) -> ColumnElement:
    """The activity's contact is enrolled in a sequence (or in `sequence_name`) now: an
    enrolment with no later unenrolment from the same sequence."""
    e, u = aliased(Activity), aliased(Activity)
    left_later = exists().where(
        u.contact_id == e.contact_id,
        u.type == "sequence_unenrollment",
        u.subject == e.subject,
        or_(u.occurred_at > e.occurred_at, and_(u.occurred_at == e.occurred_at, u.id > e.id)),
    )
    conditions = [e.contact_id == Activity.contact_id, e.type == "sequence_enrollment", ~left_later]
    if sequence_name is not None:
        conditions.append(e.subject == sequence_name)
    return exists().where(*conditions)


def _sequence(n: Narrowing) -> list[ColumnElement]:
    if n.sequence_name is not None:
        return [enrolled_now(n.sequence_name)]
    if n.sequence == "enrolled":
        return [enrolled_now()]
    if n.sequence == "not_enrolled":
        return [~enrolled_now()]
    return []


# --- search -------------------------------------------------------------------------------


def _matching_contacts(session: Session, user_id: int, needle: str):  # noqa: ANN202
    """The owned contacts whose name or e-mail, or whose company's name or domain, contains
    `needle`: a list of ids, or a subquery when there are more than MAX_CONTACTS.

    Two reads, each from the side that narrows first: contacts whose own fields match (a
    scan of the contacts, then ownership for the few that match), and the contacts of the
    owned companies whose name or domain matches. Joining every owned contact first and
    matching afterwards took twice as long."""
    people = [Contact.first_name, Contact.last_name, Contact.email]
    if " " in needle:  # "Ann Lee": the whole name
        people.append(Contact.first_name + " " + Contact.last_name)
    x = aliased(Association)
    by_person = select(Contact.id).where(
        live(Contact),
        or_(*(query.contains_text(session, c, needle) for c in people)),
        exists().where(
            x.to_type == "contact",
            x.to_id == Contact.id,
            x.from_type == "company",
            Company.id == x.from_id,
            _owns(session, user_id),
        ),
    )
    by_company = owned_contacts(session, user_id).where(
        or_(query.contains_text(session, Company.name, needle), query.contains_text(session, Company.domain, needle))
    )
    ids = select(union(by_person, by_company).subquery().c[0])
    found = [r[0] for r in query.rows(session, ids.limit(MAX_CONTACTS + 1), max_rows=MAX_CONTACTS + 1)]
    return ids if len(found) > MAX_CONTACTS else found


def distinct_subjects(session: Session, activity_type: str, limit: int = MAX_SUBJECTS) -> list[str]:
    """The distinct subjects of one activity type, one index seek each (a loose index scan
    over ix_activities_type_subject_time), at most `limit`."""
    stmt = text(
        "WITH RECURSIVE s(v, n) AS ("
        " SELECT (SELECT min(subject) FROM activities WHERE type = :t), 1"
        " UNION ALL"
        " SELECT (SELECT min(subject) FROM activities WHERE type = :t AND subject > s.v), s.n + 1"
        " FROM s WHERE s.v IS NOT NULL AND s.n < :cap"
        ") SELECT v FROM s WHERE v IS NOT NULL"
    ).bindparams(t=activity_type, cap=limit)
    rows = query.rows(session, stmt, max_rows=limit)
    return [r[0] for r in rows]


def _matching_subjects(session: Session, types: tuple[str, ...], needle: str) -> list[tuple[str, str]] | None:
    """(type, subject) pairs whose subject contains `needle` (folded in Python, so every
    script matches); None when a type has too many subjects to read this way."""
    folded = needle.casefold()
    pairs: list[tuple[str, str]] = []
    for kind in types:
        subjects = distinct_subjects(session, kind)
        if len(subjects) >= MAX_SUBJECTS:
            return None
        pairs.extend((kind, s) for s in subjects if folded in s.casefold())
    return pairs


@dataclass(frozen=True)
class Matches:
    """What a search matched: contacts (ids, or a subquery when many) and (type, subject)
    pairs (None: too many subjects to list, so the subject is matched in the query)."""

    needle: str
    contacts: list[int] | object
    subjects: list[tuple[str, str]] | None

    def predicate(self, session: Session, keyed: bool) -> ColumnElement:
        contact = Activity.contact_id if keyed else unindexed(Activity.contact_id)
        terms = [] if isinstance(self.contacts, list) and not self.contacts else [contact.in_(self.contacts)]
        if self.subjects is None:
            terms.append(query.contains_text(session, Activity.subject, self.needle))
        elif self.subjects:
            kind, subject = (
                (Activity.type, Activity.subject) if keyed else map(unindexed, (Activity.type, Activity.subject))
            )
            terms.append(tuple_(kind, subject).in_(self.subjects))
        return or_(*terms) if terms else Activity.id.is_(None)

    def candidates(self, session: Session) -> int | None:
        """How many activities can match at most; None when that is not cheap to count."""
        if not isinstance(self.contacts, list) or self.subjects is None:
            return None
        return _candidates(session, self.contacts, self.subjects)


def _needle(n: Narrowing) -> str:
    return " ".join(n.search.split())[:MAX_SEARCH]


def _search(session: Session, user_id: int, n: Narrowing) -> Matches | None:
    needle = _needle(n)
    if not needle:
        return None
    return Matches(needle, _matching_contacts(session, user_id, needle), _matching_subjects(session, n.types, needle))


def _candidates(session: Session, contacts: list[int], subjects: list[tuple[str, str]]) -> int:
    """Activities of these contacts plus those with these subjects, counted from the indexes
    up to KEYED_ROWS + 1 (an upper bound: an activity may be counted twice)."""
    total = 0
    for column, values in ((Activity.contact_id, contacts), (tuple_(Activity.type, Activity.subject), subjects)):
        if values and total <= KEYED_ROWS:
            capped = select(Activity.id).where(column.in_(values)).limit(KEYED_ROWS + 1 - total).subquery()
            total += query.scalar(session, select(func.count()).select_from(capped)) or 0
    return total


# --- the scope ----------------------------------------------------------------------------


def _share_owned(session: Session, user_id: int) -> tuple[int, float]:
    owned = query.scalar(session, select(func.count()).select_from(Company).where(_owns(session, user_id))) or 0
    total = query.scalar(session, select(func.count()).select_from(Company)) or 0
    return owned, owned / total if total else 0.0


def scope(session: Session, user_id: int, n: Narrowing, high_water: int, matches: Matches | None = None) -> Scope:
    """The predicates of `user_id`'s feed narrowed by `n`, over activities up to
    `high_water` (the newest id when the feed was opened). `matches` is what the search
    matched for the page before (`Scope.matches`), so "Load older" does not search again."""
    owned, share = _share_owned(session, user_id)
    if owned == 0 or not n.types:
        return Scope(user_id, (), keyed=False, empty=True)
    if matches is None or matches.needle != _needle(n):
        matches = _search(session, user_id, n)
    candidates = matches.candidates(session) if matches is not None else None
    if candidates == 0:
        return Scope(user_id, (), keyed=False, empty=True, matches=matches)
    sparse = share < SPARSE_SHARE
    keyed = sparse or (candidates is not None and candidates <= KEYED_ROWS)
    # The types never lead: on the time walk the time index does, else the keys' indexes.
    where = [
        unindexed(Activity.type).in_(n.types),
        unindexed(Activity.id) <= high_water,
        _visible(session, user_id),
        _not_deleted(user_id),
        *_sequence(n),
    ]
    if matches is not None:
        where.append(matches.predicate(session, keyed))
    if sparse:
        where.append(Activity.contact_id.in_(owned_contacts(session, user_id)))
    return Scope(user_id, tuple(where), keyed=keyed, matches=matches)


class unindexed(FunctionElement):  # noqa: N801 - reads as a function in SQL expressions
    """A column the SQLite planner may not use an index for (SQLite's unary `+`), so a
    query walks the index we chose; other databases get the bare column."""

    inherit_cache = True
    name = "unindexed"

    def __init__(self, column: ColumnElement) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(unindexed)
def _bare(element: unindexed, compiler, **kw) -> str:  # noqa: ANN001
    return compiler.process(element.clauses, **kw)


@compiles(unindexed, "sqlite")
def _plus(element: unindexed, compiler, **kw) -> str:  # noqa: ANN001
    return "+" + compiler.process(element.clauses, **kw)
