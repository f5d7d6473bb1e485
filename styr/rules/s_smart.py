"""S: SMART — Specifikt, Mätbart, Accepterat, Realistiskt, Tidsatt."""

import functools
import math
from collections.abc import Iterator, Mapping
from datetime import date

from styr.diagnostics import Diagnostic
from styr.diagnostics import Severity as S
from styr.fulfilment.evaluate import unit_colour_model
from styr.fulfilment.indicator import weighs_in
from styr.fulfilment.multiyear import span_of
from styr.model import periods
from styr.model.types import ColourModel, Goal, Indicator, Unit
from styr.model.vocab import Direction, GoalsWithoutIndicators, PeriodKind, WeighsIn, YearKind
from styr.rules.context import Context
from styr.rules.registry import check, rule
from styr.wording.numbers import number

S01 = rule("S01", "specifikt", S.WARNING, "Målet är inte specifikt beskrivet.",
           """Specifikt: målet ska vara väl definierat så att det inte kan misstolkas. Det behöver en titel som
           säger vad som ska uppnås (minst tre ord) och en beskrivning av vad målet innebär och hur det mäts.""",
           "Skriv en titel som säger vad som ska uppnås och en 'beskrivning'.")
S02 = rule("S02", "matbart-indikator", S.ERROR, "Målet har ingen indikator.",
           """Mätbart: det ska vara lätt att veta när målet är uppfyllt. Varje mål har minst en indikator med
           målvärde och utfall. Med `mål_utan_indikatorer: bidragande` i färgmodellen bedöms ett mål utan
           indikatorer utifrån målen som bidrar till det; då behöver det bara ha sådana.""",
           "Lägg till 'indikatorer:' med minst en indikator.")
S03 = rule("S03", "matbart-enhet-riktning", S.ERROR, "Indikatorn saknar enhet eller riktning.",
           """En indikator behöver en `enhet` (procent, antal, kronor …) och en `riktning` (öka, minska,
           intervall, uppnått) för att utfallet ska kunna jämföras med målvärdet.""",
           "Lägg till 'enhet:' och 'riktning:'.")
S04 = rule("S04", "matbart-malvarde", S.WARNING, "Målvärde saknas för ett år i målets period.",
           """Varje indikator har ett målvärde för varje år (eller läsår) som målet gäller, annars kan
           måluppfyllelsen inte bedömas det året. Ett relativt målvärde (`jämfört_med`) räknas som målvärde, och
           år inom ett `flerårsmål` behöver inget eget. En indikator vars trend vägs in (`vägs_in: trend`, eller
           färgmodellen `trend`) behöver inget målvärde, utom med riktning intervall.""",
           "Lägg till målvärdet under 'målvärde:'.")
S05 = rule("S05", "accepterat-beslut", S.ERROR, "Beslut saknas för ett mål på en nivå som kräver det.",
           """Accepterat: mål på nivåer där styrmodellen kräver beslut (oftast kommun och nämnd) ska ange
           vilket organ som antog målet, datum och paragraf.""",
           "Lägg till 'beslut: {organ: ..., datum: ÅÅÅÅ-MM-DD, paragraf: \"§ ..\"}'.")
S06 = rule("S06", "realistiskt-varde", S.ERROR, "Värdet ligger utanför indikatorns möjliga område.",
           """Realistiskt: en andel i procent ligger mellan 0 och 100, och värden ska ligga inom indikatorns
           `värdeområde` om ett sådant anges. Vissa mått i procent kan vara större än 100 eller negativa
           (självfinansieringsgrad, förändring i procent): ange då ett eget `värdeområde`.""",
           "Kontrollera värdet och enheten.")
_PERCENT_HINT = ("Kontrollera värdet. Kan måttet ligga utanför 0–100 (t.ex. självfinansieringsgrad), ange indikatorns "
                 "område: 'värdeområde: {min: 0, max: 200}'.")
S07 = rule("S07", "realistiskt-baslinje", S.WARNING, "Målvärdet ligger långt från baslinjen.",
           """Realistiskt: ett målvärde som skiljer sig mer än 50 % från baslinjen är sällan rimligt att nå
           inom perioden. Kontrollera att värdet inte är ett skrivfel.""",
           "Kontrollera målvärdet eller motivera det i beskrivningen.")
S08 = rule("S08", "tidsatt-datum", S.ERROR, "Start- eller slutdatum saknas.",
           """Tidsatt: varje mål har ett tydligt `start` och `slut`.""",
           "Lägg till 'start: ÅÅÅÅ-MM-DD' och 'slut: ÅÅÅÅ-MM-DD'.")
