"""The command line: the table of commands. Each lives in styr.commands and makes one call to styr.app."""

from __future__ import annotations

from typing import Annotated

import typer

from styr import __version__
from styr.commands import (
    arshjul,
    bedomning,
    codeowners,
    export,
    history,
    importera,
    init,
    kolada,
    new,
    report,
    schema,
    status,
    swedish,
    uppfoljning,
    utfall,
    validate,
)

app = typer.Typer(
    name="styr",
    cls=swedish.Group,
    help="Mål- och resultatstyrning som text i Git: validera målkedjan, följ upp måluppfyllelsen, rapportera.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    # A crash must not print every local variable (one printed 26,700 lines of a goal repository).
    pretty_exceptions_show_locals=False,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"styr {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", help="Visa styrs version och avsluta.", is_eager=True,
                                          callback=_show_version)] = False,
) -> None:
    """Mål- och resultatstyrning som text i Git: validera målkedjan, följ upp måluppfyllelsen, rapportera."""

app.command(cls=swedish.Command)(validate.validate)
app.command(cls=swedish.Command)(validate.explain)
app.command(cls=swedish.Command)(status.status)
app.command(cls=swedish.Command)(report.report)
app.command(cls=swedish.Command)(history.log)
app.command(cls=swedish.Command)(history.diff)
app.command(cls=swedish.Command)(history.adopt)
app.command(cls=swedish.Command)(schema.schema)
app.command(cls=swedish.Command)(codeowners.codeowners)
app.command(cls=swedish.Command)(init.init)
app.add_typer(new.new_app, name="new")
app.command(cls=swedish.Command)(utfall.utfall)
app.command(name="import", cls=swedish.Command)(importera.import_outcomes)
app.add_typer(export.export_app, name="export")
app.add_typer(kolada.kolada_app, name="kolada")
app.command(name="bedömning", cls=swedish.Command)(bedomning.bedomning)
app.command(name="bedomning", hidden=True, cls=swedish.Command)(bedomning.bedomning)
app.command(name="uppföljning", cls=swedish.Command)(uppfoljning.uppfoljning)
app.command(name="uppfoljning", hidden=True, cls=swedish.Command)(uppfoljning.uppfoljning)
app.command(name="årshjul", cls=swedish.Command)(arshjul.arshjul)
app.command(name="arshjul", hidden=True, cls=swedish.Command)(arshjul.arshjul)


def main() -> None:
    """Console-script entry point."""
    swedish.run(app)
