"""`styr codeowners`: write CODEOWNERS from the roles in styrkort.yaml and styrmodell.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from styr.commands.common import EXIT_FINDINGS, DateOpt, PathArg, output_format, refused
from styr.render.registry import CODEOWNERS


def codeowners(
    path: PathArg = Path("."),
    syntax: Annotated[str, typer.Option("--syntax", help=CODEOWNERS.help())] = "github",
    out: Annotated[Path | None, typer.Option("--out", help="Fil att skriva (standard: CODEOWNERS i målrepot); "
                                             "'-' skriver till terminalen.")] = None,
    check: Annotated[bool, typer.Option("--check", help="Skriv inget; avsluta med 1 om filen inte är aktuell.")]
    = False,
    force: Annotated[bool, typer.Option("--force", help="Skriv över en CODEOWNERS som inte styr skapat.")] = False,
    today: DateOpt = None,
) -> None:
    """Skapa CODEOWNERS så att varje enhets mapp bara kan ändras med chefens eller samordnarens godkännande."""
    from styr.app.owners import OwnersState
    from styr.app.owners import codeowners as owners

    renderer = output_format(CODEOWNERS, syntax)
    with refused():
        done = owners(path, renderer, today=today, out=out, check=check, force=force)
    for text in done.notes:
        typer.echo(text, err=True)
    if done.state is OwnersState.PRINTED:
        typer.echo(done.text, nl=False)
    elif done.state is OwnersState.STALE:
        typer.echo(f"{done.target} är inte aktuell; kör 'styr codeowners'.")
        raise typer.Exit(EXIT_FINDINGS)
    elif done.state is OwnersState.CURRENT:
        typer.echo(f"{done.target} är aktuell.")
    else:
        typer.echo(f"Skrev {done.target} ({done.rules} {'rad' if done.rules == 1 else 'rader'} med ägare).")
