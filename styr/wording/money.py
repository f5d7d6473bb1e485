"""Money in words: amounts in tkr (`312 000 tkr`), a signed avvikelse (`+2 300 tkr`, `−1 100 tkr`) and its word."""

from __future__ import annotations

from typing import Final

from styr.wording.numbers import MINUS, NBSP, number

__all__ = ["TKR", "balance", "signed", "tkr"]

TKR: Final = "tkr"
"""Thousands of kronor, the unit every amount of `ekonomi:` is written in."""


def tkr(value: float, *, nbsp: bool = True, unit: bool = True) -> str:
    """'312 000 tkr', '−450,5 tkr': grouped digits, a real minus, at most one decimal. `unit=False` leaves out
    'tkr' (a table whose heading names it)."""
    shown = number(value, decimals=1, nbsp=nbsp)
    return f"{shown}{NBSP if nbsp else ' '}{TKR}" if unit else shown


def signed(value: float, *, nbsp: bool = True, unit: bool = True) -> str:
    """An avvikelse with its sign always shown: '+2 300 tkr', '−1 100 tkr', '0 tkr'."""
    shown = tkr(value, nbsp=nbsp, unit=unit)
    return shown if shown.startswith((MINUS, "0")) else f"+{shown}"


def balance(deviation: float) -> str:
    """What an avvikelse means: 'överskott' (budget not used up), 'underskott', or 'i balans' (an avvikelse that
    a report shows as 0)."""
    if number(deviation, decimals=1) == "0":
        return "i balans"
    return "överskott" if deviation > 0 else "underskott"
