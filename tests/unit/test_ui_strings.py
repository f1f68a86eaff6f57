"""No English slips past the catalogs: a text handed to a Streamlit element or raised by
cslib for the user to read must come through `_`/`ngettext`/`pgettext` (or be a value the
user typed). This scan reads the source: a string literal with letters as the text of an
`st.*` call (its first argument or a label/help/placeholder keyword), or as the message of
a raised error, is a miss."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# Streamlit calls whose first argument, or whose keywords below, a person reads.
TEXT_CALLS = {
    "title", "header", "subheader", "caption", "markdown", "write", "text", "info", "warning", "error",
    "success", "toast", "button", "form_submit_button", "download_button", "link_button", "page_link",
    "text_input", "text_area", "number_input", "selectbox", "multiselect", "radio", "checkbox", "toggle",
    "date_input", "time_input", "slider", "select_slider", "segmented_control", "pills", "file_uploader",
    "expander", "popover", "metric", "tabs", "dialog", "spinner", "status", "set_page_config",
    "TextColumn", "NumberColumn", "SelectboxColumn", "CheckboxColumn", "DateColumn", "DatetimeColumn",
    "LinkColumn", "ListColumn", "ProgressColumn", "Column",
}  # fmt: skip
TEXT_KEYWORDS = {"label", "help", "placeholder", "caption", "page_title", "title", "body", "value_label"}
# Errors that tell a programmer, not a user, what went wrong (never shown on a page).
PROGRAMMER_ERRORS = {"RuntimeError", "TypeError", "KeyError", "ValueError", "LookupError", "AssertionError"}
ERRORS = re.compile(r"(Error|Denied|NotFound)$")
WORD = re.compile(r"[A-Za-z]{2,}")
ICON = re.compile(r"^(:material/[a-z_]+:|[^\w\s]{1,3})$")


def _literal_text(node: ast.AST) -> str | None:
    """The English a node carries as a literal (a constant or an f-string's literal parts)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    else:
        return None
    return text if WORD.search(text) and not ICON.match(text.strip()) else None


def _call_name(call: ast.Call) -> str | None:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None


def _ui_misses(tree: ast.AST) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _call_name(node) not in TEXT_CALLS:
            continue
        texts = node.args[:1] + [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        out += [(node.lineno, text) for text in map(_literal_text, texts) if text]
    return out


def _raise_misses(tree: ast.AST) -> list[tuple[int, str]]:
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and node.exc.args:
            name = _call_name(node.exc)
            text = _literal_text(node.exc.args[0])
            if name and ERRORS.search(name) and text and name not in PROGRAMMER_ERRORS:
                out.append((node.lineno, text))
    return out


def _module(path: Path) -> str:
    return str(path.relative_to(ROOT))


def misses() -> dict[str, list[tuple[int, str]]]:
    ui = [*ROOT.glob("cslib/ui/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "Home.py"]
    found = {}
    for path in ui:
        found[_module(path)] = _ui_misses(ast.parse(path.read_text(), str(path)))
    for path in ROOT.glob("cslib/**/*.py"):
        if "bench" in path.parts or "demo" in path.parts:
            continue
        found.setdefault(_module(path), [])
        found[_module(path)] += _raise_misses(ast.parse(path.read_text(), str(path)))
    return {m: v for m, v in found.items() if v}


def test_every_text_a_person_reads_goes_through_the_catalogs():
    assert {m: v[:3] for m, v in misses().items()} == {}
