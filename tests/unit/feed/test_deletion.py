"""Deleting a Feed item hides it for the one user who deleted it: the activity stays on
the contact's record and in everyone else's feed, and "undo" brings it back."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from cslib.activities import timeline
from cslib.errors import ValidationError
from cslib.feed import delete_items, restore_items
from cslib.models import Activity, FeedDismissal
from tests.factories import make_actor, make_company
from tests.unit.feed.world import T, contact, event, feed, ids, link, minutes


@pytest.fixture
def shared_contact(session, ws):
    """Ann works with Alpha (Ada's) and Beta (Ben's), so both feeds show her activity."""
    ada, ben = make_actor(session, name="Ada"), make_actor(session, name="Ben")
    alpha, beta = make_company(session, owner_id=ada.id), make_company(session, owner_id=ben.id)
    ann = contact(session)
    link(session, alpha, ann)
    link(session, beta, ann)
    return ada, ben, ann


def test_deleting_hides_an_item_for_its_user_only(session, path, shared_contact):
    ada, ben, ann = shared_contact
    kept = event(session, ann, "page_view", T, "Pricing")
    gone = event(session, ann, "email_reply", T + timedelta(hours=2))
    assert ids(feed(session, ada)) == ids(feed(session, ben)) == [gone.id, kept.id]

    assert delete_items(session, ada, [gone.id]) == 1
    assert ids(feed(session, ada)) == [kept.id]
    assert ids(feed(session, ben)) == [gone.id, kept.id]
    assert session.get(Activity, gone.id) is not None
    on_record = timeline(session, ada, "contact", ann.id)
    assert list(on_record["id"]) == [gone.id, kept.id]
    assert delete_items(session, ada, [gone.id]) == 0  # deleting twice changes nothing


def test_deleting_a_grouped_item_hides_all_its_events_and_undo_restores_it(session, path, shared_contact):
    ada, ben, ann = shared_contact
    opens = [event(session, ann, "email_open", T + minutes(m)) for m in (0, 20, 40)]
    earlier = event(session, ann, "email_open", T - timedelta(hours=3))  # its own item
    (item, older) = feed(session, ada).items
    assert (item.count, item.activity_ids, older.id) == (3, tuple(o.id for o in reversed(opens)), earlier.id)

    assert delete_items(session, ada, item.activity_ids) == 3
    assert ids(feed(session, ada)) == [earlier.id]  # no older open of the group takes its place
    assert [i.count for i in feed(session, ben).items] == [3, 1]

    assert restore_items(session, ada, item.activity_ids) == 3
    assert [(i.id, i.count) for i in feed(session, ada).items] == [(opens[-1].id, 3), (earlier.id, 1)]
    assert restore_items(session, ada, item.activity_ids) == 0


def test_restoring_only_undoes_the_users_own_deletions(session, shared_contact):
    ada, ben, ann = shared_contact
    opened = event(session, ann)
    delete_items(session, ada, [opened.id])
    delete_items(session, ben, [opened.id])
    assert restore_items(session, ben, [opened.id]) == 1
    assert ids(feed(session, ben)) == [opened.id]
    assert ids(feed(session, ada)) == []


def _bad_ids(session, ann, ada):  # noqa: ANN001, ANN202
    note = event(session, ann, "note", T, None, actor=ada)
    return {
        "zero": [0],
        "negative": [-1],
        "text": ["x"],
        "digits as text": ["1"],
        "a bool": [True],
        "a float": [1.0],
        "None": [None],
        "missing id": [2**31 - 1],
        "beyond an id column": [10**12],
        "beyond a 64-bit integer": [2**63],
        "nothing": [],
        "a user's note": [note.id],
        "one bad among good": "GOOD+0",
    }


@pytest.mark.parametrize(
    "case",
    [
        "zero",
        "negative",
        "text",
        "digits as text",
        "a bool",
        "a float",
        "None",
        "missing id",
        "beyond an id column",
        "beyond a 64-bit integer",
        "nothing",
        "a user's note",
        "one bad among good",
    ],
)
def test_deleting_anything_but_feed_activities_is_refused(session, shared_contact, case):
    ada, _, ann = shared_contact
    opened = event(session, ann)
    bad = _bad_ids(session, ann, ada)[case]
    if bad == "GOOD+0":
        bad = [opened.id, 0]
    with pytest.raises(ValidationError):
        delete_items(session, ada, bad)
    if case in ("missing id", "a user's note"):
        assert restore_items(session, ada, bad) == 0  # well-formed ids: nothing to undo
    else:
        with pytest.raises(ValidationError):
            restore_items(session, ada, bad)
    assert session.scalar(select(func.count()).select_from(FeedDismissal)) == 0
    assert ids(feed(session, ada)) == [opened.id]


def test_deleting_too_many_at_once_is_refused(session, shared_contact):
    ada, _, ann = shared_contact
    with pytest.raises(ValidationError):
        delete_items(session, ada, range(1, 1_002))
