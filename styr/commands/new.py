"""`styr new enhet|mål|aktivitet`: create a unit, goal or activity file from a template that passes the rules."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from styr.commands import swedish
from styr.commands.common import DateOpt, fail, resolve_today

if TYPE_CHECKING:
    from styr.app.authoring.scaffolding import Created

new_app = typer.Typer(help="Skapa en ny enhet, ett nytt mål eller en ny aktivitet från en mall.",
                      no_args_is_help=True, cls=swedish.Group)

RepoArg = Annotated[Path, typer.Argument(help="Målrepots mapp (standard: aktuell mapp).", show_default=False)]
UnitOpt = Annotated[str, typer.Option("--unit", help="Enhetens id, t.ex. BUN.", show_default=False)]
TitleOpt = Annotated[str, typer.Option("--title", "--titel", help="Titeln, en hel mening.", show_default=False)]


def _report(created: Created) -> None:
    """Tell what was created and what the rules still ask for in the new file."""
    from styr.edit.text import printable

    typer.echo(f"Skapade {created.what}: {printable(str(created.path))}")
    if created.hints:
        typer.echo("Att fylla i innan 'styr validate' blir nöjd:")
        for hint in created.hints:
            typer.echo(f"  rad {hint.line}: {hint.code} {hint.severity}: {hint.message}")


@new_app.command("enhet", cls=swedish.Command)
def new_unit(
    parent: Annotated[Path, typer.Argument(help="Den överordnade enhetens mapp, t.ex. kommun.",
                                           show_default=False)],
    unit_id: Annotated[str, typer.Option("--id", help="Enhetens id: versaler, siffror och bindestreck, t.ex. BUN.",
                                         show_default=False)],
    name: Annotated[str, typer.Option("--name", "--namn", help="Enhetens namn, t.ex. \"Barn- och utbildningsnämnden\".",
                                      show_default=False)],
    chef: Annotated[str | None, typer.Option("--chef", help="Chefens namn.")] = None,
    folder: Annotated[str | None, typer.Option("--folder", "--mapp",
                                               help="Mappens namn (standard: av enhetens namn).")] = None,
    today: DateOpt = None,
) -> None:
    """Skapa en ny enhet: en mapp med styrkort.yaml under den överordnade enheten."""
    from styr.app.authoring import scaffolding
    from styr.app.authoring.workspace import AuthoringError

    try:
        _report(scaffolding.new_unit(parent, unit_id, name, chef, folder, resolve_today(today)))
    except AuthoringError as exc:
        fail(str(exc))


def new_goal(
    path: RepoArg = Path("."),
    unit_id: UnitOpt = "",
    title: TitleOpt = "",
    perspective: Annotated[str, typer.Option("--perspective", "--perspektiv", help="Ett perspektiv ur styrmodellen.",
                                             show_default=False)] = "",
    contributes: Annotated[list[str] | None, typer.Option("--contributes-to", "--bidrar-till",
                                                          help="Målet en nivå upp (för "
                                                          "kommunmål: visionens målområde). Kan upprepas.")] = None,
    today: DateOpt = None,
) -> None:
    """Skapa ett nytt mål med nästa lediga id, målets period = mandatperioden och en indikator att fylla i."""
    from styr.app.authoring import scaffolding
    from styr.app.authoring.workspace import AuthoringError

    try:
        _report(scaffolding.new_goal(path, unit_id, title, perspective, contributes or [], resolve_today(today)))
    except AuthoringError as exc:
        fail(str(exc))


def new_activity(
    path: RepoArg = Path("."),
    unit_id: UnitOpt = "",
    goals: Annotated[list[str] | None, typer.Option("--goal", "--mål", "--mal",
                                                    help="Målet som aktiviteten genomförs för "
                                                    "(i samma enhet). Kan upprepas.")] = None,
    title: TitleOpt = "",
    responsible: Annotated[str | None, typer.Option("--responsible", "--ansvarig",
                                                    help="Ansvarig roll eller person.")] = None,
    today: DateOpt = None,
) -> None:
    """Skapa en ny aktivitet med nästa lediga id och status planerad."""
    from styr.app.authoring import scaffolding
    from styr.app.authoring.workspace import AuthoringError

    try:
        _report(scaffolding.new_activity(path, unit_id, goals or [], title, responsible, resolve_today(today)))
    except AuthoringError as exc:
        fail(str(exc))


new_app.command("mål", cls=swedish.Command)(new_goal)
new_app.command("mal", hidden=True, cls=swedish.Command)(new_goal)
new_app.command("aktivitet", cls=swedish.Command)(new_activity)
