"""Diagnostics as values: what a rule found, where, and how to fix it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from enum import StrEnum

from styr.frozen import frozen


class Severity(StrEnum):
    """How serious a finding is. `error` fails `styr validate`; `warning` only with `--strict`."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def swedish(self) -> str:
        return {"error": "fel", "warning": "varning", "info": "info"}[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@frozen
class Diagnostic:
    """One finding. `path` is POSIX and relative to the goal repository; line and column are 1-based."""

    code: str
    severity: Severity
    message: str
    path: str
    line: int = 1
    column: int = 1
    hint: str = ""

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)

    def with_severity(self, severity: Severity) -> Diagnostic:
        return replace(self, severity=severity)


def sorted_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Stable, reader-friendly order: by file, then position, then code."""
    return sorted(diagnostics, key=Diagnostic.sort_key)


def count_by_severity(diagnostics: Iterable[Diagnostic]) -> dict[Severity, int]:
    counts = {s: 0 for s in Severity}
    for d in diagnostics:
        counts[d.severity] += 1
    return counts
