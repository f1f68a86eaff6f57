"""Repeated events of one contact, type and subject, each within an hour of the next newer
one, are one Feed item: the newest heads it and it counts them all, wherever pages split."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cslib.feed import GROUP_WINDOW, describe
from tests.factories import make_actor, make_company
from tests.unit.feed.world import SUBJECT, T, contact, event, every_page, feed, ids, link, minutes


@pytest.fixture
def csm_ann_bo(session, ws):
    csm = make_actor(session, name="Carla Csm")
    acme = make_company(session, name="Acme", owner_id=csm.id)
    ann, bo = contact(session, "Ann", "Lee"), contact(session, "Bo", "Berg")
    link(session, acme, ann, bo)
    return csm, ann, bo


def _summary(session, csm, **kw):  # noqa: ANN001, ANN202
    return [(i.contact_name, i.subject, i.count) for i in feed(session, csm, **kw).items]


def test_three_opens_within_40_minutes_are_one_item_counted_three_times(session, path, csm_ann_bo):
    csm, ann, _ = csm_ann_bo
    opens = [event(session, ann, "email_open", T + minutes(m)) for m in (0, 15, 40)]
    page = feed(session, csm)
    (item,) = page.items
    assert (item.id, item.count, item.occurred_at) == (opens[-1].id, 3, opens[-1].occurred_at)
    assert item.activity_ids == tuple(o.id for o in reversed(opens))
    assert describe(item, page.user_names).text == "Opened the email “Renewal next steps” 3 times"


def test_opens_two_hours_apart_are_two_items(session, path, csm_ann_bo):
    csm, ann, _ = csm_ann_bo
    first, second = event(session, ann, at=T), event(session, ann, at=T + timedelta(hours=2))
    page = feed(session, csm)
    assert [(i.id, i.count) for i in page.items] == [(second.id, 1), (first.id, 1)]
    assert describe(page.items[0], {}).text == "Opened the email “Renewal next steps”"


def test_the_window_is_one_hour_to_the_next_newer_event(session, path, csm_ann_bo):
    csm, ann, _ = csm_ann_bo
    assert GROUP_WINDOW == timedelta(hours=1)
    # 0, 50, 100, 150 minutes: each within the hour of the next, so one item over 2½ hours;
    # then a gap of one hour and a minute starts another item.
    chain = [event(session, ann, at=T + minutes(m)) for m in (0, 50, 100, 150)]
    exactly = event(session, ann, at=T + minutes(210))  # exactly an hour after: still one item
    apart = event(session, ann, at=T + minutes(271))
    assert [(i.id, i.count) for i in feed(session, csm).items] == [(apart.id, 1), (exactly.id, 5)]
    assert feed(session, csm).items[1].activity_ids[-1] == chain[0].id


def test_different_emails_or_contacts_or_types_are_separate_items(session, path, csm_ann_bo):
    csm, ann, bo = csm_ann_bo
    event(session, ann, "email_open", T, "Renewal next steps")
    event(session, ann, "email_open", T + minutes(5), "Price list")
    event(session, bo, "email_open", T + minutes(10), "Renewal next steps")
    event(session, ann, "email_click", T + minutes(15), "Renewal next steps", details={"url": "https://x.dk"})
    event(session, ann, "email_open", T + minutes(20), "Renewal next steps")
    assert _summary(session, csm) == [
        ("Ann Lee", SUBJECT, 2),
        ("Ann Lee", SUBJECT, 1),  # the click
        ("Bo Berg", SUBJECT, 1),
        ("Ann Lee", "Price list", 1),
    ]


def test_other_contacts_events_between_a_groups_events_do_not_split_it(session, csm_ann_bo):
    csm, ann, bo = csm_ann_bo
    for m in (0, 20, 40):
        event(session, ann, at=T + minutes(m))
        event(session, bo, "page_view", T + minutes(m + 10), "Pricing")
    assert _summary(session, csm) == [("Bo Berg", "Pricing", 3), ("Ann Lee", SUBJECT, 3)]


@pytest.mark.parametrize("limit", [1, 2, 3])
def test_a_group_split_by_a_page_boundary_is_counted_once_in_full(session, path, csm_ann_bo, limit):
    csm, ann, bo = csm_ann_bo
    # newest first: Bo's reply; Ann's three opens (interleaved with Bo's page views,
    # each its own item); Bo's form; Ann's click.
    reply = event(session, bo, "email_reply", T + timedelta(hours=5))
    opens = [event(session, ann, at=T + timedelta(hours=3) + minutes(m)) for m in (40, 20, 0)]
    views = [event(session, bo, "page_view", T + timedelta(hours=3) + minutes(m), f"P{m}") for m in (30, 10)]
    form = event(session, bo, "form_submission", T + timedelta(hours=1), "Trial")
    click = event(session, ann, "email_click", T, details={"url": "https://x.dk"})
    pages = every_page(session, csm, limit=limit)
    items = [i for p in pages for i in p.items]
    assert [i.id for i in items] == [reply.id, opens[0].id, views[0].id, views[1].id, form.id, click.id]
    assert [i.count for i in items] == [1, 3, 1, 1, 1, 1]
    assert items[1].activity_ids == tuple(o.id for o in opens)
    assert all(len(p.items) == limit for p in pages[:-1])


def test_a_group_longer_than_a_page_scan_starts_no_second_item(session, path, csm_ann_bo):
    """A contact opening one email every 30 minutes for two days is one item; the next
    page starts with the next older item, not with the rest of that group."""
    csm, ann, bo = csm_ann_bo
    older = event(session, bo, "page_view", T - timedelta(hours=3), "Pricing")
    opens = [event(session, ann, at=T + minutes(30 * k)) for k in range(96)]
    first = feed(session, csm, limit=1)
    assert [(i.id, i.count) for i in first.items] == [(opens[-1].id, 96)]
    second = feed(session, csm, cursor=first.next, limit=1)
    assert ids(second) == [older.id] and second.next is None


def test_load_older_is_offered_only_when_an_older_item_exists(session, path, csm_ann_bo):
    """Ann opens an email every 30 minutes for five hours; Bo views a page once in between.
    After Bo's item only the rest of Ann's item is older: no empty "Load older" page."""
    csm, ann, bo = csm_ann_bo
    opens = [event(session, ann, at=T + minutes(30 * k)) for k in range(11)]
    view = event(session, bo, "page_view", T + minutes(280), "Pricing")
    pages = every_page(session, csm, limit=1)
    assert [[(i.id, i.count) for i in p.items] for p in pages] == [[(opens[-1].id, 11)], [(view.id, 1)]]


def test_items_name_the_users_they_mention(session, csm_ann_bo):
    csm, ann, bo = csm_ann_bo
    rep = make_actor(session, name="Rita Rep")
    event(
        session,
        ann,
        "sequence_enrollment",
        T,
        "Onboarding",
        details={"sequence": "Onboarding", "enrolled_by_id": rep.id},
    )
    event(session, bo, "meeting_booked", T + minutes(5), "Demo", details={"meeting": "Demo", "booked_with_id": csm.id})
    event(session, bo, "sequence_unenrollment", T + minutes(10), "Onboarding", details={"reason": "replied"})
    page = feed(session, csm)
    assert page.user_names == {rep.id: "Rita Rep", csm.id: "Carla Csm"}
    texts = [describe(i, page.user_names).text for i in page.items]
    assert texts == [
        "Was unenrolled from the sequence Onboarding",
        "Booked the meeting “Demo” with Carla Csm",
        "Was enrolled in the sequence Onboarding by Rita Rep",
    ]
