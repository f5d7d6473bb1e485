"""Time in words: periods' Swedish names, month names and dates."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Final

from styr.model.periods import Period, PeriodKind

__all__ = ["MONTHS", "MONTH_ABBREVIATIONS", "day", "long_date", "moment", "month_abbreviation", "month_name",
           "period_basis", "period_name", "report_name", "report_title", "span"]

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


_REPORT_KINDS = {PeriodKind.TERTIAL: "Tertialrapport", PeriodKind.KVARTAL: "Kvartalsuppföljning",
                 PeriodKind.MANAD: "Månadsuppföljning", PeriodKind.LASAR: "Läsår", PeriodKind.TERMIN: "Termin"}


def report_title(p: Period) -> str:
    """A report's period as its title says it: 'Delårsbokslut 2026-H1', 'Bokslut 2026', 'Tertialrapport 2026-T2',
    'Kvartalsuppföljning 2026-Q3'."""
    if p.kind is PeriodKind.HALVAR:
        return f"Delårsbokslut {p.text}" if p.number == 1 else f"Halvår {p.text}"
    if p.kind is PeriodKind.HELAR:
        return f"Bokslut {p.text}"
    return f"{_REPORT_KINDS[p.kind]} {p.text}"


def period_basis(p: Period, latest: Period | None, reporting: bool, today: date) -> str:
    """Which period a report shows and why, for the top of every page: 'Delårsbokslut 2026-H1, den senast
    avslutade rapportperioden (per 6 december 2026)'. `latest` is the latest reporting period that had ended on
    `today`; `reporting` says whether `p` is one of the kommun's reporting periods."""
    title = report_title(p)
    if p == latest:
        return f"{title}, den senast avslutade rapportperioden (per {long_date(today)})."
    if today <= p.end:
        return (f"{title}, en period som inte är avslutad: utfall och bedömningar är de som fanns "
                f"{long_date(today)}.")
    if reporting:
        return f"{title}, en tidigare rapportperiod (avslutad {long_date(p.end)})."
    return f"{title}, en uppföljningsperiod mellan rapporterna (avslutad {long_date(p.end)})."


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
