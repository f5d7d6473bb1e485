"""The folder layout is the architecture: no import circle, no arrow upward, one module per outside library."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "styr"

# Top to bottom. A module may import from its own layer's package and from any layer below, never above.
# Packages on one line are siblings: they may not import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("styr.__main__",),
    ("styr.cli",),
    ("styr.commands",),
    ("styr.app",),
    ("styr.render", "styr.exchange"),
    ("styr.edit", "styr.history"),
    ("styr.rules",),
    ("styr.fulfilment",),
    ("styr.wording",),
    ("styr.model",),
    ("styr.load",),
    ("styr.diagnostics", "styr.parallel", "styr.resources", "styr.suggest", "styr"),
    ("styr.frozen",),  # how every layer's value classes are made
)

# Outside libraries that exactly one module may import: the seam to that system.
SEAMS = {
    "yaml": "styr.load.yamlio",
    # Git runs only as a child process of gitio, with the repository pinned and its programs switched off;
    # GitPython (which would start Git its own way) is not used at all.
    "subprocess": "styr.history.gitio",
    "jinja2": "styr.render.site.templating",
    "openpyxl": "styr.exchange.xlsx",
}
UNUSED = ("git",)


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[str, int]]:
    """Every module this file imports (absolute names), with the line, including imports inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{parent}.{base}" if base else parent
            out.append((base, node.lineno))
            # `from styr.render import site` imports the module styr.render.site
            out.extend((f"{base}.{alias.name}", node.lineno) for alias in node.names)
    return out


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def _layer(module: str) -> tuple[int, str]:
    """(layer index, the layer entry the module belongs to): the longest matching prefix."""
    best: tuple[int, str] | None = None
    for index, entries in enumerate(LAYERS):
        for entry in entries:
            if (module == entry or module.startswith(entry + ".")) and (best is None or len(entry) > len(best[1])):
                best = (index, entry)
    assert best is not None, module
    return best


def _edges() -> dict[str, set[tuple[str, int]]]:
    modules = _modules()
    edges: dict[str, set[tuple[str, int]]] = defaultdict(set)
    for name, path in modules.items():
        for target, line in _imports(path):
            if target in modules and target != name:
                edges[name].add((target, line))
    return edges


def test_every_module_has_a_layer() -> None:
    for name in _modules():
        _layer(name)


def test_no_import_goes_upward_or_sideways() -> None:
    wrong = []
    for source, targets in _edges().items():
        s_index, s_entry = _layer(source)
        for target, line in targets:
            t_index, t_entry = _layer(target)
            if t_index < s_index or (t_index == s_index and s_entry not in (t_entry, "styr")):
                wrong.append(f"{source}:{line} imports {target} ({s_entry} → {t_entry})")
    assert not wrong, "\n".join(sorted(wrong))


def test_no_import_circle_between_modules() -> None:
    edges = {k: {t for t, _ in v} for k, v in _edges().items()}
    # Tarjan's strongly connected components: any component of more than one module is a circle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in edges.get(v, ()):
            if w not in index:
                visit(w)
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
                circles.append(sorted(component))

    for v in sorted(_modules()):
        if v not in index:
            visit(v)
    assert not circles, circles


@pytest.mark.parametrize("library", sorted(SEAMS))
def test_one_module_per_outside_library(library: str) -> None:
    users = sorted(
        name for name, path in _modules().items()
        if any(t == library or t.startswith(library + ".") for t, _ in _imports(path))
    )
    assert users == [SEAMS[library]]


@pytest.mark.parametrize("library", UNUSED)
def test_libraries_that_are_not_used(library: str) -> None:
    users = [name for name, path in _modules().items()
             if any(t == library or t.startswith(library + ".") for t, _ in _imports(path))]
    assert users == []


def test_every_module_opens_with_a_docstring() -> None:
    missing = [name for name, path in _modules().items()
               if ast.get_docstring(ast.parse(path.read_text("utf-8"))) is None]
    assert not missing, missing


def test_the_checker_sees_an_upward_import(tmp_path: Path) -> None:
    # The test above is only worth something if it can fail: a model module that imports the CLI is caught.
    fake = PACKAGE / "model" / "_architecture_probe.py"
    try:
        fake.write_text('"""Probe."""\nfrom styr import cli\n', encoding="utf-8")
        with pytest.raises(AssertionError, match=r"styr\.model\._architecture_probe"):
            test_no_import_goes_upward_or_sideways()
    finally:
        fake.unlink()


MAX_FUNCTION_LINES = 60


def test_functions_are_short_or_say_why() -> None:
    # A function longer than a screen carries its reason on its `def` line: a noqa code or `# long`, then " — why".
    long = []
    for name, path in _modules().items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(ast.parse("\n".join(lines))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno is not None:
                size = node.end_lineno - node.lineno + 1
                head = lines[node.lineno - 1]
                if size > MAX_FUNCTION_LINES and " — " not in head.partition("#")[2]:
                    long.append(f"{name}.{node.name}: {size} lines")
    assert not long, long
