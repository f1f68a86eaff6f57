"""The one list of who reacts to what (cslib.reactions): every subscriber exists, writers
publish instead of calling the packages that react, and a reaction runs in the writer's
transaction."""

from __future__ import annotations

import inspect

import pytest

from cslib import reactions, records
from cslib.permissions import Actor
from tests.factories import make_company, make_user
from tests.unit.test_architecture import imports, top_package

WRITERS = ("records", "activities")


@pytest.mark.parametrize("reference", [r for refs in reactions.SUBSCRIBERS.values() for r in refs])
def test_every_subscriber_is_a_function_taking_the_session_first(reference):
    fn = reactions.subscriber(reference)
    assert callable(fn) and next(iter(inspect.signature(fn).parameters)) == "session"


def test_writers_import_no_package_that_reacts_to_them():
    reacting = {top_package(r.partition(":")[0]) for refs in reactions.SUBSCRIBERS.values() for r in refs}
    offenders = sorted(
        f"{m} -> {t}"
        for m, ts in imports().items()
        if top_package(m) in WRITERS
        for t in ts
        if top_package(t) in reacting
    )
    assert offenders == []


def test_an_edit_publishes_what_changed_inside_its_transaction(session, monkeypatch):
    HEARD.clear()
    monkeypatch.setitem(reactions.SUBSCRIBERS, reactions.RECORDS_CHANGED, ("tests.unit.test_reactions:listen",))
    user = make_user(session, email="react@example.com", name="Re Act", is_super_admin=True)
    company = make_company(session, name="Heard Inc", owner_id=user.id)
    actor = Actor.from_user(user)
    records.update_properties(
        session, actor, "company", company.id, {"city": "Gdańsk"}, expected_version=company.version
    )
    assert HEARD == [("company", [company.id], {"city"}, True)]


HEARD: list = []


def listen(session, object_type, ids, *, now=None, properties=None) -> None:  # noqa: ANN001
    """A stand-in subscriber: what it was told, and whether a transaction was open."""
    HEARD.append((object_type, list(ids), set(properties or ()), session.in_transaction()))
