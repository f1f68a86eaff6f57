""" "Load older activities": pages by keyset on (time, id), newest first, never repeating
or skipping an item, even when activities arrive (or are back-dated) between two loads."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.factories import make_actor, make_company
from tests.unit.feed.world import T, contact, event, every_page, feed, ids, link, minutes, newest_first


@pytest.fixture
def csm_and_contacts(session, ws):
    csm = make_actor(session)
    acme = make_company(session, name="Acme", owner_id=csm.id)
    people = [contact(session, "Ann", "Lee"), contact(session, "Bo", "Berg"), contact(session, "Cy", "Dahl")]
    link(session, acme, *people)
    return csm, people


def _distinct_events(session, people, n: int, start=T):  # noqa: ANN001, ANN202
    """n events that never group: each on its own subject, 7 minutes apart."""
    return [
        event(session, people[i % len(people)], "email_open", start + minutes(7 * i), f"Email {i}") for i in range(n)
    ]


def test_sixty_events_come_in_pages_of_25_25_and_10_newest_first(session, path, csm_and_contacts):
    csm, people = csm_and_contacts
    rows = _distinct_events(session, people, 60)
    pages = every_page(session, csm, limit=25)
    assert [len(p.items) for p in pages] == [25, 25, 10]
    assert [p.next is None for p in pages] == [False, False, True]
    assert [i for p in pages for i in ids(p)] == newest_first(rows)
    assert len({p.high_water for p in pages}) == 1
    assert all(i.count == 1 for p in pages for i in p.items)


def test_a_feed_that_fits_one_page_offers_no_older_page(session, path, csm_and_contacts):
    csm, people = csm_and_contacts
    rows = _distinct_events(session, people, 25)
    page = feed(session, csm, limit=25)
    assert ids(page) == newest_first(rows) and page.next is None


def test_activities_arriving_between_loads_neither_repeat_nor_skip_an_item(session, path, csm_and_contacts):
    csm, people = csm_and_contacts
    rows = _distinct_events(session, people, 60)
    expected = newest_first(rows)
    first = feed(session, csm, limit=25)
    assert ids(first) == expected[:25]

    by_id = {r.id: r for r in rows}
    contacts = {c.id: c for c in people}
    in_page_2 = by_id[expected[30]].occurred_at + minutes(3)  # between the 31st and the 30th newest
    in_page_3 = by_id[expected[55]].occurred_at - minutes(1)
    joins = by_id[expected[40]]  # the same email again, 2 minutes later: it would head that item
    arrived = [
        event(session, people[0], "email_reply", T + timedelta(days=2), "Brand new"),
        event(session, people[1], "page_view", in_page_2, "Back-dated"),
        event(session, people[2], "form_submission", in_page_3, "Back-dated form"),
        event(session, contacts[joins.contact_id], "email_open", joins.occurred_at + minutes(2), joins.subject),
    ]
    second = feed(session, csm, cursor=first.next, limit=25)
    third = feed(session, csm, cursor=second.next, limit=25)
    assert ids(second) == expected[25:50]
    assert ids(third) == expected[50:] and third.next is None
    assert all(i.count == 1 for i in second.items + third.items)
    assert second.high_water == third.high_water == first.high_water

    reopened = [i for p in every_page(session, csm, limit=25) for i in p.items]
    assert reopened[0].id == arrived[0].id
    assert sorted(i.id for i in reopened) == sorted(set(expected) - {joins.id} | {a.id for a in arrived})
    assert [i.activity_ids for i in reopened if i.id == arrived[3].id] == [(arrived[3].id, joins.id)]


def test_a_late_event_of_an_item_on_the_next_page_does_not_change_it(session, path, csm_and_contacts):
    csm, people = csm_and_contacts
    ann = people[0]
    rows = _distinct_events(session, people[1:], 4, start=T + timedelta(hours=5))
    grouped = event(session, ann, "email_open", T, "Quote")
    first = feed(session, csm, limit=4)
    assert ids(first) == newest_first(rows)
    late = event(session, ann, "email_open", T + minutes(30), "Quote")  # arrives, would head the group
    second = feed(session, csm, cursor=first.next, limit=4)
    assert [(i.id, i.count) for i in second.items] == [(grouped.id, 1)]
    assert [(i.id, i.count) for i in feed(session, csm).items][-1] == (late.id, 2)


def test_ties_on_time_are_ordered_by_id_and_not_lost_across_pages(session, path, csm_and_contacts):
    csm, people = csm_and_contacts
    tied = [event(session, people[i % 3], "page_view", T, f"Page {i}") for i in range(7)]
    older = [event(session, people[0], "page_view", T - timedelta(hours=2 * d), f"Old {d}") for d in (1, 2, 3)]
    pages = every_page(session, csm, limit=4)
    assert [len(p.items) for p in pages] == [4, 4, 2]
    assert [i for p in pages for i in ids(p)] == sorted((t.id for t in tied), reverse=True) + [o.id for o in older]


def test_the_page_size_is_kept_within_bounds(session, csm_and_contacts):
    csm, people = csm_and_contacts
    rows = _distinct_events(session, people, 105)
    assert len(feed(session, csm, limit=0).items) == 1
    assert len(feed(session, csm, limit=-5).items) == 1
    assert ids(feed(session, csm, limit=10_000)) == newest_first(rows)[:100]
