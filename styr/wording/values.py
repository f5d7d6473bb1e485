"""Targets and outcomes in words: ranges (`högst 5`, `minst 80`, `40–60`), ja/nej, units, directions, counts."""

from __future__ import annotations

import math
from typing import Final

from styr.model.types import OutcomeValue, TargetValue
from styr.model.vocab import Direction, YesNo
from styr.wording.numbers import number

__all__ = ["MISSING", "bound", "change", "count", "direction", "unit_suffix", "value", "value_range", "yes_no"]

MISSING: Final = "–"  # a value that is not there, in tables and change lines

_UNIT_SUFFIX: Final = {"procent": " %", "kronor": " kr", "dagar": " dagar"}
_DIRECTION: Final = {Direction.OKA: "högre är bättre", Direction.MINSKA: "lägre är bättre",
                     Direction.INTERVALL: "inom intervallet", Direction.UPPNATT: "ska uppnås"}


def yes_no(flag: bool) -> str:
    """ja or nej."""
    return YesNo.of(flag).value


def unit_suffix(measure: str | None) -> str:
    """What follows a number of this `enhet`: ' %' for procent, ' kr' for kronor; '' for the rest (antal …)."""
    return _UNIT_SUFFIX.get(measure or "", "")


def value_range(low: float, high: float, *, suffix: str = "", nbsp: bool = False) -> str:
    """A range of values; an open end reads as a bound: 'högst 5', 'minst 80 %', '40–60 %'."""
    if math.isinf(low) and low < 0:
        return f"högst {number(high, nbsp=nbsp)}{suffix}"
    if math.isinf(high) and high > 0:
        return f"minst {number(low, nbsp=nbsp)}{suffix}"
    return f"{number(low, nbsp=nbsp)}–{number(high, nbsp=nbsp)}{suffix}"


def bound(low: float | None, high: float | None, low_strict: bool = False, high_strict: bool = False, *,
          suffix: str = "", nbsp: bool = False) -> str:
    """A target written as bounds: 'minst 90', 'över 40', 'högst 5', 'under 5', '2–4', 'över 2 och under 4'."""
    def edge(n: float, strict: bool, words: tuple[str, str]) -> str:
        return f"{words[1] if strict else words[0]} {number(n, nbsp=nbsp)}{suffix}"

    if low is not None and high is not None:
        if not low_strict and not high_strict:
            return f"{number(low, nbsp=nbsp)}–{number(high, nbsp=nbsp)}{suffix}"
        return f"{edge(low, low_strict, ('minst', 'över'))} och {edge(high, high_strict, ('högst', 'under'))}"
    if low is not None:
        return edge(low, low_strict, ("minst", "över"))
    if high is not None:
        return edge(high, high_strict, ("högst", "under"))
    return MISSING


def change(amount: float, relative: bool) -> str:
    """A change as written in a relative target: '−25 %', '+5'."""
    sign = "+" if amount >= 0 else ""
    return f"{sign}{number(amount)}{' %' if relative else ''}"


def relative_target(base: str, change_amount: float | None, relative: bool, strict: bool) -> str:
    """A target relative to something measured, before it is known what it resolves to: 'bättre än riket',
    'minst föregående mätning', 'utfallet 2015 −25 %'."""
    named = {"föregående": "föregående mätning", "baslinje": "baslinjen"}.get(base)
    if named is None:
        named = f"utfallet {base}" if base[:1].isdigit() else base
    if change_amount is not None:
        return f"{named} {change(change_amount, relative)}"
    return f"{'bättre än' if strict else 'minst'} {named}"


def value(v: OutcomeValue | TargetValue | None, measure: str | None = None, *, nbsp: bool = False,
          missing: str = MISSING) -> str:
    """A target or an outcome with the unit of its `enhet`: '88 %', '80–90 %', 'minst 3', 'ja'; `missing`
    when there is none. Without `measure`, the bare value (the reasons in --explain)."""
    if v is None:
        return missing
    if isinstance(v, bool):
        return yes_no(v)
    suffix = unit_suffix(measure)
    if isinstance(v, tuple):
        return value_range(v[0], v[1], suffix=suffix, nbsp=nbsp)
    return f"{number(v, nbsp=nbsp)}{suffix}"


def direction(d: str | None) -> str:
    """An indicator's riktning as a reader understands it: 'högre är bättre' …"""
    found = Direction.get(d)
    return _DIRECTION[found] if found is not None else "riktning saknas"


def count(n: int, singular: str, plural: str) -> str:
    """'1 mål', '3 indikatorer mätta': the number and the noun in agreement."""
    return f"{n} {singular if n == 1 else plural}"
