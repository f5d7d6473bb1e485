"""The rules that need Git history (U06, H01, H02, H03) read it only through the HistoryReader in their context: with a
reader made of plain documents they run without Git, and without a reader they do not run at all."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from styr.app.pipeline import analyse
from styr.diagnostics import Diagnostic, Severity
from styr.history.changes import definition_changes, diff_docs, show
from styr.load.source import WorkTree
from styr.load.yamlio import parse_yaml
from styr.model.repository import Repository
from styr.model.types import ModelConfig
from styr.rules.context import ChangedGoals, Difference, HistoryUnavailable
from styr.rules.run import configure, history_codes

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
BUN_GOAL = "kommun/nämnd/mål/bun-m1.yaml"
TODAY = date(2026, 11, 29)
OUTCOMES = "utfall: {2023: 82, 2024: 83, 2025: 84}"


@dataclass(frozen=True)
class Adopted:
    organ: str
    day: date
    period: str | None
    commit: str = "c0ffee"

    def sentence(self) -> str:
        return f"{self.organ} antog {self.period or 'målen'} {self.day}"

    def describe(self) -> str:
        return f"{'bokslut ' + self.period if self.period else 'målen'} antaget av {self.organ} {self.day}"


class Recorded:
    """A history written by hand: the base's documents, the decisions, and the files as they are now."""

    def __init__(self, root: Path, base: str | None, before: dict[str, str], decisions: Sequence[Adopted] = (),
                 fail: str | None = None) -> None:
        self.root, self._base, self._before, self._decisions, self._fail = root, base, before, decisions, fail
        self.calls = 0
        self._base_repo: Repository | None = None

    def _call(self) -> None:
        self.calls += 1
        if self._fail is not None:
            raise HistoryUnavailable(self._fail)

    @property
    def base(self) -> str | None:
        return self._base

    def decisions(self) -> Sequence[Adopted]:
        self._call()
        return self._decisions

    def base_repository(self) -> Repository:
        """The files as they are now, with the recorded ones as they were, loaded and modelled."""
        self._call()
        if self._base_repo is None:
            copy = Path(tempfile.mkdtemp(dir=self.root.parent)) / "bas"
            shutil.copytree(self.root, copy)
            for rel, text in self._before.items():
                (copy / rel).write_text(text, encoding="utf-8")
            self._base_repo = analyse(WorkTree(copy), TODAY).repo
        return self._base_repo

    def base_documents(self, paths: Iterable[str]) -> Mapping[str, Mapping[str, Any] | None]:
        self._call()
        out: dict[str, Mapping[str, Any] | None] = {}
        for p in paths:
            text = self._before.get(p)
            out[p] = parse_yaml(text.encode() if text is not None else (self.root / p).read_bytes()).doc
        return out

    def changed_goals(self, since: str | None = None) -> ChangedGoals:
        self._call()
        docs = [(p, parse_yaml(t.encode()).doc) for p, t in self._before.items() if "/mål/" in p]
        changed = [(str(d["id"]), d) for p, d in docs
                   if d is not None and (self.root / p).read_text(encoding="utf-8") != self._before[p]]
        return ChangedGoals(tuple(changed), frozenset(p for p, _ in docs))

    def documents(self, paths: Iterable[str]) -> Mapping[str, Mapping[str, Any] | None]:
        self._call()
        return {p: parse_yaml((self.root / p).read_bytes()).doc for p in paths}

    def differences(self, before: object, after: object, *, definition: bool = False) -> Sequence[Difference]:
        return definition_changes(before, after) if definition else diff_docs(before, after)

    def shown(self, value: object) -> str:
        return show(value)


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return Path(shutil.copytree(MINIMAL, tmp_path / "repo"))


def _edit(root: Path, old: str, new: str) -> str:
    """Change the BUN goal; return the text it had (the base)."""
    path = root / BUN_GOAL
    before = path.read_text(encoding="utf-8")
    assert before.count(old) == 1
    path.write_text(before.replace(old, new), encoding="utf-8")
    return before


