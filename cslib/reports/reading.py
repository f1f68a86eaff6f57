"""Running reports for a reader: permissions, whose "me" and time zone, a dashboard's
scope (date range, owners), and the short-lived cache.

A dashboard's scope narrows every report on it: the date range applies to the date the
report groups by (else the date its object is about: a customer's create date, a task's
due date…), the owners to its object's owner property (customers: the workspace's owner
property). A report whose object has no owner (the health history) is not narrowed by
owners, and says so."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from cslib import i18n
from cslib.errors import CsError
from cslib.filters import FilterContext
from cslib.i18n import N_
from cslib.models import TeamMember
from cslib.models.base import utcnow
from cslib.permissions import Actor
from cslib.reports import cache
from cslib.reports.definition import DATES, Definition, validate
from cslib.reports.results import ReportResult, run_report
from cslib.reports.sources import SOURCES, owner_property, properties
from cslib.reports.store import ReportInfo, get_report, require_read
from cslib.users import resolve_viewed_user

DATE_RANGES: dict[str, str] = {
    "all": N_("All time"),
    "last_7_days": N_("Last 7 days"),
    "last_30_days": N_("Last 30 days"),
    "last_90_days": N_("Last 90 days"),
    "last_12_months": N_("Last 12 months"),
    "this_month": N_("This month"),
    "last_month": N_("Last month"),
    "this_quarter": N_("This quarter"),
    "last_quarter": N_("Last quarter"),
    "this_year": N_("This year"),
}
_RELATIVE = {
    "last_7_days": (7, "days"),
    "last_30_days": (30, "days"),
    "last_90_days": (90, "days"),
    "last_12_months": (12, "months"),
}


@dataclass(frozen=True)
class Scope:
    """What a dashboard narrows its reports to: a date range key and owners' user ids."""

    date_range: str = "all"
    user_ids: tuple[int, ...] = ()
    team_ids: tuple[int, ...] = ()  # their members count as owners too

    @property
    def narrows(self) -> bool:
        return self.date_range != "all" or bool(self.user_ids) or bool(self.team_ids)


@dataclass(frozen=True)
class ReportView:
    report: ReportInfo
    result: ReportResult | None
    error: str | None = None  # why it could not run (a property deleted since, …)
    ignores_owners: bool = False


def context_for(viewed: Actor, now: datetime | None = None) -> FilterContext:
    return FilterContext(user_id=viewed.id, now=now or utcnow(), time_zone=viewed.time_zone or "UTC")


def scope_filter(session: Session, d: Definition, scope: Scope | None) -> tuple[dict | None, bool]:
    """The filter `scope` adds to `d`, and whether it had owners `d` cannot follow."""
    if scope is None or not scope.narrows:
        return None, False
    parts: list[dict] = []
    if scope.date_range != "all":
        parts.append({"property": _date_property(session, d), **_range_condition(scope.date_range)})
    ignored = False
    if scope.user_ids or scope.team_ids:
        owner = owner_property(session, d.object)
        if owner is None or owner not in properties(session, d.object):
            ignored = True
        else:
            owners = _owners(session, scope)
            parts.append({"property": owner, "operator": "in", "value": owners} if owners else _nobody(owner))
    return ({"all": parts} if parts else None), ignored


def _nobody(owner: str) -> dict:
    """No record: what a team without members owns, in the filter model's terms (user ids
    start at 1, so "in [0]" is refused)."""
    return {"all": [{"property": owner, "operator": "is_known"}, {"property": owner, "operator": "is_unknown"}]}


def _owners(session: Session, scope: Scope) -> list[int]:
    """The scope's users and the members of its teams (a team without members: nobody)."""
    members = session.scalars(select(TeamMember.user_id).where(TeamMember.team_id.in_(scope.team_ids)))
    return sorted({*scope.user_ids, *members})


def _date_property(session: Session, d: Definition) -> str:
    props = properties(session, d.object)
    for g in d.group_by:
        if props[g.property].type in DATES:
            return g.property
    return SOURCES[d.object].date_property


def _range_condition(key: str) -> dict:
    if key in _RELATIVE:
        amount, unit = _RELATIVE[key]
        return {"operator": "in_last", "value": {"amount": amount, "unit": unit}}
    return {"operator": "preset", "value": key}


def report_view(
    session: Session, actor: Actor, report_id: int, *, viewed_id: int | None = None, scope: Scope | None = None
) -> ReportView:
    """A saved report run for `actor` (or, for admins, as the viewed user sees it)."""
    viewed = resolve_viewed_user(session, actor, viewed_id)
    report = get_report(session, actor, report_id, seen_by=viewed)
    key = ("report", report.id, report.version, viewed.id, i18n.current(), viewed.time_zone, scope)
    # The cached view may be another reader's (an admin's "view as"): what this reader may
    # do with the report (`can_edit`) is theirs.
    return replace(cache.cached(key, lambda: _run(session, report, viewed, scope)), report=report)


def _run(session: Session, report: ReportInfo, viewed: Actor, scope: Scope | None) -> ReportView:
    try:
        d = validate(session, report.definition)
        extra, ignored = scope_filter(session, d, scope)
        return ReportView(report, run_report(session, d, context_for(viewed), scope=extra), ignores_owners=ignored)
    except CsError as exc:
        return ReportView(report, None, str(exc))


def preview(session: Session, actor: Actor, raw: object) -> ReportResult:
    """The builder's live preview of a definition not saved yet (ReportError if invalid)."""
    require_read(actor)
    return run_report(session, validate(session, raw), context_for(actor))
