"""Imports every rule family so that each registers its rules, and puts the registry in the order of `styr explain`."""

from __future__ import annotations

import importlib

from styr.rules.registry import RULES, family

FAMILIES = (
    "styr.rules.y_loading",
    "styr.rules.f_format",
    "styr.rules.f_content",
    "styr.rules.k_chain",
    "styr.rules.s_smart",
    "styr.rules.s_targets",
    "styr.rules.a_activities",
    "styr.rules.o_organisation",
    "styr.rules.u_followup",
    "styr.rules.u_periods",
    "styr.rules.e_economy",
    "styr.rules.h_history",
    "styr.rules.h_colours",
    "styr.rules.p_publishing",
    "styr.rules.x_internal",
)
ORDER = "YFKSAOUEHPX"
"""The families in the order a reader meets them: loading, format, chain, SMART, activities, organisation,
follow-up, economy, history, publishing, styr's own failures. Within a family, by number."""


def _place(code: str) -> tuple[int, str]:
    index = ORDER.find(family(code))
    return (index if index >= 0 else len(ORDER), code)


def load_family(code: str) -> None:
    """Import only the modules of the family `code` belongs to (k_chain for K02): enough to look one rule up
    quickly. A code whose rule lives elsewhere is found after `load`."""
    wanted = family(code.strip().upper()).lower()
    for name in FAMILIES:
        if name.rsplit(".", 1)[-1].split("_", 1)[0] == wanted:
            importlib.import_module(name)


def load() -> None:
    """Import the rule modules (idempotent: Python imports each module once). The registry's order does not
    depend on which module happened to be imported first."""
    for name in FAMILIES:
        importlib.import_module(name)
    ordered = sorted(RULES, key=_place)
    if list(RULES) != ordered:
        rules = dict(RULES)
        RULES.clear()
        RULES.update((code, rules[code]) for code in ordered)
