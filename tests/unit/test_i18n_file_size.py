"""File sizes on the Exports page: decimal units, one decimal at most, in the reader's format."""

from __future__ import annotations

import pytest

from cslib import i18n


@pytest.mark.parametrize(
    ("size", "en", "da", "pl"),
    [
        (0, "0 byte", "0 B", "0 B"),
        (812, "812 byte", "812 B", "812 B"),
        (8_400, "8.4 kB", "8,4 kB", "8,4 kB"),
        (1_234_567, "1.2 MB", "1,2 MB", "1,2 MB"),
        (999_960, "1 MB", "1 MB", "1 MB"),  # never "1,000 kB"
        (345_000_000, "345 MB", "345 MB", "345 MB"),
        (5_000_000_000, "5 GB", "5 GB", "5 GB"),
    ],
)
def test_sizes_read_as_each_language_writes_them(size, en, da, pl):
    assert [i18n.file_size(size, language) for language in ("en", "da", "pl")] == [en, da, pl]


def test_an_unknown_size_is_a_dash_and_the_reader_language_is_the_default():
    assert i18n.file_size(None) == i18n.MISSING
    with i18n.use("da"):
        assert i18n.file_size(1_500) == "1,5 kB"