S09 = rule("S09", "tidsatt-ordning", S.ERROR, "Slutdatum ligger före startdatum.",
           """Tidsatt: `slut` ska ligga efter `start`.""",
           "Byt plats på datumen eller rätta dem.")
S10 = rule("S10", "tidsatt-mandatperiod", S.WARNING, "Målet ligger utanför mandatperioden.",
           """Kommunens och nämndernas mål gäller mandatperioden; mål som börjar före eller slutar efter
           mandatperioden i styrmodell.yaml är troligen felskrivna.""",
           "Rätta datumen eller mandatperioden i styrmodell.yaml.")


def _pos(g: Goal, key: str) -> tuple[int, int]:
    return g.locs.get(key, (g.loc.line, g.loc.column))


@check(S01, S02, S05, S08, S09, S10)
def goal_smart(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    config = repo.config
    for g in repo.goals:
        if not g.description:
            yield S01.diag(f"Målet '{g.id}' saknar beskrivning.", g.path, *_pos(g, "id"))
        if g.title and len(g.title.split()) < 3:
            yield S01.diag(f"Titeln '{g.title}' är för kort för att vara specifik.", g.path, *_pos(g, "titel"),
                           "Skriv vad som ska uppnås, för vem, t.ex. 'Alla elever känner sig trygga i skolan'.")
        if not g.indicators and not _judged_from_contributors(ctx, g):
            yield S02.diag(f"Målet '{g.id}' har ingen indikator.", g.path,
                           *_pos(g, "indikatorer" if "indikatorer" in g.locs else "id"))
        unit = repo.unit_of(g)
        level = repo.level_of(unit) if unit else None
        if level is not None and level.decision_required and g.decision is None:
            yield S05.diag(f"Målet '{g.id}' saknar beslut; mål på nivån {level.name.lower()} ska vara antagna.",
                           g.path, *_pos(g, "id"))
        missing = [k for k, v in (("start", g.start), ("slut", g.end)) if v is None and k not in g.locs]
        if missing:
            yield S08.diag(f"Målet '{g.id}' saknar {' och '.join(missing)}.", g.path, *_pos(g, "id"))
        if g.start and g.end and g.end < g.start:
            yield S09.diag(f"Slutdatum {g.end} ligger före startdatum {g.start}.", g.path, *_pos(g, "slut"))
        mandate = (config.mandate_start, config.mandate_end) if config else (None, None)
        if mandate[0] and mandate[1] and g.start and g.end and (g.start < mandate[0] or g.end > mandate[1]):
            key = "start" if g.start < mandate[0] else "slut"
            yield S10.diag(f"Målet gäller {g.start}–{g.end}, utanför mandatperioden {mandate[0]}–{mandate[1]}.",
                           g.path, *_pos(g, key))


def _judged_from_contributors(ctx: Context, g: Goal) -> bool:
    """A goal without indicators that the colour model judges from its contributors, and that has some."""
    if not ctx.repo.contributors.get(g.id):
        return False
    model = unit_colour_model(ctx.repo, ctx.repo.unit_of(g))
    return model.goals_without_indicators == GoalsWithoutIndicators.BIDRAGANDE


def _required_target_periods(g: Goal, unit: Unit | None) -> tuple[str, ...]:
    if g.start is None or g.end is None or g.end < g.start:
        return ()
    return _target_years(g.start, g.end, unit is not None and unit.year_kind == YearKind.LASAR)


@functools.lru_cache(maxsize=1024)
def _target_years(start: date, end: date, school_year: bool) -> tuple[str, ...]:
    # Most goals share a handful of time frames: computed once each.
    if school_year:
        # A läsår belongs to the goal when it ends inside the goal's time (results come in the spring).
        return tuple(p.text for p in periods.periods_of_frequency(PeriodKind.LASAR, start, end) if p.end <= end)
    return tuple(p.text for p in periods.periods_of_frequency(PeriodKind.HELAR, start, end))


def _percent(ind: Indicator) -> bool:
    return (ind.measure or "").lower() in ("procent", "%", "andel i procent")


@check(S03, S04, S06, S07, per_document=True)
def indicator_smart(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    models: dict[str, ColourModel] = {}  # per unit folder: most units have several goals
    for g in repo.goals:
        unit = repo.unit_of(g)
        required = _required_target_periods(g, unit)
        model = None
        if required:
            model = models.get(g.unit_folder)
            if model is None:
                model = models[g.unit_folder] = unit_colour_model(repo, unit)
        for ind in g.indicators:
            ref = f"{g.id}/{ind.id}"
            lacking = [k for k, v in (("enhet", ind.measure), ("riktning", ind.direction)) if not v]
            if lacking:
                yield S03.diag(f"Indikatorn {ref} saknar {' och '.join(lacking)}.", g.path, ind.loc.line,
                               ind.loc.column)
            missing = _missing_targets(ind, required, model) if model is not None else []
            if missing:
                # One finding per indicator: a chef fixes all the years in one place.
                pos = ind.locs.get("målvärde", (ind.loc.line, ind.loc.column))
                years = missing[0] if len(missing) == 1 else f"{', '.join(missing[:-1])} och {missing[-1]}"
                yield S04.diag(f"Indikatorn {ref} saknar målvärde för {years}.", g.path, *pos)
            yield from _ranges(g, ind, ref)


def _missing_targets(ind: Indicator, required: tuple[str, ...], model: ColourModel) -> list[str]:
    """The years that need a target and have none: none when the trend weighs in (except for an interval, whose
    range is its target) or for the years a multi-year target covers."""
    merged = model.with_override(ind.colour_rule)
    if weighs_in(ind, merged) is WeighsIn.TREND and ind.direction != Direction.INTERVALL:
        return []
    have = set(ind.targets) | set(ind.target_specs)
    missing = [p for p in required if p not in have]
    span = span_of(ind.multi_year) if ind.multi_year is not None and missing else None
    if span is not None:
        missing = [p for p in missing if not _inside(p, span)]
    return missing


def _inside(text: str, span: tuple[periods.Period, periods.Period]) -> bool:
    p = periods.parse_period(text)
    return span[0].start <= p.end <= span[1].end


def value_range(ind: Indicator) -> tuple[float | None, float | None]:
    """The values an indicator can take (rule S06): its `värdeområde`, with 0–100 filled in for procent."""
    lo, hi = ind.value_range if ind.value_range else (None, None)
    if _percent(ind):
        lo = 0.0 if lo is None else lo
        hi = 100.0 if hi is None else hi
    return lo, hi


def out_of_range(ind: Indicator, value: float) -> str | None:
    """'0–100' when the value lies outside the indicator's range, else None."""
    lo, hi = value_range(ind)
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        return f"{_fmt(lo if lo is not None else -math.inf)}–{_fmt(hi if hi is not None else math.inf)}"
    return None


def _values(ind: Indicator) -> Iterator[tuple[str, str, float, Mapping[str, tuple[int, int]]]]:
    """Each target and outcome value, with where the places of its kind are (looked up only for a finding)."""
    for period, t in ind.targets.items():
        if isinstance(t, tuple):
            yield from (("målvärde", period, v, ind.target_locs) for v in t if v not in (float("inf"), float("-inf")))
        elif not isinstance(t, bool):
            yield "målvärde", period, t, ind.target_locs
    for period, o in ind.outcomes.items():
        if not isinstance(o, bool):
            yield "utfall", period, o, ind.outcome_locs


def _ranges(g: Goal, ind: Indicator, ref: str) -> Iterator[Diagnostic]:
    lo, hi = value_range(ind)
    if lo is not None or hi is not None:
        hint = _PERCENT_HINT if _percent(ind) and ind.value_range is None else None
        for what, period, v, places in _values(ind):
            if (lo is not None and v < lo) or (hi is not None and v > hi):
                bounds = out_of_range(ind, v)
                yield S06.diag(f"{what.capitalize()} {_fmt(v)} för {period} i {ref} ligger utanför {bounds}.",
                               g.path, *places.get(period, (ind.loc.line, ind.loc.column)), hint)
    base = ind.baseline_value
    if isinstance(base, bool) or base is None or base == 0:
        return
    for period, t in ind.targets.items():
        if isinstance(t, (bool, tuple)):
            continue
        if abs(t - base) / abs(base) > 0.5:
            pos = ind.target_locs.get(period, (ind.loc.line, ind.loc.column))
            yield S07.diag(f"Målvärdet {_fmt(t)} för {period} i {ref} ligger mer än 50 % från baslinjen "
                           f"{_fmt(base)}.", g.path, *pos)


def _fmt(v: float) -> str:
    return number(v, decimals=None)  # the value as the user wrote it: 100,004 is outside 0–100
