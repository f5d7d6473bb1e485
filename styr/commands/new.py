"""`styr new enhet|mål|aktivitet`: create a unit, goal or activity file from a template that passes the rules.

The three commands share their option names (`--enhet`, `--titel`, `--start`, `--slut` …), in Swedish like the
files they write; the English names of the first version still work as hidden aliases.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from styr.commands import swedish
from styr.commands.common import DateOpt, PathArg, fail, resolve_today

if TYPE_CHECKING:
    from styr.app.authoring.scaffolding import Created

new_app = typer.Typer(help="Skapa en ny enhet, ett nytt mål eller en ny aktivitet från en mall.",
                      no_args_is_help=True, cls=swedish.Group)

UnitOpt = Annotated[str, typer.Option("--enhet", "--unit", metavar="ENHET", help="Enhetens id, t.ex. BUN.",
                                      show_default=False)]
TitleOpt = Annotated[str, typer.Option("--titel", "--title", metavar="TEXT", help="Titeln, en hel mening.",
                                       show_default=False)]
StartOpt = Annotated[str | None, typer.Option("--start", metavar="ÅÅÅÅ-MM-DD", show_default=False,
                                              help="Första dagen.")]
EndOpt = Annotated[str | None, typer.Option("--slut", metavar="ÅÅÅÅ-MM-DD", show_default=False,
                                            help="Sista dagen.")]


def _report(created: Created) -> None:
    """Tell what was created and what the rules still ask for in the new file."""
    from styr.edit.text import printable

    typer.echo(f"Skapade {created.what}: {printable(_shown(created.path))}")
    if created.hints:
        typer.echo("Att fylla i innan 'styr validate' blir nöjd:")
        for hint in created.hints:
            typer.echo(f"  rad {hint.line}: {hint.code} {hint.severity}: {hint.message}")


def _shown(path: Path) -> str:
    """The path from the current folder when the file lies below it, as the user would type it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (OSError, ValueError):
        return str(path)


@new_app.command("enhet", cls=swedish.Command)
def new_unit(
    parent: Annotated[Path, typer.Argument(metavar="ÖVERORDNAD-MAPP", show_default=False,
                                           help="Mappen för enheten som den nya enheten ligger under, t.ex. kommun "
                                                "för en nämnd.")],
    unit_id: Annotated[str, typer.Option("--id", metavar="ID", show_default=False,
                                         help="Enhetens id: versaler, siffror och bindestreck, t.ex. BUN.")],
    name: Annotated[str, typer.Option("--namn", "--name", metavar="TEXT", show_default=False,
                                      help="Enhetens namn, t.ex. \"Barn- och utbildningsnämnden\".")],
    chef: Annotated[str | None, typer.Option("--chef", metavar="NAMN", help="Chefens namn.")] = None,
    git: Annotated[str | None, typer.Option("--git", metavar="@NAMN", help="Chefens användarnamn i Git, t.ex. "
                                            "@karin.ek (styr codeowners gör chefen till ägare av mappen).")] = None,
    folder: Annotated[str | None, typer.Option("--mapp", "--folder", metavar="MAPP",
                                               help="Mappens namn (standard: av enhetens namn).")] = None,
    today: DateOpt = None,
) -> None:
    """Skapa en ny enhet: en mapp med styrkort.yaml under den överordnade enheten.

    Nivån följer av mappdjupet: under kommun blir det en nämnd, under en nämnd en verksamhet."""
    from styr.app.authoring import scaffolding
    from styr.app.authoring.workspace import AuthoringError

    try:
        _report(scaffolding.new_unit(parent, unit_id, name, chef, folder, resolve_today(today), git))
    except AuthoringError as exc:
        fail(str(exc))


def new_goal(
    path: PathArg = Path("."),
    unit_id: UnitOpt = "",
    title: TitleOpt = "",
    perspective: Annotated[str, typer.Option("--perspektiv", "--perspective", metavar="PERSPEKTIV",
                                             help="Ett perspektiv ur styrmodellen, t.ex. Verksamhet.",
                                             show_default=False)] = "",
    contributes: Annotated[list[str] | None, typer.Option("--bidrar-till", "--contributes-to", metavar="ID",
                                                          help="Målet en nivå upp (för kommunmål: visionens "
                                                               "målområde, t.ex. V1). Kan upprepas.")] = None,
    start: StartOpt = None,
    end: EndOpt = None,
    today: DateOpt = None,
) -> None:
    """Skapa ett nytt mål med nästa lediga id och en indikator att fylla i.

    Målet gäller mandatperioden om inte --start och --slut anges."""
    from styr.app.authoring import scaffolding
    from styr.app.authoring.workspace import AuthoringError

    try:
        _report(scaffolding.new_goal(path, unit_id, title, perspective, contributes or [], resolve_today(today),
                                     scaffolding.Dates(start, end)))
    except AuthoringError as exc:
        fail(str(exc))


def new_activity(
    path: PathArg = Path("."),
    unit_id: UnitOpt = "",
    goals: Annotated[list[str] | None, typer.Option("--mål", "--mal", "--goal", metavar="MÅL-ID",
                                                    help="Målet som aktiviteten genomförs för (i samma enhet). "
                                                         "Kan upprepas.")] = None,
    title: TitleOpt = "",
    responsible: Annotated[str | None, typer.Option("--ansvarig", "--responsible", metavar="TEXT",
                                                    help="Ansvarig roll eller person (standard: enhetens "
                                                         "chef).")] = None,
    start: Annotated[str | None, typer.Option("--start", metavar="ÅÅÅÅ-MM-DD", show_default=False,
                                              help="Första dagen (standard: idag).")] = None,
    end: Annotated[str | None, typer.Option("--slut", metavar="ÅÅÅÅ-MM-DD", show_default=False,
                                            help="Sista dagen (standard: årets sista dag).")] = None,
    today: DateOpt = None,
) -> None:
    """Skapa en ny aktivitet med nästa lediga id och status planerad."""
    from styr.app.authoring import scaffolding
    from styr.app.authoring.workspace import AuthoringError

    try:
        _report(scaffolding.new_activity(path, unit_id, goals or [], title, responsible, resolve_today(today),
                                         scaffolding.Dates(start, end)))
    except AuthoringError as exc:
        fail(str(exc))


new_app.command("mål", cls=swedish.Command)(new_goal)
new_app.command("mal", hidden=True, cls=swedish.Command)(new_goal)
new_app.command("aktivitet", cls=swedish.Command)(new_activity)