def test_a_changed_outcome_of_an_adopted_bokslut_is_u06(root: Path) -> None:
    before = _edit(root, OUTCOMES, "utfall: {2023: 82, 2024: 83, 2025: 86}")
    history = Recorded(root, "origin/main", {BUN_GOAL: before}, [Adopted("BUN", date(2026, 2, 20), "2025")])
    found = [d for d in analyse(WorkTree(root), TODAY, history).diagnostics if d.code[0] in "UH"]
    assert [(d.code, d.path) for d in found] == [("U06", BUN_GOAL)]
    line = (root / BUN_GOAL).read_text(encoding="utf-8").splitlines()[found[0].line - 1]
    assert line[found[0].column - 1:].startswith("86")
    assert "från 84 till 86" in found[0].message and "bokslut 2025 antaget av BUN" in found[0].message
    assert "origin/main" in found[0].hint


def test_an_organ_closes_only_its_own_units_and_the_configuration_applies(root: Path) -> None:
    before = _edit(root, OUTCOMES, "utfall: {2023: 82, 2024: 83, 2025: 86}")
    # the verksamhet below the nämnd adopted its bokslut: that does not close the nämnd's goals
    other = Recorded(root, "HEAD", {BUN_GOAL: before}, [Adopted("BUN-V", date(2026, 2, 20), "2025")])
    assert not [d for d in analyse(WorkTree(root), TODAY, other).diagnostics if d.code == "U06"]
    model = root / "styrmodell.yaml"
    model.write_text(model.read_text(encoding="utf-8") + "regler:\n  U06: warning\n", encoding="utf-8")
    history = Recorded(root, "HEAD", {BUN_GOAL: before}, [Adopted("BUN", date(2026, 2, 20), "2025")])
    found = [d for d in analyse(WorkTree(root), TODAY, history).diagnostics if d.code == "U06"]
    assert [d.severity.value for d in found] == ["warning"]


def test_unreadable_history_is_one_h02_and_no_reader_no_history_rules(root: Path) -> None:
    before = _edit(root, OUTCOMES, "utfall: {2023: 82, 2024: 83, 2025: 86}")
    broken = Recorded(root, "origin/main", {BUN_GOAL: before}, fail="Okänd Git-revision 'origin/main'.")
    found = [d for d in analyse(WorkTree(root), TODAY, broken).diagnostics if d.code[0] in "UHX"]
    assert [(d.code, d.path, d.severity.value) for d in found] == [("H02", "styrmodell.yaml", "warning")]
    assert found[0].message.startswith("Stängda perioder (--base) kunde inte kontrolleras: Okänd Git-revision")
    # without --base a history that cannot be read says nothing: outside Git nothing was adopted
    quiet = Recorded(root, None, {}, fail="ligger inte i ett Git-repo")
    assert not [d for d in analyse(WorkTree(root), TODAY, quiet).diagnostics if d.code[0] in "UHX"]
    # without a reader the history rules do not run
    assert not [d for d in analyse(WorkTree(root), TODAY).diagnostics if d.code[0] in "UHX"]


def test_a_definition_changed_after_adoption_is_h01(root: Path) -> None:
    before = _edit(root, "titel: Eleverna når högre", "titel: Eleverna når mycket högre")
    history = Recorded(root, None, {BUN_GOAL: before}, [Adopted("BUN", date(2022, 12, 14), None)])
    found = [d for d in analyse(WorkTree(root), TODAY, history).diagnostics if d.code[0] == "H"]
    assert [(d.code, d.path, d.line) for d in found] == [("H01", BUN_GOAL, 2)]
    assert "titel:" in found[0].message and "BUN antog målen" in found[0].message


def test_with_a_base_the_history_rules_keep_the_stricter_setting(root: Path) -> None:
    """`regler:` at the base holds for the rules that protect decisions, unless the current one is stricter;
    every other rule follows the current configuration."""

    def config(**rules: str) -> ModelConfig:
        return ModelConfig("Testby", (), (), None, None, rule_overrides=tuple(rules.items()))

    found = [Diagnostic(code, Severity.ERROR if code != "H01" else Severity.WARNING, "x", "a.yaml")
             for code in ("U06", "H03", "H01", "K06")]
    assert {"U06", "H03", "H01", "H02"} <= history_codes()
    now = config(U06="av", H03="info", H01="error", K06="av")
    then = config(U06="warning", H01="av")
    shown = {d.code: d.severity.value for d in configure(found, now, then)}
    assert shown == {"U06": "warning", "H03": "error", "H01": "error"}
    # without a base the current configuration is all there is
    assert {d.code: d.severity.value for d in configure(found, now)} == {"H03": "info", "H01": "error"}
