"""The health category as a coloured pill, the same everywhere (alerts, the record's score)."""

from __future__ import annotations

import html

from cslib.health import CATEGORY_COLORS, category_label


def category_badge(category: str | None) -> str:
    """HTML of a pill in the category's colour and the reader's language (escaped all the
    same). An unknown or empty category is a muted dash."""
    if category not in CATEGORY_COLORS:
        return '<span style="opacity:.6">—</span>'
    return (
        f'<span style="background:{CATEGORY_COLORS[category]};color:#fff;border-radius:999px;padding:1px 9px;'
        f'font-size:.8rem;font-weight:600;white-space:nowrap">{html.escape(category_label(category))}</span>'
    )
