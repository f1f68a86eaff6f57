"""Option labels for select boxes, radios and segmented controls (options are stable codes,
shown through `format_func` in the reader's language), and the day format of date pickers.

The labels are translated once, when the widget is drawn, not inside `format_func`:
Streamlit's AppTest calls `format_func` again in the test's own thread (English), and a
live translation there gives labels that no longer match the drawn ones."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping

from cslib import i18n
from cslib.i18n import _


def translated(labels: Mapping[Hashable, str]) -> Callable[[Hashable], str]:
    """A `format_func` showing each code's English label (marked with N_) translated now."""
    shown = {code: _(label) for code, label in labels.items()}
    return lambda code: shown.get(code, str(code))


def fixed(labels: Mapping[Hashable, str]) -> Callable[[Hashable], str]:
    """A `format_func` for labels already in the reader's language (names, translated text)."""
    shown = dict(labels)
    return lambda code: shown.get(code, str(code))


# Date pickers show days as each language writes them (the widget's own tokens).
PICKER_DAY = {"en": "YYYY-MM-DD", "da": "DD.MM.YYYY", "pl": "DD.MM.YYYY"}


def picker_day() -> str:
    """The `format` of a date picker in the reader's language."""
    return PICKER_DAY.get(i18n.current(), PICKER_DAY["en"])
