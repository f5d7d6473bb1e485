"""Opening a goal repository: the folder a command was given, today's date, and the files (work tree or `--rev`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from styr.app.errors import AppError, refusals
from styr.app.pipeline import Settings, open_source, read_survey, survey_source
from styr.frozen import frozen
from styr.load.cache import Memos
from styr.load.repo import Loaded
from styr.load.source import Source, find_root
from styr.model import periods
from styr.model.repository import Repository


def parse_today(text: str | None) -> date:
    """`--date ÅÅÅÅ-MM-DD`, else STYR_DATUM, else the clock: the day that decides which periods have ended."""
    try:
        return date.fromisoformat(text) if text else periods.today()
    except periods.PeriodError as exc:
        raise AppError(f"ogiltigt datum: {exc}") from exc
    except ValueError as exc:
        raise AppError(f"ogiltigt datum '{text}': skriv ÅÅÅÅ-MM-DD, t.ex. 2026-11-29.") from exc


def goal_root(path: Path) -> Path:
    """The goal repository that `path` (a folder or a file in it) lies in: the nearest styrmodell.yaml upwards."""
    if not path.exists():
        raise AppError(f"'{path}' finns inte.")
    with refusals():
        return find_root(path.resolve())


def settings_for(path: Path, today: str | None, rev: str | None = None, *, strict: bool = False,
                 base: str | None = None, cache: bool | None = None) -> Settings:
    """The command's options as Settings. With `--rev` the folder need not hold a styrmodell.yaml on disk:
    the revision is read from Git, and the goal repository is found in it."""
    if not path.exists():
        raise AppError(f"'{path}' finns inte.")
    root = path.resolve() if rev is not None else goal_root(path)
    return Settings(root=root, today=parse_today(today), rev=rev, strict=strict, base=base, cache=cache)


@frozen(slots=False)
class Opened:
    """A goal repository read and modelled, not checked: what commands that show the repository work on."""

    settings: Settings
    source: Source
    loaded: Loaded
    repo: Repository
    memos: Memos | None = None
    """Where a command keeps what it made for the next run, beside the parse cache (None without a cache)."""

    @property
    def root(self) -> Path:
        """The goal repository's folder (for `--rev`, the one found in the revision)."""
        root: Path = getattr(self.source, "root", self.settings.root)
        return root


def open_repository(settings: Settings, *, model_only: bool = False) -> Opened:
    """Load and model the repository of `settings` (work tree, or the revision `settings.rev`). `model_only`: the
    command needs the model alone, not the documents (`opened.loaded` then holds none)."""
    with refusals():
        source = open_source(settings)
        found = survey_source(source, settings.cache)
        loaded, repo = read_survey(found, model_only=model_only)
    return Opened(settings, source, loaded, repo, found.memos)
