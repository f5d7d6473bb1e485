"""`styr uppföljning`: record how an activity stands for a period (status and comment) without hand-editing YAML."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from styr.commands.common import DateOpt, PathArg, fail, resolve_today


def uppfoljning(
    activity_id: Annotated[str, typer.Argument(help="Aktivitetens id, t.ex. BUN-A4.", metavar="AKTIVITET-ID",
                                               show_default=False)],
    period: Annotated[str, typer.Argument(help="Perioden, t.ex. 2026-Q3.", metavar="PERIOD", show_default=False)],
    path: PathArg = Path("."),
    status: Annotated[str | None, typer.Option("--status", help="planerad, pågår, genomförd, försenad eller "
                                               "avbruten.", show_default=False)] = None,
    comment: Annotated[str | None, typer.Option("--kommentar", help="Vad som hänt under perioden.",
                                                show_default=False)] = None,
    replace: Annotated[bool, typer.Option("--ersätt", "--ersatt", "--replace",
                                          help="Ersätt en befintlig uppföljning för perioden.")] = False,
    today: DateOpt = None,
) -> None:
    """Skriv en aktivitets uppföljning för en period: status och kommentar. Bara den posten ändras."""
    from styr.app.authoring.entries import write_follow_up
    from styr.app.authoring.workspace import AuthoringError

    resolve_today(today)  # accepted like every command's --date; a wrong one is still an error
    try:
        done = write_follow_up(path, activity_id, period, status, comment, replace=replace)
    except AuthoringError as exc:
        fail(str(exc))
    if not done.changed:
        typer.echo(f"{done.owner} har redan den uppföljningen för {done.period}; inget ändrades.")
        return
    verb = "Ersatte uppföljningen med" if done.replaced else "Skrev uppföljningen"
    typer.echo(f"{verb} {done.word} för {done.period} i {done.owner} ({done.path}, rad {done.line}).")
    for line in done.advice:
        typer.echo(f"obs! {line}", err=True)
