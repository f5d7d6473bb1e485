"""Shared pieces of the command modules: exit codes, common options, settings, arguments, safe writing."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from styr.app.pipeline import Settings
from styr.edit import files
from styr.load.source import NotAGoalRepository, find_root
from styr.model import periods

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

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


def resolve_today(value: str | None) -> date:
    try:
        if value:
            return date.fromisoformat(value)
        return periods.today()
    except periods.PeriodError as exc:
        fail(f"ogiltigt datum: {exc}")
    except ValueError:
        fail(f"ogiltigt datum '{value}': skriv ÅÅÅÅ-MM-DD, t.ex. 2026-11-29.")


def make_settings(path: Path, today: str | None, rev: str | None = None, **extra: object) -> Settings:
    """Turn common options into Settings, checking that the path is a goal repository."""
    if not path.exists():
        fail(f"'{path}' finns inte.")
    root = path.resolve()
    if rev is None:
        try:
            root = find_root(root)
        except NotAGoalRepository as exc:
            fail(str(exc))
    return Settings(root=root, today=resolve_today(today), rev=rev, **extra)  # type: ignore[arg-type]


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
