"""The rule registry: every rule's stable code, name, default severity, explanation and check, as data."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from styr.diagnostics import Diagnostic, Severity
from styr.frozen import frozen
from styr.load.problems import Problem, ProblemKind

if TYPE_CHECKING:
    from styr.rules.context import Context


@frozen
class Rule:
    """A rule's metadata. Codes are stable and never reused; `name` is a readable Swedish slug.

    `summary`, `explanation` and `hint` are what `styr explain CODE` prints. A rule finds its problems either
    in the model, through a check registered with `@check`, or while files are read: `reports` names the
    kinds of loading problem (styr.load.problems) the rule reports."""

    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str
    hint: str
    reports: tuple[ProblemKind, ...] = ()

    def diag(self, message: str, path: str, line: int = 1, column: int = 1, hint: str | None = None) -> Diagnostic:
        """Build a diagnostic of this rule at its default severity (configuration is applied later)."""
        return Diagnostic(self.code, self.severity, message, path, line, column, self.hint if hint is None else hint)

    def report(self, problem: Problem) -> Diagnostic:
        """A loading problem of one of the kinds this rule reports, as its diagnostic (the loader's words)."""
        return self.diag(problem.message, problem.path, problem.line, problem.column, problem.hint)


Check = Callable[["Context"], Iterator[Diagnostic]]


@frozen
class RegisteredCheck:
    """A model-level check and the rules whose diagnostics it may yield. `history`: it reads the Git history
    (given through the context), so it runs only when the application asks for history.

    `per_document`: what it finds about a goal or an activity depends on that goal or activity alone, besides the
    configuration, the vision, the units and the day, and is reported in that goal's or activity's file; what it
    finds elsewhere (in a styrkort, the vision or styrmodell.yaml) depends on those alone. Such findings are kept
    between runs per file (styr.rules.incremental) and found again only for the files that changed. The default,
    False, is the safe one: the check reads the whole repository and runs every time."""

    rules: tuple[Rule, ...]
    run: Check
    history: bool = False
    per_document: bool = False

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.rules)


RULES: dict[str, Rule] = {}
CHECKS: list[RegisteredCheck] = []
BY_NAME: dict[str, Rule] = {}
"""The same rules by their readable names, which are as unique and as stable as their codes."""
REPORTED_BY: dict[ProblemKind, Rule] = {}
"""Which rule reports each kind of loading problem; every kind has exactly one."""


def rule(code: str, name: str, severity: Severity, summary: str, explanation: str, hint: str, *,
         reports: Iterable[ProblemKind] = ()) -> Rule:
    """Declare a rule. Called at import time by the rule family modules."""
    if code in RULES:
        raise ValueError(f"regelkoden {code} är redan registrerad")
    if name in BY_NAME:
        raise ValueError(f"regelnamnet {name} används redan av {BY_NAME[name].code}")
    r = Rule(code, name, severity, summary, inspect.cleandoc(explanation), hint, tuple(reports))
    for kind in r.reports:
        if kind in REPORTED_BY:
            raise ValueError(f"problemet {kind} rapporteras redan av {REPORTED_BY[kind].code}")
        REPORTED_BY[kind] = r
    RULES[code] = r
    BY_NAME[name] = r
    return r


def code_of(key: str) -> str | None:
    """The code of the rule a key of `regler:` names: its code, or its readable name (`yaml-tagg`); None when
    no registered rule has it."""
    found = RULES.get(key) or BY_NAME.get(key)
    return found.code if found is not None else None


def check(*rules: Rule, history: bool = False, per_document: bool = False) -> Callable[[Check], Check]:
    """Register a model-level check that yields diagnostics of the given rules (see RegisteredCheck for the
    flags; a check reading history is never per document)."""

    def deco(fn: Check) -> Check:
        CHECKS.append(RegisteredCheck(rules, fn, history, per_document and not history))
        return fn

    return deco


def restore(code: str, severity: str, message: str, path: str, line: int, column: int, hint: str) -> Diagnostic:
    """A diagnostic of a registered rule as it was found before, with the severity configured then (styr.app
    remembers a validation's findings between runs). Raises ValueError for a code that no rule has."""
    if code not in RULES:
        raise ValueError(f"ingen regel har koden {code}")
    return Diagnostic(code, Severity(severity), str(message), str(path), int(line), int(column), str(hint))


def family(code: str) -> str:
    return code.rstrip("0123456789")
