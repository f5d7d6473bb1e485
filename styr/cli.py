"""The command line: the table of commands. Each lives in styr.commands and makes one call to styr.app.

Nothing is imported until it is needed: `styr --version` and `styr explain KOD` are answered before typer is
loaded (styr.commands.quick), and the table itself (`app`) is built the first time it is asked for.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import os
import sys
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    import typer

HELP = "Mål- och resultatstyrning som text i Git: validera målkedjan, följ upp måluppfyllelsen, rapportera."


def __getattr__(name: str) -> Any:
    # `from styr.cli import app` (the tests, typer's own tools) builds the table on first use.
    if name == "app":
        return _app()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@functools.cache
def _app() -> typer.Typer:
    import typer

    from styr.commands import quick, swedish

    app = typer.Typer(
        name="styr",
        cls=swedish.Group,
        help=HELP,
        no_args_is_help=True,
        add_completion=True,  # --install-completion, --show-completion (their help in Swedish: commands/helptext)
        rich_markup_mode="rich",
        context_settings={"help_option_names": ["-h", "--help"]},
        # A crash must not print every local variable (one printed 26,700 lines of a goal repository).
        pretty_exceptions_show_locals=False,
    )

    def show_version(value: bool) -> None:
        if value:
            typer.echo(quick.version_text())
            raise typer.Exit()

    # The option as a default value, not in an annotation: typer reads annotations in this module's globals, and
    # typer is imported here, not there.
    @app.callback()
    def _root(
        version: bool = typer.Option(False, "--version", help="Visa styrs version och avsluta.", is_eager=True,
                                     callback=show_version),
    ) -> None:
        """Mål- och resultatstyrning som text i Git: validera målkedjan, följ upp måluppfyllelsen, rapportera."""

    _register(app)
    return app


def _register(app: typer.Typer) -> None:
    """Every command, in the order `styr --help` lists them."""
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
    from styr.commands import quick

    code = quick.answer(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from styr.commands import swedish

    try:
        swedish.run(_app())
    except SystemExit as done:
        _end(done.code)
    _end(0)


def _end(status: object) -> NoReturn:
    """End the process as `sys.exit(status)` would, exit handlers and flushed output included, but without freeing
    the objects of a large command one by one first: after a report on 20,000 files Python spent 0.2 s (a sixteenth
    of the run) taking apart a model the system takes back at once."""
    if status is None:
        code = 0
    elif isinstance(status, int):
        code = status
    else:
        print(status, file=sys.stderr)
        code = 1
    atexit._run_exitfuncs()  # what an ordinary exit runs first (temporary folders' clean-up, for one)
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (`styr validate | head`)
            stream.flush()
    os._exit(code)
