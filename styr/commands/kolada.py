"""`styr kolada hämta|sök`: outcomes from Kolada, the national KPI database, and a search for a KPI's id."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from styr.commands import swedish
from styr.commands.common import DateOpt, PathArg, fail, note
from styr.commands.importera import show

kolada_app = typer.Typer(help="Hämta utfall från Kolada, kommunernas och regionernas databas för nyckeltal.",
                         no_args_is_help=True, cls=swedish.Group)


@kolada_app.command("hämta", cls=swedish.Command)
def fetch(
    path: PathArg = Path("."),
    years: Annotated[list[str] | None, typer.Option(
        "--år", "--ar", metavar="ÅR", show_default=False,
        help="År att hämta, t.ex. 2025, 2023-2025 eller 2024,2025; kan ges flera gånger (standard: förra året).",
    )] = None,
    comparisons: Annotated[list[str] | None, typer.Option(
        "--jämförelse", "--jamforelse", metavar="riket|liknande", show_default=False,
        help="Spara också referensvärdet riket eller liknande (kommungruppen i styrmodell.yaml) bredvid utfallet; "
             "kan ges två gånger.",
    )] = None,
    saved: Annotated[str | None, typer.Option(
        "--fil", metavar="SVAR.json", show_default=False,
        help="Läs sparade svar från Kolada (JSON) i stället för att fråga Kolada, t.ex. utan nätverk eller i CI.",
    )] = None,
    replace: Annotated[bool, typer.Option("--ersätt", "--ersatt", "--replace",
                                          help="Ersätt befintliga utfall som skiljer sig från Koladas.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Skriv även för perioder utanför målets tid och i "
                                        "stängda perioder.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Visa vad som skulle ändras, skriv inget.")] = False,
    today: DateOpt = None,
) -> None:
    """Hämta utfallen för alla indikatorer som anger ett nyckeltal i Kolada (kolada: N15419).

    Kommunen anges i styrmodell.yaml (kolada: {kommun: "1275"}); en enhet med ou hämtar sina egna värden.
    Ett nyckeltal utan värde för ett år rapporteras och skrivs aldrig som noll. Alla värden kontrolleras
    innan något skrivs, och bara utfallsraderna i målfilerna ändras, som med 'styr import'.
    Adressen till Kolada kan ändras med miljövariabeln STYR_KOLADA_URL.
    """
    from styr.app.authoring import kolada
    from styr.app.authoring.workspace import AuthoringError
    from styr.render.site.progress import progress_for

    request = kolada.FetchRequest(path, tuple(years or ()), tuple(comparisons or ()), saved, replace, force,
                                  dry_run, today)
    try:
        with progress_for(False, description="Hämtar från Kolada") as bar:
            result = kolada.fetch_outcomes(request, bar)
    except AuthoringError as exc:
        fail(str(exc))
    for text in result.notes:
        note(text)
    show(result.imported, dry_run, "; inget skrevs.")


@kolada_app.command("sök", cls=swedish.Command)
def search(
    text: Annotated[str, typer.Argument(metavar="TEXT", help="Ord i nyckeltalets namn, t.ex. trygga.",
                                        show_default=False)],
) -> None:
    """Sök nyckeltal i Kolada: id, om värdena finns per kön, och namn."""
    from styr.app.authoring import kolada
    from styr.app.authoring.workspace import AuthoringError

    try:
        found = kolada.search(text)
    except AuthoringError as exc:
        fail(str(exc))
    if not found:
        typer.echo(f"Inga nyckeltal i Kolada har '{text}' i namnet.")
        return
    for kpi in found:
        typer.echo(f"{kpi.id}  {'kön' if kpi.by_gender else '   '}  {kpi.title}")
    typer.echo(f"\n{len(found)} nyckeltal. 'kön': värden finns för kvinnor (K) och män (M); ange kön: K eller "
               "kön: M på indikatorn för att hämta dem. Skriv kolada: ID på indikatorn.")


kolada_app.command("hamta", hidden=True, cls=swedish.Command)(fetch)
kolada_app.command("sok", hidden=True, cls=swedish.Command)(search)
