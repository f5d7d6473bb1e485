"""F: format rules. F01–F03, F05 and F06 report what the JSON Schemas find while loading (styr.load.schemas);
F04 and the rule codes under `regler:` (F05) are checked here on the model."""

import re
from collections.abc import Iterator

from styr.diagnostics import Diagnostic
from styr.diagnostics import Severity as S
from styr.load.problems import ProblemKind as P
from styr.rules.context import Context
from styr.rules.registry import check, rule
from styr.suggest import did_you_mean

F01 = rule("F01", "nyckel-saknas", S.ERROR, "En obligatorisk nyckel saknas.",
           """Varje filtyp har nycklar som måste finnas, till exempel `id`, `titel` och `perspektiv` i ett mål.
           Vilka som krävs står i JSON-schemat för filtypen (`styr schema`).""",
           "Lägg till nyckeln.",
           reports=(P.MISSING_KEY,))
F02 = rule("F02", "fel-typ", S.ERROR, "Ett värde har fel typ.",
           """Värdet har fel sort: till exempel text där ett tal väntas, eller ett enskilt värde där en lista
           väntas. Tal där text väntas godtas och läses som text.""",
           "Ändra värdet till rätt typ.",
           reports=(P.WRONG_TYPE,))
F03 = rule("F03", "okand-nyckel", S.ERROR, "Okänd nyckel.",
           """Nyckeln finns inte i formatet. Oftast är det ett stavfel, till exempel `målvärden` i stället för
           `målvärde`; värdet skulle annars tyst ignoreras. styr föreslår den närmaste kända nyckeln.""",
           "Rätta stavningen.",
           reports=(P.UNKNOWN_KEY,))
F04 = rule("F04", "finns-inte-i-styrmodellen", S.ERROR, "Värdet finns inte i styrmodellen.",
           """Perspektiv och nivåer kommer från `styrmodell.yaml`, inte från styr. Ett mål ska ha ett av
           styrmodellens perspektiv och ett styrkort en av dess nivåer, stavade exakt likadant.""",
           "Använd ett värde som styrmodell.yaml anger.")
F05 = rule("F05", "ogiltigt-varde", S.ERROR, "Ogiltigt värde.",
           """Värdet är av rätt typ men inte tillåtet: ett okänt val (till exempel riktning eller status),
           ett datum som inte finns, eller ett tal utanför tillåtna gränser.""",
           "Se tillåtna värden i tipset.",
           reports=(P.INVALID_VALUE,))
F06 = rule("F06", "ogiltig-period", S.ERROR, "Ogiltig period.",
           """Perioder skrivs `2026` (helår), `2026-H1` (halvår), `2026-T1` (tertial), `2026-Q1` (kvartal),
           `2026-M01` (månad), `2025/26` (läsår) eller `2025/26-HT` (termin).""",
           "Skriv perioden i en av de tillåtna formerna.",
           reports=(P.INVALID_PERIOD,))


@check(F04, per_document=True)
def values_in_model(ctx: Context) -> Iterator[Diagnostic]:
    """Perspectives and levels must be those named in styrmodell.yaml."""
    config = ctx.repo.config
    if config is None:
        return
    names = config.perspective_names
    for g in ctx.repo.goals if names else ():  # without perspectives F01 has already spoken
        if g.perspective and g.perspective not in names:
            line, col = g.locs.get("perspektiv", (1, 1))
            yield F04.diag(f"Perspektivet '{g.perspective}' finns inte i styrmodellen.", g.path, line, col,
                           did_you_mean(g.perspective, names, "Perspektiv: " + ", ".join(names) + "."))
    levels = [lv.id for lv in config.levels]
    for u in ctx.repo.units if levels else ():
        if u.level and u.level not in levels:
            line, col = u.locs.get("nivå", (1, 1))
            yield F04.diag(f"Nivån '{u.level}' finns inte i styrmodellen.", u.path, line, col,
                           did_you_mean(u.level, levels, "Nivåer: " + ", ".join(levels) + "."))


_RULE_NAME = re.compile(r"[a-zåäö][a-zåäö0-9-]*")
"""A rule's readable name (`mal-utan-aktivitet`), as a key of `regler:` (the schema's pattern for one)."""


@check(F05)
def known_rule_codes(ctx: Context) -> Iterator[Diagnostic]:
    """`regler:` may only name rules that exist; a typo would otherwise silently change nothing."""
    from styr.rules.registry import BY_NAME, RULES

    config = ctx.repo.config
    if config is None:
        return
    for key, _ in config.rule_overrides:
        # Malformed keys ('s07', 'S 07') are the schema's F03; here only well-formed codes and names that name no
        # rule.
        line, col = config.rule_locs.get(key, (1, 1))
        if key not in RULES and len(key) == 3 and key[0].isupper() and key[1:].isdigit():
            yield F05.diag(f"Regeln '{key}' finns inte.", config.path, line, col,
                           did_you_mean(key, RULES, "'styr explain' listar alla regler."))
        elif key not in BY_NAME and _RULE_NAME.fullmatch(key):
            hint = (f"Menade du '{key.upper()}'? Koder skrivs med versal." if key.upper() in RULES else
                    did_you_mean(key, BY_NAME, "'styr explain' listar alla regler med kod och namn."))
            yield F05.diag(f"Ingen regel heter '{key}'.", config.path, line, col, hint)
