"""User text inside Streamlit markdown (st.markdown, st.caption, headers, alerts, toasts,
widget labels, help tooltips, tab and expander labels, radio and pills options): escaped so
that names and notes never turn into links, images, formatting, colours or icons.
Plain-text surfaces need no escaping (it would show backslashes): text_input values,
selectbox and multiselect options (format_func), st.set_page_config titles, dataframe cells."""

from __future__ import annotations

import html
import re
import string
from collections.abc import Iterable

import streamlit as st

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of
# them also defuses Streamlit's own syntax (":red[…]", ":material/icon:", "$…$" maths).
_SPECIAL = re.compile("([" + re.escape(string.punctuation) + "])")
# GFM turns bare "http://…", "www.…" and "name@host.tld" into links after escapes are read
# (remark-gfm matches the parsed text), so backslashes cannot stop it. An invisible word
# joiner after "scheme:", "www" and "@" breaks the pattern without changing what is shown.
WORD_JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)


def md(text: object, *, one_line: bool = True) -> str:
    """`text` as literal markdown, bare web and e-mail addresses included (they show as
    text, not links). With `one_line`, line breaks become spaces (headers, labels, list
    items); otherwise they are kept as hard breaks."""
    value = "" if text is None else str(text)
    value = _SPECIAL.sub(r"\\\1", _AUTOLINK.sub(WORD_JOINER, value))
    if one_line:
        return " ".join(value.split())
    return "  \n".join(line.strip() for line in value.splitlines())


def link_notes(notes: Iterable[str]) -> None:
    """The notes about a link's ignored values, as literal text: they quote what the link
    said, which anyone can write (e.g. `?view=[Sign in again](http://evil.example)`)."""
    for note in notes:
        st.warning(md(note, one_line=False), icon=":material/link_off:")


def same_tab_link(label: object, href: str, *, bold: bool = False) -> str:
    """A link to one of our pages that opens in the same tab (Streamlit opens markdown
    links in a new one). HTML, so the caller draws it with unsafe_allow_html: the label
    is escaped as markdown text and the address is ours, escaped as an attribute."""
    text = f"**{md(label)}**" if bold else md(label)
    return f'<a href="{html.escape(href)}" target="_self">{text}</a>'


def md_link(label: object, url: str) -> str:
    """A markdown link with an escaped label; `url` must be built by us (never user text)."""
    return f"[{md(label)}]({url})"
