"""Demo data (SPEC: the demo must make every tab look real): sizes, sign-in, determinism,
and the consistency the tabs rely on."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select, text

from cslib import users
from cslib.db import read_session, write_session
from cslib.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, association_row, is_empty, main, seed_demo
from cslib.errors import ValidationError
from cslib.models import (
    Activity,
    Association,
    Company,
    CompanyDomain,
    Contact,
    Meeting,
    MeetingAttendee,
    ObjectType,
    Pipeline,
    PipelineStage,
    PropertyHistory,
    Record,
    Task,
    Team,
    User,
    WorkspaceSettings,
)
from tests.conftest import BACKENDS

# A fixed "now" (a Tuesday afternoon in Europe, morning in America) keeps runs comparable.
NOW = datetime(2026, 3, 10, 14, 25, 7, tzinfo=UTC)
FEED_TYPES = ("email_open", "email_click", "email_reply", "page_view", "form_submission", "sequence_enrollment")


@pytest.fixture(scope="module", params=BACKENDS)
def small(request, make_db):
    engine = make_db(request.param)
    assert is_empty(engine)
    return engine, seed_demo(engine, now=NOW)


def _count(s, model, *where) -> int:  # noqa: ANN001
    return s.scalar(select(func.count()).select_from(model).where(*where))


def test_small_dataset_has_the_expected_sizes(small):
    engine, summary = small
    with read_session(engine) as s:
        counts = {
            "companies": _count(s, Company),
            "contacts": _count(s, Contact),
            "tasks": _count(s, Task),
            "meetings": _count(s, Meeting),
            "activities": _count(s, Activity),
            "users": _count(s, User),
        }
        by_type = dict(s.execute(select(Record.object_type, func.count()).group_by(Record.object_type)).all())
    assert counts == {
        "companies": 400,
        "contacts": 1_200,
        "tasks": 1_500,
        "meetings": 200,
        "activities": 12_000,
        "users": 7,
    }
    assert by_type == {
        "deal": 300,
        "subscription": 120,
        "project": 150,
        "service": 60,
        "ticket": 250,
        "implementation": 40,
    }
    assert (summary.companies, summary.contacts, summary.deals, summary.activities) == (400, 1_200, 300, 12_000)
    assert summary.associations > 5_000 and summary.property_history > 1_000
    assert 0 < summary.seconds < 10


def test_every_demo_account_signs_in_with_the_demo_password(small):
    engine, _ = small
    assert [a.email for a in DEMO_ACCOUNTS] == [
        "admin@demo.example",
        "superadmin@demo.example",
        "manager@demo.example",
        "csm1@demo.example",
        "csm2@demo.example",
        "csm3@demo.example",
        "noexport@demo.example",
    ]
    for account in DEMO_ACCOUNTS:
        with write_session(engine) as s:
            result = users.sign_in(s, account.email, DEMO_PASSWORD)
            assert result.token and result.error is None, account.email
            user = s.scalar(select(User).where(User.email == account.email))
            assert (
                user.name,
                user.is_super_admin,
                user.has_service_seat,
                user.manage_settings,
                user.can_export,
                user.time_zone,
                user.language,
            ) == (
                account.name,
                account.is_super_admin,
                account.has_service_seat,
                account.manage_settings,
                account.can_export,
                account.time_zone,
                None,  # no language chosen: each reads the workspace default, else their browser's
            )
    roles = {a.email.split("@")[0]: a for a in DEMO_ACCOUNTS}
    assert roles["superadmin"].is_super_admin and not roles["superadmin"].has_service_seat
    assert not roles["noexport"].can_export and roles["manager"].manage_settings


def test_workspace_settings_object_types_pipelines_and_teams(small):
    engine, _ = small
    with read_session(engine) as s:
        ws = s.get(WorkspaceSettings, 1)
        assert ws.is_demo and ws.account_created_on == date(2024, 9, 12)
        assert (ws.owner_property, ws.customer_object, ws.projects_object) == ("owner_id", "company", "project")
        revenue = s.scalars(select(Pipeline.name).where(Pipeline.id.in_(ws.revenue_pipeline_ids))).all()
        assert set(revenue) == {"Sales pipeline", "Renewals pipeline", "Subscriptions"}
        custom = s.scalar(select(ObjectType).where(ObjectType.key == "implementation"))
        assert custom.is_custom and custom.has_pipeline and custom.plural == "Implementations"
        go_live = s.execute(
            select(PipelineStage).join(Pipeline).where(Pipeline.name == "Onboarding", PipelineStage.name == "Go-live")
        ).scalar_one()
        assert go_live.required_properties == ["close_date"]
        teams = {t.name: sorted(u.name for u in t.members) for t in s.scalars(select(Team))}
    assert teams == {
        "EMEA Customer Success": ["Chris Novak", "Lars Jensen", "Maya Chen", "Nina Kowalska"],
        "Americas Customer Success": ["Alex Morgan", "Priya Patel"],
    }


def test_same_seed_and_now_give_identical_data(make_db):
    a, b = make_db("sqlite"), make_db("sqlite")
    seed_demo(a, seed=7, now=NOW)
    seed_demo(b, seed=7, now=NOW)

    def snapshot(engine):  # noqa: ANN001, ANN202
        with read_session(engine) as s:
            return (
                s.scalars(select(Company.name).order_by(Company.id).limit(20)).all(),
                s.scalars(select(Task.due_at).order_by(Task.id)).all(),
                s.execute(
                    select(Activity.type, Activity.occurred_at, Activity.contact_id)
                    .order_by(Activity.id.desc())
                    .limit(50)
                ).all(),
            )

    first = snapshot(a)
    assert first == snapshot(b)
    assert len(set(first[0])) == 20
    if "postgresql" in BACKENDS:  # the same data on either backend
        pg = make_db("postgresql")
        seed_demo(pg, seed=7, now=NOW)
        assert snapshot(pg) == first
    other = make_db("sqlite")
    seed_demo(other, seed=8, now=NOW)
    assert snapshot(other)[0] != first[0]


def test_a_database_with_users_is_refused(small, make_db):
    engine, _ = small
    assert not is_empty(engine)
    with pytest.raises(ValidationError, match="already has users"):
        seed_demo(engine, now=NOW)
    with pytest.raises(ValidationError):
        seed_demo(make_db("sqlite"), scale="huge")


def test_every_company_has_exactly_one_primary_domain(small):
    engine, _ = small
    with read_session(engine) as s:
        rows = s.execute(select(CompanyDomain.company_id, CompanyDomain.domain, CompanyDomain.is_primary)).all()
        company_domain = dict(s.execute(select(Company.id, Company.domain)).all())
    primaries = Counter(cid for cid, _, primary in rows if primary)
    assert set(primaries) == set(company_domain) and set(primaries.values()) == {1}
    assert {cid: d for cid, d, primary in rows if primary} == company_domain
    domains = [d for _, d, _ in rows]
    assert len(domains) == len(set(domains))
    assert all(d.isascii() and d == d.lower() and "." in d and " " not in d for d in domains)
    several = sum(1 for n in Counter(cid for cid, _, _ in rows).values() if n > 1)
    assert 0.08 * len(company_domain) < several < 0.25 * len(company_domain)
    assert max(Counter(cid for cid, _, _ in rows).values()) <= 3


def test_every_worker_has_tasks_due_today_overdue_and_tomorrow_in_their_time_zone(small):
    engine, _ = small
    with read_session(engine) as s:
        users = s.scalars(select(User).where(User.has_service_seat)).all()
        assert len(users) == 6
        for user in users:
            tz = ZoneInfo(user.time_zone)
            today = NOW.astimezone(tz).date()
            start = datetime.combine(today, datetime.min.time(), tzinfo=tz)
            due = s.scalars(
                select(Task.due_at).where(
                    Task.assignee_id == user.id, Task.status != "completed", Task.due_at.is_not(None)
                )
            ).all()
            days = Counter(d.astimezone(tz).date() for d in due)
            assert days[today] >= 3, user.email
            assert days[today + timedelta(days=1)] >= 2, user.email
            assert sum(1 for d in due if d < start) >= 3, user.email
            assert any(today == d.astimezone(tz).date() and d > NOW for d in due), user.email
        done = s.execute(select(Task.completed_at, Task.created_at).where(Task.status == "completed")).all()
        assert 0.1 * 1_500 < len(done) < 0.5 * 1_500
        assert all(c and created <= c <= NOW for c, created in done)
        assert _count(s, Task, Task.status != "completed", Task.completed_at.is_not(None)) == 0


def test_last_activity_at_is_the_newest_activity(small):
    engine, _ = small
    with read_session(engine) as s:
        newest = dict(
            s.execute(select(Activity.company_id, func.max(Activity.occurred_at)).group_by(Activity.company_id)).all()
        )
        companies = dict(s.execute(select(Company.id, Company.last_activity_at)).all())
        assert companies == {cid: newest.get(cid) for cid in companies}
        sample = s.execute(select(Contact.id, Contact.last_activity_at).where(Contact.id % 17 == 0)).all()
        for kid, last in sample:
            assert last == s.scalar(select(func.max(Activity.occurred_at)).where(Activity.contact_id == kid))
        ages = [NOW - t for t in companies.values() if t]
        assert all(age >= timedelta(0) for age in ages)
        # Some customers went quiet: what a "days since last activity" health criterion needs.
        assert sum(1 for age in ages if age > timedelta(days=30)) > 20
        assert sum(1 for age in ages if age < timedelta(days=7)) > 150


def test_activities_feed_meetings_and_history_look_real(small):
    engine, _ = small
    with read_session(engine) as s:
        feed = s.execute(
            select(Activity.actor_id, Activity.contact_id, Activity.company_id, Activity.occurred_at).where(
                Activity.type.in_(FEED_TYPES)
            )
        ).all()
        assert len(feed) > 5_000
        assert all(a is None and k and c and NOW - timedelta(days=181) < t <= NOW for a, k, c, t in feed)
        assert sum(1 for *_, t in feed if t > NOW - timedelta(days=30)) > 1_000
        by_user = s.execute(select(Activity.actor_id).where(Activity.type.in_(("note", "call", "email")))).all()
        assert all(a is not None for (a,) in by_user)
        for user in s.scalars(select(User).where(User.has_service_seat)):
            tz = ZoneInfo(user.time_zone)
            today = NOW.astimezone(tz).date()
            meetings = s.scalars(select(Meeting).where(Meeting.organizer_id == user.id)).all()
            todays = [m for m in meetings if m.start_at.astimezone(tz).date() == today]
            assert len(todays) >= 3 and any(m.meeting_url for m in todays), user.email
        urls = s.scalars(select(Meeting.meeting_url).where(Meeting.meeting_url.is_not(None))).all()
        assert all(u.startswith("https://meet.example.com/") for u in urls)
        organizers = s.execute(
            select(func.count())
            .select_from(MeetingAttendee)
            .join(Meeting, Meeting.id == MeetingAttendee.meeting_id)
            .where(MeetingAttendee.user_id == Meeting.organizer_id)
        ).scalar()
        assert organizers == 200
        owners = dict(s.execute(select(Company.id, Company.owner_id)).all())
        history = s.execute(
            select(PropertyHistory.object_id, PropertyHistory.new_value, PropertyHistory.changed_at).where(
                PropertyHistory.object_type == "company", PropertyHistory.property == "owner_id"
            )
        ).all()
        assert {cid: int(v) for cid, v, _ in history} == owners
        recent = sum(1 for *_, at in history if at > NOW - timedelta(days=30))
        assert 0.15 * len(owners) < recent < 0.4 * len(owners)
        renewing = _count(s, Company, Company.renewal_date.between(NOW.date(), NOW.date() + timedelta(days=90)))
        assert renewing > 40


def test_pipeline_records_meet_their_stage_requirements(small):
    engine, _ = small
    with read_session(engine) as s:
        rows = s.execute(
            select(Record, PipelineStage.required_properties, Pipeline.object_type)
            .join(PipelineStage, PipelineStage.id == Record.stage_id)
            .join(Pipeline, Pipeline.id == Record.pipeline_id)
        ).all()
        assert len(rows) == 920
        for record, required, pipeline_object in rows:
            assert pipeline_object == record.object_type
            for prop in required:
                value = getattr(record, prop) if hasattr(Record, prop) else record.custom.get(prop)
                assert value not in (None, ""), (record.name, prop)


def test_associations_are_stored_once_in_order_and_link_every_record(small):
    engine, _ = small
    assert association_row("task", 5, "company", 9) == ("company", 9, "task", 5)
    assert association_row("contact", 3, "contact", 2) == ("contact", 2, "contact", 3)
    with read_session(engine) as s:
        pairs = s.execute(
            select(Association.from_type, Association.from_id, Association.to_type, Association.to_id)
        ).all()
        assert all((ft, fi) < (tt, ti) for ft, fi, tt, ti in pairs)
        linked = Counter((tt, ti) for ft, _, tt, ti in pairs if ft == "company")
        for model, kind in ((Contact, "contact"), (Task, "task"), (Meeting, "meeting")):
            ids = s.scalars(select(model.id)).all()
            assert all(linked[(kind, i)] == 1 for i in ids), kind
        for rid, kind in s.execute(select(Record.id, Record.object_type)):
            assert linked[(kind, rid)] == 1
        if engine.dialect.name == "sqlite":
            assert s.execute(text("PRAGMA foreign_key_check")).all() == []


@pytest.mark.parametrize("backend", BACKENDS)
def test_large_scale_at_one_percent_builds_proportionate_data(make_db, backend):
    engine = make_db(backend)
    summary = seed_demo(engine, scale="large", factor=0.01, now=NOW)
    assert (summary.companies, summary.contacts, summary.deals, summary.tasks, summary.activities) == (
        1_000,
        3_000,
        500,
        2_000,
        10_000,
    )
    with read_session(engine) as s:
        assert _count(s, Company) == 1_000 and _count(s, Activity) == 10_000
        assert _count(s, User) == len(DEMO_ACCOUNTS) and _count(s, Pipeline) == 7
        assert _count(s, PropertyHistory, PropertyHistory.property == "owner_id") == 1_000
        assert _count(s, Company, Company.last_activity_at.is_not(None)) > 900
    # New rows after the load get fresh ids (PostgreSQL sequences moved past the demo's ids).
    with write_session(engine) as s:
        company = Company(name="Added later", created_at=NOW)
        s.add(company)
        s.flush()
        assert company.id == 1_001


def test_cli_loads_an_empty_database_once(tmp_path, capsys):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    assert main(["--database-url", url, "--factor", "0.2", "--seed", "3"]) == 0
    out = capsys.readouterr().out
    assert "companies" in out and "80" in out and "loaded in" in out
    assert main(["--database-url", url]) == 0
    assert "already has data" in capsys.readouterr().out


def test_small_dataset_has_a_scored_health_profile_with_history_and_alerts(small):
    from cslib.models import Alert, HealthProfile, HealthRollup, HealthScore, HealthScoreEvent

    engine, _ = small
    with read_session(engine) as s:
        profile = s.scalars(select(HealthProfile)).one()
        assert profile.status == "active"
        customers = _count(s, Company, Company.lifecycle_stage.in_(["customer", "evangelist"]))
        assert _count(s, HealthScore) == _count(s, Company, Company.health_score.is_not(None)) == customers
        assert _count(s, HealthRollup) == 16
        assert _count(s, HealthScoreEvent) > customers  # scores moved over the weeks
        active = _count(s, Alert, Alert.expires_at > NOW)
        assert 0 < active < _count(s, Alert)  # some expired, some still active


def _stage_walks(s) -> dict[tuple[str, int], list[tuple]]:  # noqa: ANN001
    """(object type, id) -> [(old, new stage id, changed at)] in the order written."""
    walks: dict[tuple[str, int], list[tuple]] = {}
    rows = s.execute(
        select(
            PropertyHistory.object_type,
            PropertyHistory.object_id,
            PropertyHistory.old_value,
            PropertyHistory.new_value,
            PropertyHistory.changed_at,
        )
        .where(PropertyHistory.property == "stage_id")
        .order_by(PropertyHistory.id)
    )
    for kind, rid, old, new, at in rows:
        walks.setdefault((kind, rid), []).append((old, int(new), at))
    return walks


def test_pipeline_records_walk_their_stages_in_order(small):
    """Stage history reads like real work: a record enters its first stage when created and
    each open stage in order; a won deal went through every open stage, a lost one left
    from one of them; the last entry is the current stage, entered when the record says.
    Time in stage and the board's conversion strip read this."""
    engine, _ = small
    with read_session(engine) as s:
        stages = {
            pid: [
                SimpleNamespace(id=st.id, is_closed=st.is_closed, is_won=st.is_won)
                for st in s.scalars(
                    select(PipelineStage).where(PipelineStage.pipeline_id == pid).order_by(PipelineStage.display_order)
                )
            ]
            for pid in s.scalars(select(Pipeline.id)).all()
        }
        walks = _stage_walks(s)
        records = s.execute(
            select(
                Record.id,
                Record.object_type,
                Record.pipeline_id,
                Record.stage_id,
                Record.created_at,
                Record.stage_entered_at,
            )
        ).all()
    left_lost_deals_from: Counter = Counter()
    won_deals = 0
    for rid, kind, pipeline_id, stage_id, created_at, entered_at in records:
        steps = walks[(kind, rid)]
        walked = [new for _old, new, _at in steps]
        times = [at for *_, at in steps]
        ids = [st.id for st in stages[pipeline_id]]
        here = stages[pipeline_id][ids.index(stage_id)]
        open_before = [st.id for st in stages[pipeline_id][: ids.index(stage_id)] if not st.is_closed]
        assert [old for old, *_ in steps] == [None, *(str(w) for w in walked[:-1])]  # each step leaves the last
        assert (walked[-1], times[0], times[-1]) == (stage_id, created_at, entered_at)
        assert times == sorted(times)
        if here.is_closed and not here.is_won:  # lost: it left from one of the open stages before
            assert len(walked) >= 2 and walked[:-1] == open_before[: len(walked) - 1], (kind, rid)
            if kind == "deal":
                left_lost_deals_from[walked[-2]] += 1
        else:  # open, or won: through every open stage before it, in order
            assert walked == [*open_before, stage_id], (kind, rid)
            won_deals += kind == "deal" and here.is_won
    assert won_deals > 50
    assert len(left_lost_deals_from) >= 5  # lost deals left from many stages, not all from the first


def test_another_process_gives_the_same_stage_history(tmp_path, make_db):
    """The stage walks draw from their own stream; it must be seeded the same way in every
    process (hash randomisation and object addresses must not leak into it)."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'other.db'}"
    code = (
        "from datetime import UTC, datetime; from cslib.db import make_engine, upgrade; "
        "from cslib.demo import seed_demo; "
        f"e = make_engine({url!r}); upgrade(e); "
        "seed_demo(e, seed=5, factor=0.2, now=datetime(2026, 3, 10, 14, 25, 7, tzinfo=UTC))"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
    here = make_db("sqlite")
    seed_demo(here, seed=5, factor=0.2, now=NOW)
    from cslib.db import make_engine

    walks = []
    for engine in (make_engine(url), here):
        with read_session(engine) as s:
            walks.append(_stage_walks(s))
    assert walks[0] == walks[1] and len(walks[0]) > 100
