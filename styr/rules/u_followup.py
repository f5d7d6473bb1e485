"""U: uppföljning — outcomes for ended periods, analyses and prognoses in the reports, motivated assessments.

Decisions that keep false positives low:

* A period belongs to a goal when it *ends* within the goal's time (start ≤ periodens slut ≤ slut), the same
  rule S04 uses for läsår: a goal that starts 2024-08-01 does not owe an outcome for the helår 2024 …
  unless its indicators are measured per helår and 2024 ends inside it, which it does. Only periods that
  have ended on `ctx.today` count.
* U01 gives one finding per indicator, listing the missing periods, not one per period.
* U03 only looks at reporting periods that have a `bedömning` (then its `analys` must be filled in) and at
  the goal's latest ended reporting period (which must have both). A goal without any bedömning thus gets
  one U03, for the report that is due now, not one for every year of its history.
* For läsår units the reporting periods are HT (delår) and the läsår (bokslut); a bedömning written under
  the calendar period that shows them (2026-H1 for 2025/26-HT, 2026 for 2025/26) is accepted too.
"""

from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from styr.diagnostics import Diagnostic
from styr.diagnostics import Severity as S
from styr.fulfilment.evaluate import goal_indicator_colour, is_lasar_unit, unit_colour_model
from styr.fulfilment.goal import assessment_for
from styr.fulfilment.selection import parse_key, period_map
from styr.model import periods
from styr.model.periods import Period, PeriodError, PeriodKind
from styr.model.types import Assessment, ColourModel, Goal, Indicator, Unit
from styr.model.vocab import Colour
from styr.rules.context import Context
from styr.rules.registry import check, rule
from styr.wording.periods import period_name
from styr.wording.scale import scale_for

U01 = rule("U01", "utfall-saknas", S.WARNING, "Utfall saknas för en avslutad uppföljningsperiod.",
           """Varje indikator mäts med sin `mätfrekvens` (standard helår; för enheter som planerar per läsår:
           läsår). För varje sådan period som har tagit slut inom målets tid ska det finnas ett utfall, annars
           blir indikatorn svart (mätning inte genomförd) i uppföljningen.""",
           "Lägg till utfallet under 'utfall:', eller ändra 'mätfrekvens' om indikatorn mäts mer sällan.")
U02 = rule("U02", "utfall-utanfor-maltid", S.WARNING, "Utfall för en period utanför målets tid.",
           """Ett utfall för en period som ligger helt före `start` eller efter `slut` räknas aldrig in i
           måluppfyllelsen. Utgångsläget före målets start skrivs som `baslinje`.""",
           "Flytta värdet till 'baslinje:', rätta perioden eller målets start och slut.")
U03 = rule("U03", "analys-saknas", S.WARNING, "Analys saknas för en rapportperiod.",
           """Delårsbokslutet (H1) och bokslutet (helår) bygger på en analys av indikatorernas resultat,
           genomförda aktiviteter och verksamhetens förutsättningar. För enheter som planerar per läsår är
           rapportperioderna höstterminen (HT) och läsåret. Regeln gäller varje rapportperiod som har en
           bedömning och den senast avslutade rapportperioden inom målets tid.""",
           "Skriv en 'bedömning:' för perioden med 'färg:' och 'analys:'.")
U04 = rule("U04", "motivering-saknas", S.ERROR, "Bedömningen ligger två steg från indikatorfärgen utan motivering.",
           """Den totala måluppfyllelsen är chefens bedömning. När den ligger två steg från det indikatorerna
           visar (grön mot röd) måste bedömningen motiveras, så att läsaren förstår varför.""",
           "Lägg till 'motivering:' i bedömningen, eller se över färgen.")
U05 = rule("U05", "prognos-saknas", S.WARNING, "Prognos saknas i delårsbokslutet.",
           """I delårsbokslutet (H1, för läsårsenheter HT) ska varje mål ha en prognos för hur måluppfyllelsen
           blir vid årets slut.""",
           "Lägg till 'prognos: grön|gul|röd|svart' i bedömningen.")

_LISTED = 6  # at most this many periods are named in one U01 message


def _goal_pos(g: Goal, key: str) -> tuple[int, int]:
    return g.locs.get(key, g.locs.get("id", (g.loc.line, g.loc.column)))


def _assessment_pos(a: Assessment, key: str) -> tuple[int, int]:
    return a.locs.get(key, (a.loc.line, a.loc.column))


def _timed(g: Goal) -> bool:
    return g.start is not None and g.end is not None and g.start <= g.end


@lru_cache(maxsize=4096)
def _due_periods(kind: str, start: date, end: date, today: date) -> tuple[Period, ...]:
    """The periods of `kind` that end within start..end and have ended by `today`. Cached: most goals share
    their time (the mandate period), so this is computed a handful of times, not once per goal."""
    return tuple(p for p in periods.periods_of_frequency(kind, start, end)
                 if start <= p.end <= end and periods.ended(p, today))


def _due(g: Goal, kind: str, ctx: Context) -> tuple[Period, ...]:
    assert g.start is not None and g.end is not None
    return _due_periods(kind, g.start, g.end, ctx.today)


@lru_cache(maxsize=16384)
def _span(key: str) -> tuple[date, date] | None:
    p = parse_key(key)
    return None if p is None else (p.start, p.end)


