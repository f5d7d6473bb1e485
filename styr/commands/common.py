"""Shared pieces of the command modules: exit codes, common options, turning the application layer's
refusals into Swedish messages and exit codes, the output format, safe writing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer

from styr.app.errors import AppError
from styr.app.pipeline import Settings
from styr.app.workspace import parse_today, settings_for
from styr.edit import files
from styr.render.registry import FormatMismatch, Formats, UnknownFormat
from styr.wording.terminal import visible

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
R = TypeVar("R")

PathArg = Annotated[Path, typer.Argument(metavar="MAPP", help="Målrepots mapp (standard: aktuell mapp).",
                                         show_default=False)]
DateOpt = Annotated[
    str | None,
    typer.Option("--date", help="Dagens datum ÅÅÅÅ-MM-DD (standard: idag, eller miljövariabeln STYR_DATUM)."),
]
RevOpt = Annotated[str | None, typer.Option("--rev", help="Läs målrepot som det var vid en Git-revision.")]


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    """Print a Swedish error on stderr and exit; never a traceback. A message may quote what the user or the
    repository gave (an unknown id, a file name): its control characters are shown as escapes, never obeyed."""
    typer.echo("styr: " + visible(message, keep="\n"), err=True)
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


def file_format(formats: Formats[R], name: str | None, out: Path | None, default: str) -> str:
    """The format of `--format NAME` for a command that writes the file `--out`: the file's ending decides when
    no format is given (Formats.for_file); an unknown format, or one the ending contradicts, is a usage error."""
    try:
        return formats.for_file(name, out, default)
    except (UnknownFormat, FormatMismatch) as exc:
        fail(str(exc))


def note(message: str) -> None:
    """A note for the user on stderr, beside the command's output (control characters shown, as in `fail`)."""
    typer.echo("styr: " + visible(message, keep="\n"), err=True)


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
