"""User text in Streamlit markdown is escaped: no links, formatting, colours, icons, maths."""

from __future__ import annotations

import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cslib.ui.md import WORD_JOINER, link_notes, md, md_link


def _parsed(text: str) -> str:
    """What the markdown parser hands to GFM's autolink step: backslash escapes resolved."""
    return re.sub(r"\\(.)", r"\1", text)


def _unescaped(text: str) -> str:
    """The text as a person reads it (the word joiners are invisible)."""
    return _parsed(text).replace(WORD_JOINER, "")


# What remark-gfm's autolink literal step looks for in parsed text (mdast-util-gfm-autolink-literal).
GFM_AUTOLINK = re.compile(r"(?:https?://|www(?=\.))[-.\w]+|[-.\w+]+@[-\w]+(?:\.[-\w]+)+", re.IGNORECASE)


@pytest.mark.parametrize(
    "text",
    [
        "[click](javascript:alert(1))",
        "**bold** _it_ `code` ~~gone~~",
        ":red[alarm] :material/delete: :smile:",
        "$x^2$ <b>html</b> &amp; # heading",
        "1. list\n- item\n> quote",
    ],
)
def test_every_markdown_character_is_escaped_and_the_text_survives(text):
    escaped = md(text, one_line=False)
    assert not re.search(r"(?<!\\)[\[\]*_`~:$<>&#>]", escaped.replace("  \n", " "))
    assert _unescaped(escaped).replace("  \n", "\n") == text


@pytest.mark.parametrize(
    "text",
    ["See http://evil.example/x", "HTTPS://evil.example", "www.evil.example", "Www.Evil.example", "ceo@evil.example"],
)
def test_bare_web_and_mail_addresses_are_not_turned_into_links(text):
    assert GFM_AUTOLINK.search(text)
    escaped = md(text)
    assert not GFM_AUTOLINK.search(_parsed(escaped)), escaped
    assert _unescaped(escaped) == text


def test_one_line_collapses_line_breaks_and_links_escape_their_label():
    assert md("a\n\nb   c") == "a b c"
    assert md(None) == ""
    assert md_link("Acme [EU]", "/record?type=company&id=1") == r"[Acme \[EU\]](/record?type=company&id=1)"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_reads_back_as_itself_with_no_markdown_left(text):
    escaped = md(text)
    assert "\n" not in escaped
    assert _unescaped(escaped) == " ".join(text.replace(WORD_JOINER, "").split())
    assert not GFM_AUTOLINK.search(_parsed(escaped))
    punct = "[" + re.escape(string.punctuation) + "]"
    assert re.fullmatch(rf"(?:\\{punct}|(?!{punct}).)*", escaped, re.S)  # every punctuation mark escaped


def test_link_notes_show_each_note_as_literal_text(monkeypatch):
    shown = []
    monkeypatch.setattr("cslib.ui.md.st.warning", lambda body, icon=None: shown.append(body))
    link_notes(["The link's view “[x](http://evil.example)” is not valid and was ignored."])
    assert shown == [md("The link's view “[x](http://evil.example)” is not valid and was ignored.", one_line=False)]
