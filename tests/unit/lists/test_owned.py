from datetime import date

import pytest

from cslib import lists
from cslib.models import WorkspaceSettings
from cslib.permissions import PermissionDenied
from cslib.users import resolve_viewed_user
from tests.factories import make_actor, make_company

TODAY = date(2026, 11, 22)


@pytest.fixture
def workspace(session):
    ws = WorkspaceSettings(id=1, account_created_on=date(2025, 1, 1))
    session.add(ws)
    session.flush()
    return ws


def test_summary_counts_owned_customers_arr_and_renewals_in_90_days(session, workspace):
    me, other = make_actor(session), make_actor(session)
    make_company(session, owner_id=me.id, arr=1000, renewal_date=date(2026, 12, 1))
    make_company(session, owner_id=me.id, arr=2000, renewal_date=date(2027, 2, 20))  # day 90
    make_company(session, owner_id=me.id, arr=4000, renewal_date=date(2027, 2, 21))  # day 91
    make_company(session, owner_id=me.id, arr=None, renewal_date=date(2026, 11, 21))  # past
    make_company(session, owner_id=other.id, arr=8000, renewal_date=date(2026, 12, 1))
    s = lists.owned_summary(session, me, user_id=me.id, today=TODAY)
    assert s == lists.OwnedSummary(customers=4, total_arr=7000, renewals_due=2, renewals_arr=3000)


def test_renewals_are_soonest_first_with_days_left(session, workspace):
    me = make_actor(session)
    later = make_company(session, name="Later", owner_id=me.id, renewal_date=date(2027, 1, 10))
    sooner = make_company(session, name="Sooner", owner_id=me.id, renewal_date=date(2026, 11, 25))
    df = lists.upcoming_renewals(session, me, user_id=me.id, today=TODAY)
    assert list(df["id"]) == [sooner.id, later.id]
    assert list(df["days_left"]) == [3, 49]


def test_deleted_customers_do_not_count(session, workspace):
    from datetime import UTC, datetime

    me = make_actor(session)
    make_company(session, owner_id=me.id, deleted_at=datetime.now(UTC))
    assert lists.owned_summary(session, me, user_id=me.id, today=TODAY).customers == 0


def test_owner_property_setting_decides_what_is_mine(session, workspace):
    me, other = make_actor(session), make_actor(session)
    make_company(session, owner_id=other.id, csm_owner_id=me.id)
    assert lists.owned_summary(session, me, user_id=me.id, today=TODAY).customers == 0
    workspace.owner_property = "csm_owner_id"
    session.flush()
    assert lists.owned_summary(session, me, user_id=me.id, today=TODAY).customers == 1


def test_only_admins_see_someone_elses_overview(session, workspace):
    csm, other = make_actor(session), make_actor(session)
    admin = make_actor(session, is_super_admin=True)
    with pytest.raises(PermissionDenied):
        lists.owned_summary(session, csm, user_id=other.id, today=TODAY)
    with pytest.raises(PermissionDenied):
        resolve_viewed_user(session, csm, other.id)
    assert resolve_viewed_user(session, admin, other.id).id == other.id
    assert lists.owned_summary(session, admin, user_id=other.id, today=TODAY).customers == 0
