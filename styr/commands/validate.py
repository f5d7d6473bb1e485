"""`styr validate` and `styr explain`: check the repository and explain the rules."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer

from styr.app.pipeline import analyse, open_source, with_history_checks
from styr.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    DateOpt,
    RevOpt,
    fail,
    make_settings,
    write_atomically,
)
from styr.load.source import NotAGoalRepository
from styr.rules import all_rules
from styr.rules.registry import RULES


def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Målrepots mapp, eller enskilda filer i det (som pre-commit skickar).",
                       show_default=False),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, json, gitlab, github, sarif, junit eller auto.")]
    = "auto",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Skriv rapporten till en fil; "
                                                 "terminalen får då en sammanfattning i text.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Varningar räknas som fel.")] = False,
    only_files: Annotated[bool, typer.Option("--only-files", help="Visa bara fynd i eller om de angivna filerna "
                                             "(hela målkedjan kontrolleras ändå).")] = False,
    today: DateOpt = None,
    rev: RevOpt = None,
    base: Annotated[str | None, typer.Option("--base", help="Jämför med en Git-revision: ändrade utfall i "
                                             "stängda perioder är fel.")] = None,
) -> None:
    """Kontrollera målrepot: YAML, format, målkedjan, SMART-reglerna, aktiviteter och organisation."""
    from styr.render.ci.github import append_step_summary
    from styr.render.common import failure_sentence, summary_sentence
    from styr.render.registry import UnknownFormat, get_reporter, wants_color

    given = paths or [Path(".")]
    first = given[0]
    settings = make_settings(first, today, rev, strict=strict, base=base)
    files = tuple(_relative(settings.root, p) for p in given if p.is_file()) if only_files else ()
    try:
        analysis = with_history_checks(analyse(open_source(settings), settings.today), settings)
    except NotAGoalRepository as exc:
        fail(str(exc))
    outcome = analysis.outcome(strict=strict, only=files)
    env = dict(os.environ)
    isatty = sys.stdout.isatty()
    try:
        reporter = get_reporter(fmt, color=wants_color(env, isatty and output is None), env=env,
                                width=shutil.get_terminal_size((100, 24)).columns if isatty else 160)
    except UnknownFormat as exc:
        fail(str(exc))
    text = reporter.render(outcome)
    if output is not None:
        try:
            write_atomically(output, text)
        except OSError as exc:
            fail(f"kunde inte skriva {output}: {exc.strerror}")
        typer.echo(summary_sentence(outcome))
        typer.echo(f"Rapporten ({reporter.name}) skrevs till {output}.")
        if failure := failure_sentence(outcome):
            typer.echo(failure)
    else:
        typer.echo(text.rstrip("\n"))
    if reporter.name == "github":
        try:
            append_step_summary(outcome, env)
        except OSError as exc:
            typer.echo(f"styr: kunde inte skriva jobbsammanfattningen: {exc.strerror}", err=True)
    raise typer.Exit(EXIT_FINDINGS if outcome.failed else EXIT_OK)


def _relative(root: Path, path: Path) -> str:
    try:
        return path.resolve().relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def explain(
    code: Annotated[str | None, typer.Argument(help="Regelkod, t.ex. K02. Utan kod: en lista över alla regler.")]
    = None,
) -> None:
    """Förklara en regel: vad den kontrollerar, varför, och hur man rättar."""
    all_rules.load()
    if code is None:
        for each in RULES.values():
            typer.echo(f"{each.code}  {each.severity.swedish:<8} {each.name:<28} {each.summary}")
        return
    r = RULES.get(code.strip().upper())
    if r is None:
        from styr.suggest import did_you_mean

        fail(f"okänd regelkod '{code}'. {did_you_mean(code, RULES)} 'styr explain' listar alla regler.")
    typer.echo(f"{r.code} {r.name} ({r.severity.swedish} som standard)\n\n{r.summary}\n\n{r.explanation}\n\n"
               f"Tips: {r.hint}\n\nÄndra allvarlighetsgrad i styrmodell.yaml:\n  regler:\n    {r.code}: info  "
               "# error, warning, info eller av")
