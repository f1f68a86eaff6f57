"""Merging companies: everything of the merged-away record moves to the kept one, nothing is
lost or duplicated, and a failure half-way leaves both records as they were."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, or_, select

from cslib import records
from cslib.bulk import association_row
from cslib.db import read_session, write_session
from cslib.errors import NotFound, ValidationError
from cslib.lists import list_records
from cslib.models import (
    Activity,
    Alert,
    Association,
    Company,
    CompanyDomain,
    Contact,
    Follow,
    HealthProfile,
    HealthScore,
    Meeting,
    PropertyDefinition,
    PropertyHistory,
    Task,
)
from cslib.permissions import PermissionDenied
from cslib.records import merge  # the module itself, to patch its private steps
from tests.conftest import BACKENDS
from tests.factories import make_actor, make_company, make_object_type, make_pipeline, make_record, make_user

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


@dataclass
class Pair:
    me: object
    kept: Company
    gone: Company
    middle: Company
    ann: object
    bob: object
    shared_task: Task
    own_task: Task


def link(session, type_a, id_a, type_b, id_b, label=None):
    f_type, f_id, t_type, t_id = association_row(type_a, id_a, type_b, id_b)
    session.add(Association(from_type=f_type, from_id=f_id, to_type=t_type, to_id=t_id, label=label))


def history(session, company_id, prop, new, days_ago):
    session.add(
        PropertyHistory(
            object_type="company",
            object_id=company_id,
            property=prop,
            old_value=None,
            new_value=new,
            changed_at=NOW - timedelta(days=days_ago),
        )
    )


def build(session) -> Pair:
    """Two companies with activities, tasks, a meeting, contacts, a deal, follows, domains,
    history, an alert and health scores; some links shared, one between the two."""
    make_object_type(session, "company")
    session.add(
        PropertyDefinition(
            object_type="company",
            name="plan",
            label="Plan",
            type="enumeration",
            options=[{"value": "pro", "label": "Pro"}],
        )
    )
    me = make_actor(session, name="Merger")
    ann, bob = make_user(session, name="Ann"), make_user(session, name="Bob")
    # Created in this order so that gone.id < middle.id < kept.id: the pair (gone, middle)
    # flips its stored order once it becomes (kept, middle).
    gone = make_company(
        session,
        name="Acme Inc",
        domain="acme.io",
        owner_id=bob.id,
        arr=500.0,
        city="Oslo",
        lifecycle_stage="customer",
        custom={"plan": "pro"},
        last_activity_at=NOW - timedelta(days=1),
    )
    middle = make_company(session, name="Middle")
    kept = make_company(
        session,
        name="Acme",
        domain="acme.com",
        owner_id=ann.id,
        arr=None,
        city="",
        custom={},
        last_activity_at=NOW - timedelta(days=5),
    )
    session.add_all(
        [
            CompanyDomain(company_id=kept.id, domain="acme.com", is_primary=True),
            CompanyDomain(company_id=gone.id, domain="acme.io", is_primary=True),
            CompanyDomain(company_id=gone.id, domain="ACME.com", is_primary=False),
        ]
    )
    for company, n in ((kept, 2), (gone, 3)):
        for i in range(n):
            session.add(Activity(type="note", company_id=company.id, subject=f"{company.name} {i}"))
    shared_task, own_task = Task(title="Shared"), Task(title="Own")
    meeting = Meeting(title="Kick-off", start_at=NOW, end_at=NOW + timedelta(hours=1))
    both_contact, own_contact = Contact(first_name="Both"), Contact(first_name="Own")
    session.add_all([shared_task, own_task, meeting, both_contact, own_contact])
    session.flush()
    deal = make_record(session, make_pipeline(session, "deal"), name="Deal")
    for company in (kept, gone):
        link(session, "company", company.id, "task", shared_task.id)
        link(session, "company", company.id, "contact", both_contact.id)
    link(session, "company", gone.id, "task", own_task.id)
    link(session, "company", gone.id, "meeting", meeting.id)
    link(session, "company", gone.id, "contact", own_contact.id, label="Champion")
    link(session, "company", gone.id, "deal", deal.id)
    link(session, "company", gone.id, "company", middle.id)
    link(session, "company", gone.id, "company", kept.id)
    session.add_all(
        [
            Follow(user_id=ann.id, object_type="company", object_id=kept.id),
            Follow(user_id=ann.id, object_type="company", object_id=gone.id),
            Follow(user_id=bob.id, object_type="company", object_id=gone.id),
        ]
    )
    history(session, kept.id, "owner_id", str(ann.id), 30)
    history(session, gone.id, "owner_id", str(bob.id), 20)
    history(session, gone.id, "arr", "500", 10)
    profile = HealthProfile(name="Default", object_type="company")
    session.add(profile)
    session.flush()
    session.add_all(
        [
            HealthScore(profile_id=profile.id, object_id=kept.id, score=80, category="healthy"),
            HealthScore(profile_id=profile.id, object_id=gone.id, score=20, category="at_risk"),
            Alert(
                object_id=gone.id,
                profile_id=profile.id,
                direction="down",
                new_category="at_risk",
                new_score=20,
                expires_at=NOW + timedelta(days=14),
            ),
        ]
    )
    session.flush()
    return Pair(me, kept, gone, middle, ann, bob, shared_task, own_task)


def links_of(session, company_id) -> set[tuple[str, int]]:
    a = Association
    rows = session.execute(
        select(a.from_type, a.from_id, a.to_type, a.to_id).where(
            or_(
                (a.from_type == "company") & (a.from_id == company_id),
                (a.to_type == "company") & (a.to_id == company_id),
            )
        )
    ).all()
    return {(r.to_type, r.to_id) if (r.from_type, r.from_id) == ("company", company_id) else (r[0], r[1]) for r in rows}


def counts(session, company_id) -> dict[str, int]:
    def n(stmt):
        return session.scalar(stmt)

    return {
        "activities": n(select(func.count()).select_from(Activity).where(Activity.company_id == company_id)),
        "history": n(
            select(func.count())
            .select_from(PropertyHistory)
            .where(PropertyHistory.object_type == "company", PropertyHistory.object_id == company_id)
        ),
        "follows": n(
            select(func.count())
            .select_from(Follow)
            .where(Follow.object_type == "company", Follow.object_id == company_id)
        ),
        "domains": n(select(func.count()).select_from(CompanyDomain).where(CompanyDomain.company_id == company_id)),
        "links": len(links_of(session, company_id)),
        "tasks": sum(1 for t, _ in links_of(session, company_id) if t == "task"),
    }


def test_merge_moves_everything_and_loses_nothing(session):
    p = build(session)
    before_kept, before_gone = counts(session, p.kept.id), counts(session, p.gone.id)
    total_activities = session.scalar(select(func.count()).select_from(Activity))

    result = records.merge_companies(session, p.me, keep_id=p.kept.id, merge_id=p.gone.id, now=NOW)

    assert (result.activities, result.follows, result.domains, result.history) == (3, 1, 1, 2)
    # task, meeting, contact, deal and Middle move; the shared task and contact and the
    # link between the two are dropped.
    assert (result.associations, result.associations_dropped, result.tasks, result.meetings) == (5, 3, 1, 1)
    assert (result.alerts, result.health_scores_removed) == (1, 1)
    assert set(result.filled) == {"arr", "city", "lifecycle_stage", "plan"}

    after = counts(session, p.kept.id)
    assert after["activities"] == before_kept["activities"] + before_gone["activities"] == 5
    assert session.scalar(select(func.count()).select_from(Activity)) == total_activities
    assert after["tasks"] == 2  # the shared task once, and the merged record's own task
    assert after["links"] == 2 + 5  # its own two, plus the five moved
    assert after["follows"] == 2  # Ann followed both: one follow; Bob's moved
    assert after["domains"] == 2  # acme.com (primary), acme.io; ACME.com was a duplicate
    # Own history + the merged record's + one row per filled property + the merge itself.
    assert after["history"] == before_kept["history"] + before_gone["history"] + len(result.filled) + 1
    assert counts(session, p.gone.id) == dict.fromkeys(after, 0)
    assert links_of(session, p.kept.id) >= {("task", p.shared_task.id), ("task", p.own_task.id)}


def test_merge_marks_the_merged_record_and_updates_the_kept_one(session):
    p = build(session)
    version = p.kept.version
    records.merge_companies(session, p.me, keep_id=p.kept.id, merge_id=p.gone.id, now=NOW)
    session.expire_all()
    kept, gone = session.get(Company, p.kept.id), session.get(Company, p.gone.id)
    assert (gone.merged_into_id, gone.deleted_at) == (kept.id, NOW)
    assert kept.version > version
    assert kept.last_activity_at == NOW - timedelta(days=1)
    assert (kept.arr, kept.city, kept.lifecycle_stage, kept.custom) == (500.0, "Oslo", "customer", {"plan": "pro"})
    assert (kept.owner_id, kept.domain) == (p.ann.id, "acme.com")  # set values are kept
    rows = session.execute(
        select(PropertyHistory.property, PropertyHistory.old_value, PropertyHistory.new_value, PropertyHistory.source)
        .where(PropertyHistory.object_id == kept.id, PropertyHistory.source == "merge")
        .order_by(PropertyHistory.property)
    ).all()
    assert ("merged_from", None, f"Acme Inc (#{gone.id})", "merge") in rows
    assert ("arr", None, "500", "merge") in rows and ("plan", None, "pro", "merge") in rows
    assert ("city", "", "Oslo", "merge") in rows
    domains = session.execute(
        select(CompanyDomain.domain, CompanyDomain.is_primary)
        .where(CompanyDomain.company_id == kept.id)
        .order_by(CompanyDomain.domain)
    ).all()
    assert domains == [("acme.com", True), ("acme.io", False)]
    # The pair (gone, Middle) is now (Middle, kept): stored in canonical order.
    assert session.scalar(
        select(func.count())
        .select_from(Association)
        .where(
            Association.from_type == "company",
            Association.from_id == p.middle.id,
            Association.to_type == "company",
            Association.to_id == kept.id,
        )
    )
    assert session.scalar(select(Alert.object_id)) == kept.id
    assert set(session.scalars(select(HealthScore.object_id))) == {kept.id}
    listed = list_records(session, p.me, "company", filters=[], columns=["name"], sort=[])
    assert gone.id not in set(listed.rows["id"]) and kept.id in set(listed.rows["id"])


def test_a_merged_owner_that_is_no_longer_active_is_not_copied(session):
    p = build(session)
    p.kept.owner_id = None
    p.bob.is_active = False
    session.flush()
    result = records.merge_companies(session, p.me, keep_id=p.kept.id, merge_id=p.gone.id, now=NOW)
    assert "owner_id" not in result.filled and p.kept.owner_id is None


def test_a_kept_record_without_a_domain_takes_the_merged_ones_as_primary(session):
    me = make_actor(session)
    kept = make_company(session, name="Kept", domain=None)
    gone = make_company(session, name="Gone", domain="gone.example")  # no company_domains row
    records.merge_companies(session, me, keep_id=kept.id, merge_id=gone.id, now=NOW)
    assert kept.domain == "gone.example"
    rows = session.execute(
        select(CompanyDomain.domain, CompanyDomain.is_primary).where(CompanyDomain.company_id == kept.id)
    ).all()
    assert rows == [("gone.example", True)]


def test_refusals(session):
    me = make_actor(session)
    a, b = make_company(session), make_company(session)
    with pytest.raises(ValidationError, match="into itself"):
        records.merge_companies(session, me, keep_id=a.id, merge_id=a.id)
    with pytest.raises(PermissionDenied):
        records.merge_companies(session, make_actor(session, has_service_seat=False), keep_id=a.id, merge_id=b.id)
    deleted = make_company(session, deleted_at=NOW)
    merged = make_company(session, merged_into_id=a.id)
    for keep_id, merge_id in ((a.id, deleted.id), (deleted.id, a.id), (a.id, merged.id), (a.id, 10**9)):
        with pytest.raises(NotFound):
            records.merge_companies(session, me, keep_id=keep_id, merge_id=merge_id)
    assert (a.merged_into_id, b.merged_into_id, a.deleted_at, b.deleted_at) == (None, None, None, None)


def snapshot(engine, kept_id: int, gone_id: int) -> dict:
    with read_session(engine) as s:
        kept, gone = s.get(Company, kept_id), s.get(Company, gone_id)
        return {
            "kept": (kept.version, kept.arr, kept.city, kept.custom, kept.last_activity_at, kept.updated_at),
            "gone": (gone.version, gone.merged_into_id, gone.deleted_at),
            "kept_counts": counts(s, kept_id),
            "gone_counts": counts(s, gone_id),
            "alerts": sorted(s.scalars(select(Alert.object_id))),
            "scores": sorted(s.scalars(select(HealthScore.object_id))),
            "associations": sorted(
                s.execute(select(Association.from_type, Association.from_id, Association.to_type, Association.to_id))
            ),
        }


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("step", ["_move_associations", "_move_follows", "_move_domains"])
def test_a_failure_half_way_leaves_both_records_untouched(make_db, monkeypatch, step, backend):
    engine = make_db(backend)
    with write_session(engine) as s:
        p = build(s)
        me, kept_id, gone_id = p.me, p.kept.id, p.gone.id
    before = snapshot(engine, kept_id, gone_id)

    def boom(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(merge, step, boom)
    with pytest.raises(RuntimeError, match="disk on fire"), write_session(engine) as s:
        records.merge_companies(s, me, keep_id=kept_id, merge_id=gone_id, now=NOW)
    assert snapshot(engine, kept_id, gone_id) == before
    monkeypatch.undo()
    with write_session(engine) as s:
        records.merge_companies(s, me, keep_id=kept_id, merge_id=gone_id, now=NOW)
    assert snapshot(engine, kept_id, gone_id)["gone"][1] == kept_id


# --- the merge picker ----------------------------------------------------------------------


def test_merge_candidates_search_name_or_domain_ignoring_case_prefix_first(session):
    me = make_actor(session)
    owner = make_user(session, name="Olga Owner")
    this = make_company(session, name="Acme", domain="acme.com")
    inside = make_company(session, name="The ACME Group", domain="tag.example", owner_id=owner.id)
    starts = make_company(session, name="acme labs", domain=None)
    by_domain = make_company(session, name="Zeta", domain="zeta-acme.io")
    make_company(session, name="Acme Gone", deleted_at=NOW)
    make_company(session, name="Acme Merged", merged_into_id=this.id)
    make_company(session, name="Other", domain="other.example")
    found = records.merge_candidates(session, me, exclude_id=this.id, search="  ACME ")
    assert list(found["id"]) == [starts.id, inside.id, by_domain.id]
    assert list(found.columns) == ["id", "name", "domain", "owner"]
    assert found.set_index("id").loc[inside.id, "owner"] == "Olga Owner"
    assert list(records.merge_candidates(session, me, exclude_id=this.id, search="acme", limit=1)["id"]) == [starts.id]
    assert records.merge_candidates(session, me, exclude_id=this.id, search="%").empty
    everyone = records.merge_candidates(session, me, exclude_id=this.id, search="")
    assert this.id not in set(everyone["id"]) and len(everyone) == 4
    with pytest.raises(PermissionDenied):
        records.merge_candidates(session, make_actor(session, workspace_access=False), exclude_id=this.id, search="a")
