"""Follow-ups on a Feed item (Call, Email, Create note, Create task, Schedule) land on the
item's contact: on its timeline (and its company's), or as its associated task or meeting.
They are what users did, so they never show in the Feed themselves."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cslib import activities as act
from cslib import records
from cslib.feed import describe
from cslib.models import utcnow
from tests.factories import make_actor, make_company
from tests.unit.feed.world import T, contact, event, feed, ids


@pytest.fixture
def item(session, ws):
    """Carla's feed item: Ann Lee (of Acme, linked through the records API) opened an email."""
    csm = make_actor(session, name="Carla")
    acme = make_company(session, name="Acme", owner_id=csm.id)
    ann = contact(session, "Ann", "Lee")
    records.associate(session, csm, "contact", ann.id, "company", acme.id)
    opened = event(session, ann, "email_open", T, company=acme)
    (first,) = feed(session, csm).items
    assert (first.id, first.contact_id, first.company_id) == (opened.id, ann.id, acme.id)
    return csm, first


def _on_timeline(session, actor, object_type, object_id) -> list[tuple[str, str | None]]:  # noqa: ANN001
    df = act.timeline(session, actor, object_type, object_id)
    return list(zip(df["type"], df["subject"], strict=True))


def test_a_call_an_email_and_a_note_go_on_the_contacts_and_companys_timelines(session, item):
    csm, it = item
    when = T + timedelta(hours=1)
    act.log_activity(
        session,
        csm,
        "contact",
        it.contact_id,
        type="call",
        subject="Call about the email",
        body="She wants a demo.",
        occurred_at=when,
        details={"duration_min": 5, "outcome": "connected"},
    )
    act.log_activity(
        session, csm, "contact", it.contact_id, type="email", subject="Demo times", body="…", occurred_at=when
    )
    act.log_activity(
        session, csm, "contact", it.contact_id, type="note", subject=None, body="Hot lead", occurred_at=when
    )
    for object_type, object_id in (("contact", it.contact_id), ("company", it.company_id)):
        assert sorted(_on_timeline(session, csm, object_type, object_id), key=str) == sorted(
            [("call", "Call about the email"), ("email", "Demo times"), ("note", None), ("email_open", it.subject)],
            key=str,
        )
    assert ids(feed(session, csm)) == [it.id]  # the user's own follow-ups are not sales activity


def test_a_task_from_an_item_is_linked_to_its_contact_and_company(session, item):
    csm, it = item
    tid = act.create_task(
        session,
        csm,
        title=f"Follow up: {describe(it, {}).text}",
        due_at=T + timedelta(days=1),
        associations=[("contact", it.contact_id), ("company", it.company_id)],
    )
    for object_type, object_id in (("contact", it.contact_id), ("company", it.company_id)):
        tasks = records.associated(session, csm, object_type, object_id, other_type="task")
        assert list(zip(tasks["id"], tasks["name"], strict=True)) == [
            (tid, "Follow up: Opened the email “Renewal next steps”")
        ]
    assert records.association_counts(session, csm, "contact", it.contact_id) == {"company": 1, "task": 1}


def test_a_past_meeting_goes_on_the_contacts_timeline_and_a_future_one_is_linked(session, item):
    csm, it = item
    links = [("contact", it.contact_id), ("company", it.company_id)]
    held = act.create_meeting(
        session, csm, title="Demo", start_at=T + timedelta(hours=2), end_at=T + timedelta(hours=3), associations=links
    )
    start = utcnow() + timedelta(days=3)
    planned = act.create_meeting(
        session, csm, title="Contract", start_at=start, end_at=start + timedelta(minutes=30), associations=links
    )
    assert ("meeting", "Demo") in _on_timeline(session, csm, "contact", it.contact_id)
    assert ("meeting", "Contract") not in _on_timeline(session, csm, "contact", it.contact_id)
    meetings = records.associated(session, csm, "contact", it.contact_id, other_type="meeting")
    assert sorted(meetings["id"]) == sorted([held, planned])
    assert ids(feed(session, csm)) == [it.id]


def test_a_follow_up_goes_on_the_timeline_of_the_items_company_when_the_contact_has_two(session, ws):
    """Ann works with Olga's Globex (lower id) and Carla's Acme: Carla's call from the Feed
    belongs on Acme's timeline, not on the first linked company's."""
    from cslib.errors import ValidationError

    csm, olga = make_actor(session, name="Carla"), make_actor(session, name="Olga")
    globex = make_company(session, name="Globex", owner_id=olga.id)
    acme = make_company(session, name="Acme", owner_id=csm.id)
    ann = contact(session, "Ann", "Lee")
    records.associate(session, csm, "contact", ann.id, "company", globex.id)
    records.associate(session, csm, "contact", ann.id, "company", acme.id)
    event(session, ann, "email_open", T, company=globex)
    (it,) = feed(session, csm).items
    assert it.company_id == acme.id
    act.log_activity(
        session, csm, "contact", ann.id, type="note", subject=None, body="Called back", company_id=it.company_id
    )
    assert ("note", None) in _on_timeline(session, csm, "company", acme.id)
    assert ("note", None) not in _on_timeline(session, csm, "company", globex.id)
    other = make_company(session, name="Initech", owner_id=csm.id)
    for wrong in (other.id, True, "1", -5):
        with pytest.raises(ValidationError, match="not linked to this record"):
            act.log_activity(session, csm, "contact", ann.id, type="note", subject=None, body="x", company_id=wrong)
