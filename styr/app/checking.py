"""`styr validate`: the whole pipeline with the rules that need Git (the rules' texts: styr.app.rulebook)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from styr.app.errors import AppError, refusals
from styr.app.output import write_text
from styr.app.pipeline import (
    analyse_survey,
    history_quiet,
    history_reader,
    open_source,
    recall,
    survey_source,
    with_history_checks,
)
from styr.app.workspace import settings_for
from styr.rules.context import HistoryReader, HistoryUnavailable
from styr.rules.outcome import ValidationOutcome


@dataclass(frozen=True)
class Checked:
    """The outcome of a check, the report as rendered, and whether the report went to a file."""

    outcome: ValidationOutcome
    text: str
    output: Path | None = None


def validate(paths: Sequence[Path], render: Callable[[ValidationOutcome], str], *, output: Path | None = None,  # noqa: PLR0913 — the options of `styr validate`, passed on by name
             today: str | None = None, rev: str | None = None, strict: bool = False, base: str | None = None,
             only_files: bool = False, allow_missing_base: bool = False, cache: bool | None = None) -> Checked:
    """Check, render the outcome with `render` and write it to `output` (None: for the terminal)."""
    outcome = check(paths, today=today, rev=rev, strict=strict, base=base, only_files=only_files,
                    allow_missing_base=allow_missing_base, cache=cache)
    text = render(outcome)
    if output is not None:
        write_text(output, text)
    return Checked(outcome, text, output)


def check(paths: Sequence[Path], *, today: str | None = None, rev: str | None = None, strict: bool = False,
          base: str | None = None, only_files: bool = False, allow_missing_base: bool = False,
          cache: bool | None = None) -> ValidationOutcome:
    """Check the goal repository that the first of `paths` lies in (the whole chain is always checked).
    `only_files` keeps the findings in or about the given files, as pre-commit asks. With `base`, a base that
    cannot be read is a usage error unless `allow_missing_base`: a check that silently did not run is no check.
    A repository whose every file is as it was when it was last checked, on the same day and with the same styr,
    without a base and without recorded decisions, gets the findings of that check (see styr.app.pipeline.recall)
    without being read again. Raises AppError."""
    given = list(paths) or [Path(".")]
    settings = settings_for(given[0], today, rev, strict=strict, base=base)
    files = tuple(_relative(settings.root, p) for p in given if p.is_file()) if only_files else ()
    with refusals():
        source = open_source(settings)
        found = survey_source(source, cache)
        history = history_reader(source, settings)
        if found.fingerprint is not None and history_quiet(history):
            remembered = recall(found, settings.today)
            if remembered is not None:
                return remembered.outcome(strict=strict, only=files)
        analysis = analyse_survey(found, settings.today)
        if base is not None and not allow_missing_base:
            _require_base(history, base)
        analysis = with_history_checks(analysis, settings, history)
    return analysis.outcome(strict=strict, only=files)


def _require_base(history: HistoryReader, base: str) -> None:
    """Read the base now, so that one that cannot be read stops the run with exit code 2."""
    try:
        history.base_repository()
    except HistoryUnavailable as exc:
        raise AppError(f"--base {base} kan inte läsas: {exc} Stängda perioder kan då inte kontrolleras. Rätta "
                       "revisionen eller hämta den (i CI: hela historiken och taggarna), eller ange "
                       "--allow-missing-base för att validera utan jämförelsen.") from exc


def _relative(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
