"""`styr report`: styrkort, målrapport and verksamhetsplan as a static HTML site or as Markdown."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from styr import __version__
from styr.app.pipeline import open_source, read_repository
from styr.commands.common import DateOpt, RevOpt, fail, make_settings
from styr.load.source import NotAGoalRepository
from styr.model import periods


def report(
    path: Annotated[Path, typer.Argument(help="Målrepots mapp (standard: aktuell mapp).", show_default=False)]
    = Path("."),
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Mappen som rapporterna skrivs till (krävs). "
                                             "styr skriver bara över och tar bara bort filer som den själv har "
                                             "skrivit där.", show_default=False)] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="html (en webbplats som fungerar utan nätverk) eller md "
                                     "(Markdown för GitLab och GitHub).")] = "html",
    kind: Annotated[str | None, typer.Option("--kind", help="styrkort, målrapport (eller malrapport) eller "
                                             "verksamhetsplan. Standard: alla tre.", show_default=False)] = None,
    period: Annotated[str | None, typer.Option("--period", help="Rapportperiod, t.ex. 2026-H1 (delårsbokslut), "
                                               "2026 (bokslut) eller 2026-Q3. Standard: senast avslutade "
                                               "uppföljningsperiod.", show_default=False)] = None,
    unit: Annotated[str | None, typer.Option("--unit", help="Bara en enhets rapporter, t.ex. BUN.",
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
                                             "när mål och styrkort senast ändrades och av vem. Samma indata ger "
                                             "då samma rapport, var repot än ligger.")] = False,
    today: DateOpt = None,
    rev: RevOpt = None,
) -> None:
    """Skriv rapporter: styrkort, målrapport och verksamhetsplan som webbplats (html) eller Markdown (md)."""
    from styr.fulfilment.evaluate import default_period, evaluate
    from styr.render.site.progress import progress_for
    from styr.render.site.render import render_report
    from styr.render.site.site import OutputFolder, OutputRefused
    from styr.render.site.templating import TemplateProblem
    from styr.render.site.view import KINDS, ReportInput, parse_kind
    from styr.suggest import did_you_mean

    if out is None:
        fail("ange en utmapp med --out, t.ex. --out public/.")
    wanted_format = fmt.strip().lower()
    if wanted_format not in ("html", "md"):
        fail(f"okänt format '{fmt}': välj html eller md.")
    kinds = KINDS
    if kind is not None:
        parsed = parse_kind(kind)
        if parsed is None:
            hint = did_you_mean(kind, ["styrkort", "målrapport", "malrapport", "verksamhetsplan"])
            choices = "styrkort, målrapport (malrapport) eller verksamhetsplan"
            fail(f"okänd rapport '{kind}': välj {choices}. {hint}".strip())
        kinds = (parsed,)
    if templates is not None and not templates.is_dir():
        fail(f"mallmappen '{templates}' finns inte.")
    settings = make_settings(path, today, rev)
    try:
        source = open_source(settings)
        # Load and build only: a report shows the repository as it is; checking it is 'styr validate's job.
        loaded, repo = read_repository(source)
    except NotAGoalRepository as exc:
        fail(str(exc))
    try:
        chosen = periods.parse_period(period) if period else default_period(repo, settings.today)
    except periods.PeriodError as exc:
        fail(str(exc))
    units = tuple(repo.walk())
    if unit is not None:
        found = repo.unit_by_id.get(unit.strip())
        if found is None:
            hint = did_you_mean(unit, repo.unit_by_id, "'styr status' visar enheterna.")
            fail(f"det finns ingen enhet med id '{unit}'. {hint}")
        units = (found,)
    previous = None
    if chosen.is_bokslut:
        try:
            previous = evaluate(repo, periods.same_period_previous_year(chosen))
        except periods.PeriodError:
            previous = None
    lost = loaded.unread
    if lost and not quiet:
        # Without this a goal whose file has a syntax error would be missing from the report without a word.
        files = f"{len(lost)} fil" if len(lost) == 1 else f"{len(lost)} filer"
        typer.echo(f"styr: {files} gick inte att läsa och saknas i rapporten ({', '.join(lost[:3])}"
                   f"{' …' if len(lost) > 3 else ''}). Kör 'styr validate' för detaljer.", err=True)
    history = None
    if not no_history:
        from styr.history.log import last_changes

        # One `git log` pass for every goal and unit; the pages only look the answers up.
        history = last_changes(getattr(source, "root", settings.root), repo, rev=settings.rev)
        if history.reason and not quiet:
            state = "är ofullständig" if history else "saknas"
            typer.echo(f"styr: ändringshistoriken i rapporterna {state}: {history.reason}", err=True)
    data = ReportInput(
        repo=repo,
        period=chosen,
        results=evaluate(repo, chosen),
        previous=previous,
        fmt="html" if wanted_format == "html" else "md",
        kinds=kinds,
        units=units,
        today=settings.today,
        version=__version__,
        source_label=f"revision {rev}" if rev else "",
        history=history,
    )
    try:
        folder = OutputFolder.open(out, force=force)
        summary = render_report(data, folder, templates, progress_for(quiet))
    except OutputRefused as exc:
        fail(str(exc))
    except TemplateProblem as exc:
        fail(str(exc))
    except OSError as exc:
        fail(f"kunde inte skriva till '{out}': {exc.strerror or exc}.", 1)
    if not quiet:
        start = "index.html" if data.fmt == "html" else "README.md"
        removed = f", {len(summary.removed)} gamla filer borttagna" if summary.removed else ""
        pages = f"{summary.pages} sida" if summary.pages == 1 else f"{summary.pages} sidor"
        typer.echo(f"Skrev {pages} ({chosen.swedish_name}) till {out}{removed}. "
                   f"Börja med {out / start}.")
