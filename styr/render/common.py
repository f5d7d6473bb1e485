"""Shared pieces of the validation reporters: the base class, fingerprints and Swedish count wording."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from typing import ClassVar

from styr.diagnostics import Diagnostic, Severity
from styr.rules.outcome import ValidationOutcome


class Reporter:
    """A `styr validate --format NAME` output. Subclasses set `name` and implement `render`; the registry
    (styr.render.registry) holds their aliases.

    Every reporter takes the same keyword options so the CLI can build any of them the same way;
    only the terminal reporter uses `color` and `width`.
    """

    name: ClassVar[str] = ""

    def __init__(self, color: bool = False, width: int = 100) -> None:
        self.color = color
        self.width = width

    def render(self, outcome: ValidationOutcome) -> str:
        raise NotImplementedError


def source_text(outcome: ValidationOutcome, d: Diagnostic) -> str:
    """The offending line without its line break, or "" when the outcome cannot show it."""
    text = outcome.source_line(d.path, d.line)
    return "" if text is None else text.rstrip("\r\n")


def fingerprints(outcome: ValidationOutcome) -> Iterator[tuple[Diagnostic, str]]:
    """Pair each diagnostic with a stable fingerprint (sha256 hex).

    The hash covers code, path, message and the stripped text of the offending line, but not the line
    number: a finding keeps its identity when unrelated lines above it move, so GitLab and code scanning
    do not report it as fixed-and-new. Identical findings in one file get an occurrence counter, in
    document order, so they stay distinct.
    """
    seen: dict[tuple[str, str, str, str], int] = {}
    for d in outcome.diagnostics:
        key = (d.code, d.path, d.message, source_text(outcome, d).strip())
        occurrence = seen.get(key, 0)
        seen[key] = occurrence + 1
        payload = "\0".join((*key, str(occurrence)))
        yield d, hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def severity_counts_text(diagnostics: Iterable[Diagnostic]) -> str:
    """'0 fel, 2 varningar, 1 info' for the given diagnostics."""
    counts = {s: 0 for s in Severity}
    for d in diagnostics:
        counts[d.severity] += 1
    return ", ".join(
        (
            _plural(counts[Severity.ERROR], "fel", "fel"),
            _plural(counts[Severity.WARNING], "varning", "varningar"),
            _plural(counts[Severity.INFO], "info", "info"),
        )
    )


def summary_sentence(outcome: ValidationOutcome) -> str:
    """The closing line: what was checked and what was found."""
    s = outcome.summary
    checked = ", ".join(
        (
            _plural(s.units, "enhet", "enheter"),
            _plural(s.goals, "mål", "mål"),
            _plural(s.indicators, "indikator", "indikatorer"),
            _plural(s.activities, "aktivitet", "aktiviteter"),
        )
    )
    files = _plural(s.files, "fil", "filer")
    return f"Kontrollerade {checked} ({files}): {severity_counts_text(outcome.diagnostics)}."


def failure_sentence(outcome: ValidationOutcome) -> str:
    """Why the run failed ("" when it did not), so every format says it the same way."""
    if not outcome.failed:
        return ""
    errors = outcome.counts[Severity.ERROR]
    if errors:
        return f"Valideringen misslyckades: {_plural(errors, 'fel', 'fel')} måste rättas."
    warnings = outcome.counts[Severity.WARNING]
    return f"Valideringen misslyckades: {_plural(warnings, 'varning', 'varningar')} räknas som fel med --strict."


def fails(outcome: ValidationOutcome, d: Diagnostic) -> bool:
    """Whether this finding alone makes the run fail (errors; warnings too under --strict)."""
    return d.severity is Severity.ERROR or (outcome.strict and d.severity is Severity.WARNING)


def display_path(path: str, prefix: str = "") -> str:
    """A path fit for tools that need one: repository-level findings (empty path) point at the root.

    `prefix` is the goal repository's folder inside its Git work tree (ValidationOutcome.git_prefix): CI tools
    (GitHub, GitLab, SARIF viewers) resolve paths from the Git root, not from the goal repository."""
    path = path.removeprefix("./")
    if prefix:
        return f"{prefix.strip('/')}/{path}" if path else prefix.strip("/")
    return path or "."
