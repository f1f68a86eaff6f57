"""User text inside Streamlit markdown (st.markdown, st.caption, headers, widget labels):
escaped so that names and notes never turn into links, formatting, colours or icons."""

from __future__ import annotations

import re
import string

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of
# them also defuses Streamlit's own syntax (":red[…]", ":material/icon:", "$…$" maths).
_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")


def md(text: object, *, one_line: bool = True) -> str:
    """`text` as literal markdown. With `one_line`, line breaks become spaces (headers,
    labels, list items); otherwise they are kept as hard breaks."""
    value = "" if text is None else str(text)
    value = _SPECIAL.sub(r"\\\1", value)
    if one_line:
        return " ".join(value.split())
    return "  \n".join(line.strip() for line in value.splitlines())


def md_link(label: object, url: str) -> str:
    """A markdown link with an escaped label; `url` must be built by us (never user text)."""
    return f"[{md(label)}]({url})"
