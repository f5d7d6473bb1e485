"""`styr export mall|data`: the outcome form for a period, and the repository as open data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from styr.app import export  # its formats are named in the options' help
from styr.commands import swedish
from styr.commands.common import DateOpt, PathArg, RevOpt, file_format, output_format, refused

export_app = typer.Typer(help="Skriv ut data ur målrepot: blanketten för utfall, eller öppna data.",
                         no_args_is_help=True, cls=swedish.Group)

PeriodOpt = Annotated[str | None, typer.Option("--period", "-p", help="Perioden, t.ex. 2026-Q3 eller 2026 "
                                               "(standard: den senast avslutade uppföljningsperioden).",
                                               show_default=False)]
UnitOpt = Annotated[str | None, typer.Option("--unit", "-u", "--enhet", show_default=False,
                                             help="Bara en enhet och enheterna under den: dess id (t.ex. "
                                                  "BUN), namn eller mapp.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Skriv över en fil som redan finns och skiljer sig.")]


@export_app.command("mall", cls=swedish.Command)
def form(
    path: PathArg = Path("."),
    period: PeriodOpt = None,
    unit: UnitOpt = None,
    fmt: Annotated[str | None, typer.Option("--format", "-f", show_default=False, help=export.FORM.help())] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Filen att skriva (standard: "
                                             "utfall-ENHET-PERIOD.xlsx i aktuell mapp).", show_default=False)] = None,
    force: ForceOpt = False,
    today: DateOpt = None,
    rev: RevOpt = None,
) -> None:
    """Skriv blanketten som cheferna fyller i: en rad per indikator som ska mätas under perioden.

    Blanketten har kolumnerna indikator, enhet, målets titel, indikatorns namn, måttenhet, period,
    målvärde, senaste utfall och dess period, samt de tomma kolumnerna utfall och kommentar. I xlsx är
    alla celler utom utfall och kommentar låsta. Den ifyllda blanketten läses in med 'styr import FIL'.
    """
    fmt = file_format(export.FORM, fmt, out, "xlsx")
    output_format(export.FORM, fmt)
    with refused():
        done = export.export_form(path, fmt, out=out, period=period, unit=unit, force=force, today=today, rev=rev)
    rows = f"{done.rows} rad" if done.rows == 1 else f"{done.rows} rader"
    what = "Skrev" if done.written else "Oförändrad:"
    typer.echo(f"{what} {done.target} ({rows}, {done.period}). Fyll i kolumnen utfall och läs in filen med "
               f"'styr import {done.target}'.")
    if not done.rows:
        typer.echo(f"Ingen indikator ska mätas under {done.period}; välj en annan period med --period.", err=True)


@export_app.command("data", cls=swedish.Command)
def data(
    path: PathArg = Path("."),
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Mappen att skriva filerna till (krävs).",
                                             show_default=False)] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="csv, json (med JSON Schema) eller xlsx.")] = "csv",
    period: Annotated[str | None, typer.Option("--period", "-p", help="Bara en period, t.ex. 2025: dess målvärden, "
                                               "utfall, bedömningar och färger (standard: allt, färger för varje "
                                               "bokslut och delår).", show_default=False)] = None,
    force: ForceOpt = False,
    today: DateOpt = None,
    rev: RevOpt = None,
) -> None:
    """Skriv målrepot som öppna data: en fil per tabell, en README som beskriver varje kolumn och en
    DCAT-AP-SE-fil (dcat.rdf) för Sveriges dataportal.

    Tabellerna: enheter, mål, målkedjan, indikatorer, målvärden, utfall, bedömningar, måluppfyllelse och
    indikatorernas färger. UTF-8, en rubrikrad, datum som ÅÅÅÅ-MM-DD och id:n som inte ändras mellan åren.
    JSON-filerna följer schemat som 'styr schema öppna-data' skriver ut.
    """
    from styr.app import opendata

    with refused():
        done = opendata.export_data(path, fmt, out, period=period, force=force, today=today, rev=rev)
    which = f" för {done.period}" if done.period else ""
    readme = done.folder / "README.md"
    typer.echo(f"Skrev {done.files} filer{which} till {done.folder}. Kolumnerna beskrivs i {readme}.")
