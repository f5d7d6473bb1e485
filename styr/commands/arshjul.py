"""`styr årshjul`: the year's planning and follow-up cycle from styrmodell.yaml, as text, Markdown or iCalendar."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from styr.commands.common import DateOpt, PathArg, file_format, note, output_format, refused
from styr.render.registry import ARSHJUL


def arshjul(
    path: PathArg = Path("."),
    fmt: Annotated[str | None, typer.Option("--format", "-f", show_default=False, help=ARSHJUL.help())] = None,
    year: Annotated[str | None, typer.Option("--year", help="Året som kalenderfilen (ics) gäller (standard: "
                                             "innevarande år).", show_default=False)] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Skriv till en fil i stället för terminalen; "
                                             "'-' skriver till terminalen.", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Skriv över en befintlig fil som skiljer sig.")] = False,
    today: DateOpt = None,
) -> None:
    """Visa årshjulet: årets planering, uppföljning och rapportering månad för månad, med vad som gäller nu."""
    from styr.app.calendar import wheel
    from styr.render.calendar.common import NO_WHEEL_NOTE

    fmt = file_format(ARSHJUL, fmt, out, "text")
    renderer = output_format(ARSHJUL, fmt)
    with refused():
        done = wheel(path, renderer, today=today, year=year, out=out, force=force)
    for text in done.notes:
        note(text)
    if not done.count:
        # A calendar stays clean on stdout: the note goes to stderr there.
        typer.echo(NO_WHEEL_NOTE, nl=False, err=ARSHJUL.entry(fmt).name == "ics")
    elif done.target is None:
        # Bytes, so the calendar's CRLF reach stdout untranslated.
        typer.echo(done.text.encode("utf-8"), nl=False)
    elif done.written:
        events = "händelse" if done.count == 1 else "händelser"
        typer.echo(f"Skrev {done.target} ({done.count} {events} i årshjulet).")
    else:
        typer.echo(f"{done.target} är redan aktuell; inget skrevs.")
