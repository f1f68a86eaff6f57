"""Whose sales activity a Feed shows: contacts of the live companies the viewed user owns
through the workspace's owner property; admins may view another user's feed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cslib import users
from cslib.errors import NotFound
from cslib.feed import FeedLink, delete_items, feed_page, restore_items, sequence_names
from cslib.feed.scope import Narrowing, scope
from cslib.models import CONTACT_ACTIVITY_TYPES
from cslib.permissions import PermissionDenied
from tests.factories import make_actor, make_company
from tests.unit.feed.world import T, contact, event, feed, ids, link


@pytest.fixture
def two_csms(session, ws):
    """Ann at Alpha (owned by Ada), Bo at Beta (owned by Ben), Cy linked to no company."""
    ada, ben = make_actor(session, name="Ada Csm"), make_actor(session, name="Ben Csm")
    alpha = make_company(session, name="Alpha A/S", owner_id=ada.id)
    beta = make_company(session, name="Beta Sp. z o.o.", owner_id=ben.id)
    ann, bo, cy = contact(session, "Ann", "Lee"), contact(session, "Bo", "Berg"), contact(session, "Cy", "Nobody")
    link(session, alpha, ann)
    link(session, beta, bo)
    return ada, ben, alpha, beta, ann, bo, cy


def test_the_sparse_fixture_really_takes_the_sparse_path(session, path, two_csms):
    ada = two_csms[0]
    assert scope(session, ada.id, Narrowing(), 10**6).keyed is (path == "sparse")


def test_a_csm_sees_their_companies_contacts_and_nothing_else(session, path, two_csms):
    ada, ben, alpha, beta, ann, bo, cy = two_csms
    opened = event(session, ann, "email_open", T, company=alpha)
    viewed = event(session, ann, "page_view", T + timedelta(hours=2), "Pricing", details={"url": "https://x.dk/p"})
    for kind in ("note", "call", "email", "meeting"):  # what users did, on the same contact
        event(session, ann, kind, T + timedelta(hours=3), "Check-in", company=alpha, actor=ada)
    theirs = event(session, bo, "email_click", T + timedelta(hours=1), company=beta)
    event(session, cy, "email_reply", T + timedelta(hours=4))

    page = feed(session, ada)
    assert ids(page) == [viewed.id, opened.id]
    assert {(i.contact_name, i.company_id, i.company_name) for i in page.items} == {("Ann Lee", alpha.id, "Alpha A/S")}
    assert page.next is None
    assert ids(feed(session, ben)) == [theirs.id]
    assert feed(session, ben).items[0].company_name == "Beta Sp. z o.o."


def test_every_contact_activity_type_shows(session, two_csms):
    ada, _, alpha, _, ann, *_ = two_csms
    rows = [
        event(session, ann, kind, T + timedelta(hours=2 * i), f"S{i}") for i, kind in enumerate(CONTACT_ACTIVITY_TYPES)
    ]
    page = feed(session, ada)
    assert [i.type for i in page.items] == list(reversed(CONTACT_ACTIVITY_TYPES))
    assert ids(page) == [r.id for r in reversed(rows)]


@pytest.mark.parametrize("gone", ["deleted company", "merged company", "deleted contact", "merged contact"])
def test_a_deleted_or_merged_company_or_contact_drops_out(session, path, two_csms, gone):
    ada, _, alpha, _, ann, *_ = two_csms
    event(session, ann)
    assert len(feed(session, ada).items) == 1
    if gone == "deleted company":
        alpha.deleted_at = T
    elif gone == "merged company":  # either mark of a merge is enough
        alpha.merged_into_id = make_company(session, owner_id=None).id
    elif gone == "deleted contact":
        ann.deleted_at = T
    else:
        ann.merged_into_id = contact(session, "Ann", "Lee (kept)").id
    session.flush()
    page = feed(session, ada)
    assert page.items == () and page.next is None


def test_the_workspace_owner_property_decides_whose_feed_shows_it(session, path, two_csms):
    ada, ben, alpha, _, ann, *_ = two_csms
    alpha.csm_owner_id = ben.id  # Ada owns Alpha, Ben is its CSM
    session.flush()
    opened = event(session, ann)
    assert ids(feed(session, ada)) == [opened.id]
    assert opened.id not in ids(feed(session, ben))

    admin = make_actor(session, manage_settings=True)
    ws = users.get_workspace(session)
    users.update_workspace(session, admin, expected_version=ws.version, owner_property="csm_owner_id")
    assert ids(feed(session, ada)) == []
    assert opened.id in ids(feed(session, ben))
    assert {i.company_name for i in feed(session, ben).items if i.id == opened.id} == {"Alpha A/S"}


def test_a_contact_of_two_owners_companies_shows_in_both_feeds_under_the_owned_company(session, path, two_csms):
    ada, ben, alpha, beta, ann, *_ = two_csms
    link(session, beta, ann)  # Ann works with Alpha (Ada's) and Beta (Ben's)
    at_beta = event(session, ann, "email_open", T, "Beta renewal", company=beta)
    at_alpha = event(session, ann, "email_open", T + timedelta(hours=2), "Alpha renewal", company=alpha)
    unknown = event(session, ann, "page_view", T + timedelta(hours=4), "Pricing")
    ada_sees = {i.id: (i.company_id, i.company_name) for i in feed(session, ada).items}
    ben_sees = {i.id: (i.company_id, i.company_name) for i in feed(session, ben).items}
    assert ada_sees == {a.id: (alpha.id, "Alpha A/S") for a in (at_beta, at_alpha, unknown)}
    assert ben_sees == {a.id: (beta.id, "Beta Sp. z o.o.") for a in (at_beta, at_alpha, unknown)}


def test_a_user_who_owns_nothing_gets_an_empty_page(session, path, two_csms):
    event(session, two_csms[4])
    page = feed(session, make_actor(session))
    assert (page.items, page.next, page.user_names) == ((), None, {})


def test_an_admin_views_a_csms_feed_and_a_csm_may_not_view_anothers(session, two_csms):
    ada, ben, *_, ann, bo, _ = two_csms
    opened = event(session, ann)
    admin = make_actor(session, manage_settings=True)
    assert ids(feed(session, admin)) == []  # the admin owns nothing
    assert ids(feed(session, admin, FeedLink(user_id=ada.id))) == [opened.id]
    assert ids(feed(session, ada, FeedLink(user_id=ada.id))) == [opened.id]
    with pytest.raises(PermissionDenied, match="Only admins can view the workspace as another user"):
        feed(session, ben, FeedLink(user_id=ada.id))
    with pytest.raises(NotFound):
        feed(session, admin, FeedLink(user_id=make_actor(session, is_active=False).id))


@pytest.mark.parametrize("flags", [{"has_service_seat": False}, {"workspace_access": False}, {"is_active": False}])
def test_the_feed_needs_workspace_access_and_a_service_seat(session, two_csms, flags):
    ada, *_, ann, _, _ = two_csms
    opened = event(session, ann)
    seatless = make_actor(session, **flags)
    for call in (
        lambda: feed_page(session, seatless, FeedLink()),
        lambda: feed_page(session, seatless, FeedLink(user_id=ada.id)),
        lambda: delete_items(session, seatless, [opened.id]),
        lambda: restore_items(session, seatless, [opened.id]),
        lambda: sequence_names(session, seatless),
    ):
        with pytest.raises(PermissionDenied):
            call()
