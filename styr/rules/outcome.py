"""What every validation reporter receives: the outcome of a run, prepared as plain values."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import field

from styr.diagnostics import Diagnostic, Severity, count_by_severity
from styr.frozen import frozen
from styr.rules.registry import Rule


@frozen
class Summary:
    """Counts shown in the closing line of `styr validate`."""

    units: int = 0
    goals: int = 0
    indicators: int = 0
    activities: int = 0
    files: int = 0


def _no_source(path: str, line: int) -> str | None:
    return None


@frozen(slots=False)
class ValidationOutcome:
    """The result of `styr validate`, handed to a reporter.

    `diagnostics` are sorted and already carry the configured severity. `source_line(path, line)` returns
    the text of a line of a repository file (or None), so reporters never touch the file system themselves.
    """

    diagnostics: tuple[Diagnostic, ...]
    rules: Mapping[str, Rule]
    summary: Summary = field(default_factory=Summary)
    source_line: Callable[[str, int], str | None] = _no_source
    strict: bool = False
    # The goal repository's folder relative to its Git work tree's top ("" at the top, or outside Git): CI
    # tools resolve paths from the Git root, so their reporters put this in front of every path.
    git_prefix: str = ""
    only: tuple[str, ...] = ()
    """The files whose findings are shown (`styr validate FILE…`); empty when all are. The whole repository is
    checked either way."""

    @property
    def counts(self) -> dict[Severity, int]:
        return count_by_severity(self.diagnostics)

    @property
    def failed(self) -> bool:
        c = self.counts
        return c[Severity.ERROR] > 0 or (self.strict and c[Severity.WARNING] > 0)
