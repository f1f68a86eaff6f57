"""Whole numbers from links: one strict parser that never raises, used by every link parser."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cslib import alerts, lists, schedule
from cslib.properties import standard_properties
from cslib.validation import MAX_DIGITS, MAX_ID, ignored, int_param, parse_int

SETTINGS = settings(max_examples=400, deadline=None)
HOSTILE = ["²", "٣", "１２", "9" * 5000, "-1", " 7", "7 ", "+7", "0x10", "1_000", "1e3", "7.0", "", "0", "\x00"]


@SETTINGS
@given(st.text(), st.integers(min_value=-(10**30), max_value=10**30), st.integers(min_value=0, max_value=10**30))
def test_any_text_never_raises_and_only_ascii_digit_text_within_range_parses(raw, low, span):
    high = low + span
    number = parse_int(raw, low=low, high=high)
    ok = raw.isascii() and raw.isdigit() and len(raw) <= MAX_DIGITS and low <= int(raw) <= high
    assert number == (int(raw) if ok else None)


@SETTINGS
@given(st.integers(min_value=1, max_value=MAX_ID))
def test_a_valid_id_round_trips_through_its_text(n):
    assert parse_int(str(n)) == n
    assert parse_int(n) == n


@SETTINGS
@given(st.one_of(st.none(), st.booleans(), st.floats(), st.binary(), st.lists(st.integers())))
def test_other_objects_are_not_whole_numbers(raw):
    assert parse_int(raw) is None


@pytest.mark.parametrize("raw", HOSTILE)
def test_hostile_link_values_are_refused(raw):
    assert parse_int(raw) is None


def test_range_and_integer_inputs():
    assert parse_int("007") == 7
    assert parse_int(str(MAX_ID + 1)) is None
    assert parse_int("5", low=6) is None
    assert parse_int(-3, low=-MAX_ID) == -3
    assert parse_int(True) is None


def test_the_note_quotes_the_value_cut_short():
    notes: list[str] = []
    assert int_param("9" * 5000, "page number", notes) is None
    assert int_param(None, "page number", notes) is None and int_param("", "page number", notes) is None
    assert notes == [ignored("page number", "9" * 5000)]
    assert len(notes[0]) < 120 and notes[0].startswith("The link's page number “999")


@pytest.mark.parametrize("raw", HOSTILE[:-3])
@pytest.mark.parametrize("param", ["page", "view", "record"])
def test_list_links_drop_hostile_numbers_with_a_note(param, raw):
    state = lists.parse({param: raw}, {p.name: p for p in standard_properties("company")})
    assert state.page == 1 and state.view_id is None and state.record_id is None
    assert len(state.notes) == 1 and "was ignored" in state.notes[0]


@pytest.mark.parametrize("raw", HOSTILE[:-3])
@pytest.mark.parametrize("param", ["page", "alert"])
def test_alert_links_drop_hostile_numbers_with_a_note(param, raw):
    q = alerts.parse_query({param: raw}, {})
    assert q.page == 1 and q.alert_id is None
    assert len(q.notes) == 1 and "was ignored" in q.notes[0]


@pytest.mark.parametrize("raw", HOSTILE[:-3])
def test_schedule_links_drop_a_hostile_user_with_a_note(raw):
    link, notes = schedule.parse_link({"user": raw})
    assert link.user_id is None
    assert len(notes) == 1 and "is not a user id" in notes[0]
