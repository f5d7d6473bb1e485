"""The core pipeline: load → model → rules, configured by one Settings value. Knows nothing of terminals."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import field, replace
from datetime import date
from pathlib import Path
from typing import Any

from styr.app import kept
from styr.diagnostics import Diagnostic, sorted_diagnostics
from styr.frozen import frozen
from styr.load.cache import code_fingerprint
from styr.load.repo import Loaded, Survey, long_lived, survey
from styr.load.source import MODEL_FILE, NotAGoalRepository, Source, WorkTree, git_prefix
from styr.model.build import MADE_OF, build, derive
from styr.model.repository import Repository
from styr.model.types import ModelConfig
from styr.rules import all_rules
from styr.rules.context import Context, HistoryReader, HistoryUnavailable
from styr.rules.incremental import Incremental
from styr.rules.outcome import Summary, ValidationOutcome
from styr.rules.registry import RULES, restore
from styr.rules.run import check_repository, configure, problem_diagnostics, run_checks
from styr.wording.collation import sort_key


@frozen(slots=False)
class Settings:
    """Everything a command needs to know, gathered by the CLI from its options."""

    root: Path
    today: date
    strict: bool = False
    rev: str | None = None
    only_files: tuple[str, ...] = ()
    base: str | None = None
    cache: bool | None = None
    """Use the parse cache (None: unless STYR_CACHE=0; see styr.load.cache)."""


@frozen(slots=False)
class Analysis:
    """A loaded, built and checked repository."""

    source: Source
    loaded: Loaded
    repo: Repository
    diagnostics: tuple[Diagnostic, ...]
    today: date
    notes: tuple[str, ...] = field(default=())
    rechecked: tuple[str, ...] | None = None
    """The goal and activity files the per-document checks ran on again (see styr.rules.incremental); None when
    they ran on every file."""

    @property
    def summary(self) -> Summary:
        repo = self.repo
        return Summary(units=len(repo.units), goals=len(repo.goals), indicators=repo.indicator_count,
                       activities=len(repo.activities), files=len(self.loaded.files))

    def outcome(self, strict: bool = False, only: Iterable[str] = ()) -> ValidationOutcome:
        return _outcome(self.source, self.loaded, self.diagnostics, self.summary, strict, only)


@frozen(slots=False)
class Remembered:
    """What `analyse` found in this repository before, recognised by its fingerprint (every file's name and content,
    styr's own code, the day): the same findings, without reading the files again."""

    source: Source
    loaded: Loaded
    """The files as listed, without their documents (the lines a finding shows are read again)."""
    diagnostics: tuple[Diagnostic, ...]
    summary: Summary
    rechecked: tuple[str, ...] = ()
    """The goal and activity files checked again, their findings combined with the others' (styr.app.changed)."""

    def outcome(self, strict: bool = False, only: Iterable[str] = ()) -> ValidationOutcome:
        all_rules.load()  # the reporters look the rules up
        return _outcome(self.source, self.loaded, self.diagnostics, self.summary, strict, only)


def _outcome(source: Source, loaded: Loaded, diagnostics: tuple[Diagnostic, ...], summary: Summary, strict: bool,
             only: Iterable[str]) -> ValidationOutcome:
    only_set = set(only)
    diags = tuple(d for d in diagnostics if not only_set or d.path in only_set)
    root = getattr(source, "root", None)
    prefix = git_prefix(root) if isinstance(root, Path) else ""
    return ValidationOutcome(diags, RULES, summary, loaded.source_line, strict, prefix, tuple(sorted(only_set)))


def open_source(settings: Settings) -> Source:
    """The working tree, or the repository as it was at a Git revision."""
    if settings.rev:
        from styr.history.revsource import RevisionSource  # Git is only loaded when asked for

        source: Source = RevisionSource.open(settings.root, settings.rev)
        return source
    if not (settings.root / MODEL_FILE).is_file():
        raise NotAGoalRepository(
            f"'{settings.root}' är inget målrepo: {MODEL_FILE} saknas. Skapa ett med 'styr init'."
        )
    return WorkTree(settings.root)


def read_repository(source: Source, cache: bool | None = None, *, model_only: bool = False
                    ) -> tuple[Loaded, Repository]:
    """The first two stages only (load, model): for commands that show the repository rather than check it.
    `model_only`: the documents are not wanted after the model is built (`loaded` holds none of them)."""
    return read_survey(survey_source(source, cache), model_only=model_only)


def read_survey(found: Survey, *, model_only: bool = False) -> tuple[Loaded, Repository]:
    """`read_repository` of a repository already surveyed."""
    return _read(found, model_only=model_only, keep=model_only)


def survey_source(source: Source, cache: bool | None = None) -> Survey:
    """List the repository's files and look them up in the parse cache (see styr.load.repo.survey)."""
    if not source.exists(MODEL_FILE):
        raise NotAGoalRepository(f"{source.label}: {MODEL_FILE} saknas, så det här är inget målrepo.")
    return survey(source, cache=cache)


def _read(found: Survey, *, model_only: bool = True, keep: bool = False) -> tuple[Loaded, Repository]:
    """Load and model. `model_only`: the documents are not wanted once the model is built (the rules read the
    model alone): each is modelled where it is read and let go as soon as it is, so that the documents and the
    model never lie in memory whole at the same time (at 100,000 files, the difference is most of a gigabyte);
    what the cache keeps of the model of an unchanged file is used as it is. `keep`: keep this run's models
    for the next (the commands that show the repository: a validation, which is often run cold in CI, does not
    pay for pickling them)."""
    with long_lived():
        loaded = found.load(derive=derive if model_only else None, classes=MADE_OF, keep=keep)
        repo = build(loaded, sort_key, release=model_only)  # units, goals and lists in Swedish alphabetical order
        found.keep_models(loaded)
    return loaded, repo


def loading_diagnostics(loaded: Loaded) -> list[Diagnostic]:
    """What reading the files found (YAML and the schemas), at the rules' default severities."""
    return problem_diagnostics(loaded.problems)


def analyse(source: Source, today: date, history: HistoryReader | None = None, *, cache: bool | None = None
            ) -> Analysis:
    """Run the whole pipeline on a source: load, model, every rule. The rules that read Git history (U06, H01)
    run only when a history reader is given (see `history_reader`)."""
    return analyse_survey(survey_source(source, cache), today, history)


def analyse_survey(found: Survey, today: date, history: HistoryReader | None = None) -> Analysis:
    """`analyse` of a repository already surveyed. Without a history reader the findings are remembered beside the
    parse cache, for `recall` and styr.app.changed."""
    loaded, repo = _read(found)
    return analyse_loaded(found, loaded, repo, today, history)


def analyse_loaded(found: Survey, loaded: Loaded, repo: Repository, today: date,
                   history: HistoryReader | None = None) -> Analysis:
    """`analyse_survey` of a repository already loaded and modelled."""
    incremental = _incremental(found, loaded, today) if history is None else None
    checked = check_repository(Context(repo, today, tuple(loaded.problems), history), incremental)
    configured = apply_overrides(checked, repo, base_config(history))
    analysis = Analysis(found.source, loaded, repo, tuple(sorted_diagnostics(configured)), today,
                        rechecked=incremental.rechecked if incremental is not None else None)
    if history is None:
        summary = analysis.summary
        remember(found, loaded, today, analysis.diagnostics, summary)
        if incremental is not None and incremental.kept is not None and loaded.fingerprint is not None:
            kept.remember(found, incremental.kept, incremental.cross, loaded.fingerprint,
                          (summary.units, summary.goals, summary.indicators, summary.activities))
    return analysis


def remember(found: Survey, loaded: Loaded, today: date, diagnostics: tuple[Diagnostic, ...], summary: Summary
             ) -> None:
    """Remember the findings of a validation of these files on this day, for `recall`."""
    if loaded.fingerprint is not None:
        found.remember(_memo_name(loaded.fingerprint, today),
                       ([(d.code, d.severity.value, d.message, d.path, d.line, d.column, d.hint) for d in diagnostics],
                        (summary.units, summary.goals, summary.indicators, summary.activities)))


_CONTEXT_FILES = (MODEL_FILE, "vision.yaml")


def _incremental(found: Survey, loaded: Loaded, today: date) -> Incremental | None:
    """What the per-document checks need to reuse the findings of the files that did not change since the last
    run (None without a cache)."""
    if found.store is None:
        return None
    before = kept.recall(found)
    return Incremental(context_key(loaded, today), loaded.digests, before.documents if before is not None else None)


def context_key(loaded: Loaded, today: date) -> bytes:
    """The key of everything a per-document check may read besides its own file (styr.rules.incremental):
    styrmodell.yaml (rule severities, colour model …), vision.yaml, every styrkort.yaml (the units, their colour
    models and years), the day and styr's own code."""
    h = hashlib.sha256(f"{code_fingerprint()}\0{today.isoformat()}\0".encode())
    for path in loaded.files:
        if path in _CONTEXT_FILES or path.endswith("/styrkort.yaml"):
            h.update(path.encode("utf-8", "surrogateescape") + b"\0" + loaded.digests.get(path, b"-") + b"\1")
    return h.digest()


def recall(found: Survey, today: date) -> Remembered | None:
    """What `analyse_survey` found before in exactly these files on this day, or None."""
    fingerprint = found.fingerprint
    if fingerprint is None:
        return None
    memo: Any = found.recall(_memo_name(fingerprint, today))
    # A remembered finding is taken only for a rule styr has; in a new process no rule module is loaded yet, and
    # without this every remembered finding looked unknown, so a repository with findings was analysed again.
    all_rules.load()
    try:
        rows, counts = memo
        diagnostics = tuple(restore(*row) for row in rows)
        units, goals, indicators, activities = (int(n) for n in counts)
    except (TypeError, ValueError):  # nothing remembered, or not in this shape
        return None
    loaded = found.listing()
    summary = Summary(units, goals, indicators, activities, len(loaded.files))
    return Remembered(found.source, loaded, diagnostics, summary)


def _memo_name(fingerprint: bytes, today: date) -> str:
    return "analyse:" + hashlib.sha256(fingerprint + today.isoformat().encode()).hexdigest()


def history_quiet(history: HistoryReader) -> bool:
    """True when no rule that reads Git history has anything to compare with: there is no base revision (U06 and
    H03 compare with it) and no recorded decision (H01 compares with those). Then the history checks find nothing,
    and findings remembered without them are the whole answer (tests/test_parse_cache.py holds every history rule
    to this)."""
    if history.base is not None:
        return False
    try:
        return not history.decisions()
    except HistoryUnavailable:
        return True


def history_reader(source: Source, settings: Settings) -> HistoryReader:
    """The Git history of the repository being checked, compared with `--base` when given."""
    from styr.history.closed import GitHistory  # Git is only loaded when asked for

    return GitHistory(getattr(source, "root", settings.root), base=settings.base, rev=settings.rev)


def with_history_checks(analysis: Analysis, settings: Settings, history: HistoryReader | None = None) -> Analysis:
    """Add the rules that need Git history: closed periods changed since `--base` (U06, H03), and goal
    definitions changed after their body's latest adoption (H01). When the history cannot be read they say so
    once (H02). The same as giving `analyse` a `history_reader`, for a caller that has analysed already."""
    history = history or history_reader(analysis.source, settings)
    extra = run_checks(Context(analysis.repo, analysis.today, tuple(analysis.loaded.problems), history),
                       history_only=True)
    if not extra:
        return analysis
    merged = [*analysis.diagnostics, *apply_overrides(extra, analysis.repo, base_config(history))]
    return replace(analysis, diagnostics=tuple(sorted_diagnostics(merged)))


def base_config(history: HistoryReader | None) -> ModelConfig | None:
    """The model's configuration at the base of a `--base` run; None without a base or when it cannot be read."""
    if history is None or history.base is None:
        return None
    try:
        return history.base_repository().config
    except HistoryUnavailable:
        return None


def apply_overrides(diagnostics: Iterable[Diagnostic], repo: Repository, base: ModelConfig | None = None
                    ) -> list[Diagnostic]:
    """`regler:` in styrmodell.yaml changes a rule's severity or turns it off (`av`); in a `--base` run the rules
    that protect decisions keep the base's setting where it is stricter (`base`: the configuration there)."""
    return configure(diagnostics, repo.config, base)
