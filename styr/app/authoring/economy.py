"""`styr import` of an economy table: each unit's budget, utfall, prognos and avvikelse for a period, written into
its styrkort.yaml under `ekonomi:`. As with outcomes, every row is checked first (against the rules E01, E02 and
E04, so that an import never writes figures that `styr validate` then refuses), each file is edited once in
memory, and a decided entry of a closed period is not replaced without --force."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal
from typing import TypeVar

from styr.app.authoring.imported import Changed, Imported, RowError, edit_by_file, too_wide, unique_rows
from styr.app.authoring.workspace import UnitClosed, Workspace, closed_unit_note
from styr.edit import scalars
from styr.edit.economy import Amount, NewEconomy, set_economy
from styr.edit.scalars import EditError
from styr.edit.text import TextProblem, clean_text, printable
from styr.edit.values import ValueProblem, number_value
from styr.exchange.economy import (
    BUDGET,
    COMMENT,
    DEVIATION,
    FORECAST,
    OUTCOME,
    PERIOD,
    UNIT,
    EconomyRow,
    EconomySheet,
)
from styr.frozen import frozen
from styr.model import economy as eco
from styr.model.economy import Report
from styr.model.periods import Period, PeriodError, parse_period
from styr.model.repository import Repository
from styr.model.types import Economy, Unit
from styr.suggest import did_you_mean
from styr.wording.money import signed, tkr

T = TypeVar("T")


@frozen
class _Row:
    number: int
    unit: Unit
    period: Period
    values: NewEconomy


def record_economy(space: Workspace, table: EconomySheet, result: Imported, *, replace: bool, force: bool) -> None:
    """Check every row of `table` and edit the styrkort files in memory (`result.texts`); nothing is written here."""
    rows = _check_rows(table, space.repo, result)
    closed = None if force else closed_unit_note(space.root, space.repo)
    edit_by_file(space, rows, lambda row: row.unit.path,
                 lambda path, _original, text, row: _apply(path, text, row, replace, closed, result), result,
                 lambda _row: "")


def _check_rows(table: EconomySheet, repo: Repository, result: Imported) -> list[_Row]:
    return unique_rows(table.rows, lambda raw, errors: _check_row(table, repo, raw, errors),
                       lambda row: (row.unit.folder, row.period.text), lambda first, row: first.values == row.values,
                       lambda first, row: (f"rad {first.number} ger redan {row.unit.id} ekonomi för {row.period.text} "
                                           f"({_summary(first.values)}), den här raden {_summary(row.values)}. "
                                           "Ta bort den ena raden.", None), result)


def _check_row(table: EconomySheet, repo: Repository, raw: EconomyRow, errors: list[RowError]) -> _Row | None:
    """The row as an entry to record, or None when it holds no figure or has errors."""
    if raw.empty:
        return None
    if raw.extra:
        errors.append(too_wide(raw.width, table.width))
        return None
    unit = _attempt(errors, lambda: _unit(repo, printable(raw.unit)))
    period = _attempt(errors, lambda: _period(printable(raw.period)))
    budget = _attempt(errors, lambda: _amount(raw.budget, BUDGET, "budgeten"))
    outcome = _attempt(errors, lambda: _amount(raw.outcome, OUTCOME, "utfallet"))
    forecast = _attempt(errors, lambda: _amount(raw.forecast, FORECAST, "prognosen", required=False))
    comment = _attempt(errors, lambda: _comment(raw.comment))
    if period is not None:
        _attempt(errors, lambda: _forecast_fits(period, bool(raw.forecast), table.has_forecast))
    if errors or unit is None or period is None or budget is None or outcome is None or comment is None:
        return None
    deviation = _attempt(errors, lambda: _deviation(raw.deviation, period, budget, outcome, forecast))
    if deviation is None:
        return None
    values = NewEconomy(budget[1], outcome[1], deviation, None if forecast is None else forecast[1], comment)
    return _Row(raw.number, unit, period, values)


def _attempt(errors: list[RowError], step: Callable[[], T]) -> T | None:
    """The step's value, or None with its error collected: a row's every problem is reported at once."""
    try:
        return step()
    except RowError as exc:
        errors.append(exc)
        return None


def _unit(repo: Repository, cell: str) -> Unit:
    """A unit by its id (BUN) or its name (Barn- och utbildningsnämnden), as a spreadsheet may hold either."""
    if not cell:
        raise RowError("enheten saknas.", UNIT)
    found = repo.unit_by_id.get(cell)
    if found is not None:
        return found
    wanted = cell.casefold()
    matches = [u for u in repo.units if wanted in (u.id.casefold(), u.name.casefold())]
    if len(matches) == 1:
        return matches[0]
    hint = did_you_mean(cell, repo.unit_by_id)
    raise RowError(f"enheten '{cell}' finns inte. {hint}".rstrip() + " Ange enhetens id (t.ex. BUN) eller namn.",
                    UNIT)


def _period(cell: str) -> Period:
    try:
        period = parse_period(cell)
    except PeriodError as exc:
        raise RowError(str(exc) if cell else "perioden saknas.", PERIOD) from None
    if eco.report_of(period.text) is Report.NONE:
        raise RowError(f"{period.text} är varken ett bokslut (ett år, t.ex. {period.year}) eller ett delår som slutar "
                        f"före årets slut (t.ex. {period.year}-H1); ekonomin redovisas för dem (regel E04).", PERIOD)
    return period


_Amount = tuple[Decimal, Amount]
"""An amount exactly (for arithmetic) and as it will read back from the file."""


def _amount(cell: str, column: str, noun: str, *, required: bool = True) -> _Amount | None:
    if not cell:
        if required:
            raise RowError(f"{noun} saknas.", column)
        return None
    try:
        value = number_value(cell.removesuffix("tkr").rstrip(), cell, noun)
    except ValueProblem as exc:
        raise RowError(f"{noun}: {exc}", column) from None
    meant = value.meant
    assert isinstance(meant, int | float)  # number_value gives a number
    return Decimal(value.text), meant


def _comment(cell: str) -> str:
    try:
        return clean_text(cell, "kommentaren")
    except TextProblem as exc:
        raise RowError(str(exc), COMMENT) from None


def _forecast_fits(period: Period, given: bool, column: bool) -> None:
    report = eco.report_of(period.text)
    if report is Report.DELAR and not given:
        where = "i kolumnen prognos" if column else "i en kolumn prognos"
        raise RowError(f"delåret {period.text} behöver en prognos för helåret {where} (regel E02).",
                        FORECAST if column else None)
    if report is Report.BOKSLUT and given:
        raise RowError(f"bokslutet {period.text} har ingen prognos: helårets utfall är känt. Lämna cellen tom.",
                        FORECAST)


def _deviation(cell: str, period: Period, budget: _Amount, outcome: _Amount, forecast: _Amount | None) -> Amount:
    """The avvikelse to write: the table's when it agrees (its rounding stays), else an error; computed when empty."""
    delar = eco.report_of(period.text) is Report.DELAR
    compared = forecast if delar else outcome
    assert compared is not None  # _forecast_fits has refused a delår without prognos
    exact = budget[0] - compared[0]
    computed = scalars.number(exact)[1]
    given = _amount(cell, DEVIATION, "avvikelsen", required=False)
    if given is None:
        return computed
    if not eco.agrees(float(given[0]), float(exact)):
        what = "prognos" if delar else "utfall"
        raise RowError(f"avvikelsen {signed(float(given[0]), nbsp=False)} stämmer inte: budget − {what} är "
                        f"{signed(float(exact), nbsp=False)}. Positiv avvikelse är ett överskott (regel E01).",
                        DEVIATION)
    return given[1]


