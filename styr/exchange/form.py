"""The form a samordnare sends out each period (`styr export mall`): one row per indicator whose measurement is
due, with an empty outcome column that `styr import` reads back. As CSV (Swedish Excel: ';' and a decimal
comma) or as xlsx, where every cell but the outcome and the comment is locked."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date

from styr.exchange.xlsx import Cell, Sheet, write_xlsx
from styr.frozen import frozen
from styr.model import periods
from styr.model.periods import Period, PeriodError, PeriodKind, parse_period
from styr.model.repository import Repository
from styr.model.types import Bound, Goal, Indicator, OutcomeValue, RelativeTarget, TargetValue, Unit
from styr.model.vocab import Direction, YearKind
from styr.wording.values import bound, relative_target

INDICATOR, UNIT, GOAL_TITLE, NAME, MEASURE, PERIOD = "indikator", "enhet", "målets titel", "indikatorns namn", \
    "måttenhet", "period"
TARGET, LAST, LAST_PERIOD, VALUE, COMMENT = "målvärde", "senaste utfall", "senaste utfallets period", "utfall", \
    "kommentar"
FORM_COLUMNS = (INDICATOR, UNIT, GOAL_TITLE, NAME, MEASURE, PERIOD, TARGET, LAST, LAST_PERIOD, VALUE, COMMENT)
"""The form's header. `styr import` reads indikator, period and utfall and knows the others as the form's."""
EDITABLE = frozenset({VALUE, COMMENT})
_TEXT = frozenset({INDICATOR, UNIT, GOAL_TITLE, NAME, MEASURE, PERIOD, LAST_PERIOD, VALUE, COMMENT})
# A spreadsheet takes a cell starting with one of these for a formula; free text from goal files gets a quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@frozen
class FormRow:
    """One outcome to collect: an indicator and the period it is due for, with what helps fill it in."""

    goal: Goal
    indicator: Indicator
    unit: Unit | None
    period: Period
    target: TargetValue | str | None
    """A number, an interval, ja/nej; or in words where the target is relative to something not yet known."""
    last: OutcomeValue | None
    last_period: str

    @property
    def ref(self) -> str:
        return f"{self.goal.id}/{self.indicator.id}"

    @property
    def yes_no(self) -> bool:
        return self.indicator.direction == Direction.UPPNATT or self.indicator.measure == "ja/nej"


def frequency(indicator: Indicator, unit: Unit | None) -> PeriodKind:
    """The indicator's mätfrekvens; without one, helår (läsår for a unit that plans per läsår)."""
    try:
        return PeriodKind(indicator.frequency) if indicator.frequency else _default_kind(unit)
    except ValueError:
        return _default_kind(unit)


def _default_kind(unit: Unit | None) -> PeriodKind:
    return PeriodKind.LASAR if unit is not None and unit.year_kind == YearKind.LASAR else PeriodKind.HELAR


def due_periods(indicator: Indicator, unit: Unit | None, within: Period) -> list[Period]:
    """The measurement periods of the indicator that end inside `within`: what is due when it is followed up.
    A yearly indicator is due in the bokslut (and in Q4), not in Q3; a quarterly one in every quarter."""
    kind = frequency(indicator, unit)
    return [p for p in periods.periods_of_frequency(kind, within.start, within.end)
            if within.start <= p.end <= within.end]


def _parsed(keys: Iterable[str]) -> dict[Period, str]:
    out: dict[Period, str] = {}
    for key in keys:
        try:
            out[parse_period(key)] = key
        except PeriodError:
            continue
    return out


def _row(goal: Goal, indicator: Indicator, unit: Unit | None, period: Period) -> FormRow:
    targets = _parsed(indicator.targets)
    chosen = periods.target_period_for(period, targets)
    target: TargetValue | str | None = indicator.targets[targets[chosen]] if chosen is not None else None
    if target is None:
        target = _written_target(indicator, period)
    earlier = [(p, k) for p, k in _parsed(indicator.outcomes).items() if p.end <= period.end]
    last_key = max(earlier, key=lambda pk: (pk[0].end, -pk[0].days))[1] if earlier else None
    last = indicator.outcomes[last_key] if last_key is not None else None
    return FormRow(goal, indicator, unit, period, target, last, last_key or "")


