"""The rules' own texts for `styr explain`: the registry, with no repository to read (so it starts quickly)."""

from __future__ import annotations

from styr.app.errors import AppError
from styr.rules import all_rules
from styr.rules.registry import RULES, Rule
from styr.suggest import did_you_mean


def rules() -> list[Rule]:
    """Every rule, in the order `styr explain` lists them."""
    all_rules.load()
    return list(RULES.values())


def rule(code: str) -> Rule:
    """The rule with `code` (any letter case). Raises AppError naming the closest code."""
    all_rules.load_family(code)  # its own family first: the other families need not be loaded to explain it
    found = RULES.get(code.strip().upper())
    if found is None:
        all_rules.load()
        found = RULES.get(code.strip().upper())
    if found is None:
        raise AppError(f"okänd regelkod '{code}'. {did_you_mean(code, RULES)} 'styr explain' listar alla regler.")
    return found
