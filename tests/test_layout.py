"""The shape of the code: data flows one way, so no module imports one
that imports it back."""

from __future__ import annotations

import ast

from conftest import PROJECT

SRC = PROJECT / "src" / "loclint"


def _imports() -> dict[str, set[str]]:
    modules = {}
    for path in SRC.rglob("*.py"):
        name = ".".join(("loclint", *path.relative_to(SRC).with_suffix("").parts)).removesuffix(".__init__")
        modules[name] = path
    graph = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:  # TYPE_CHECKING blocks are not imports
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("loclint"):
                for alias in node.names:
                    candidate = f"{node.module}.{alias.name}"
                    graph[name].add(candidate if candidate in modules else node.module)
    return graph


def test_no_module_imports_one_that_imports_it_back():
    graph = _imports()
    cycles, state = [], {}

    def visit(module, stack):
        state[module] = "open"
        stack.append(module)
        for imported in sorted(graph[module] & graph.keys()):
            if state.get(imported) == "open":
                cycles.append(" -> ".join(stack[stack.index(imported):] + [imported]))
            elif imported not in state:
                visit(imported, stack)
        stack.pop()
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [])
    assert cycles == []


def test_the_rule_modules_are_the_registry():
    """Every module in rules/ (but shared helpers, `_*.py`) is registered."""
    from loclint.rules import RULES

    modules = {p.stem for p in (SRC / "rules").glob("[!_]*.py")}
    registered = {rule.check.__module__.rsplit(".", 1)[1] for rule in RULES.values() if rule.check}
    assert modules == registered
