"""`styr bedömning`: write a goal's assessment for a period without hand-editing YAML, then give the rules' advice."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from styr.commands.common import DateOpt, PathArg, fail, resolve_today


def bedomning(
    goal_id: Annotated[str, typer.Argument(help="Målets id, t.ex. BUN-M2.", metavar="MÅL-ID",
                                           show_default=False)],
    period: Annotated[str, typer.Argument(help="Perioden, t.ex. 2026-H1 (delårsbokslut) eller 2026 (bokslut).",
                                          metavar="PERIOD", show_default=False)],
    path: PathArg = Path("."),
    colour: Annotated[str | None, typer.Option("--färg", "--farg", help="Den bedömda färgen: grön, gul, röd "
                                               "eller svart.", show_default=False)] = None,
    forecast: Annotated[str | None, typer.Option("--prognos", help="Prognos för helåret (krävs i "
                                                 "delårsbokslutet): grön, gul, röd eller svart.",
                                                 show_default=False)] = None,
    analysis: Annotated[str | None, typer.Option("--analys", help="Analysen (Markdown, får ha flera rader).",
                                                 show_default=False)] = None,
    analysis_file: Annotated[str | None, typer.Option("--analys-fil", help="Läs analysen från en fil i UTF-8; "
                                                      "- läser från standard in.", show_default=False)] = None,
    motivation: Annotated[str | None, typer.Option("--motivering", help="Motivering (krävs när färgen ligger två "
                                                   "steg från indikatorfärgen).", show_default=False)] = None,
    replace: Annotated[bool, typer.Option("--ersätt", "--ersatt", "--replace",
                                          help="Ersätt en befintlig bedömning för perioden.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Skriv även i en stängd period (ett antaget bokslut "
                                        "eller delår, eller stängda_perioder).")] = False,
    today: DateOpt = None,
) -> None:
    """Skriv ett måls bedömning för en period. Bara den posten ändras; kommentarer och format behålls."""
    from styr.app.authoring.entries import AssessmentOptions, write_assessment
    from styr.app.authoring.workspace import AuthoringError

    resolve_today(today)  # accepted like every command's --date; a wrong one is still an error
    options = AssessmentOptions(colour, forecast, analysis, analysis_file, motivation)
    try:
        done = write_assessment(path, goal_id, period, options, replace=replace, force=force)
    except AuthoringError as exc:
        fail(str(exc))
    where = f"({done.path}, rad {done.line})"
    if not done.changed:
        typer.echo(f"{done.owner} har redan den bedömningen för {done.period} {where}; inget ändrades.")
    else:
        verb = "Ersatte bedömningen med" if done.replaced else "Skrev bedömningen"
        typer.echo(f"{verb} {done.word} för {done.period} i {done.owner} {where}.")
    for line in done.advice:
        typer.echo(f"obs! {line}", err=True)
