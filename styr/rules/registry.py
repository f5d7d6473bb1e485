"""The rule registry: every rule's stable code, name, default severity and explanation, as data."""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from styr.diagnostics import Diagnostic, Severity

if TYPE_CHECKING:
    from styr.rules.context import Context


@dataclass(frozen=True, slots=True)
class Rule:
    """A rule's metadata. Codes are stable and never reused; `name` is a readable Swedish slug."""

    code: str
    name: str
    severity: Severity
    summary: str
    explanation: str
    hint: str

    def diag(self, message: str, path: str, line: int = 1, column: int = 1, hint: str | None = None) -> Diagnostic:
        """Build a diagnostic of this rule at its default severity (configuration is applied later)."""
        return Diagnostic(self.code, self.severity, message, path, line, column, self.hint if hint is None else hint)


Check = Callable[["Context"], Iterator[Diagnostic]]

RULES: dict[str, Rule] = {}
CHECKS: list[tuple[tuple[str, ...], Check]] = []


def rule(code: str, name: str, severity: Severity, summary: str, explanation: str, hint: str) -> Rule:
    """Declare a rule. Called at import time by the rule family modules."""
    if code in RULES:
        raise ValueError(f"regelkoden {code} är redan registrerad")
    r = Rule(code, name, severity, summary, inspect.cleandoc(explanation), hint)
    RULES[code] = r
    return r


def check(*rules: Rule) -> Callable[[Check], Check]:
    """Register a model-level check that may yield diagnostics of the given rules."""

    def deco(fn: Check) -> Check:
        CHECKS.append((tuple(r.code for r in rules), fn))
        return fn

    return deco


def family(code: str) -> str:
    return code.rstrip("0123456789")
