"""`styr status`: the goal chain with the fulfilment colours of one period, as a tree or as JSON."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from styr.commands.common import DateOpt, PathArg, RevOpt, note, output_format, refused
from styr.render.registry import STATUS, wants_color

if TYPE_CHECKING:
    from styr.render.views import StatusView


def status(
    path: PathArg = Path("."),
    period: Annotated[
        str | None,
        typer.Option("--period", "-p", help="Perioden att visa, t.ex. 2026-H1, 2026 eller 2026-Q3 (standard: den "
                     "senast avslutade uppföljningsperioden enligt styrmodell.yaml: uppföljning).",
                     show_default=False),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", "-u", "--enhet", help="Visa bara en enhet och enheterna under den: dess id (t.ex. "
                                                     "BUN), namn eller mapp.",
                     show_default=False),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=STATUS.help())] = "text",
    explain: Annotated[
        str | None,
        typer.Option("--explain", "-e", help="Förklara ett måls färg steg för steg, t.ex. BUN-M2.", show_default=False),
    ] = None,
    today: DateOpt = None,
    rev: RevOpt = None,
) -> None:
    """Visa måluppfyllelsen: målkedjan som ett träd med färg, form och ord för varje mål."""
    from styr.app.status import status as show_status
    from styr.render.views import Terminal

    renderer = output_format(STATUS, fmt)
    isatty = sys.stdout.isatty()
    terminal = Terminal(color=wants_color(dict(os.environ), isatty), width=_width(isatty))

    def render(view: StatusView) -> str:
        return renderer(view, terminal)

    with refused():
        shown = show_status(path, render, today=today, rev=rev, period=period, unit=unit, explain=explain)
    for text in shown.notes:
        note(text)
    # color= keeps click from stripping the styles when FORCE_COLOR asks for them on a pipe
    typer.echo(shown.text, nl=False, color=terminal.color)


def _width(isatty: bool) -> int:
    """The terminal's width; on a pipe COLUMNS if set, else no wrapping (grep and diff want whole lines)."""
    if isatty:
        return shutil.get_terminal_size((100, 24)).columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else 1000
