"""The economy beside the goals: what kind of report a period's figures belong to, the avvikelse, and sums of units.

Conventions (docs/format.md, "Ekonomi"): amounts are net costs in tkr. In the bokslut (a calendar year) the
avvikelse is budget − utfall; in a delår (a part of the year that ends before 31 December) the utfall is the
year so far and the avvikelse is budget − prognos, the forecast for the whole year. A positive avvikelse is a
surplus (överskott). Figures are rounded to whole tkr in practice, so a difference of at most `TOLERANCE` per
amount summed is rounding, not an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import Enum
from functools import lru_cache

from styr.frozen import frozen
from styr.model.periods import Period, PeriodError, PeriodKind, parse_period, year_period
from styr.model.repository import Repository
from styr.model.types import Economy, Unit

TOLERANCE = 1.0
"""tkr: how far a written avvikelse or a sum may be from the computed one before it is a finding (rounding)."""


class Report(Enum):
    """What a period's economy is: the bokslut of a year, a delår, or neither (a period styr cannot use)."""

    BOKSLUT = "bokslut"
    DELAR = "delår"
    NONE = "ingen"


def is_period(key: str) -> bool:
    try:
        parse_period(key)
    except PeriodError:
        return False
    return True


@lru_cache(maxsize=1024)
def report_of(key: str) -> Report:
    """A calendar year is a bokslut; a calendar period that ends before the year does is a delår (utfall so far,
    prognos for the year). Läsår periods and parts of the year that end on 31 December (2026-H2, 2026-Q4) are
    neither: the budget year is the calendar year, and its end is the bokslut."""
    try:
        p = parse_period(key)
    except PeriodError:
        return Report.NONE
    if p.kind is PeriodKind.HELAR:
        return Report.BOKSLUT
    if p.is_lasar_based or p.end == year_period(p).end:
        return Report.NONE
    return Report.DELAR


def compared(e: Economy) -> float | None:
    """What the budget is compared with: the utfall in the bokslut, the prognos in a delår."""
    return e.forecast if report_of(e.period) is Report.DELAR else e.outcome


def expected_deviation(e: Economy) -> float | None:
    """budget − utfall (bokslut) or budget − prognos (delår); None when a figure is missing."""
    other = compared(e)
    if e.budget is None or other is None:
        return None
    return e.budget - other


def deviation(e: Economy) -> float | None:
    """The avvikelse as written, else as computed."""
    return e.deviation if e.deviation is not None else expected_deviation(e)


def agrees(a: float, b: float, amounts: int = 1) -> bool:
    """Two amounts are the same up to rounding (`TOLERANCE` for each of `amounts` amounts that were summed)."""
    return abs(a - b) <= TOLERANCE * max(1, amounts) + 1e-9


@frozen
class Total:
    """The sum of several units' economy for one period. A field is None when a unit lacks it (no partial
    sums: a total that leaves out a unit would mislead)."""

    budget: float | None
    outcome: float | None
    forecast: float | None
    deviation: float | None
    count: int


def _sum(values: Sequence[float | None]) -> float | None:
    if not values or any(v is None for v in values):
        return None
    return sum(v for v in values if v is not None)


def total(entries: Sequence[Economy]) -> Total:
    return Total(
        budget=_sum([e.budget for e in entries]),
        outcome=_sum([e.outcome for e in entries]),
        forecast=_sum([e.forecast for e in entries]),
        deviation=_sum([deviation(e) for e in entries]),
        count=len(entries),
    )


def entry(unit: Unit, period: Period | str) -> Economy | None:
    """The unit's economy for the period (its key as written may differ in form: 2025 and "2025" are one)."""
    text = period.text if isinstance(period, Period) else period
    found = unit.economy.get(text)
    if found is not None or not unit.economy:
        return found
    for key, e in unit.economy.items():
        try:
            if parse_period(key).text == text:
                return e
        except PeriodError:
            continue
    return None


@frozen
class Roll:
    """A unit and the units one level below it, with their economy for one period."""

    unit: Unit
    own: Economy | None
    parts: tuple[tuple[Unit, Economy | None], ...]

    @property
    def reported(self) -> tuple[Economy, ...]:
        return tuple(e for _, e in self.parts if e is not None)

    @property
    def missing(self) -> tuple[Unit, ...]:
        return tuple(u for u, e in self.parts if e is None)

    @property
    def any(self) -> bool:
        return self.own is not None or bool(self.reported)

    @property
    def total(self) -> Total | None:
        """The sum of the units below, when every one of them has figures (else None)."""
        if not self.parts or self.missing:
            return None
        return total(self.reported)


def roll(repo: Repository, unit: Unit, period: Period | str) -> Roll:
    return Roll(unit, entry(unit, period), tuple((c, entry(c, period)) for c in repo.children.get(unit.folder, ())))


def periods_with_economy(units: Iterable[Unit]) -> list[str]:
    """Every period some unit has figures for, in period order (keys that are no period left out)."""
    found: dict[str, Period] = {}
    for u in units:
        for key in u.economy:
            try:
                p = parse_period(key)
            except PeriodError:
                continue
            found.setdefault(p.text, p)
    return [t for t, _ in sorted(found.items(), key=lambda item: item[1])]
