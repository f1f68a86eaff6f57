"""What a user owns (the Overview's summary): their customers, total ARR, and which renew soon."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from cslib import query
from cslib.i18n import _
from cslib.lists.listing import VIEW_AS_DENIED
from cslib.models import Company, live
from cslib.permissions import Actor, PermissionDenied, can_view_as
from cslib.users import owner_column

RENEWAL_WINDOW_DAYS = 90


@dataclass(frozen=True)
class OwnedSummary:
    customers: int
    total_arr: float
    renewals_due: int
    renewals_arr: float


def _check_viewer(actor: Actor, user_id: int) -> None:
    if user_id != actor.id and not can_view_as(actor):
        raise PermissionDenied(_(VIEW_AS_DENIED))


def _owned(session: Session, user_id: int):  # noqa: ANN202
    return and_(owner_column(session) == user_id, live(Company))


def owned_summary(session: Session, actor: Actor, *, user_id: int, today: date) -> OwnedSummary:
    """Customers owned by `user_id`, their total ARR, and renewals in the next 90 days."""
    _check_viewer(actor, user_id)
    end = today + timedelta(days=RENEWAL_WINDOW_DAYS)
    due = and_(Company.renewal_date >= today, Company.renewal_date <= end)
    row = query.one(
        session,
        select(
            func.count(),
            func.coalesce(func.sum(Company.arr), 0.0),
            func.count().filter(due),
            func.coalesce(func.sum(Company.arr).filter(due), 0.0),
        ).where(_owned(session, user_id)),
    )
    return OwnedSummary(int(row[0]), float(row[1]), int(row[2]), float(row[3]))


def upcoming_renewals(session: Session, actor: Actor, *, user_id: int, today: date, limit: int = 8) -> pd.DataFrame:
    """The soonest renewals in the next 90 days: id, name, renewal date, days left, ARR."""
    _check_viewer(actor, user_id)
    end = today + timedelta(days=RENEWAL_WINDOW_DAYS)
    stmt = (
        select(Company.id, Company.name, Company.renewal_date, Company.arr, Company.health_category)
        .where(_owned(session, user_id), Company.renewal_date >= today, Company.renewal_date <= end)
        .order_by(Company.renewal_date, Company.id)
        .limit(limit)
    )
    df = query.frame(session, stmt)
    df["days_left"] = [(d - today).days for d in df["renewal_date"]] if len(df) else []
    return df
