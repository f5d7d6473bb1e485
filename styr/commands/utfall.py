"""`styr utfall`: record one outcome for an indicator, editing the goal file as little as possible."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from styr.commands.common import DateOpt, PathArg, fail, resolve_today


def utfall(
    ref: Annotated[str, typer.Argument(metavar="INDIKATOR", help="Indikatorn som MÅL-ID/INDIKATOR-ID, t.ex. BUN-M2/I1.",
                                       show_default=False)],
    period: Annotated[str, typer.Argument(metavar="PERIOD", show_default=False,
                                          help="Perioden, t.ex. 2026, 2026-H1, 2026-Q3 eller 2026/27.")],
    value: Annotated[str, typer.Argument(metavar="VÄRDE", show_default=False,
                                         help="Utfallet: ett tal (87, 87.5, 87,5 eller -2), eller ja/nej för "
                                              "indikatorer med riktning uppnått.")],
    path: PathArg = Path("."),
    replace: Annotated[bool, typer.Option("--ersätt", "--ersatt", "--replace",
                                          help="Ersätt ett befintligt, annat utfall.")]
    = False,
    force: Annotated[bool, typer.Option("--force", help="Skriv även för en period utanför målets tid eller ett "
                                        "beslutat utfall i en stängd period.")] = False,
    today: DateOpt = None,
) -> None:
    """Registrera ett utfall för en indikator. Bara den raden ändras; kommentarer och format behålls."""
    from styr.app.authoring.outcomes import record_outcome
    from styr.app.authoring.workspace import AuthoringError

    resolve_today(today)  # accepted like every command's --date; a wrong one is still an error
    try:
        done = record_outcome(path, ref, period, value, replace=replace, force=force)
    except AuthoringError as exc:
        fail(str(exc))
    where = f"({done.path}, rad {done.line})"
    if not done.changed:
        typer.echo(f"{done.label} har redan utfallet {done.value} för {done.period}; inget ändrades.")
    elif done.previous is not None:
        typer.echo(f"Ersatte utfallet {done.previous} med {done.value} för {done.period} i {done.label} {where}.")
    else:
        typer.echo(f"Skrev utfallet {done.value} för {done.period} i {done.label} {where}.")
    if done.note:
        typer.echo(f"Obs: {done.note}", err=True)
