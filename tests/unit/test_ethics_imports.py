"""No import cycles in the ethics core, and each of its modules imports on its own.

The graph is read from the source (every ``import`` statement, module level or inside a function,
except the ones under ``if TYPE_CHECKING:``, which never run), so a cycle hidden in a function body,
as ``content`` -> ``logic`` was, counts too.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import REPO_ROOT

PACKAGE = REPO_ROOT / "dshub"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO_ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _type_checking_only(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST, known: set[str]) -> set[str]:
    """The dshub modules ``tree`` imports at run time."""
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking_only(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in known)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                sub = f"{node.module}.{alias.name}"
                if sub in known:  # from dshub.services import ethics
                    found.add(sub)
                elif node.module in known:
                    found.add(node.module)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    known = set(modules)
    return {
        name: _imports(ast.parse(path.read_text(encoding="utf-8")), known) - {name} for name, path in modules.items()
    }


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def strong(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for v in sorted(graph):
        if v not in index:
            strong(v)
    return out


def test_the_cycle_finder_finds_a_cycle_and_ignores_type_checking_imports():
    known = {"p.a", "p.b", "p.c"}
    a = ast.parse("import p.b\n")
    b = ast.parse("def f():\n    from p import a\n")  # inside a function: still a cycle
    c = ast.parse("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from p.a import X\n")
    graph = {"p.a": _imports(a, known), "p.b": _imports(b, known), "p.c": _imports(c, known)}
    assert graph == {"p.a": {"p.b"}, "p.b": {"p.a"}, "p.c": set()}
    assert cycles(graph) == [["p.a", "p.b"]]
    assert cycles({"p.a": {"p.b"}, "p.b": {"p.c"}, "p.c": set()}) == []


def test_the_graph_sees_the_real_imports():
    graph = import_graph(_modules())
    assert {"dshub.ethics.content", "dshub.ethics.search"} <= graph["dshub.ethics.logic"]
    assert "dshub.ethics.search" in graph["dshub.ethics.content"]


def test_no_import_cycle_in_the_ethics_modules():
    ours = ("dshub.ethics", "dshub.services.ethics", "dshub.ui.ethics", "dshub.ui.record", "dshub.services.records")
    found = [c for c in cycles(import_graph(_modules())) if any(m.startswith(ours) for m in c)]
    assert found == [], "import cycles (break them by moving what both need to a lower module): " + repr(found)


ETHICS_MODULES = sorted(n for n in _modules() if n.startswith("dshub.ethics."))


@pytest.mark.parametrize("module", ETHICS_MODULES)
def test_each_ethics_module_imports_on_its_own(module):
    """A fresh interpreter per module: an import order that only works after another import fails here."""
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"], cwd=REPO_ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
