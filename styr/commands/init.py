"""`styr init`: create a new goal repository with a styrmodell, a vision, the root unit and editor schemas."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from styr.commands.common import fail, resolve_today
from styr.commands.schema import vscode_settings

DEFAULT_LEVELS = "kommun,nämnd,verksamhet,enhet"


def init(
    path: Annotated[Path, typer.Argument(metavar="MAPP", help="Mappen för det nya målrepot (standard: aktuell mapp).",
                                         show_default=False)] = Path("."),
    kommun: Annotated[str, typer.Option("--municipality", "--kommun",
                                        help="Kommunens namn, t.ex. \"Ekeby kommun\".")] = "",
    levels: Annotated[str, typer.Option("--levels", "--nivåer", "--nivaer",
                                        help="Nivåerna uppifrån och ned, kommaseparerade.")]
    = DEFAULT_LEVELS,
    mandate: Annotated[str | None, typer.Option("--mandate-period", "--mandatperiod",
                                                help="Mandatperioden, t.ex. 2023-2026 "
                                                "(standard: den pågående).")] = None,
    chef: Annotated[str | None, typer.Option("--chef", help="Namn på rotenhetens chef, t.ex. kommundirektören.")]
    = None,
    git: Annotated[str | None, typer.Option("--git", help="Chefens användarnamn i Git, t.ex. @anna.berg "
                                            "(används av styr codeowners).")] = None,
) -> None:
    """Skapa ett nytt målrepo: styrmodell, vision, kommunens styrkort och scheman för editorn."""
    from styr.app.authoring.scaffolding import init_repository
    from styr.app.authoring.workspace import AuthoringError
    from styr.edit.templates import SCHEMA_DIR
    from styr.edit.text import printable
    from styr.load.source import git_prefix

    try:
        done = init_repository(path, kommun, levels, mandate, chef, git, vscode_settings(SCHEMA_DIR),
                               resolve_today(None))
    except AuthoringError as exc:
        fail(str(exc))
    typer.echo(f"Skapade målrepot för {done.kommun} i {printable(str(done.path))} ({done.files} filer).")
    typer.echo("Nästa steg: fyll i vision.yaml, skapa nämnderna med 'styr new enhet' och kör 'styr validate'.")
    if not git_prefix(done.path) and not (done.path / ".git").exists():
        # A goal repository lives in Git: the history is the audit trail, and CI checks every change.
        where = "" if done.path.resolve() == Path.cwd().resolve() else f"cd {printable(str(done.path))} && "
        typer.echo(f"Lägg målrepot i Git: {where}git init -b main && git add . && git commit -m \"Målrepot skapas\"")
