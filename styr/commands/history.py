"""`styr log`, `styr diff` and `styr adopt`: the Git history as the audit trail of the steering model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from styr.commands.common import PathArg, output_format, refused
from styr.render.registry import DIFF, LOG


def log(
    item: Annotated[str, typer.Argument(metavar="ID", help="Id för ett mål (BUN-M2), en indikator (BUN-M2/I1), en "
                                        "aktivitet (BUN-A4) eller en enhet (BUN).", show_default=False)],
    path: PathArg = Path("."),
    fmt: Annotated[str, typer.Option("--format", "-f", help=LOG.help())] = "text",
    limit: Annotated[int | None, typer.Option("--max-count", "-n", min=1, help="Visa högst så många commits.")]
    = None,
) -> None:
    """Visa vilka commits som ändrat ett mål, en indikator, en aktivitet eller en enhet.

    Vem, när, varför och vilka värden (utfall, målvärden, kopplingar …), nyast först. Följer målet när filen
    byter namn eller flyttas till en annan enhet."""
    from styr.app import audit

    renderer = output_format(LOG, fmt)
    with refused():
        text = audit.item_log(path, item, renderer, limit)
    typer.echo(text, nl=False)


def diff(
    revisions: Annotated[str | None, typer.Argument(
        metavar="REV..REV", show_default=False,
        help="A..B (från A till B), A...B (från den gemensamma basen), A (mot arbetskopian). Standard: HEAD mot "
             "arbetskopian. 'beslut' eller 'beslut/KF' är det senaste beslutet.")] = None,
    path: PathArg = Path("."),
    fmt: Annotated[str, typer.Option("--format", "-f", help=DIFF.help())] = "text",
    since_adoption: Annotated[bool, typer.Option("--since-adoption", help="Jämför från det senaste beslutet "
                                                 "(styr adopt) i stället för från A.")] = False,
    organ: Annotated[str | None, typer.Option("--organ", help="Med --since-adoption: det senaste beslutet i detta "
                                              "organ, t.ex. KF.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Skriv till en fil (t.ex. en kommentar "
                                                "till en merge request) i stället för till terminalen.")] = None,
) -> None:
    """Visa vad som ändrats i styrmodellens termer, t.ex. i en merge request.

    Mål och aktiviteter som lagts till, tagits bort eller flyttats; ändrade målvärden, utfall, bedömningar och
    kopplingar. `--format md` är skrivet för att postas som kommentar till en merge request."""
    from styr.app import audit

    renderer = output_format(DIFF, fmt)
    with refused():
        text = audit.model_diff(path, revisions, renderer, since_adoption=since_adoption, organ=organ,
                                output=output)
    if output is not None:
        typer.echo(f"Skrev {output}.")
    else:
        typer.echo(text, nl=False)


def adopt(
    path: PathArg = Path("."),
    organ: Annotated[str, typer.Option("--organ", help="Organet som beslutade, t.ex. KF eller BUN.",
                                       show_default=False)] = "",
    day: Annotated[str | None, typer.Option("--date", help="Beslutsdatum ÅÅÅÅ-MM-DD (standard: idag).")] = None,
    paragraph: Annotated[str, typer.Option("--paragraph", help="Paragraf i protokollet, t.ex. \"§ 123\".")] = "",
    period: Annotated[str | None, typer.Option("--period", help="Bokslut (t.ex. 2025) eller delårsbokslut "
                                               "(2026-H1) som antogs; perioden stängs. Utan: målen antogs.")] = None,
    rev: Annotated[str, typer.Option("--rev", help="Commit som beslutet gäller.")] = "HEAD",
    message: Annotated[str, typer.Option("--message", "-m", help="Fri text i taggen.")] = "",
) -> None:
    """Registrera ett beslut som en annoterad Git-tagg, `beslut/<ORGAN>/<ÅÅÅÅ-MM-DD>`.

    Ett antaget bokslut eller delårsbokslut stänger perioden: dess utfall och bedömningar får sedan inte
    ändras."""
    from styr.app import audit

    with refused():
        done = audit.adopt(path, organ=organ, day=day, paragraph=paragraph, period=period, rev=rev,
                           message=message)
    a = done.adoption
    typer.echo(f"Registrerade beslutet: {a.describe()}, commit {a.commit[:8]}.")
    if a.period is not None:
        typer.echo(f"Perioden {a.period} är nu stängd: dess utfall och bedömningar får inte ändras.")
    if done.dirty:
        typer.echo("Obs: arbetskopian har ändringar som inte är incheckade; de ingår inte i beslutet.")
    typer.echo(f"Dela beslutet med de andra: git push origin {a.tag}")
