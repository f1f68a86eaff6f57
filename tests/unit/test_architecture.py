"""The layering of cslib, read from the source (every import, including those inside
functions): no import circles between modules or between packages; streamlit only under
cslib/ui; domain packages never import the worker or the UI; and a package's modules are
its own business: other packages import only what its __init__ offers."""

from __future__ import annotations

import ast
from collections import defaultdict
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CSLIB = ROOT / "cslib"
# Infrastructure packages: below every domain, open to all (models are plain tables).
INFRASTRUCTURE_PACKAGES = {"models"}
# Packages that sit above the domains (the UI, the worker, the benchmark tool): nothing in a
# domain may import them.
UPPER_PACKAGES = {"ui", "worker", "bench"}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def modules() -> dict[str, Path]:
    return {module_name(p): p for p in CSLIB.rglob("*.py")}


def _is_package(name: str) -> bool:
    return (ROOT / Path(*name.split(".")) / "__init__.py").exists()


def _resolve(importer: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = importer.split(".")
    if not _is_package(importer):
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


@cache
def imports() -> dict[str, set[str]]:
    """module -> the cslib modules it imports (a `from pkg import name` counts as importing
    pkg.name when that is a module, else pkg)."""
    known = modules()
    out: dict[str, set[str]] = defaultdict(set)
    for name, path in known.items():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, node)
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in known else base for a in node.names]
            else:
                continue
            out[name] |= {t for t in targets if t.split(".")[0] in ("cslib", "streamlit") or t == "streamlit"}
        out.setdefault(name, set())
    return out


def top_package(module: str) -> str | None:
    """The package a module belongs to: cslib.health.scoring -> 'health'; the UI is split the
    same way (cslib.ui.health.editor -> 'ui.health'; a flat UI module such as
    cslib.ui.md -> 'ui', public to the pages); a top-level module (cslib.db) -> None."""
    parts = module.split(".")
    if len(parts) < 2 or not _is_package(".".join(parts[:2])):
        return None
    if parts[1] == "ui" and len(parts) > 2 and _is_package(".".join(parts[:3])):
        return f"ui.{parts[2]}"
    return parts[1]


def _layer(package: str | None) -> str | None:
    return package.split(".")[0] if package else None


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one node (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, ()):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def module_graph() -> dict[str, set[str]]:
    known = modules()
    graph = {m: {t for t in ts if t in known and t != m} for m, ts in imports().items()}
    # A package's __init__ importing its own modules is how it offers them, not a circle.
    return {m: {t for t in ts if not (m + ".").startswith(t + ".") or not _is_package(t)} for m, ts in graph.items()}


def package_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for m, ts in imports().items():
        src = top_package(m)
        for t in ts:
            dst = top_package(t)
            if src and dst and src != dst:
                graph[src].add(dst)
    return graph


def private_imports() -> list[str]:
    """Imports of another package's modules instead of its surface (its __init__)."""
    return sorted(
        f"{m} -> {t}"
        for m, ts in imports().items()
        for t in ts
        if (dst := top_package(t))
        and dst not in INFRASTRUCTURE_PACKAGES | {"ui"}  # flat UI modules are the pages' API
        and top_package(m) != dst
        and t != f"cslib.{dst}"
    )


def test_no_import_circle_between_modules():
    assert _cycles(module_graph()) == []


def test_no_import_circle_between_packages():
    assert _cycles(package_graph()) == []


def test_only_the_ui_imports_streamlit():
    offenders = sorted(
        m
        for m, ts in imports().items()
        if _layer(top_package(m)) != "ui" and any(t.split(".")[0] == "streamlit" for t in ts)
    )
    assert offenders == []


def test_domain_packages_never_import_the_worker_or_the_ui():
    offenders = sorted(
        f"{m} -> {t}"
        for m, ts in imports().items()
        if (src := _layer(top_package(m))) and src not in UPPER_PACKAGES
        for t in ts
        if _layer(top_package(t)) in UPPER_PACKAGES
    )
    assert offenders == []


def test_packages_import_only_what_other_packages_offer():
    assert private_imports() == []
