"""Actions → Alerts (SPEC §3.5): the list of health alerts with the filters *Object*,
*Alert stage*, *Create date* and *Advanced*, paged and counted in SQL, and the list's state
as it travels in the URL.

Advanced filters test the alert's own fields (profile, direction, old and new status) and
every property of its customer through the shared filter model; AND/OR groups may mix
both, so the filter is compiled condition by condition (`_advanced`)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, false, func, or_, select, true
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from cslib import query
from cslib.alerts.reading import NEWEST_FIRST, customers_clause, live_clause, page_frame, require_read
from cslib.alerts.stages import ACTIVE_STAGES, DIRECTIONS, OBJECTS, STAGE_LABELS
from cslib.alerts.wording import label
from cslib.errors import ValidationError, quote
from cslib.filters import FilterContext, compile_filter, date_bounds, parse_json, to_json, validate
from cslib.i18n import _
from cslib.lists import Page
from cslib.models import Alert, Company, HealthProfile, utcnow
from cslib.permissions import Actor
from cslib.properties import DATE_CHOICES, HEALTH_CATEGORIES, PropertySpec, properties_for
from cslib.users import get_workspace
from cslib.validation import ignored, int_param, parse_int

CREATED_CHOICES = {k: v for k, v in DATE_CHOICES.items() if k != "never"}  # every alert has a raise date
SORTS = ("raised", "customer")
PAGE_SIZE = 25


def _stage_clause(stages: tuple[str, ...], now: datetime) -> ColumnElement[bool]:
    parts = []
    open_ = [s for s in stages if s in ACTIVE_STAGES]
    if open_:
        parts.append(and_(Alert.stage.in_(open_), Alert.expires_at > now))
    if "resolved" in stages:
        parts.append(Alert.stage == "resolved")
    if "expired" in stages:
        parts.append(or_(Alert.stage == "expired", and_(Alert.stage.in_(ACTIVE_STAGES), Alert.expires_at <= now)))
    return or_(*parts) if parts else true()


ALERT_FIELDS = ("alert.profile", "alert.direction", "alert.new_category", "alert.old_category")
_ALERT_COLUMNS = {
    "alert.profile": Alert.profile_id,
    "alert.direction": Alert.direction,
    "alert.new_category": Alert.new_category,
    "alert.old_category": Alert.old_category,
}


def _enum(name: str, title: str, options: tuple[tuple[str, str], ...]) -> PropertySpec:
    return PropertySpec(
        "alert",
        name,
        title,
        "enumeration",
        options,
        group=_("Alert"),
        option_values=frozenset(k for k, _shown in options),
    )


def filter_properties(session: Session) -> dict[str, PropertySpec]:
    """What Advanced filters can test: the alert's profile, direction and statuses, then
    every property of the customer. Labels and options are in the reader's language;
    profile names are the admin's own text."""
    profiles = session.execute(select(HealthProfile.id, HealthProfile.name).order_by(HealthProfile.priority))
    directions = tuple((key, _(text)) for key, text in DIRECTIONS)
    categories = tuple((key, label(key)) for key, _text in HEALTH_CATEGORIES)
    alert_props = (
        _enum("alert.profile", _("Alert: score profile"), tuple((str(i), n) for i, n in profiles)),
        _enum("alert.direction", _("Alert: direction"), directions),
        _enum("alert.new_category", _("Alert: new status"), categories),
        _enum("alert.old_category", _("Alert: old status"), categories),
    )
    return {p.name: p for p in alert_props} | properties_for(session, "company")


def _advanced(flt: dict | None, props: dict[str, PropertySpec], ctx: FilterContext) -> ColumnElement[bool]:
    """The advanced filter as SQL: alert fields on the alert, the rest through the filter
    model on the customer (AND/OR groups may mix both)."""
    flt = validate(flt, props)
    if flt is None:
        return true()
    company = {n: p for n, p in props.items() if n not in _ALERT_COLUMNS}

    def node(n: dict) -> ColumnElement[bool]:
        if "property" in n:
            if n["property"] in _ALERT_COLUMNS:
                return _alert_condition(n)
            return customers_clause(select(Company.id).where(compile_filter(n, company, ctx)))
        key = "all" if "all" in n else "any"
        parts = [node(child) for child in n[key]]
        if not parts:
            return true()
        return and_(*parts) if key == "all" else or_(*parts)

    return node(flt)


def _alert_condition(cond: dict) -> ColumnElement[bool]:
    column = _ALERT_COLUMNS[cond["property"]]
    op = cond["operator"]
    if op == "is_known":
        return column.is_not(None)
    if op == "is_unknown":
        return column.is_(None)
    values = list(cond.get("value") or [])
    if column is Alert.profile_id:
        values = [n for v in values if (n := parse_int(v)) is not None]
    matches = column.in_(values) if values else false()
    return matches if op == "in" else or_(column.is_(None), ~matches)


@dataclass(frozen=True)
class AlertQuery:
    """What Actions → Alerts shows; travels in the URL (`parse_query` / `query_params`)."""

    object_type: str = "company"
    stages: tuple[str, ...] = ACTIVE_STAGES  # () = every stage
    created: str = "any"
    advanced: dict | None = None
    sort: tuple[str, str] = ("raised", "desc")
    page: int = 1
    alert_id: int | None = None
    notes: tuple[str, ...] = field(default=(), compare=False)