def _same(existing: Economy, new: NewEconomy) -> bool:
    """The file already holds these figures (an avvikelse it leaves to styr to compute counts as the same)."""
    return (existing.budget == new.budget and existing.outcome == new.outcome and existing.forecast == new.forecast
            and existing.deviation in (None, new.deviation) and (not new.comment or existing.comment == new.comment))


def _apply(path: str, text: str, row: _Row, replace_existing: bool, closed: UnitClosed | None,
           result: Imported) -> str:
    """The file's text with the row's entry, or the same text when the row changes nothing or fails."""
    existing = eco.entry(row.unit, row.period)
    label, period = row.unit.id, row.period.text
    if existing is not None and _same(existing, row.values):
        result.unchanged += 1
        return text
    values = row.values
    if existing is not None:
        if not replace_existing:
            result.problem(row.number, f"{label} har redan ekonomi för {period} ({path}, rad {existing.loc.line}: "
                           f"{_shown(existing)}); använd --ersätt för att ersätta den med {_summary(values)}.")
            return text
        note = closed(row.unit, row.period) if closed is not None else None
        if note is not None:
            result.problem(row.number, note, PERIOD)
            return text
        if not values.comment and existing.comment:
            values = replace(values, comment=existing.comment)  # a comment written by hand is not dropped
    try:
        edit = set_economy(text, period, values, replace=True)
    except EditError as exc:
        result.problem(row.number, f"{label} {period}: {path}: {exc}")
        return text
    if not edit.changed:
        result.unchanged += 1
        return text
    result.changes.append(Changed(row.number, label, period, _summary(values),
                                  None if existing is None else _shown(existing)))
    return edit.text


def _summary(v: NewEconomy) -> str:
    """'budget 312 000 tkr, utfall 309 700 tkr, avvikelse +2 300 tkr', as a change line shows an entry."""
    parts = [f"budget {tkr(v.budget, nbsp=False)}", f"utfall {tkr(v.outcome, nbsp=False)}"]
    if v.forecast is not None:
        parts.append(f"prognos {tkr(v.forecast, nbsp=False)}")
    parts.append(f"avvikelse {signed(v.deviation, nbsp=False)}")
    return ", ".join(parts)


def _shown(e: Economy) -> str:
    parts = [f"{name} {tkr(value, nbsp=False)}" for name, value in
             (("budget", e.budget), ("utfall", e.outcome), ("prognos", e.forecast)) if value is not None]
    deviation = eco.deviation(e)
    if deviation is not None:
        parts.append(f"avvikelse {signed(deviation, nbsp=False)}")
    return ", ".join(parts) or "tom"
