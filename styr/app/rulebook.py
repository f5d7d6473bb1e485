"""The rules' own texts for `styr explain`: the registry, with no repository to read (so it starts quickly)."""

from __future__ import annotations

from styr.app.errors import AppError
from styr.rules import all_rules
from styr.rules.registry import BY_NAME, RULES, Rule
from styr.suggest import did_you_mean


def rules() -> list[Rule]:
    """Every rule, in the order `styr explain` lists them."""
    all_rules.load()
    return list(RULES.values())


def rule(code: str) -> Rule:
    """The rule with `code` (any letter case), or with that readable name ('yaml-tagg', as SARIF and the JSON
    output name it beside the code). Raises AppError naming the closest code or name."""
    all_rules.load_family(code)  # its own family first: the other families need not be loaded to explain it
    found = RULES.get(code.strip().upper())
    if found is None:
        all_rules.load()
        found = RULES.get(code.strip().upper())
    if found is None:
        found = BY_NAME.get(code.strip().lower())
    if found is None:
        hint = did_you_mean(code.strip(), [*RULES, *BY_NAME])
        raise AppError(" ".join(filter(None, (f"okänd regel '{code}'.", hint,
                                              "'styr explain' listar alla regler med kod och namn."))))
    return found