def _written_target(indicator: Indicator, period: Period) -> str | None:
    """A target written as a bound or relative to something (`{jämfört_med: riket}`), in words."""
    specs = _parsed(indicator.target_specs)
    chosen = periods.target_period_for(period, specs)
    spec = indicator.target_specs[specs[chosen]] if chosen is not None else None
    if isinstance(spec, RelativeTarget):
        return relative_target(spec.base, spec.change, spec.relative, spec.strict)
    if isinstance(spec, Bound):
        return bound(spec.low, spec.high, spec.low_strict, spec.high_strict)
    return None


def _active(goal: Goal, period: Period) -> bool:
    before = goal.start is not None and period.end < goal.start
    return not before and not (goal.end is not None and period.start > goal.end)


def form_rows(repo: Repository, within: Period, units: Sequence[Unit]) -> list[FormRow]:
    """Every outcome due in `within` for the goals of `units`, unit by unit, goal by goal, in period order."""
    rows: list[FormRow] = []
    for unit in units:
        for goal in repo.goals_by_unit.get(unit.folder, ()):
            for indicator in goal.indicators:
                if not indicator.id:
                    continue
                rows.extend(_row(goal, indicator, unit, p) for p in due_periods(indicator, unit, within)
                            if _active(goal, p))
    return rows


# -- values in cells -----------------------------------------------------------------------------------------


def plain_number(value: float) -> str:
    """A number as Swedish Excel reads it from a CSV file: a decimal comma, no grouping (87,5; -2; 1250)."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value).replace(".", ",")


def value_cell(value: OutcomeValue | TargetValue | str | None) -> Cell:
    """A target or an outcome as a workbook cell: a number, ja/nej, or an interval or a relative target as text
    (2–4, bättre än riket)."""
    if value is None:
        return None
    if isinstance(value, str):
        return safe_text(value)
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, tuple):
        low, high = value
        return f"{_bound(low)}–{_bound(high)}"
    return int(value) if value.is_integer() and abs(value) < 1e15 else value


def _bound(value: float) -> str:
    return "" if value in (float("inf"), float("-inf")) else plain_number(value)


def csv_value(value: OutcomeValue | TargetValue | str | None) -> str:
    cell = value_cell(value)
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return plain_number(float(cell))
    return "" if cell is None else str(cell)


def safe_text(text: str) -> str:
    """Free text for a spreadsheet cell: text that a spreadsheet would run as a formula gets a leading quote."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _cells(row: FormRow) -> list[Cell]:
    return [row.ref, row.unit.id if row.unit else "", row.goal.title, row.indicator.name,
            row.indicator.measure or "", row.period.text, value_cell(row.target), value_cell(row.last),
            row.last_period, None, None]


def _csv_cells(row: FormRow) -> list[str]:
    return [row.ref, row.unit.id if row.unit else "", safe_text(row.goal.title), safe_text(row.indicator.name),
            safe_text(row.indicator.measure or ""), row.period.text, csv_value(row.target), csv_value(row.last),
            row.last_period, "", ""]


def form_csv(rows: Sequence[FormRow]) -> str:
    """The form as CSV the way Swedish Excel saves it: ';' between cells, a decimal comma, CRLF line ends.
    The caller writes it as UTF-8 with a byte order mark, so Excel opens å, ä and ö right."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(FORM_COLUMNS)
    writer.writerows(_csv_cells(row) for row in rows)
    return out.getvalue()


def form_xlsx(rows: Sequence[FormRow], title: str, created: date | None = None) -> bytes:
    """The form as a workbook: one sheet, the header frozen, every cell locked but utfall and kommentar; `created`
    is the day its properties give (the same rows on the same day give the same bytes)."""
    return write_xlsx(Sheet(
        title=title[:31],  # Excel's limit for a sheet name
        header=FORM_COLUMNS,
        rows=[_cells(r) for r in rows],
        editable=EDITABLE,
        text_columns=_TEXT - {VALUE},
        choice_column=VALUE,
        choices=[("ja", "nej") if r.yes_no else None for r in rows],
        protect=True,
        widths={VALUE: 12, COMMENT: 40},
        created=created,
    ))
