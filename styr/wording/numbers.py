"""Numbers as Swedish text: a decimal comma, at most two decimals, spaced thousands and a real minus sign."""

from __future__ import annotations

import math
from functools import lru_cache

NBSP = "\u00a0"  # for reports: a number never breaks across lines


@lru_cache(maxsize=16384)  # the same values recur in every reason, chart and table
def number(value: float, thousands: str = " ") -> str:
    """84,1 · 1 250 000 · −2 · 0,33 · ∞. `thousands` separates groups of three digits."""
    if -1000 < value < 1000 and value == int(value):
        return str(int(value)).replace("-", "−")  # the common case, fast
    if math.isinf(value):
        return "∞" if value > 0 else "−∞"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    text = text.replace(",", thousands).replace(".", ",")
    return "0" if text in ("-0", "") else text.replace("-", "−")
