"""`styr codeowners`: write CODEOWNERS from the roles in styrkort.yaml and styrmodell.yaml."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from styr.app.pipeline import analyse, open_source
from styr.commands.common import EXIT_FINDINGS, DateOpt, fail, make_settings, write_atomically
from styr.load.source import NotAGoalRepository
from styr.model.owners import MARKER, render

PathArg = Annotated[Path, typer.Argument(help="Målrepots mapp (standard: aktuell mapp).", show_default=False)]


def codeowners(
    path: PathArg = Path("."),
    syntax: Annotated[str, typer.Option("--syntax", help="github eller gitlab (gitlab: en sektion per enhet).")]
    = "github",
    out: Annotated[Path | None, typer.Option("--out", help="Fil att skriva (standard: CODEOWNERS i målrepot); "
                                             "'-' skriver till terminalen.")] = None,
    check: Annotated[bool, typer.Option("--check", help="Skriv inget; avsluta med 1 om filen inte är aktuell.")]
    = False,
    force: Annotated[bool, typer.Option("--force", help="Skriv över en CODEOWNERS som inte styr skapat.")] = False,
    today: DateOpt = None,
) -> None:
    """Skapa CODEOWNERS så att varje enhets mapp bara kan ändras med chefens eller samordnarens godkännande."""
    if syntax not in ("github", "gitlab"):
        fail(f"okänd syntax '{syntax}': välj github eller gitlab.")
    settings = make_settings(path, today)
    try:
        analysis = analyse(open_source(settings), settings.today)
    except NotAGoalRepository as exc:
        fail(str(exc))
    text = render(analysis.repo, syntax)
    if out is not None and str(out) == "-":
        typer.echo(text, nl=False)
        return
    target = out or settings.root / "CODEOWNERS"
    current = target.read_text(encoding="utf-8") if target.is_file() else None
    if check:
        if current != text:
            typer.echo(f"{target} är inte aktuell; kör 'styr codeowners'.")
            raise typer.Exit(EXIT_FINDINGS)
        typer.echo(f"{target} är aktuell.")
        return
    if current is not None and not current.startswith(MARKER) and not force:
        fail(f"{target} finns redan och är inte skapad av styr; använd --force för att ersätta den.")
    write_atomically(target, text)
    typer.echo(f"Skrev {target} ({text.count(chr(10)) - 2} rader).")
