"""Languages: the reader's language per run, plural forms, formats, and cslib's messages
translated with their values filled in."""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta

import pytest

from cslib import i18n
from cslib.errors import ValidationError
from cslib.i18n import _, ngettext
from cslib.validation import clean_text

WAIT = ("Wait {n} second before trying again.", "Wait {n} seconds before trying again.")


@pytest.mark.parametrize(
    ("n", "polish"),
    [
        (1, "Odczekaj 1 sekundę przed kolejną próbą."),
        (2, "Odczekaj 2 sekundy przed kolejną próbą."),
        (5, "Odczekaj 5 sekund przed kolejną próbą."),
        (22, "Odczekaj 22 sekundy przed kolejną próbą."),
        (25, "Odczekaj 25 sekund przed kolejną próbą."),
        (12, "Odczekaj 12 sekund przed kolejną próbą."),
    ],
)
def test_polish_has_three_plural_forms(n, polish):
    with i18n.use("pl"):
        assert ngettext(*WAIT, n) == polish


def test_danish_and_english_have_two():
    with i18n.use("da"):
        assert ngettext(*WAIT, 1) == "Vent 1 sekund, før du prøver igen."
        assert ngettext(*WAIT, 2) == "Vent 2 sekunder, før du prøver igen."
    assert ngettext(*WAIT, 1) == "Wait 1 second before trying again."
    assert ngettext(*WAIT, 1_000) == "Wait 1,000 seconds before trying again."


def test_counts_are_written_in_the_readers_number_format():
    with i18n.use("da"):
        assert ngettext(*WAIT, 1_000) == "Vent 1.000 sekunder, før du prøver igen."
    with i18n.use("pl"):
        assert ngettext(*WAIT, 1_000) == "Odczekaj 1\xa0000 sekund przed kolejną próbą."  # no-break space


def test_dates_money_and_percentages_follow_the_language():
    """Babel's CLDR data: Danish and Polish group and separate with no-break spaces."""
    day, at = date(2026, 11, 22), datetime(2026, 11, 22, 9, 5, tzinfo=UTC)
    expected = {
        "en": ("Nov 22, 2026", "$1,234,568", "25.3%", "Nov 22, 2026, 10:05", "3 days ago"),
        "da": ("22. nov. 2026", "1.234.568\xa0US$", "25,3\xa0%", "22. nov. 2026, 10:05", "for 3 dage siden"),
        "pl": ("22 lis 2026", "1\xa0234\xa0568\xa0USD", "25,3%", "22 lis 2026, 10:05", "3 dni temu"),
    }
    for language, (d, money, share, moment, ago) in expected.items():
        with i18n.use(language):
            got = (
                i18n.day(day),
                i18n.money(1_234_567.5, "USD"),
                i18n.percent(0.253),
                i18n.moment(at, time_zone="Europe/Copenhagen"),
                i18n.ago(timedelta(days=3)),
            )
        assert got == (d, money, share, moment, ago), language


def test_a_cslib_error_reads_in_each_language_with_its_values():
    texts = {}
    for language in ("en", "da", "pl"):
        with i18n.use(language), pytest.raises(ValidationError) as refused:
            clean_text("x" * 130, _("Name"), 120)
        texts[language] = str(refused.value)
    assert texts["en"] == "Name can be at most 120 characters (it has 130)."
    assert "120" in texts["da"] and "130" in texts["da"] and texts["da"].startswith("Navn")
    assert "120" in texts["pl"] and "130" in texts["pl"] and "Imię i nazwisko" in texts["pl"]
    assert len(set(texts.values())) == 3


def test_the_language_is_per_run_not_per_process():
    """Two runs in two threads, as two users' sessions on one server."""
    seen: dict[str, str] = {}
    start = threading.Barrier(2)

    def run(language: str) -> None:
        i18n.set_for_run(language)
        start.wait()
        seen[language] = _("Sign out")

    threads = [threading.Thread(target=run, args=(lang,)) for lang in ("da", "pl")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert seen == {"da": "Log ud", "pl": "Wyloguj się"}
    assert i18n.current() == "en"


@pytest.mark.parametrize(
    ("user", "workspace", "browser", "expected"),
    [
        ("pl", "da", "en-US", "pl"),
        (None, "da", "pl-PL", "da"),
        (None, None, "pl-PL", "pl"),
        (None, None, "de-DE", "en"),
        ("xx", None, None, "en"),
        (None, None, None, "en"),
    ],
)
def test_the_readers_language_is_their_choice_then_the_workspace_then_the_browser(user, workspace, browser, expected):
    assert i18n.choose(user, workspace, browser) == expected


def test_a_thread_that_set_no_language_reads_the_registered_fallback():
    """Streamlit reruns a dialog or fragment alone, on a new thread: it must still read the
    session's language, not English."""
    import threading

    seen: list[str] = []
    i18n.set_fallback(lambda: "da")
    try:
        thread = threading.Thread(target=lambda: seen.append(i18n._("Customers")))
        thread.start()
        thread.join()
        with i18n.use("pl"):
            assert i18n.current() == "pl"  # a language set in the thread wins
    finally:
        i18n.set_fallback(None)
    assert seen == ["Kunder"]
