"""Time in words: periods' Swedish names, month names and dates."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Final

from styr.model.periods import Period, PeriodKind

__all__ = ["MONTHS", "MONTH_ABBREVIATIONS", "day", "long_date", "moment", "month_abbreviation", "month_name",
           "period_name", "report_name", "span"]

MONTHS: Final = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
                 "oktober", "november", "december")
MONTH_ABBREVIATIONS: Final = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def month_name(month: int) -> str:
    """1 → 'januari'."""
    return MONTHS[month - 1]


def month_abbreviation(month: int) -> str:
    """1 → 'jan': for the twelve sectors of the årshjul picture."""
    return MONTH_ABBREVIATIONS[month - 1]


@lru_cache(maxsize=4096)
def period_name(p: Period) -> str:
    """How a report names a period: 'helår 2026', 'delår (halvår 1) 2026', 'kvartal 1 2026', 'mars 2026',
    'läsår 2025/26', 'hösttermin 2025', 'vårtermin 2026'."""
    k, y, n = p.kind, p.year, p.number
    if k is PeriodKind.HELAR:
        return f"helår {y}"
    if k is PeriodKind.HALVAR:
        return f"delår (halvår 1) {y}" if n == 1 else f"halvår 2 {y}"
    if k is PeriodKind.MANAD:
        return f"{month_name(n)} {y}"
    if k is PeriodKind.LASAR:
        return f"läsår {p.text}"
    if k is PeriodKind.TERMIN:
        return f"hösttermin {y}" if n == 1 else f"vårtermin {y}"
    return f"{k.value} {n} {y}"


def report_name(p: Period) -> str:
    """How a report names the period it reports on: 'delårsbokslut 2026', 'bokslut 2026', 'kvartal 3 2026'."""
    if p.kind is PeriodKind.HALVAR and p.number == 1:
        return f"delårsbokslut {p.year}"
    if p.kind is PeriodKind.HELAR:
        return f"bokslut {p.year}"
    return period_name(p)


def day(d: date | None) -> str:
    """A date as Swedish standard writes it, 2026-10-23; '–' when there is none."""
    return d.isoformat() if d is not None else "–"


def moment(t: datetime) -> str:
    """A date and time to the minute: 2026-10-23 14:05."""
    return t.strftime("%Y-%m-%d %H:%M")


def span(start: date | None, end: date | None) -> str:
    """'2023-01-01 – 2026-12-31'; '–' when both ends are missing."""
    if start is None and end is None:
        return "–"
    return f"{day(start)} – {day(end)}"


def long_date(d: date) -> str:
    """'23 oktober 2026', for running text."""
    return f"{d.day} {month_name(d.month)} {d.year}"
