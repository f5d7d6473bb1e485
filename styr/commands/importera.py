"""`styr import`: record many outcomes from a spreadsheet (xlsx or CSV), editing each goal file once, as `styr utfall`
does for one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from styr.commands.common import EXIT_FINDINGS, DateOpt, PathArg, fail, resolve_today

if TYPE_CHECKING:
    from styr.app.authoring.imported import Imported


def import_outcomes(
    file: Annotated[Path, typer.Argument(
        metavar="FIL", show_default=False,
        help="Kalkylbladet med utfallen eller ekonomin: .xlsx, eller CSV (UTF-8 eller Windows-1252, med rubrikrad; "
             "skiljetecken ; , eller tabb).")],
    path: PathArg = Path("."),
    replace: Annotated[bool, typer.Option("--ersätt", "--ersatt", "--replace",
                                          help="Ersätt befintliga utfall som skiljer sig från filens.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Skriv även för perioder utanför målets tid.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Visa vad som skulle ändras, skriv inget.")] = False,
    today: DateOpt = None,
) -> None:
    """Registrera många utfall på en gång från ett kalkylblad (xlsx eller CSV), t.ex. blanketten från
    'styr export mall' när cheferna har fyllt i den.

    Rubrikraden ska ha kolumnerna indikator (MÅL-ID/INDIKATOR-ID, t.ex. BUN-M2/I1), period och utfall.
    Alternativt kolumnerna mål, indikator (t.ex. I1), period och utfall.
    Utfall skrivs som tal (87, 87,5, 87.5 eller 1 250) eller ja/nej för indikatorer med riktning uppnått.
    Rader med tomt utfall hoppas över.

    En tabell med kolumnen budget är en ekonomitabell: enhet (id eller namn), period, budget och utfall i
    tkr, prognos för helåret vid delår, och valfritt avvikelse och kommentar. Den skrivs under ekonomi: i
    enheternas styrkort.yaml; avvikelsen räknas fram om den saknas.

    Alla rader kontrolleras innan något skrivs: har någon rad fel visas alla fel och ingen fil ändras.
    Varje målfil skrivs en gång och bara utfallen ändras; kommentarer och format behålls.
    """
    from styr.app.authoring.importing import import_outcomes as run_import
    from styr.app.authoring.workspace import AuthoringError
    from styr.exchange.table import UTF8

    resolve_today(today)  # accepted like every command's --date; a wrong one is still an error
    try:
        result = run_import(str(file), path, replace=replace, force=force, dry_run=dry_run)
    except AuthoringError as exc:
        fail(str(exc))
    if result.encoding != UTF8:
        typer.echo(f"obs! {result.name} är inte sparad som UTF-8; styr läste den som {result.encoding}.", err=True)
    show(result, dry_run, f" i {result.name}; inget skrevs. Rätta filen och kör styr import igen.")


def show(result: Imported, dry_run: bool, refused: str) -> None:
    """An import's outcome, as `styr import` and `styr kolada hämta` tell it: every problem and exit 1 (nothing was
    written; `refused` says so after the count), else the changes (each one with --dry-run) and a summary."""
    from styr.edit.values import swedish

    if result.problems:
        for _, problem in result.problems:
            typer.echo(problem, err=True)
        typer.echo(f"styr: {len(result.problems)} fel{refused}", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    if dry_run:
        for change in result.changes:
            old = "–" if change.previous is None else swedish(change.previous)
            typer.echo(f"{change.label} {change.period}: {old} → {swedish(change.value)}")
    typer.echo(summary(result, dry_run))
    if dry_run:
        typer.echo("Inget skrevs (--dry-run).")


def summary(result: Imported, dry_run: bool) -> str:
    from styr.app.authoring.imported import Kind

    count, files = len(result.changes), result.files
    replaced = sum(change.previous is not None for change in result.changes)
    details = [text for n, text in (
        (replaced, f"{replaced} {'ersatt' if replaced == 1 else 'ersatta'}"),
        (result.unchanged, f"{result.unchanged} {'oförändrat' if result.unchanged == 1 else 'oförändrade'}"),
        (result.duplicates, f"{result.duplicates} {'dubblettrad' if result.duplicates == 1 else 'dubblettrader'}"),
        (result.empty, f"{result.empty} {'tom rad hoppades' if result.empty == 1 else 'tomma rader hoppades'} över"),
    ) if n]
    where = f"{files} {'fil' if files == 1 else 'filer'}"
    noun = "utfall" if result.kind is Kind.OUTCOMES else "ekonomipost" if count == 1 else "ekonomiposter"
    if count == 0:
        none = "Inga utfall" if result.kind is Kind.OUTCOMES else "Ingen ekonomi"
        head = f"{none} skulle föras in" if dry_run else f"{none} behövde föras in"
    else:
        head = f"Skulle föra in {count} {noun} i {where}" if dry_run else f"Förde in {count} {noun} i {where}"
    return head + (f" ({', '.join(details)})." if details else ".")
