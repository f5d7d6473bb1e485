"""The command line: a thin layer; each command lives in styr.commands and hands a Settings value to the core."""

from __future__ import annotations

import typer

from styr.commands import codeowners, history, init, new, report, schema, status, utfall, validate

app = typer.Typer(
    name="styr",
    help="Mål- och resultatstyrning som text i Git: validera målkedjan, följ upp måluppfyllelsen, rapportera.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
)

app.command()(validate.validate)
app.command()(validate.explain)
app.command()(status.status)
app.command()(report.report)
app.command()(history.log)
app.command()(history.diff)
app.command()(history.adopt)
app.command()(schema.schema)
app.command()(codeowners.codeowners)
app.command()(init.init)
app.add_typer(new.new_app, name="new")
app.command()(utfall.utfall)


def main() -> None:
    """Console-script entry point."""
    app()