@check(U01, per_document=True)
def outcomes_missing(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for g in repo.goals:
        if not _timed(g):
            continue
        default = PeriodKind.LASAR if is_lasar_unit(repo.unit_of(g)) else PeriodKind.HELAR
        for ind in g.indicators:
            try:
                due = _due(g, ind.frequency or default, ctx)
            except PeriodError:
                continue  # an unknown mätfrekvens is a format error (F05)
            have = ind.outcomes
            missing = [p.text for p in due if p.text not in have]
            if missing:  # keys not in canonical form ('2026-q1') are compared as periods
                parsed = period_map(have)
                missing = [t for t in missing if parse_key(t) not in parsed]
            if missing:
                yield _u01(g, ind, missing, ind.frequency or default)


def _u01(g: Goal, ind: Indicator, missing: list[str], freq: str) -> Diagnostic:
    shown = ", ".join(missing[:_LISTED]) + (f" och {len(missing) - _LISTED} till" if len(missing) > _LISTED else "")
    line, col = ind.locs.get("utfall", (ind.loc.line, ind.loc.column))
    return U01.diag(f"Indikatorn {g.id}/{ind.id} saknar utfall för {shown} (mätfrekvens {freq}).", g.path, line, col)


@check(U02, per_document=True)
def outcomes_outside(ctx: Context) -> Iterator[Diagnostic]:
    for g in ctx.repo.goals:
        if not _timed(g):
            continue
        assert g.start is not None and g.end is not None
        for ind in g.indicators:
            for key in ind.outcomes:
                span = _span(key)
                if span is None or (span[1] >= g.start and span[0] <= g.end):
                    continue
                p = parse_key(key)
                assert p is not None
                line, col = ind.outcome_locs.get(key, (ind.loc.line, ind.loc.column))
                yield U02.diag(f"Utfallet för {p.text} i {g.id}/{ind.id} ligger utanför målets tid "
                               f"{g.start}–{g.end}.", g.path, line, col)


def _reporting_periods(g: Goal, unit: Unit | None, ctx: Context) -> tuple[Period, ...]:
    assert g.start is not None and g.end is not None
    return _reporting(g.start, g.end, ctx.today, is_lasar_unit(unit))


@lru_cache(maxsize=4096)
def _reporting(start: date, end: date, today: date, school_year: bool) -> tuple[Period, ...]:
    """Delår and bokslut periods ending within start..end that have ended, in order."""
    half, year = (PeriodKind.TERMIN, PeriodKind.LASAR) if school_year else (PeriodKind.HALVAR, PeriodKind.HELAR)
    found = [p for p in _due_periods(half, start, end, today) if p.is_delar]
    found.extend(_due_periods(year, start, end, today))
    return tuple(sorted(found, key=lambda p: (p.end, p.days)))  # by end: the last one is the latest ended


def _calendar_counterpart(p: Period) -> Period | None:
    """The calendar report period whose report shows the läsår period `p` (see `lasar_for_calendar_period`)."""
    if p.kind is PeriodKind.LASAR:
        return Period(PeriodKind.HELAR, p.year)
    if p.kind is PeriodKind.TERMIN and p.number == 1:
        return Period(PeriodKind.HALVAR, p.year + 1, 1)
    return None


@check(U03, per_document=True)
def analysis_missing(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for g in repo.goals:
        if not _timed(g):
            continue
        unit = repo.unit_of(g)
        reporting = _reporting_periods(g, unit, ctx)
        if not reporting:
            continue
        latest = reporting[-1]  # in period order the last one ends last (a bokslut after its delår)
        for p in reporting:
            a = assessment_for(g, p, _calendar_counterpart(p) if is_lasar_unit(unit) else None)
            if a is not None and not a.analysis:
                yield U03.diag(f"Bedömningen för {p.text} ({period_name(p)}) i målet '{g.id}' saknar analys.",
                               g.path, a.loc.line, a.loc.column)
            elif a is None and p == latest:
                yield U03.diag(f"Målet '{g.id}' saknar bedömning med analys för {p.text} ({period_name(p)}).",
                               g.path, *_goal_pos(g, "bedömning"))


@check(U04, per_document=True)
def motivation_missing(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    scale = scale_for(repo.config)
    extremes = {Colour.GRON: Colour.ROD, Colour.ROD: Colour.GRON}
    models: dict[str, ColourModel] = {}  # per unit folder: computed once
    for g in repo.goals:
        for key, a in g.assessments.items():
            assessed = Colour.written(a.colour)
            p = parse_key(key)
            if assessed not in extremes or a.motivation or p is None or not g.indicators:
                continue
            model = models.get(g.unit_folder)
            if model is None:
                model = models[g.unit_folder] = unit_colour_model(repo, repo.unit_of(g))
            colour = goal_indicator_colour(repo, g, p, model)
            if colour is extremes[assessed]:
                yield U04.diag(f"Bedömningen {scale.word(assessed)} för {p.text} i '{g.id}' ligger två steg från "
                               f"indikatorfärgen {scale.word(colour)} men saknar motivering.",
                               g.path, *_assessment_pos(a, "färg"))


@check(U05, per_document=True)
def forecast_missing(ctx: Context) -> Iterator[Diagnostic]:
    for g in ctx.repo.goals:
        for key, a in g.assessments.items():
            p = parse_key(key)
            if p is not None and p.is_delar and not a.forecast:
                year = "läsåret" if p.is_lasar_based else "helåret"
                yield U05.diag(f"Bedömningen för {p.text} ({period_name(p)}) i '{g.id}' saknar prognos för "
                               f"{year}.", g.path, a.loc.line, a.loc.column)
