"""The core pipeline: load → model → rules, configured by one Settings value. Knows nothing of terminals."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from styr.diagnostics import Diagnostic, Severity, sorted_diagnostics
from styr.load.repo import UNREADABLE, Loaded, load
from styr.load.source import MODEL_FILE, NotAGoalRepository, Source, WorkTree, git_prefix
from styr.model.build import build
from styr.model.repository import Repository
from styr.rules import all_rules
from styr.rules.context import Context
from styr.rules.outcome import Summary, ValidationOutcome
from styr.rules.registry import CHECKS, RULES


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
    all_rules.load()
    return [Diagnostic(p.code, RULES[p.code].severity, p.message, p.path, p.line, p.column, p.hint)
            for p in loaded.problems]


def analyse(source: Source, today: date) -> Analysis:
    """Run the whole pipeline on a source."""
    loaded, repo = read_repository(source)
    found = loading_diagnostics(loaded)
    ctx = Context(repo, today)
    for codes, fn in CHECKS:
        try:
            found.extend(fn(ctx))
        except Exception as exc:  # a bug in one rule must not hide every other finding
            found.append(Diagnostic("X01", Severity.ERROR, f"Internt fel i regel {', '.join(codes)}: {exc!r}.",
                                    MODEL_FILE, 1, 1, "Rapportera felet till styrs utvecklare."))
    configured = apply_overrides(_mention_unread_goals(found, loaded), repo)
    return Analysis(source, loaded, repo, tuple(sorted_diagnostics(configured)), today)


def _mention_unread_goals(found: list[Diagnostic], loaded: Loaded) -> list[Diagnostic]:
    """A goal file that cannot be read takes its goal with it, so links to that goal look broken too (K01,
    A02). Their hints name the unread files, so the user fixes the cause rather than the links."""
    unread = sorted({p.path for p in loaded.problems if p.code in UNREADABLE and "/mål/" in f"/{p.path}"})
    if not unread:
        return found
    shown = ", ".join(unread[:3]) + (" …" if len(unread) > 3 else "")
    extra = f" Det kan också bero på att en målfil inte gick att läsa: {shown}."
    return [replace(d, hint=d.hint + extra) if d.code in ("K01", "A02") else d for d in found]


def with_history_checks(analysis: Analysis, settings: Settings) -> Analysis:
    """Add the rules that need Git history: closed periods changed since `--base` (U06), and goal
    definitions changed after their body's latest adoption (H01). Outside Git these say so once (H02)."""

    from styr.history.closed import adoption_diagnostics, closed_period_diagnostics

    root = getattr(analysis.source, "root", settings.root)
    if settings.base:
        extra = closed_period_diagnostics(root, settings.base, analysis.repo, rev=settings.rev)
    else:
        extra = adoption_diagnostics(root, analysis.repo, rev=settings.rev)
    if not extra:
        return analysis
    merged = [*analysis.diagnostics, *apply_overrides(extra, analysis.repo)]
    return replace(analysis, diagnostics=tuple(sorted_diagnostics(merged)))


def apply_overrides(diagnostics: Iterable[Diagnostic], repo: Repository) -> list[Diagnostic]:
    """`regler:` in styrmodell.yaml changes a rule's severity or turns it off (`av`)."""
    overrides = dict(repo.config.rule_overrides) if repo.config else {}
    out: list[Diagnostic] = []
    for d in diagnostics:
        wanted = overrides.get(d.code)
        if wanted is None:
            out.append(d)
        elif wanted == "av":
            continue
        else:
            try:
                out.append(d.with_severity(Severity(wanted)))
            except ValueError:
                out.append(d)
    return out
