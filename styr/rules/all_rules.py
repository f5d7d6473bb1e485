"""Imports every rule family so that each registers its rules; the order here is the order of `styr explain`."""

from __future__ import annotations

import importlib

FAMILIES = (
    "styr.rules.y_loading",
    "styr.rules.f_format",
    "styr.rules.k_chain",
    "styr.rules.s_smart",
    "styr.rules.a_activities",
    "styr.rules.o_organisation",
    "styr.rules.u_followup",
    "styr.rules.h_history",
    "styr.rules.x_internal",
)


def load() -> None:
    """Import the rule modules (idempotent: Python imports each module once)."""
    for name in FAMILIES:
        importlib.import_module(name)
