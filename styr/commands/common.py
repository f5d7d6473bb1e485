"""Shared pieces of the command modules: exit codes, common options, turning the application layer's
refusals into Swedish messages and exit codes, the output format, safe writing."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from styr.app.errors import AppError
from styr.app.pipeline import Settings
from styr.app.workspace import parse_today, settings_for
from styr.edit import files
from styr.edit.period_entry import AssessmentEdit, AssessmentExists, EditError, PeriodMap, set_period_entry
from styr.load.repo import load
from styr.load.source import WorkTree
from styr.model import periods
from styr.model.build import build
from styr.model.repository import Repository
from styr.model.types import Goal
from styr.render.registry import Formats, UnknownFormat
from styr.suggest import did_you_mean

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
R = TypeVar("R")

PathArg = Annotated[Path, typer.Argument(help="Målrepots mapp (standard: aktuell mapp).", show_default=False)]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", help="Dagens datum ÅÅÅÅ-MM-DD (standard: idag, eller miljövariabeln STYR_DATUM)."),
]
RevOpt = Annotated[str | None, typer.Option("--rev", help="Läs målrepot som det var vid en Git-revision.")]


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print a Swedish error on stderr and exit; never a traceback."""
    typer.echo(f"styr: {message}", err=True)
    raise typer.Exit(code)


@contextmanager
def refused() -> Iterator[None]:
    """What the application layer refuses ends the command with its Swedish message and exit code."""
    try:
        yield
    except AppError as exc:
        fail(str(exc), exc.exit_code)


def output_format(formats: Formats[R], name: str) -> R:
    """The renderer of `--format NAME` from the registry; an unknown format is a usage error (exit 2)."""
    try:
        return formats.find(name)
    except UnknownFormat as exc:
        fail(str(exc))


def note(message: str) -> None:
    """A note for the user on stderr, beside the command's output."""
    typer.echo(f"styr: {message}", err=True)


def resolve_today(value: str | None) -> date:
    with refused():
        return parse_today(value)


def make_settings(path: Path, today: str | None, rev: str | None = None) -> Settings:
    """Turn common options into Settings, checking that the path is a goal repository."""
    with refused():
        return settings_for(path, today, rev)


def write_atomically(target: Path, text: str) -> None:
    """Write a file atomically; a file system error ends the command with a Swedish message (exit 2)."""
    try:
        files.write_atomically(target, text)
    except files.WriteFailed as exc:
        fail(str(exc))


def create_all(created: dict[Path, str]) -> None:
    """Create new files (never overwriting one); any failure ends the command with a Swedish message."""
    try:
        files.create_all(created)
    except files.WriteFailed as exc:
        fail(str(exc))


# -- arguments that several authoring commands take ------------------------------------------------------------


def period_arg(text: str) -> periods.Period:
    try:
        return periods.parse_period(text)
    except periods.PeriodError as exc:
        fail(str(exc))


def working_tree(settings: Settings) -> Repository:
    """The goal repository as it is on disk now: what an authoring command edits."""
    return build(load(WorkTree(settings.root)))


def goal_arg(repo: Repository, goal_id: str) -> Goal:
    goal = repo.goal_by_id.get(goal_id)
    if goal is None:
        fail(f"målet '{goal_id}' finns inte. {did_you_mean(goal_id, repo.goal_by_id)}".rstrip())
    return goal


def read_input(name: str, limit: int) -> bytes:
    """The bytes of a file the user names (`-`: standard input), at most `limit` + 1 of them so that a caller
    can tell a file that is too large. Every way it can fail ends the command in Swedish (exit 2)."""
    where = "standard in" if name == "-" else f"'{name}'"
    try:
        if name == "-":
            stream = getattr(sys.stdin, "buffer", None)
            return stream.read(limit + 1) if stream is not None else sys.stdin.read().encode("utf-8")
        with open(name, "rb") as handle:
            return handle.read(limit + 1)
    except FileNotFoundError:
        fail(f"filen {where} finns inte.")
    except IsADirectoryError:
        fail(f"{where} är en mapp, inte en fil.")
    except OSError as exc:
        fail(f"kunde inte läsa {where}: {exc.strerror or exc}")


def closed_note(root: Path, repo: Repository) -> Callable[[Goal, periods.Period], str | None]:
    """For a goal and a period: why its outcomes and assessment must not change (a closed period), or None."""
    from styr.history.closed import ClosedPeriods  # Git is read only by the commands that write

    closed = ClosedPeriods(root, repo)

    def note(goal: Goal, period: periods.Period) -> str | None:
        c = closed.closure(goal, period)
        if c is None:
            return None
        return (f"{period.text} är en stängd period ({c.reason}): det som är beslutat ändras inte i efterhand "
                "(ett utfall som saknades får läggas till). Använd --force om det ändå ska ändras; CI rapporterar "
                "ändringen (U06).")

    return note


def edit_period_entry(root: Path, owner: str, path: str, where: PeriodMap, period: str, wanted: dict[str, str],
                      replace: bool) -> AssessmentEdit:
    """The file at `path` with `where.key[period]` set to `wanted` (not yet written); every reason it cannot be
    done ends the command in Swedish. `owner` is the goal's or activity's id."""
    try:
        return set_period_entry((root / path).read_bytes().decode("utf-8"), where, period, wanted, replace=replace)
    except AssessmentExists as exists:
        fail(f"{owner} har redan {where.one} för {period} ({path}, rad {exists.line}); använd --ersätt för att "
             "ersätta den.")
    except UnicodeDecodeError:
        fail(f"{path} är inte sparad som UTF-8 (regel Y04); spara om den först.")
    except (EditError, OSError) as exc:
        fail(f"{path}: {exc}")
