"""Swedish wording for reports: numbers, values with their unit, colours, activity statuses and dates."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from styr.fulfilment.results import Colour
from styr.model.types import OutcomeValue, TargetValue
from styr.wording import numbers as numtext

MONTHS = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december")
MONTH_ABBR = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")

_UNIT_SUFFIX = {"procent": " %", "kronor": " kr", "dagar": " dagar"}
_DIRECTION = {"öka": "högre är bättre", "minska": "lägre är bättre", "intervall": "inom intervallet",
              "uppnått": "ska uppnås"}


@dataclass(frozen=True, slots=True)
class ColourView:
    """A fulfilment colour as the reader sees it: a shape, a word and its meaning, never the hue alone."""

    key: str  # for CSS classes: gron, gul, rod, svart
    word: str  # grön
    label: str  # uppfylls helt
    symbol: str  # ● ▲ ■ ○
    emoji: str  # for Markdown, which has no colours of its own


_COLOUR_VIEWS = {
    Colour.GRON: ColourView("gron", "grön", Colour.GRON.label, Colour.GRON.symbol, "🟢"),
    Colour.GUL: ColourView("gul", "gul", Colour.GUL.label, Colour.GUL.symbol, "🟡"),
    Colour.ROD: ColourView("rod", "röd", Colour.ROD.label, Colour.ROD.symbol, "🔴"),
    Colour.SVART: ColourView("svart", "svart", Colour.SVART.label, Colour.SVART.symbol, "⚫"),
}


def colour_view(colour: Colour) -> ColourView:
    return _COLOUR_VIEWS[colour]


@dataclass(frozen=True, slots=True)
class StatusView:
    key: str
    word: str
    symbol: str


_STATUS = {
    "planerad": StatusView("planerad", "planerad", "○"),
    "pågår": StatusView("pagar", "pågår", "◐"),
    "genomförd": StatusView("genomford", "genomförd", "●"),
    "försenad": StatusView("forsenad", "försenad", "▲"),
    "avbruten": StatusView("avbruten", "avbruten", "✕"),
}


def status_view(status: str | None) -> StatusView:
    if status is None:
        return StatusView("okand", "status saknas", "–")
    return _STATUS.get(status.strip().lower(), StatusView("okand", status, "–"))


def number(value: float) -> str:
    """A number in a report: its thousands are joined by no-break spaces, so it never breaks across lines."""
    return numtext.number(value, numtext.NBSP)


def value(v: OutcomeValue | TargetValue | None, measure: str | None) -> str:
    """A target or an outcome with its unit: '88 %', '80–90 %', 'minst 3', 'ja', '–' when missing."""
    if v is None:
        return "–"
    if isinstance(v, bool):
        return "ja" if v else "nej"
    suffix = _UNIT_SUFFIX.get(measure or "", "")
    if isinstance(v, tuple):
        lo, hi = v
        if math.isinf(lo):
            return f"högst {number(hi)}{suffix}"
        if math.isinf(hi):
            return f"minst {number(lo)}{suffix}"
        return f"{number(lo)}–{number(hi)}{suffix}"
    return f"{number(v)}{suffix}"


def direction(d: str | None) -> str:
    return _DIRECTION.get(d or "", "riktning saknas")


def day(d: date | None) -> str:
    return d.isoformat() if d is not None else "–"


def span(start: date | None, end: date | None) -> str:
    if start is None and end is None:
        return "–"
    return f"{day(start)} – {day(end)}"


def long_date(d: date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n == 1 else plural}"
