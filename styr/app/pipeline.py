"""The core pipeline: load → model → rules, configured by one Settings value. Knows nothing of terminals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from styr.diagnostics import Diagnostic, sorted_diagnostics
from styr.load.repo import Loaded, load
from styr.load.source import MODEL_FILE, NotAGoalRepository, Source, WorkTree, git_prefix
from styr.model.build import build
from styr.model.repository import Repository
from styr.model.types import ModelConfig
from styr.rules.context import Context, HistoryReader, HistoryUnavailable
from styr.rules.outcome import Summary, ValidationOutcome
from styr.rules.registry import RULES
from styr.rules.run import check_repository, configure, problem_diagnostics, run_checks


@dataclass(frozen=True)
class Settings:
    """Everything a command needs to know, gathered by the CLI from its options."""

    root: Path
    today: date
    strict: bool = False
    rev: str | None = None
    only_files: tuple[str, ...] = ()
    base: str | None = None


@dataclass(frozen=True)
class Analysis:
    """A loaded, built and checked repository."""

    source: Source
    loaded: Loaded
    repo: Repository
    diagnostics: tuple[Diagnostic, ...]
    today: date
    notes: tuple[str, ...] = field(default=())

    def outcome(self, strict: bool = False, only: Iterable[str] = ()) -> ValidationOutcome:
        only_set = set(only)
        diags = tuple(d for d in self.diagnostics if not only_set or d.path in only_set)
        repo = self.repo
        summary = Summary(
            units=len(repo.units),
            goals=len(repo.goals),
            indicators=repo.indicator_count,
            activities=len(repo.activities),
            files=len(self.loaded.files),
        )
        root = getattr(self.source, "root", None)
        prefix = git_prefix(root) if isinstance(root, Path) else ""
        return ValidationOutcome(diags, RULES, summary, self.loaded.source_line, strict, prefix)


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


def read_repository(source: Source) -> tuple[Loaded, Repository]:
    """The first two stages only (load, model): for commands that show the repository rather than check it."""
    if not source.exists(MODEL_FILE):
        raise NotAGoalRepository(f"{source.label}: {MODEL_FILE} saknas, så det här är inget målrepo.")
    loaded = load(source)
    return loaded, build(loaded)


def loading_diagnostics(loaded: Loaded) -> list[Diagnostic]:
    """What reading the files found (YAML and the schemas), at the rules' default severities."""
    return problem_diagnostics(loaded.problems)


def analyse(source: Source, today: date, history: HistoryReader | None = None) -> Analysis:
    """Run the whole pipeline on a source: load, model, every rule. The rules that read Git history (U06, H01)
    run only when a history reader is given (see `history_reader`)."""
    loaded, repo = read_repository(source)
    found = check_repository(Context(repo, today, tuple(loaded.problems), history))
    configured = apply_overrides(found, repo, base_config(history))
    return Analysis(source, loaded, repo, tuple(sorted_diagnostics(configured)), today)


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
