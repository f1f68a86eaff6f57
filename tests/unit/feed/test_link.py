"""The Feed's URL state: a hostile or broken link keeps what it can and says what it left
out; a link written by the Feed reads back as the same state."""

from __future__ import annotations

import pytest

from cslib.feed import ENROLLED, NOT_ENROLLED, FeedLink, link_params, parse_link


def test_a_link_without_parameters_is_the_plain_feed():
    assert parse_link({}) == (FeedLink(), [])
    assert link_params(FeedLink()) == {}


def test_hostile_parameters_are_left_out_with_a_note_and_the_rest_applies():
    link, notes = parse_link(
        {
            "q": "  Ærø   " + "x" * 500,
            "type": "email_open,<script>,page_view",
            "sequence": "maybe",
            "user": "1 OR 1=1",
        }
    )
    assert link.search == ("Ærø " + "x" * 500)[:200]
    assert link.types == ("email_open", "page_view")
    assert (link.sequence, link.sequence_name, link.user_id) == (None, None, None)
    assert len(notes) == 4
    assert "cut to its first 200 characters" in notes[0]
    assert "“<script>” is not known" in notes[1]
    assert "sequence filter “maybe” is not valid" in notes[2]
    assert "“1 OR 1=1” is not a user id" in notes[3]


@pytest.mark.parametrize("user", ["-1", "0", "1e3", "²", "٣", "0x10", "99999999999999999999", "", " 7"])
def test_a_user_that_is_not_an_id_shows_ones_own_feed(user):
    link, notes = parse_link({"user": user, "q": "acme"})
    assert (link.user_id, link.search) == (None, "acme")
    assert len(notes) == 1


@pytest.mark.parametrize("sequence", ["in:", "in:   ", "in:" + "s" * 301, "ENROLLED", "in", "enrolled "])
def test_a_bad_sequence_filter_shows_every_contact(sequence):
    link, notes = parse_link({"sequence": sequence, "type": "email_click"})
    assert (link.sequence, link.sequence_name, link.types) == (None, None, ("email_click",))
    assert len(notes) == 1


def test_only_unknown_types_leave_every_type():
    link, notes = parse_link({"type": "note,call,tweet"})
    assert link.types == () and len(notes) == 1


def test_the_search_is_trimmed_and_its_spaces_collapsed_without_a_note():
    assert parse_link({"q": "  Ann \t  Lee \n"}) == (FeedLink(search="Ann Lee"), [])


@pytest.mark.parametrize(
    "link",
    [
        FeedLink(search="Łódź & Ærø ?=#"),
        FeedLink(types=("email_open", "page_view", "meeting_booked")),
        FeedLink(sequence=ENROLLED),
        FeedLink(sequence=NOT_ENROLLED, user_id=7),
        FeedLink(sequence_name="Q3: renewals, EMEA"),
        FeedLink(search="ann", types=("email_reply",), sequence_name="Onboarding", user_id=2**31 - 1),
    ],
)
def test_a_link_round_trips(link):
    params = link_params(link)
    assert all(isinstance(v, str) and v for v in params.values())
    assert parse_link(params) == (link, [])
