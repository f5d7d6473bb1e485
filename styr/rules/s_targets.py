"""S11–S12: targets whose form cannot be judged, and multi-year targets that do not fit the goal.

The colour computation makes such an indicator svart with a reason (styr.fulfilment.targets); these rules say so
where the target is written, so it is fixed before a report shows the svart.
"""

import math
from collections.abc import Iterator

from styr.diagnostics import Diagnostic
from styr.diagnostics import Severity as S
from styr.fulfilment.multiyear import span_of
from styr.fulfilment.selection import parse_key
from styr.fulfilment.targets import fits_direction
from styr.model.periods import Period
from styr.model.types import Goal, Indicator, MultiYearTarget, RelativeTarget
from styr.model.vocab import CompareWith, Direction
from styr.rules.context import Context
from styr.rules.registry import check, rule

S11 = rule("S11", "malvardets-form", S.ERROR, "Målvärdets form passar inte indikatorns riktning.",
           """Ett målvärde ska passa riktningen: `öka` har en nedre gräns (`88`, `{minst: 88}`, `{över: 40}`),
           `minska` en övre (`{högst: 5}`, `{under: 5}`), `intervall` ett intervall (`{min: 2, max: 4}`,
           `{över: 2, under: 4}`) och `uppnått` ja eller nej. Ett relativt målvärde (`jämfört_med`) passar öka och
           minska, och jämför med `föregående`, `baslinje`, ett år eller ett referensvärde (`serie` gäller bara
           trend). Ett målvärde som inte passar kan inte bedömas, och indikatorn blir svart.""",
           "Skriv målvärdet i en form som passar riktningen, eller rätta riktningen.")
S12 = rule("S12", "flerarsmal", S.WARNING, "Flerårsmålet passar inte målet eller dess årliga målvärden.",
           """Ett `flerårsmål` gäller perioderna från `från` till `till`, inom målets tid. Inom den tiden ersätter
           det årets eget `målvärde`, så ett årligt målvärde där skulle aldrig användas. Ett flerårsmål är ett tal
           eller en gräns (inte relativt), för riktning öka, minska eller intervall.""",
           "Rätta `från` och `till`, eller ta bort de årliga målvärdena inom flerårsmålets tid.")


_PLAIN_NUMBERS = (Direction.OKA, Direction.MINSKA)


def _pos(ind: Indicator, key: str) -> tuple[int, int]:
    return ind.locs.get(key, (ind.loc.line, ind.loc.column))


def _relative_problem(spec: RelativeTarget) -> str | None:
    if spec.base == CompareWith.SERIE:
        return "jämfört_med: serie gäller bara trend; ett målvärde jämförs med föregående, baslinje, ett år " \
               "eller ett referensvärde"
    return None


@check(S11, per_document=True)
def target_forms(ctx: Context) -> Iterator[Diagnostic]:
    for g in ctx.repo.goals:
        for ind in g.indicators:
            direction = Direction.get(ind.direction)
            if direction is None:
                continue  # S03 or F05 has spoken
            if not ind.target_specs and direction in _PLAIN_NUMBERS and all(
                    type(t) is float and math.isfinite(t) for t in ind.targets.values()):
                continue  # the common case: plain numbers for öka or minska always fit
            for key in dict.fromkeys((*ind.targets, *ind.target_specs)):
                spec = ind.target_specs.get(key)
                problem = fits_direction(direction, ind.targets.get(key), spec)
                if problem is None and isinstance(spec, RelativeTarget):
                    problem = _relative_problem(spec)
                if problem is not None:
                    line, col = ind.target_locs.get(key, _pos(ind, "målvärde"))
                    yield S11.diag(f"Målvärdet för {key} i {g.id}/{ind.id} kan inte bedömas: {problem}.",
                                   g.path, line, col)


@check(S12, per_document=True)
def multi_year_targets(ctx: Context) -> Iterator[Diagnostic]:
    for g in ctx.repo.goals:
        for ind in g.indicators:
            if ind.multi_year is not None:
                for message in _multi_year_problems(g, ind, ind.multi_year):
                    yield S12.diag(f"{g.id}/{ind.id}: {message}.", g.path, *_pos(ind, "flerårsmål"))


def _multi_year_problems(g: Goal, ind: Indicator, target: MultiYearTarget) -> Iterator[str]:
    span = span_of(target)
    if span is None:
        yield f"flerårsmålets till ({target.end}) ligger före från ({target.start})"
        return
    first, last = span
    if g.start is not None and first.start < g.start:
        yield f"flerårsmålet börjar {first.text}, före målets start {g.start}"
    if g.end is not None and last.end > g.end:
        yield f"flerårsmålet slutar {last.text}, efter målets slut {g.end}"
    direction = Direction.get(ind.direction)
    if isinstance(target.spec, RelativeTarget):
        yield "ett flerårsmål kan inte vara relativt (jämfört_med); skriv ett tal eller en gräns"
    elif direction is Direction.UPPNATT:
        yield "ett flerårsmål räknar med tal och passar inte riktningen uppnått"
    elif direction is not None and (problem := fits_direction(direction, target.target, target.spec)) is not None:
        yield f"flerårsmålets målvärde kan inte bedömas: {problem}"
    inside = [k for k in dict.fromkeys((*ind.targets, *ind.target_specs)) if _within(k, first, last)]
    if inside:
        yield (f"målvärdet för {', '.join(inside)} används inte: flerårsmålet {first.text}–{last.text} gäller "
               f"då")


def _within(key: str, first: Period, last: Period) -> bool:
    p = parse_key(key)
    return p is not None and first.start <= p.end <= last.end
