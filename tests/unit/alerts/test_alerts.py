"""Health alerts after they are raised: active vs expired on a fake clock (by the test and
by the job), the Overview card (snoozes hide), stage changes and refusals, "Create task
from alert", and the Actions → Alerts list (filters, paging, sorting, permissions)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import delete, select

from cslib import alerts, jobs, worker
from cslib.db import write_session
from cslib.errors import ConflictError, NotFound, ValidationError
from cslib.models import Alert, Association, Company, HealthScoreEvent, Task, utcnow
from cslib.permissions import PermissionDenied
from tests.factories import make_actor, make_alert, make_company, make_health_profile, make_workspace

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)  # a Monday
DAY = timedelta(days=1)


@pytest.fixture
def ws(session):
    """Workspace, a CSM (Copenhagen time), an admin without a seat, a seatless user, a profile."""
    make_workspace(session)
    csm = make_actor(session, name="Carla Csm", time_zone="Europe/Copenhagen")
    other = make_actor(session, name="Otto Other")
    admin = make_actor(session, name="Ada Admin", is_super_admin=True, has_service_seat=False)
    seatless = make_actor(session, name="Sam Seatless", has_service_seat=False)
    profile = make_health_profile(session, name="Customer health")
    return {"csm": csm, "other": other, "admin": admin, "seatless": seatless, "profile": profile}


def _alert(session, ws, name="Acme Corp", *, raised_at=T0, owner=None, **overrides):  # noqa: ANN001, ANN201
    company = make_company(session, name=name, owner_id=getattr(owner or ws["csm"], "id", None))
    return make_alert(session, company, ws["profile"], raised_at=raised_at, **overrides)


def _ids(df) -> list[int]:  # noqa: ANN001
    return [int(i) for i in df["id"]]


def _list(session, actor, now=T0, **q):  # noqa: ANN001, ANN003, ANN201
    return alerts.list_alerts(session, actor, alerts.AlertQuery(**q), now=now)


# --- active and expired -------------------------------------------------------------------


def test_an_alert_is_active_on_day_13_and_expired_on_day_15(session, ws):
    a = _alert(session, ws)
    csm = ws["csm"]
    day13, day15 = T0 + 13 * DAY, T0 + 15 * DAY
    assert _ids(alerts.newest_active(session, csm, now=day13)) == [a.id]
    assert alerts.count_active(session, csm, now=day13) == 1
    assert _ids(_list(session, csm, now=day13).rows) == [a.id]

    # Day 15, the job has not run: gone from active lists all the same, kept as history.
    assert alerts.newest_active(session, csm, now=day15).empty
    assert alerts.count_active(session, csm, now=day15) == 0
    assert _list(session, csm, now=day15).total == 0
    expired = _list(session, csm, now=day15, stages=("expired",)).rows
    assert _ids(expired) == [a.id] and list(expired["stage_now"]) == ["expired"]
    assert session.get(Alert, a.id).stage == "new"

    # The job makes the stored stage say so; lists answer the same.
    assert alerts.expire_alerts(session, now=day13) == 0
    assert alerts.expire_alerts(session, now=day15) == 1
    session.expire_all()
    assert session.get(Alert, a.id).stage == "expired"
    assert alerts.newest_active(session, csm, now=day15).empty
    assert _ids(_list(session, csm, now=day15, stages=("expired",)).rows) == [a.id]
    assert _ids(_list(session, csm, now=day15, stages=()).rows) == [a.id]


def test_expiry_leaves_resolved_alerts_alone(session, ws):
    a = _alert(session, ws, stage="resolved", resolved_at=T0 + DAY)
    assert alerts.expire_alerts(session, now=T0 + 20 * DAY) == 0
    session.expire_all()
    assert session.get(Alert, a.id).stage == "resolved"


def test_the_expiry_job_is_registered_and_scheduled(engine):
    assert jobs.get_handler("alerts.expire") is not None
    assert jobs.periodic_jobs()["expire_alerts"].kind == "alerts.expire"
    assert "cslib.alerts" in worker.HANDLER_MODULES
    with write_session(engine) as s:
        company = make_company(s, name="Expiry job test")
        old = make_alert(s, company, None, raised_at=utcnow() - 15 * DAY).id
        fresh = make_alert(s, company, None, raised_at=utcnow() - DAY, direction="up").id
    try:
        result = jobs.get_handler("alerts.expire")(engine, {})
        assert result["expired"] >= 1
        with write_session(engine) as s:
            stages = dict(s.execute(select(Alert.id, Alert.stage).where(Alert.id.in_([old, fresh]))).all())
        assert stages == {old: "expired", fresh: "new"}
    finally:
        with write_session(engine) as s:
            s.execute(delete(Alert).where(Alert.id.in_([old, fresh])))
            s.execute(delete(Company).where(Company.id == company.id))


# --- the Overview card --------------------------------------------------------------------


def test_the_card_lists_the_newest_first_of_the_viewed_users_customers(session, ws):
    mine_old = _alert(session, ws, "Old", raised_at=T0 - 2 * DAY)
    mine_new = _alert(session, ws, "New", raised_at=T0 - DAY)
    theirs = _alert(session, ws, "Theirs", owner=ws["other"])
    csm = ws["csm"]
    assert _ids(alerts.newest_active(session, csm, owner_id=csm.id, now=T0)) == [mine_new.id, mine_old.id]
    assert alerts.count_active(session, csm, owner_id=csm.id, now=T0) == 2
    assert _ids(alerts.newest_active(session, csm, now=T0)) == [theirs.id, mine_new.id, mine_old.id]
    assert _ids(alerts.newest_active(session, csm, now=T0, limit=1)) == [theirs.id]
    row = alerts.newest_active(session, csm, owner_id=csm.id, now=T0).iloc[0]
    assert (row["customer"], row["change"], row["score_change"], row["profile"]) == (
        "New",
        "Healthy → At risk",
        "75 → 35",
        "Customer health",
    )
    with pytest.raises(PermissionDenied):
        alerts.newest_active(session, csm, owner_id=ws["other"].id, now=T0)
    # An admin may look at someone else's card, seat or not.
    assert _ids(alerts.newest_active(session, ws["admin"], owner_id=csm.id, now=T0)) == [mine_new.id, mine_old.id]


def test_a_snooze_hides_the_alert_from_the_card_until_its_day(session, ws):
    a = _alert(session, ws)
    csm = ws["csm"]  # Copenhagen: UTC+1 in March
    alerts.snooze(session, csm, a.id, until=date(2026, 3, 5), reason="Waiting for their QBR", now=T0)
    session.expire_all()
    stored = session.get(Alert, a.id)
    assert stored.stage == "snoozed" and stored.snooze_reason == "Waiting for their QBR"
    assert stored.snoozed_until == datetime(2026, 3, 4, 23, 0, tzinfo=UTC)  # Mar 5 00:00 in Copenhagen
    for now in (T0 + DAY, datetime(2026, 3, 4, 22, 59, tzinfo=UTC)):
        assert alerts.count_active(session, csm, now=now) == 0
        assert alerts.newest_active(session, csm, now=now).empty
        assert _ids(_list(session, csm, now=now).rows) == [a.id]  # still listed on Actions → Alerts
    later = datetime(2026, 3, 4, 23, 0, tzinfo=UTC)
    assert _ids(alerts.newest_active(session, csm, now=later)) == [a.id]


def test_alerts_of_deleted_or_merged_customers_are_not_shown(session, ws):
    gone = _alert(session, ws, "Gone")
    merged = _alert(session, ws, "Merged")
    kept = _alert(session, ws, "Kept")
    session.get(Company, gone.object_id).deleted_at = T0
    loser = session.get(Company, merged.object_id)  # as cslib.merge leaves it (it also moves alerts)
    loser.merged_into_id, loser.deleted_at = kept.object_id, T0
    session.flush()
    assert _ids(alerts.newest_active(session, ws["csm"], now=T0)) == [kept.id]
    with pytest.raises(NotFound):
        alerts.alert_detail(session, ws["csm"], gone.id, now=T0)


# --- stage changes ------------------------------------------------------------------------


def test_acknowledge_resolve_reopen(session, ws):
    a = _alert(session, ws)
    csm = ws["csm"]
    alerts.acknowledge(session, csm, a.id, expected_version=1, now=T0)
    detail = alerts.alert_detail(session, csm, a.id, now=T0)
    assert (detail.stage, detail.version, detail.updated_by) == ("acknowledged", 2, "Carla Csm")
    with pytest.raises(ValidationError, match="already acknowledged"):
        alerts.acknowledge(session, csm, a.id, now=T0)
    alerts.resolve(session, csm, a.id, expected_version=2, now=T0 + DAY)
    detail = alerts.alert_detail(session, csm, a.id, now=T0 + DAY)
    assert (detail.stage, detail.resolved_at) == ("resolved", T0 + DAY)
    assert alerts.count_active(session, csm, now=T0 + DAY) == 0
    with pytest.raises(ValidationError, match="already resolved"):
        alerts.resolve(session, csm, a.id, now=T0 + DAY)
    with pytest.raises(ValidationError, match="reopen it first"):
        alerts.acknowledge(session, csm, a.id, now=T0 + DAY)
    alerts.reopen(session, csm, a.id, now=T0 + DAY)
    detail = alerts.alert_detail(session, csm, a.id, now=T0 + DAY)
    assert (detail.stage, detail.resolved_at) == ("new", None)
    with pytest.raises(ValidationError, match="already new"):
        alerts.reopen(session, csm, a.id, now=T0 + DAY)


def test_a_stale_version_is_a_conflict(session, ws):
    a = _alert(session, ws)
    alerts.acknowledge(session, ws["csm"], a.id, expected_version=1, now=T0)
    with pytest.raises(ConflictError):
        alerts.resolve(session, ws["other"], a.id, expected_version=1, now=T0)


def test_reopen_is_refused_when_a_newer_alert_replaced_it(session, ws):
    a = _alert(session, ws, stage="resolved", resolved_at=T0 + DAY)
    make_alert(session, a.object_id, ws["profile"], raised_at=T0 + DAY)
    with pytest.raises(ValidationError, match="newer alert"):
        alerts.reopen(session, ws["csm"], a.id, now=T0 + 2 * DAY)


@pytest.mark.parametrize(
    ("until", "reason", "message"),
    [
        (date(2026, 3, 2), "Later", "after today"),
        (date(2026, 3, 1), "Later", "after today"),
        (date(2026, 3, 17), "Later", "expires on"),
        (date(2026, 3, 5), "   ", "cannot be empty"),
        (date(2026, 3, 5), "x" * 501, "at most 500"),
        ("soon", "Later", "Pick the day"),
    ],
)
def test_snooze_refuses_bad_input(session, ws, until, reason, message):
    a = _alert(session, ws)
    with pytest.raises(ValidationError, match=message):
        alerts.snooze(session, ws["csm"], a.id, until=until, reason=reason, now=T0)
    session.expire_all()
    assert session.get(Alert, a.id).stage == "new"


def test_snooze_up_to_the_expiry_day_and_a_500_character_reason_are_fine(session, ws):
    a = _alert(session, ws)
    alerts.snooze(session, ws["csm"], a.id, until=date(2026, 3, 16), reason="y" * 500, now=T0)
    assert alerts.alert_detail(session, ws["csm"], a.id, now=T0).stage == "snoozed"


def test_an_expired_alert_can_no_longer_be_changed(session, ws):
    a = _alert(session, ws)
    later = T0 + 15 * DAY
    for change in (alerts.acknowledge, alerts.resolve, alerts.reopen, alerts.create_task_from_alert):
        with pytest.raises(ValidationError, match="expired on"):
            change(session, ws["csm"], a.id, now=later)
    with pytest.raises(ValidationError, match="expired on"):
        alerts.snooze(session, ws["csm"], a.id, until=date(2026, 3, 20), reason="x", now=later)


def test_changes_need_a_service_seat(session, ws):
    a = _alert(session, ws)
    for actor in (ws["seatless"], ws["admin"]):
        with pytest.raises(PermissionDenied):
            alerts.acknowledge(session, actor, a.id, now=T0)
        with pytest.raises(PermissionDenied):
            alerts.create_task_from_alert(session, actor, a.id, now=T0)
    with pytest.raises(PermissionDenied):
        _list(session, ws["seatless"])
    with pytest.raises(PermissionDenied):
        alerts.newest_active(session, ws["seatless"], now=T0)


def test_an_unknown_alert_is_not_found(session, ws):
    with pytest.raises(NotFound):
        alerts.acknowledge(session, ws["csm"], 987654, now=T0)
    with pytest.raises(NotFound):
        alerts.alert_detail(session, ws["csm"], "nope", now=T0)


# --- create task from alert ---------------------------------------------------------------


def _event(session, a, changes):  # noqa: ANN001
    session.add(
        HealthScoreEvent(
            profile_id=a.profile_id,
            object_id=a.object_id,
            at=a.raised_at,
            old_score=a.old_score,
            new_score=a.new_score,
            old_category=a.old_category,
            new_category=a.new_category,
            reason={"trigger": "schedule", "changes": changes},
        )
    )
    session.flush()


def test_create_task_from_alert(session, ws):
    csm, other = ws["csm"], ws["other"]
    a = _alert(session, ws, "Acme Corp", old_score=62.0, new_score=38.0, old_category="neutral")
    session.get(Company, a.object_id).csm_owner_id = other.id
    changes = [
        {"key": "c1", "label": "Low NPS", "group": "Sentiment", "old": 0.0, "new": -20.0},
        {"key": "c4", "label": "Days since last activity", "group": "Engagement", "old": 25.0, "new": 15.0},
    ]
    _event(session, a, changes)
    assert alerts.alert_detail(session, csm, a.id, now=T0).changes == changes

    made = alerts.create_task_from_alert(session, csm, a.id, now=T0)
    assert made.created
    task = session.get(Task, made.task_id)
    assert task.title == made.title == "Follow up: Acme Corp is now At risk (score 62 → 38)"
    assert (task.type, task.priority, task.assignee_id) == ("todo", "high", other.id)
    assert task.due_at == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)  # tomorrow 09:00 in Copenhagen
    assert "Customer health" in task.notes and "Low NPS: 0 → −20 points" in task.notes
    linked = session.scalars(
        select(Association.from_id).where(Association.to_type == "task", Association.to_id == task.id)
    ).all()
    assert linked == [a.object_id]
    detail = alerts.alert_detail(session, csm, a.id, now=T0)
    assert detail.stage == "acknowledged"
    assert detail.task == alerts.TaskRef(task.id, task.title)

    again = alerts.create_task_from_alert(session, csm, a.id, now=T0)
    assert (again.created, again.task_id) == (False, task.id)
    assert session.scalar(select(Task.id).where(Task.id > task.id)) is None

    # Once that task is deleted, a new one may be made.
    task.deleted_at = T0
    session.flush()
    assert alerts.create_task_from_alert(session, csm, a.id, now=T0).created


def test_task_assignee_falls_back_to_the_owner_then_the_actor_and_up_alerts_are_medium(session, ws):
    csm, other = ws["csm"], ws["other"]
    up = _alert(session, ws, "Up Inc", owner=other, direction="up", old_category="at_risk", new_category="neutral")
    made = alerts.create_task_from_alert(session, csm, up.id, now=T0)
    task = session.get(Task, made.task_id)
    assert (task.assignee_id, task.priority) == (other.id, "medium")
    nobody = make_alert(session, make_company(session, name="Unowned"), ws["profile"], raised_at=T0)
    task = session.get(Task, alerts.create_task_from_alert(session, csm, nobody.id, now=T0).task_id)
    assert task.assignee_id == csm.id


def test_two_alerts_of_one_customer_get_a_task_each(session, ws):
    a = _alert(session, ws)
    b = make_alert(session, a.object_id, ws["profile"], raised_at=T0, direction="up", new_category="healthy")
    first = alerts.create_task_from_alert(session, ws["csm"], a.id, now=T0)
    second = alerts.create_task_from_alert(session, ws["csm"], b.id, now=T0)
    assert first.created and second.created and first.task_id != second.task_id


# --- the list -----------------------------------------------------------------------------


def test_each_filter_narrows_the_list(session, ws):
    csm, other = ws["csm"], ws["other"]
    second = make_health_profile(session, name="Enterprise", priority=2)
    new = _alert(session, ws, "Alpha", raised_at=T0 - DAY)
    old = _alert(session, ws, "Beta", raised_at=T0 - 10 * DAY, stage="acknowledged")
    up = _alert(session, ws, "Gamma", raised_at=T0 - 2 * DAY, direction="up", new_category="healthy", owner=other)
    snoozed = _alert(session, ws, "Delta", raised_at=T0 - 3 * DAY, stage="snoozed", snoozed_until=T0 + DAY)
    resolved = _alert(session, ws, "Epsilon", raised_at=T0 - DAY, stage="resolved", resolved_at=T0)
    ent = make_alert(session, make_company(session, name="Zeta", owner_id=other.id), second, raised_at=T0 - DAY)

    def ids(**q) -> set[int]:  # noqa: ANN003
        return set(_ids(_list(session, csm, **q).rows))

    assert ids() == {new.id, old.id, up.id, snoozed.id, ent.id}
    assert ids(stages=("new",)) == {new.id, up.id, ent.id}
    assert ids(stages=("snoozed", "resolved")) == {snoozed.id, resolved.id}
    assert ids(stages=()) == {new.id, old.id, up.id, snoozed.id, resolved.id, ent.id}
    assert ids(created="last_7_days") == {new.id, up.id, snoozed.id, ent.id}
    assert ids(created="over_30_days_ago") == set()
    owner_me = {"all": [{"property": "owner_id", "operator": "in", "value": ["me"]}]}
    assert ids(advanced=owner_me) == {new.id, old.id, snoozed.id}
    down = {"all": [{"property": "alert.direction", "operator": "in", "value": ["down"]}]}
    assert ids(advanced=down) == {new.id, old.id, snoozed.id, ent.id}
    profile = {"all": [{"property": "alert.profile", "operator": "in", "value": [str(second.id)]}]}
    assert ids(advanced=profile) == {ent.id}
    healthy = {"all": [{"property": "alert.new_category", "operator": "in", "value": ["healthy"]}]}
    assert ids(advanced=healthy) == {up.id}
    mixed = {
        "any": [
            {"all": [{"property": "name", "operator": "starts_with", "value": "alp"}]},
            {"all": [{"property": "alert.profile", "operator": "not_in", "value": [str(ws["profile"].id)]}]},
        ]
    }
    assert ids(advanced=mixed) == {new.id, ent.id}
    with pytest.raises(ValidationError):
        ids(advanced={"all": [{"property": "alert.direction", "operator": "in", "value": ["sideways"]}]})
    with pytest.raises(ValidationError):
        ids(object_type="deal")


def test_the_list_pages_counts_and_sorts(session, ws):
    made = [_alert(session, ws, f"Customer {i:02d}", raised_at=T0 - i * timedelta(hours=1)) for i in range(30)]
    csm = ws["csm"]
    first = _list(session, csm)
    assert (first.total, first.pages, len(first.rows)) == (30, 2, 25)
    assert _ids(first.rows) == [a.id for a in made[:25]]  # newest first
    second = _list(session, csm, page=2)
    assert _ids(second.rows) == [a.id for a in made[25:]]
    assert _list(session, csm, page=99).page == 2
    by_name = _list(session, csm, sort=("customer", "desc"))
    assert list(by_name.rows["customer"])[:2] == ["Customer 29", "Customer 28"]
    oldest = _list(session, csm, sort=("raised", "asc"))
    assert _ids(oldest.rows)[0] == made[-1].id
    with pytest.raises(ValidationError):
        _list(session, csm, sort=("expires", "asc"))


def test_an_admin_without_a_seat_may_read_the_list(session, ws):
    a = _alert(session, ws)
    assert _ids(_list(session, ws["admin"]).rows) == [a.id]


def test_the_query_goes_through_the_url(session, ws):
    props = alerts.filter_properties(session)
    q = alerts.AlertQuery(
        stages=("new", "expired"),
        created="last_30_days",
        advanced={"all": [{"property": "alert.direction", "operator": "in", "value": ["up"]}]},
        sort=("customer", "asc"),
        page=3,
        alert_id=7,
    )
    params = alerts.query_params(q)
    assert alerts.parse_query(params, props) == q
    assert alerts.query_params(alerts.AlertQuery()) == {}
    assert alerts.parse_query({"stage": "all"}, props).stages == ()
    bad = alerts.parse_query(
        {"stage": "bogus", "created": "never", "sort": "x:y", "page": "0", "adv": "{", "object": "deal"}, props
    )
    assert bad == alerts.AlertQuery() and len(bad.notes) == 6


def test_words():
    assert alerts.ago(T0 - 2 * DAY, T0) == "2 days ago"
    assert alerts.ago(T0 - timedelta(minutes=5), T0) == "5 minutes ago"
    assert alerts.ago(T0, T0) == "just now"
    assert alerts.expires_in(T0 + 14 * DAY - timedelta(seconds=5), T0) == "in 14 days"  # just raised
    assert alerts.expires_in(T0 + 11 * DAY + timedelta(hours=19), T0) == "in 12 days"  # raised 2 days ago
    assert alerts.expires_in(T0 + timedelta(hours=1), T0) == "in 1 hour"
    assert alerts.expires_in(T0 + timedelta(minutes=30), T0) == "in 30 minutes"
    assert alerts.expires_in(T0 - DAY, T0) == "expired"
    assert alerts.score_change(62.5, 38.0) == "62.5 → 38"
    assert alerts.score_change(None, 38.0) == "— → 38"