def parse_query(params: dict[str, str], props: dict[str, PropertySpec]) -> AlertQuery:
    """An AlertQuery from URL parameters; anything invalid is dropped with a note."""
    notes: list[str] = []
    values: dict = {}
    obj = params.get("object")
    if obj:
        if obj in dict(OBJECTS):
            values["object_type"] = obj
        else:
            notes.append(ignored(_("object"), obj))
    stage = params.get("stage")
    if stage:
        picked = () if stage == "all" else tuple(s for s in STAGE_LABELS if s in stage.split(","))
        if stage != "all" and not picked:
            notes.append(ignored(_("alert stage"), stage))
        else:
            values["stages"] = picked
    created = params.get("created")
    if created:
        if created in CREATED_CHOICES:
            values["created"] = created
        else:
            notes.append(ignored(_("create date filter"), created))
    if params.get("adv"):
        try:
            values["advanced"] = validate(parse_json(params["adv"]), props)
        except ValidationError as exc:
            notes.append(_("The link's advanced filter was ignored: {problem}", problem=str(exc)))
    if params.get("sort"):
        key, _colon, direction = params["sort"].partition(":")
        if key in SORTS and direction in ("asc", "desc"):
            values["sort"] = (key, direction)
        else:
            notes.append(_("The link's sort was not valid and was ignored."))
    for name, param, what in (("page", "page", _("page number")), ("alert_id", "alert", _("alert"))):
        number = int_param(params.get(param), what, notes)
        if number is not None:
            values[name] = number
    return AlertQuery(**values, notes=tuple(notes))


def query_params(q: AlertQuery) -> dict[str, str]:
    """URL parameters for `q` (defaults left out)."""
    out: dict[str, str] = {}
    if q.object_type != "company":
        out["object"] = q.object_type
    if q.stages != ACTIVE_STAGES:
        out["stage"] = ",".join(q.stages) if q.stages else "all"
    if q.created != "any":
        out["created"] = q.created
    if q.advanced:
        out["adv"] = to_json(q.advanced)
    if q.sort != ("raised", "desc"):
        out["sort"] = f"{q.sort[0]}:{q.sort[1]}"
    if q.page > 1:
        out["page"] = str(q.page)
    if q.alert_id is not None:
        out["alert"] = str(q.alert_id)
    return out


def _created_clause(choice: str, ctx: FilterContext) -> ColumnElement[bool]:
    if choice not in CREATED_CHOICES:
        raise ValidationError(_("{choice} is not a create date choice.", choice=quote(choice)))
    condition = CREATED_CHOICES[choice][1]
    if condition is None:
        return true()
    low, high, inclusive = date_bounds(condition["operator"], condition.get("value"), ctx, with_time=True)
    parts = []
    if low is not None:
        parts.append(Alert.raised_at >= low)
    if high is not None:
        parts.append(Alert.raised_at <= high if inclusive else Alert.raised_at < high)
    return and_(*parts) if parts else true()


def _order(sort: tuple[str, str]) -> list:
    key, direction = sort
    if key not in SORTS or direction not in ("asc", "desc"):
        raise ValidationError(_("Alerts can be sorted by raise date or customer, up or down."))
    if key == "raised":
        return list(NEWEST_FIRST) if direction == "desc" else [Alert.raised_at.asc(), Alert.id.asc()]
    return [Company.name.desc() if direction == "desc" else Company.name.asc(), *NEWEST_FIRST]


def list_alerts(
    session: Session,
    actor: Actor,
    q: AlertQuery,
    *,
    page_size: int = PAGE_SIZE,
    now: datetime | None = None,
    props: dict[str, PropertySpec] | None = None,
) -> Page:
    """One page of alerts matching `q`, and how many match. Rows: see `ROW_COLUMNS`, plus the
    stage as of now (`stage_now`), "Healthy → At risk" (`change`) and "72 → 38" (`score_change`)."""
    require_read(actor)
    now = now or utcnow()
    if q.object_type not in dict(OBJECTS):
        raise ValidationError(_("Alerts are raised for companies only, not {object}.", object=quote(q.object_type)))
    bad = [s for s in q.stages if s not in STAGE_LABELS]
    if bad:
        raise ValidationError(_("{stage} is not an alert stage.", stage=quote(bad[0])))
    if isinstance(page_size, bool) or not isinstance(page_size, int) or not 1 <= page_size <= 200:
        raise ValidationError(_("Rows per page must be a whole number from 1 to 200."))
    ctx = FilterContext(user_id=actor.id, now=now, time_zone=actor.time_zone)
    props = props if props is not None else filter_properties(session)
    where = [
        live_clause(),
        _stage_clause(q.stages, now),
        _created_clause(q.created, ctx),
        _advanced(q.advanced, props, ctx),
    ]
    total = int(query.scalar(session, select(func.count()).select_from(Alert).where(*where)) or 0)
    pages = max(1, math.ceil(total / page_size))
    page = min(max(int(q.page), 1), pages)
    rows = page_frame(
        session,
        where,
        _order(q.sort),
        now,
        limit=page_size,
        offset=(page - 1) * page_size,
        by_name=q.sort[0] == "customer",
    )
    return Page(rows, total, page, page_size, pages)


def owner_filter(session: Session, user: int | str) -> dict:
    """Advanced filter "the customer's owner is `user`" ("me" or a user id), on the
    workspace's owner property: the Overview card's "View all" link."""
    props = properties_for(session, "company")
    name = get_workspace(session).owner_property
    name = name if name in props and props[name].type == "user" else "owner_id"
    return {"all": [{"property": name, "operator": "in", "value": [user]}]}
