"""The Feed's search (contact, company or subject; any case, any script), its Activity
type and Sequence enrolment filters, and the link that keeps them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cslib.feed import ENROLLED, NOT_ENROLLED, FeedLink, sequence_names
from tests.factories import make_actor, make_company
from tests.unit.feed.world import T, contact, event, feed, ids, link, minutes


@pytest.fixture
def people(session, ws):
    """Ann Lee at Acme, Søren Ærø and Bo Berg at Łódź Logistik (all Carla's)."""
    csm = make_actor(session, name="Carla")
    acme = make_company(session, name="Acme", domain="acme.example", owner_id=csm.id)
    lodz = make_company(session, name="Łódź Logistik", domain="lodz.example", owner_id=csm.id)
    ann = contact(session, "Ann", "Lee", email="ann@acme.example")
    soren = contact(session, "Søren", "Ærø", email="soren@lodz.example")
    bo = contact(session, "Bo", "Berg", email="bo@lodz.example")
    link(session, acme, ann)
    link(session, lodz, soren, bo)
    return csm, ann, soren, bo


def _names(page) -> list[tuple[str, str]]:  # noqa: ANN001
    return [(i.contact_name, i.type) for i in page.items]


def test_the_type_filter_keeps_only_the_picked_types(session, path, people):
    csm, ann, soren, bo = people
    event(session, ann, "email_open", T)
    event(session, soren, "page_view", T + minutes(5), "Pricing")
    event(session, bo, "form_submission", T + minutes(10), "Trial")
    event(session, ann, "email_click", T + minutes(15))
    picked = feed(session, csm, FeedLink(types=("email_click", "page_view")))
    assert _names(picked) == [("Ann Lee", "email_click"), ("Søren Ærø", "page_view")]
    assert len(feed(session, csm).items) == 4


@pytest.mark.parametrize(
    ("search", "who"),
    [
        ("ann", {"Ann Lee"}),
        ("ANN LEE", {"Ann Lee"}),
        ("lee", {"Ann Lee"}),
        ("ann@acme", {"Ann Lee"}),
        ("acme", {"Ann Lee"}),  # the company's name and domain
        ("ærø", {"Søren Ærø"}),
        ("ÆRØ", {"Søren Ærø"}),
        ("søren", {"Søren Ærø"}),
        ("łódź", {"Søren Ærø", "Bo Berg"}),
        ("ŁÓDŹ LOGISTIK", {"Søren Ærø", "Bo Berg"}),
        ("lodz.example", {"Søren Ærø", "Bo Berg"}),
        ("price list", {"Ann Lee"}),  # the subject of an email Ann opened
        ("PRICE", {"Ann Lee"}),
        ("zebra", set()),
        ("%", set()),  # no wildcards: a literal percent sign
        ("_", set()),
    ],
)
def test_search_finds_contacts_companies_and_subjects_in_any_case(session, path, people, search, who):
    csm, ann, soren, bo = people
    event(session, ann, "email_open", T, "Price list 2026")
    event(session, soren, "page_view", T + minutes(5), "Pricing")
    event(session, bo, "email_reply", T + minutes(10), "Renewal")
    page = feed(session, csm, FeedLink(search=search))
    assert {i.contact_name for i in page.items} == who


def test_search_by_subject_finds_only_the_matching_activities(session, people):
    csm, ann, soren, _ = people
    wanted = event(session, ann, "email_open", T, "Mødebooking for Ærøskøbing")
    event(session, ann, "email_open", T + timedelta(hours=2), "Renewal")
    other = event(session, soren, "page_view", T + timedelta(hours=3), "ÆRØSKØBING guide")
    assert ids(feed(session, csm, FeedLink(search="ærøskøbing"))) == [other.id, wanted.id]
    # A contact's name matches all their activity, not only the activities naming it.
    assert len(feed(session, csm, FeedLink(search="Ann")).items) == 2


def test_search_stays_within_the_users_feed(session, people):
    csm, ann, *_ = people
    stranger = contact(session, "Ann", "Other")
    theirs = make_company(session, name="Acme Two", owner_id=make_actor(session).id)
    link(session, theirs, stranger)
    event(session, stranger, "email_open", T)
    mine = event(session, ann, "email_open", T - timedelta(hours=2))
    assert ids(feed(session, csm, FeedLink(search="ann"))) == [mine.id]


def test_search_and_type_filter_combine_across_pages(session, path, people):
    csm, ann, soren, _ = people
    for k in range(6):
        event(session, ann, "page_view", T + timedelta(hours=2 * k), f"Page {k}")
        event(session, ann, "email_open", T + timedelta(hours=2 * k, minutes=5), f"Mail {k}")
        event(session, soren, "page_view", T + timedelta(hours=2 * k, minutes=10), f"Page {k}")
    found, cursor = [], None
    while True:
        page = feed(session, csm, FeedLink(search="ann", types=("page_view",)), cursor=cursor, limit=4)
        found += _names(page)
        if (cursor := page.next) is None:
            break
    assert found == [("Ann Lee", "page_view")] * 6


@pytest.fixture
def enrolments(session, people):
    """Ann is enrolled in Onboarding; Søren left Onboarding; Bo left Renewal and was enrolled
    in it again. Each also opened an email."""
    csm, ann, soren, bo = people
    event(session, ann, "sequence_enrollment", T, "Onboarding")
    event(session, soren, "sequence_enrollment", T, "Onboarding")
    event(session, soren, "sequence_unenrollment", T + timedelta(hours=2), "Onboarding")
    event(session, bo, "sequence_enrollment", T, "Renewal")
    event(session, bo, "sequence_unenrollment", T + timedelta(hours=2), "Renewal")
    event(session, bo, "sequence_enrollment", T + timedelta(hours=4), "Renewal")
    for k, who in enumerate((ann, soren, bo)):
        event(session, who, "email_open", T + timedelta(days=1, hours=k), f"Mail {k}")
    return csm


@pytest.mark.parametrize(
    ("link", "who"),
    [
        (FeedLink(sequence=ENROLLED), {"Ann Lee", "Bo Berg"}),
        (FeedLink(sequence=NOT_ENROLLED), {"Søren Ærø"}),
        (FeedLink(sequence_name="Onboarding"), {"Ann Lee"}),
        (FeedLink(sequence_name="Renewal"), {"Bo Berg"}),
        (FeedLink(sequence_name="Nurture"), set()),
    ],
)
def test_the_sequence_filter_follows_who_is_enrolled_now(session, path, enrolments, link, who):
    page = feed(session, enrolments, link)
    assert {i.contact_name for i in page.items} == who
    opened = {i.contact_name for i in page.items if i.type == "email_open"}
    assert opened == who  # all of a matching contact's activity shows, not only sequences


def test_an_unenrolment_later_than_a_new_enrolment_counts(session, people):
    csm, ann, *_ = people
    event(session, ann, "sequence_enrollment", T, "Onboarding")
    event(session, ann, "sequence_unenrollment", T + timedelta(hours=1), "Renewal")  # another sequence
    assert len(feed(session, csm, FeedLink(sequence=ENROLLED)).items) == 2
    event(session, ann, "sequence_unenrollment", T + timedelta(hours=3), "Onboarding")
    assert feed(session, csm, FeedLink(sequence=ENROLLED)).items == ()
    assert len(feed(session, csm, FeedLink(sequence=NOT_ENROLLED)).items) == 3


def test_sequence_names_lists_each_sequence_once_by_name(session, enrolments):
    ann = contact(session, "Zed", "Z")
    event(session, ann, "sequence_enrollment", T, "annual review")
    assert sequence_names(session, enrolments) == ["annual review", "Onboarding", "Renewal"]
