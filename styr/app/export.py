"""`styr export mall`: the form a samordnare sends out each period, read back by `styr import`."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from styr.app.output import write_unless_same
from styr.app.scope import choose_scope
from styr.app.workspace import open_repository, settings_for
from styr.frozen import frozen
from styr.render.registry import Formats, Output

if TYPE_CHECKING:  # the form's modules (and the workbook writer) are loaded when a form is made, not by every command
    from styr.exchange.form import FormRow

FormWriter = Callable[[Sequence["FormRow"], str, date], str | bytes]
"""(rows, the sheet's title, the day the file is made) → the file."""


def _xlsx() -> FormWriter:
    from styr.exchange.form import form_xlsx

    return form_xlsx


def _csv() -> FormWriter:
    from styr.exchange.form import form_csv

    # UTF-8 with a byte order mark: what Excel needs to read å, ä and ö in a CSV file it opens directly
    return lambda rows, _title, _day: "\ufeff" + form_csv(rows)


FORM: Formats[FormWriter] = Formats("export mall", (
    Output("xlsx", _xlsx, ("excel",), "en Excel-arbetsbok där bara utfall och kommentar kan ändras", ("xlsx",)),
    Output("csv", _csv, (), "semikolon och decimalkomma, som svenska Excel sparar", ("csv",)),
), by_file=True)


@frozen(slots=False)
class FormWritten:
    """What `styr export mall` wrote: the file, its rows, the period and whether the file changed."""

    target: Path
    rows: int
    period: str
    written: bool


def export_form(path: Path, fmt: str, *, out: Path | None, period: str | None = None, unit: str | None = None,
                force: bool = False, today: str | None = None, rev: str | None = None) -> FormWritten:
    """Write the form for `period` (default: the latest ended follow-up period) and the units of `unit` (all
    when None) in the format `fmt` (looked up in FORM) to `out` (default: a file named after unit and
    period in the current folder). A file that exists and differs is replaced only with `force`.
    Raises AppError (an unknown format is an UnknownFormat, which the command refuses first)."""
    from styr.exchange.form import form_rows

    write = FORM.entry(fmt)
    opened = open_repository(settings_for(path, today, rev), model_only=True)
    scope = choose_scope(opened.repo, period, unit, opened.settings.today)
    rows = form_rows(opened.repo, scope.period, scope.units)
    name = re.sub(r"[^A-Za-z0-9-]+", "-", f"utfall-{scope.unit_id or 'alla'}-{scope.period.text}").strip("-")
    target = out if out is not None else Path(f"{name}.{write.name}")
    text = write.load()(rows, f"Utfall {scope.period.text}", opened.settings.today)
    written = write_unless_same(target, text, force=force, example=target.name)
    return FormWritten(target, len(rows), scope.period.text, written)
