"""The short-lived result cache (cslib.reports.cache): a result is reused within its TTL
and until a write is committed; then the next read computes it again."""

from __future__ import annotations

import uuid

from sqlalchemy import insert
from sqlalchemy.orm import Session

from cslib import reports
from cslib.models import Company
from cslib.reports import cache
from tests.unit.reports.world import company, workspace


class Counter:
    """A computation that counts its runs and returns the run's number."""

    def __init__(self) -> None:
        self.runs = 0

    def __call__(self) -> int:
        self.runs += 1
        return self.runs


def fresh_key() -> tuple:
    return ("test", uuid.uuid4().hex)


def writer(session: Session) -> Session:
    """Another session on the test's connection (its commit is a savepoint the test's
    rollback still undoes), as a second page run or the worker would write."""
    return Session(bind=session.connection(), join_transaction_mode="create_savepoint")


def test_a_result_is_reused_within_the_ttl_and_computed_again_after_it():
    key, compute, clock = fresh_key(), Counter(), [1000.0]
    now = lambda: clock[0]  # noqa: E731
    assert cache.cached(key, compute, now=now) == 1
    clock[0] += cache.TTL - 1
    assert cache.cached(key, compute, now=now) == 1 and compute.runs == 1
    clock[0] += 2  # the entry's TTL has passed
    assert cache.cached(key, compute, now=now) == 2
    assert cache.cached(fresh_key(), compute, now=now) == 3  # another key is another entry


def test_a_committed_write_makes_the_next_read_compute_again(session):
    workspace(session)
    session.commit()
    key, compute = fresh_key(), Counter()
    assert cache.cached(key, compute) == 1

    other = writer(session)
    other.add(Company(name="New customer"))
    other.flush()
    assert cache.cached(key, compute) == 1  # flushed, not committed: nothing changed yet
    other.commit()
    assert cache.cached(key, compute) == 2
    other.close()


def test_a_commit_without_writes_keeps_the_cache(session):
    workspace(session)
    session.commit()
    key, compute = fresh_key(), Counter()
    cache.cached(key, compute)
    other = writer(session)
    other.get(Company, 1)
    other.commit()
    assert cache.cached(key, compute) == 1
    other.close()


def test_a_bulk_write_and_a_declared_change_also_count(session):
    workspace(session)
    session.commit()
    key, compute = fresh_key(), Counter()
    cache.cached(key, compute)
    other = writer(session)
    other.execute(insert(Company), [{"name": "Imported"}])
    other.commit()
    assert cache.cached(key, compute) == 2
    cache.changed()  # a write outside any session, said so
    assert cache.cached(key, compute) == 3
    other.close()


def test_a_report_view_is_reused_until_a_committed_write_then_shows_it(session):
    people = workspace(session)
    kpi = {"object": "company", "measure": {"function": "count"}, "chart": "kpi"}
    report = reports.save_report(session, people.ada, name="Customers", definition=kpi)
    company(session)
    session.commit()

    first = reports.report_view(session, people.ada, report)
    again = reports.report_view(session, people.ada, report)
    assert first.result.total == 1 and again.result is first.result

    other = writer(session)
    other.add(Company(name="Another"))
    other.commit()
    other.close()
    fresh = reports.report_view(session, people.ada, report)
    assert fresh.result is not first.result and fresh.result.total == 2


def test_views_of_other_readers_or_scopes_are_not_mixed(session):
    people = workspace(session)
    company(session, owner_id=people.ada.id)
    company(session, owner_id=people.bob.id)
    mine = {"property": "owner_id", "operator": "in", "value": ["me"]}
    kpi = {"object": "company", "measure": {"function": "count"}, "chart": "kpi", "filter": mine}
    shared = reports.save_report(session, people.admin, name="Mine", definition=kpi, sharing="everyone")
    assert reports.report_view(session, people.ada, shared).result.total == 1
    assert reports.report_view(session, people.admin, shared).result.total == 0  # "me" is the reader
    everyone = reports.Scope(user_ids=(people.ada.id, people.bob.id))
    nobody = reports.Scope(user_ids=(people.admin.id,))
    assert reports.report_view(session, people.ada, shared, scope=everyone).result.total == 1
    assert reports.report_view(session, people.ada, shared, scope=nobody).result.total == 0


def test_the_cache_keeps_at_most_its_entries_dropping_the_oldest():
    first = fresh_key()
    cache.cached(first, lambda: "first")
    for _i in range(cache.MAX_ENTRIES):
        cache.cached(fresh_key(), lambda: "other")
    assert cache.cached(first, lambda: "again") == "again"
