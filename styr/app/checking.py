"""`styr validate`: the whole pipeline with the rules that need Git (the rules' texts: styr.app.rulebook)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from styr.app.changed import analyse_changed
from styr.app.errors import AppError, refusals
from styr.app.output import write_text
from styr.app.pipeline import (
    Remembered,
    analyse_survey,
    history_quiet,
    history_reader,
    open_source,
    recall,
    survey_source,
    with_history_checks,
)
from styr.app.workspace import goal_root, settings_for
from styr.frozen import frozen
from styr.load.source import NotAGoalRepository, find_root
from styr.rules.context import HistoryReader, HistoryUnavailable
from styr.rules.outcome import ValidationOutcome


@frozen(slots=False)
class Checked:
    """The outcome of a check, the report as rendered, whether the report went to a file, and notes for the
    user (Swedish): files that were named but lie outside the goal repository."""

    outcome: ValidationOutcome
    text: str
    output: Path | None = None
    notes: tuple[str, ...] = ()


@frozen(slots=False)
class Scope:
    """What `styr validate PATH…` checks and shows: the goal repository of the paths, the files whose findings
    are shown (empty: all of them) and the files that lie outside it."""

    root: Path
    files: tuple[str, ...] = ()
    outside: tuple[Path, ...] = ()


def validate(paths: Sequence[Path], render: Callable[[ValidationOutcome], str], *, output: Path | None = None,  # noqa: PLR0913 — the options of `styr validate`, passed on by name
             today: str | None = None, rev: str | None = None, strict: bool = False, base: str | None = None,
             everything: bool = False, allow_missing_base: bool = False, cache: bool | None = None) -> Checked | None:
    """Check, render the outcome with `render` and write it to `output` (None: for the terminal). None when no
    path lies in a goal repository (files outside it, as pre-commit passes them, are not styr's)."""
    scope = choose_scope(paths, rev, everything)
    notes = _outside_note(scope.outside) if scope is not None else ()
    if scope is None:
        return None
    outcome = check(scope, today=today, rev=rev, strict=strict, base=base, allow_missing_base=allow_missing_base,
                    cache=cache)
    text = render(outcome)
    if output is not None:
        write_text(output, text)
    return Checked(outcome, text, output, notes)


def choose_scope(paths: Sequence[Path], rev: str | None = None, everything: bool = False) -> Scope | None:
    """The goal repository and the findings to show. A folder (or nothing) shows the whole repository; files
    show their own findings unless `everything`, and the whole chain is checked either way. Files outside the
    goal repository are left out; None when no path lies in one. Raises AppError for a path that does not
    exist."""
    given = list(paths) or [Path(".")]
    if rev is not None:  # the paths are read from Git: the first one names the repository
        settings = settings_for(given[0], None, rev)
        files = () if everything else tuple(_relative(settings.root, p) for p in given if p.is_file())
        return Scope(settings.root, files)
    for path in given:
        if not path.exists():
            raise AppError(f"'{path}' finns inte.")
    folders = [p for p in given if p.is_dir()]
    if folders:
        return Scope(goal_root(folders[0]))
    roots: dict[Path, list[Path]] = {}
    outside: list[Path] = []
    for path in given:
        try:
            roots.setdefault(find_root(path.resolve()), []).append(path)
        except NotAGoalRepository:
            outside.append(path)
    if not roots:
        return None
    root, inside = next(iter(roots.items()))
    outside += [p for other, found in roots.items() if other != root for p in found]
    files = () if everything else tuple(dict.fromkeys(_relative(root, p) for p in inside))
    return Scope(root, files, tuple(outside))


def _outside_note(outside: tuple[Path, ...]) -> tuple[str, ...]:
    if not outside:
        return ()
    names = ", ".join(str(p) for p in outside[:5]) + (" …" if len(outside) > 5 else "")
    count = "1 fil ligger" if len(outside) == 1 else f"{len(outside)} filer ligger"
    return (f"obs! {count} utanför målrepot och kontrollerades inte: {names}.",)


def check(scope: Scope, *, today: str | None = None, rev: str | None = None, strict: bool = False,
          base: str | None = None, allow_missing_base: bool = False, cache: bool | None = None) -> ValidationOutcome:
    """Check the goal repository of `scope` (the whole chain is always checked) and keep the findings in the
    scope's files. With `base`, a base that cannot be read is a usage error unless `allow_missing_base`: a check
    that silently did not run is no check. A repository whose every file is as it was when it was last checked,
    on the same day and with the same styr, without a base and without recorded decisions, gets the findings of
    that check (see styr.app.pipeline.recall) without being read again, and one where a few goal or activity files
    changed gets them with only those files checked again (styr.app.changed). Raises AppError."""
    settings = settings_for(scope.root, today, rev, strict=strict, base=base)
    with refusals():
        source = open_source(settings)
        found = survey_source(source, cache)
        history = history_reader(source, settings)
        quiet = found.store is not None and history_quiet(history)  # nothing to recall without the cache
        if found.fingerprint is not None and quiet:
            remembered = recall(found, settings.today)
            if remembered is not None:
                return remembered.outcome(strict=strict, only=scope.files)
        if quiet:  # a few goal or activity files changed since the last check: only they are checked again
            checked = analyse_changed(found, settings.today)
            if isinstance(checked, Remembered):
                return checked.outcome(strict=strict, only=scope.files)
            analysis = checked
        else:
            analysis = analyse_survey(found, settings.today)
        if base is not None and not allow_missing_base:
            _require_base(history, base)
        analysis = with_history_checks(analysis, settings, history)
    return analysis.outcome(strict=strict, only=scope.files)


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
