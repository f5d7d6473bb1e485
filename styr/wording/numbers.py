"""Numbers for a person, the one formatter: `1 234,5`, `−2`, `96,6 %`, with a no-break variant for reports."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal
from functools import lru_cache
from typing import Final

__all__ = ["MINUS", "NBSP", "NOT_A_NUMBER", "number", "share"]

NBSP: Final = "\u00a0"  # in reports: a number never breaks across lines
MINUS: Final = "\u2212"  # a real minus sign, as Swedish typography has it, not the hyphen
NOT_A_NUMBER: Final = "ogiltigt tal"  # YAML's .nan

# Enough digits for any float written out in full (1e308 has 309), so quantising never rounds the integer part.
_CONTEXT: Final = Context(prec=400, rounding=ROUND_HALF_UP)


@lru_cache(maxsize=16384)  # the same values recur in every reason, chart and table
def number(value: float, *, decimals: int | None = 2, nbsp: bool = False) -> str:
    """84,1 · 1 250 000 · −2 · 0,33 · ∞: a decimal comma, groups of three digits, a real minus sign.

    `decimals` rounds half up on the number as written (2,675 → 2,68), dropping trailing zeros; None keeps
    every digit of the shortest exact form, for messages that quote what a user wrote (100,004 is not
    100). `nbsp` separates the groups with no-break spaces, for reports.
    """
    if isinstance(value, bool):
        value = int(value)  # not a number to a reader, but never 'True'
    if isinstance(value, int) and -1000 < value < 1000:
        return str(value).replace("-", MINUS)  # the common case, fast
    if isinstance(value, float):
        if math.isnan(value):
            return NOT_A_NUMBER
        if math.isinf(value):
            return "∞" if value > 0 else MINUS + "∞"
        if -1000 < value < 1000 and value.is_integer():
            return str(int(value)).replace("-", MINUS)  # the common case, fast; int(-0.0) is 0
    exact = Decimal(value) if isinstance(value, int) else Decimal(repr(value))  # repr: the shortest exact form
    if decimals is not None and not isinstance(value, int):
        exact = exact.quantize(Decimal(1).scaleb(-decimals), context=_CONTEXT)
    text = f"{exact:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.lstrip("-") == "0":
        return "0"  # −0,001 rounded is 0, not −0
    return text.replace(",", NBSP if nbsp else " ").replace(".", ",").replace("-", MINUS)


@lru_cache(maxsize=4096)
def share(fraction: float, *, nbsp: bool = False) -> str:
    """A share as a percentage with at most one decimal: 0.966 → '96,6 %', 0.1 → '10 %'."""
    return f"{number(fraction * 100, decimals=1, nbsp=nbsp)} %"
