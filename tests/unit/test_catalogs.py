"""The message catalogs stay complete: every string the code marks is in the Danish and
Polish catalogs, translated, with the same placeholders and every plural form; and the
code marks its strings in a way the extractor can read. `scripts/catalogs` updates the
catalogs after a change."""

from __future__ import annotations

import ast
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = ("da", "pl")
PLURAL_FORMS = {"da": 2, "pl": 3}
FIELD = re.compile(r"(?<!\{)\{([A-Za-z_][A-Za-z0-9_]*)(?:[!:][^{}]*)?\}")
MARKERS = {"_", "N_", "ngettext", "pgettext", "npgettext"}


@cache
def extracted() -> dict[tuple[str | None, str], tuple[str, ...]]:
    """(context, msgid) -> every source form, as Babel's extractor reads the code."""
    method_map = [(pattern, "python") for pattern in ("cslib/**.py", "pages/**.py", "Home.py", "app.py")]
    out = {}
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        str(ROOT), method_map=method_map, keywords=DEFAULT_KEYWORDS
    ):
        forms = message if isinstance(message, tuple) else (message,)
        out[(context, forms[0])] = forms
    return out


@cache
def catalog(language: str):  # noqa: ANN201
    with (ROOT / "locale" / language / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return read_po(fh, locale=language)


def messages(language: str) -> dict[tuple[str | None, str], object]:
    return {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in catalog(language) if m.id}


def fields(text: str) -> set[str]:
    return set(FIELD.findall(text))


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalog_holds_exactly_what_the_code_marks(language):
    code, po = set(extracted()), set(messages(language))
    assert sorted(code - po, key=str) == [], "new strings: run scripts/catalogs, then translate them"
    assert sorted(po - code, key=str) == [], "strings no longer in the code: run scripts/catalogs"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_with_every_plural_form(language):
    assert catalog(language).num_plurals == PLURAL_FORMS[language]
    missing = []
    for key, m in messages(language).items():
        forms = m.string if isinstance(m.string, tuple) else (m.string,)
        wanted = PLURAL_FORMS[language] if isinstance(m.id, tuple) else 1
        if m.fuzzy or len(forms) != wanted or not all(f and f.strip() for f in forms):
            missing.append(key)
    assert missing == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_placeholders_of_the_source(language):
    wrong = []
    for key, m in messages(language).items():
        sources = m.id if isinstance(m.id, tuple) else (m.id,)
        wanted = set().union(*(fields(s) for s in sources))
        for form in m.string if isinstance(m.string, tuple) else (m.string,):
            if form and fields(form) - wanted or (not isinstance(m.id, tuple) and fields(form) != wanted):
                wrong.append((key, form))
    assert wrong == []


def _marker_calls(tree: ast.AST):  # noqa: ANN202
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in MARKERS:
            yield node


def test_marked_strings_are_literals_the_extractor_can_read():
    """`_(f"…")` or `_("a" + b)` would translate nothing: the extractor skips them. A
    variable is fine where it holds a constant marked with N_."""
    bad = []
    for path in [*ROOT.glob("cslib/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "Home.py", ROOT / "app.py"]:
        for call in _marker_calls(ast.parse(path.read_text(), str(path))):
            texts = call.args[:2] if call.func.id in ("ngettext", "npgettext") else call.args[:1]
            if call.func.id in ("pgettext", "npgettext"):
                texts = call.args[1:3] if call.func.id == "npgettext" else call.args[1:2]
            if call.func.id == "N_" and not (texts and isinstance(texts[0], ast.Constant)):
                bad.append(f"{path.relative_to(ROOT)}:{call.lineno}")
            elif any(isinstance(t, ast.JoinedStr | ast.BinOp) for t in texts):
                bad.append(f"{path.relative_to(ROOT)}:{call.lineno}")
    assert bad == []


def test_no_string_is_marked_inside_an_f_string():
    """pybabel reads no code inside an f-string, so `f"**{_('Rows')}**"` leaves "Rows" out of
    the catalogs and it is never translated: mark it outside and put the variable in. (A
    variable holding a constant marked with N_ is fine there.)"""
    bad = []
    for path in [*ROOT.glob("cslib/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "Home.py", ROOT / "app.py"]:
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            literal = [c for c in _marker_calls(node) if any(isinstance(a, ast.Constant) for a in c.args)]
            if isinstance(node, ast.JoinedStr) and literal:
                bad.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert bad == []
