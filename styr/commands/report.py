"""`styr report`: styrkort, målrapport and verksamhetsplan as a static HTML site or as Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from styr.commands.common import DateOpt, PathArg, RevOpt, note, output_format, refused
from styr.render.registry import REPORT


def report(
    path: PathArg = Path("."),
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Mappen som rapporterna skrivs till (krävs). "
                                             "styr skriver bara över och tar bara bort filer som den själv har "
                                             "skrivit där.", show_default=False)] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=REPORT.help())] = "html",
    kind: Annotated[str | None, typer.Option("--kind", help="styrkort, målrapport (eller malrapport) eller "
                                             "verksamhetsplan. Standard: alla tre.", show_default=False)] = None,
    period: Annotated[str | None, typer.Option("--period", help="Rapportperiod, t.ex. 2026-H1 (delårsbokslut), "
                                               "2026 (bokslut) eller 2026-Q3. Standard: den senast avslutade "
                                               "rapportperioden (rapportperioder i styrmodell.yaml, normalt "
                                               "delårsbokslut och bokslut).", show_default=False)] = None,
    unit: Annotated[str | None, typer.Option("--unit", "--enhet", help="Bara en enhets rapporter och rapporterna för "
                                             "enheterna under den: dess id (t.ex. BUN), namn eller mapp.",
                                             show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Skriv även i en mapp som inte är tom och inte innehåller "
                                        "tidigare rapporter från styr. Inget som styr inte skrivit tas bort.")]
    = False,
    templates: Annotated[Path | None, typer.Option("--templates", help="Kommunens egna mallar (samma upplägg som "
                                                   "styrs mapp templates/: html/…, md/…); saknade mallar tas från "
                                                   "styr.", show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Ingen förloppsindikator och ingen sammanfattning.")]
    = False,
    no_history: Annotated[bool, typer.Option("--no-history", help="Läs inte Git-historiken: rapporterna visar inte "
                                             "när mål och styrkort senast ändrades. Samma indata ger då samma "
                                             "rapport, var repot än ligger.")] = False,
    internal: Annotated[bool, typer.Option("--internal", help="En intern webbplats: visa namn, commit och "
                                           "commitmeddelande för senaste ändringen och ansvarigas namn, vad "
                                           "publicering i styrmodell.yaml än säger. Publicera den inte.")] = False,
    full: Annotated[bool, typer.Option("--full", help="Gör om varje sida. Annars görs bara de sidor om vars "
                                       "innehåll kan ha ändrats sedan förra körningen till samma mapp; övriga "
                                       "lämnas som de är.")] = False,
    today: DateOpt = None,
    rev: RevOpt = None,
) -> None:
    """Skriv rapporter: styrkort, målrapport och verksamhetsplan som webbplats (html), Markdown (md) eller PDF."""
    from styr.app.reports import ReportRequest, write_report
    from styr.render.site.progress import progress_for
    from styr.wording.periods import period_name

    writer = output_format(REPORT, fmt)
    request = ReportRequest(path, out, kind=kind, period=period, unit=unit, force=force, templates=templates,
                            history=not no_history, today=today, rev=rev, internal=internal, full=full)
    with refused():
        done = write_report(request, writer, progress_for(quiet), (lambda _: None) if quiet else note)
    if not quiet:
        removed = f", {len(done.removed)} gamla filer borttagna" if done.removed else ""
        noun = ("PDF-fil", "PDF-filer") if fmt.casefold() == "pdf" else ("sida", "sidor")
        pages = f"{done.pages} {noun[0] if done.pages == 1 else noun[1]}"
        kept = (f": {done.kept} av dem var oförändrade sedan förra körningen och gjordes inte om (--full gör om "
                "alla)" if done.kept else "")
        typer.echo(f"Skrev {pages} ({period_name(done.period)}) till {request.out}{kept}{removed}. "
                   f"Börja med {done.start}.")
