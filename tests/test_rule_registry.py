"""Every code styr can emit is a registered rule, and every registered rule can be emitted: read from the code.

An `ast` walk over styr/ finds where diagnostics come from: `RULE.diag(...)` calls on rule constants (each
`NAME = rule("CODE", ...)`), and the loading problem kinds (`ProblemKind.X`) that styr/load produces, which the
rule declared with `reports=` turns into its diagnostics. Nothing else may build a Diagnostic.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from styr.load.problems import ProblemKind
from styr.rules import all_rules
from styr.rules.registry import CHECKS, REPORTED_BY, RULES

PACKAGE = Path(__file__).resolve().parent.parent / "styr"
REGISTRY = "styr.rules.registry"
PROBLEMS = "styr.load.problems"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _trees() -> dict[str, ast.Module]:
    return {_module_name(p): ast.parse(p.read_text(encoding="utf-8"), str(p)) for p in sorted(PACKAGE.rglob("*.py"))}


@dataclass
class Found:
    """What the walk found."""

    defined: dict[tuple[str, str], str] = field(default_factory=dict)
    """(module, name) → code of every `name = rule("CODE", ...)`."""
    reports: dict[str, set[str]] = field(default_factory=dict)
    """code → the problem kinds its `reports=` names."""
    emitted: dict[str, list[str]] = field(default_factory=dict)
    """code → the places (module:line) that call `.diag(` on it."""
    in_checks: set[str] = field(default_factory=set)
    """codes named in `@check(...)` decorators."""
    produced: dict[str, list[str]] = field(default_factory=dict)
    """problem kind → the places in styr/load that name it."""
    unresolved: list[str] = field(default_factory=list)
    built: list[str] = field(default_factory=list)
    """Places outside the registry that construct a Diagnostic themselves."""


def _kind_aliases(tree: ast.Module) -> set[str]:
    return {a.asname or a.name for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
            and node.module == PROBLEMS for a in node.names if a.name == "ProblemKind"}


def _kinds_named(node: ast.AST, aliases: set[str]) -> Iterator[tuple[str, int]]:
    for sub in ast.walk(node):
        if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id in aliases:
            yield sub.attr, sub.lineno


def _rule_definitions(trees: dict[str, ast.Module], found: Found) -> None:
    for module, tree in trees.items():
        aliases = _kind_aliases(tree)
        for node in tree.body:
            if not (isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
                    and isinstance(node.value.func, ast.Name) and node.value.func.id == "rule"):
                continue
            first = node.value.args[0]
            assert isinstance(first, ast.Constant) and isinstance(first.value, str), f"{module}:{node.lineno}"
            for target in node.targets:
                assert isinstance(target, ast.Name)
                found.defined[(module, target.id)] = first.value
            kinds = {k for kw in node.value.keywords if kw.arg == "reports" for k, _ in _kinds_named(kw.value, aliases)}
            found.reports[first.value] = kinds


def _rule_names(module: str, tree: ast.Module, found: Found) -> dict[str, str]:
    """The rule constants visible in a module by name: its own and those it imports."""
    names = {name: code for (mod, name), code in found.defined.items() if mod == module}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            for a in node.names:
                code = found.defined.get((node.module, a.name))
                if code is not None:
                    names[a.asname or a.name] = code
    return names


def _uses(trees: dict[str, ast.Module], found: Found) -> None:
    for module, tree in trees.items():
        names = _rule_names(module, tree, found)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                for deco in node.decorator_list:
                    if isinstance(deco, ast.Call) and isinstance(deco.func, ast.Name) and deco.func.id == "check":
                        found.in_checks.update(names[a.id] for a in deco.args if isinstance(a, ast.Name))
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            where = f"{module}:{node.lineno}"
            if isinstance(func, ast.Name) and func.id == "Diagnostic" and module != REGISTRY:
                found.built.append(where)
            if isinstance(func, ast.Attribute) and func.attr == "diag":
                if isinstance(func.value, ast.Name) and func.value.id in names:
                    found.emitted.setdefault(names[func.value.id], []).append(where)
                elif module != REGISTRY:
                    found.unresolved.append(where)
        if module.startswith("styr.load.") and module != PROBLEMS:
            for kind, line in _kinds_named(tree, _kind_aliases(tree)):
                found.produced.setdefault(kind, []).append(f"{module}:{line}")


def walk() -> Found:
    trees = _trees()
    found = Found()
    _rule_definitions(trees, found)
    _uses(trees, found)
    return found


def emittable(found: Found) -> set[str]:
    """The codes some code path can emit: a `.diag(` call on the rule, or a problem kind it reports that the
    loader produces."""
    by_problem = {code for code, kinds in found.reports.items() if kinds & set(found.produced)}
    return set(found.emitted) | by_problem


def test_every_emittable_code_is_registered_and_every_rule_can_be_emitted() -> None:
    all_rules.load()
    found = walk()
    codes = emittable(found)
    assert len(codes) >= 55
    unregistered = sorted(codes - set(RULES))
    dead = sorted(set(RULES) - codes)
    assert not unregistered, f"koder som kan rapporteras men inte är registrerade: {unregistered}"
    assert not dead, f"registrerade regler som ingen kod rapporterar: {dead}"


def test_diagnostics_are_made_by_their_rules_only() -> None:
    found = walk()
    assert not found.built, f"Diagnostic byggs utanför regelregistret: {found.built}"
    assert not found.unresolved, f".diag( på något som inte är en namngiven regel: {found.unresolved}"


def test_the_walk_sees_what_the_registry_holds() -> None:
    """The static view and the registry agree: the same codes, the same problem kinds per rule."""
    all_rules.load()
    found = walk()
    assert set(found.defined.values()) == set(RULES)
    for code, r in RULES.items():
        assert found.reports.get(code, set()) == {k.name for k in r.reports}, code


def test_every_problem_kind_is_produced_and_reported_by_one_rule() -> None:
    all_rules.load()
    found = walk()
    kinds = {k.name for k in ProblemKind}
    assert set(found.produced) == kinds, f"problemtyper som load/ aldrig ger: {sorted(kinds - set(found.produced))}"
    assert set(REPORTED_BY) == set(ProblemKind), f"utan regel: {sorted(set(ProblemKind) - set(REPORTED_BY))}"


def test_a_rule_emitted_in_the_rules_is_declared_by_its_check() -> None:
    """What a check yields is named in its `@check(...)`, so an internal error (X01) names the right rules.
    Loading problems come from the loader and X01 from the runner, not from checks."""
    all_rules.load()
    found = walk()
    in_rules = {code for code, places in found.emitted.items()
                if any(p.startswith("styr.rules.") and not p.startswith("styr.rules.run:") for p in places)}
    assert in_rules <= found.in_checks, sorted(in_rules - found.in_checks)
    declared = {code for c in CHECKS for code in c.codes}
    assert declared == found.in_checks


def test_rule_codes_are_well_formed_and_names_unique() -> None:
    all_rules.load()
    for code, r in RULES.items():
        assert r.code == code and len(code) == 3 and code[0].isupper() and code[1:].isdigit(), code
        assert r.summary and r.explanation and r.hint, code
    names = [r.name for r in RULES.values()]
    assert len(names) == len(set(names))
