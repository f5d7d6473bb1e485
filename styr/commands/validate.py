"""`styr validate` and `styr explain`: check the repository and explain the rules (styr.commands.quick)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer

from styr.app import checking
from styr.commands import quick
from styr.commands.common import EXIT_FINDINGS, EXIT_OK, DateOpt, RevOpt, fail, note, refused
from styr.render.registry import AUTO, VALIDATE, UnknownFormat, get_reporter, wants_color


def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(metavar="SÖKVÄG", help="Målrepots mapp, eller enskilda filer i det (som pre-commit "
                       "skickar).", show_default=False),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=VALIDATE.help())] = "auto",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Skriv rapporten till en fil; "
                                                 "terminalen får då en sammanfattning i text. Med --format auto "
                                                 "väljer filändelsen formatet: .sarif, .json, .xml (junit) eller "
                                                 ".txt.")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Varningar räknas som fel.")] = False,
    everything: Annotated[bool, typer.Option("--all", help="Visa fynden i hela målrepot även när filer anges (utan: "
                                             "bara fynden i de angivna filerna; hela målkedjan kontrolleras "
                                             "alltid).")] = False,
    only_files: Annotated[bool, typer.Option("--only-files", hidden=True,
                                             help="Som utan: bara fynden i de angivna filerna.")] = False,
    today: DateOpt = None,
    rev: RevOpt = None,
    base: Annotated[str | None, typer.Option("--base", help="Jämför med en Git-revision: ändrade utfall, "
                                             "bedömningar och färger i stängda perioder är fel.")] = None,
    allow_missing_base: Annotated[bool, typer.Option("--allow-missing-base", help="Med --base: en basrevision som "
                                                     "inte finns ger en varning i stället för ett "
                                                     "användningsfel.")] = False,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Läs och kontrollera varje fil på nytt i stället för "
                                           "att använda cachen (se STYR_CACHE_DIR).")] = False,
) -> None:
    """Kontrollera målrepot: YAML, format, målkedjan, SMART-reglerna, aktiviteter och organisation.

    Med en mapp (eller ingen) visas alla fynd. Med filer, som pre-commit och editorer skickar, visas fynden i de
    filerna; hela målkedjan kontrolleras ändå, och filer utanför målrepot hoppas över."""
    del only_files  # the default since files are named: kept so that existing hooks and scripts still run
    env = dict(os.environ)
    isatty = sys.stdout.isatty()
    color = wants_color(env, isatty and output is None)
    if fmt.strip().lower() == AUTO and output is not None:  # the file's ending, before the environment
        fmt = VALIDATE.for_file(None, output, AUTO)
    try:
        reporter = get_reporter(fmt, color=color, env=env,
                                width=shutil.get_terminal_size((100, 24)).columns if isatty else 160)
    except UnknownFormat as exc:
        fail(str(exc))
    with refused():
        done = checking.validate(paths or [Path(".")], reporter.render, output=output, today=today, rev=rev,
                                 strict=strict, base=base, everything=everything,
                                 allow_missing_base=allow_missing_base, cache=False if no_cache else None)
    if done is None:
        note("inga av filerna ligger i ett målrepo (ingen styrmodell.yaml ovanför dem); inget att kontrollera.")
        raise typer.Exit(EXIT_OK)
    _show(done, reporter.name, color, env)
    raise typer.Exit(EXIT_FINDINGS if done.outcome.failed else EXIT_OK)


def _show(done: checking.Checked, format_name: str, color: bool, env: dict[str, str]) -> None:
    """The report on stdout (or a summary when it went to a file), notes on stderr, GitHub's job summary."""
    from styr.render.ci.github import append_step_summary
    from styr.render.common import failure_sentence, summary_sentence

    for text in done.notes:
        note(text)
    if done.output is not None:
        typer.echo(summary_sentence(done.outcome))
        typer.echo(f"Rapporten ({format_name}) skrevs till {done.output}.")
        if failure := failure_sentence(done.outcome):
            typer.echo(failure)
    else:
        # color= keeps click from stripping the styles when FORCE_COLOR asks for them on a pipe
        typer.echo(done.text.rstrip("\n"), color=color)
    if format_name == "github":
        try:
            append_step_summary(done.outcome, env)
        except OSError as exc:
            typer.echo(f"styr: kunde inte skriva jobbsammanfattningen: {exc.strerror}", err=True)


def explain(
    code: Annotated[str | None, typer.Argument(metavar="KOD", help="Regelkod eller regelns namn, t.ex. K02 eller "
                                               "yaml-tagg. Utan kod: en lista över alla regler.")]
    = None,
) -> None:
    """Förklara en regel: vad den kontrollerar, varför, och hur man rättar."""
    raise typer.Exit(quick.explain(code))  # the same text as `styr explain` gets before typer is loaded
