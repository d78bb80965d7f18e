"""The import graph follows the pipeline: no module imports a later stage, and no modules
import each other in a cycle. Layers, lowest first (a module may import its own layer and
any lower one):

    records, errors, about, pipeline → readers → corpus (the annotated corpus, read from
    news collections) → clean → annotate → actors, countries → coding → store → flows →
    api, cli, web, the package root
"""

from __future__ import annotations

import ast
from pathlib import Path

import tidings

SRC = Path(tidings.__file__).parent
LAYERS = (
    ("tidings.records", "tidings.errors", "tidings.about", "tidings.pipeline", "tidings.cache"),
    ("tidings.readers",),
    ("tidings.corpus",),
    ("tidings.clean",),
    ("tidings.annotate",),
    ("tidings.actors", "tidings.countries"),
    ("tidings.coding",),
    ("tidings.store",),
    ("tidings.flows",),
    ("tidings.api", "tidings.cli", "tidings.web", "tidings"),
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _layer(module: str) -> int:
    """The layer of ``module``: the most specific prefix listed in LAYERS."""
    best = max((len(p), i) for i, names in enumerate(LAYERS) for p in names
               if module == p or module.startswith(p + "."))
    return best[1]


def _imports(tree: ast.Module, module: str, top_level_only: bool) -> set[str]:
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
    return {name for name in found if name.startswith("tidings") and name != module}


def _graph(top_level_only: bool) -> dict[str, set[str]]:
    modules = {_module_name(p): p for p in SRC.rglob("*.py")}
    graph = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        graph[name] = {i for i in _imports(tree, name, top_level_only) if i in modules}
    return graph


def test_no_module_imports_a_later_stage() -> None:
    upward = sorted(f"{m} -> {i}" for m, imports in _graph(top_level_only=False).items()
                    for i in imports if _layer(i) > _layer(m))
    assert upward == []


def test_no_import_cycles() -> None:
    """Module-level imports (the ones that run at import time) form no cycle."""
    graph = _graph(top_level_only=True)
    # A package's __init__ importing its own modules is how packages export names.
    graph = {m: {i for i in imports if not i.startswith(m + ".")} for m, imports in
             graph.items()}
    state: dict[str, int] = {}
    cycles: list[str] = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(path[path.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, path + [nxt])
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_every_module_has_a_layer() -> None:
    assert all(_layer(m) >= 0 for m in _graph(top_level_only=True))
