"""U07–U09: outcomes that would otherwise decide a colour silently, or make it svart without a word.

* U07: an outcome of a period kind the indicator is not measured in (2026-M03 on a yearly indicator, 2026-H1
  among quarters) does not count for the colour. The year's own value beside shorter periods counts, and an
  outcome marked `preliminärt: ja` is shown on purpose: neither is a finding.
* U08: an outcome or assessment for a period that has not ended on the day of the check. A preliminary outcome
  (or one that says it is about an ended period, `avser`) and an assessment marked `preliminär: ja` are not.
* U09: the base a relative target or a trend compares with is missing for an outcome, so the indicator is svart
  for that period. Only where the verdict weighs in: a trend shown beside the target verdict may lack a base.

Each gives one finding per indicator (or assessment), naming the periods, like U01.
"""

from collections.abc import Iterator
from datetime import date

from styr.diagnostics import Diagnostic
from styr.diagnostics import Severity as S
from styr.fulfilment.evaluate import default_frequency, unit_colour_model
from styr.fulfilment.indicator import trend_rule, weighs_in
from styr.fulfilment.selection import frequency_kind, parse_key, previous_measurement, usable_kinds
from styr.fulfilment.targets import base_value
from styr.model import periods
from styr.model.periods import Period
from styr.model.types import ColourModel, Goal, Indicator, RelativeTarget
from styr.model.vocab import CompareWith, WeighsIn
from styr.rules.context import Context
from styr.rules.registry import check, rule

U07 = rule("U07", "utfall-fel-periodslag", S.WARNING, "Utfall för ett periodslag som indikatorn inte mäts i.",
           """Ett utfall räknas för indikatorns `mätfrekvens` (standard helår; läsår i en läsårsenhet) och för
           hela året bredvid kortare perioder. Ett utfall för ett annat slag av period (en månad för en indikator
           som mäts per helår, ett halvår bland kvartal) räknas inte in i färgen, så det skulle annars visas
           utan att betyda något. Ett delutfall som bara ska visas skrivs `{värde: 86, preliminärt: ja}`.""",
           "Ändra 'mätfrekvens', rätta perioden, eller skriv delutfallet {värde: …, preliminärt: ja}.")
U08 = rule("U08", "period-inte-slut", S.WARNING, "Utfall eller bedömning för en period som inte är slut.",
           """Ett utfall eller en bedömning för en period som ännu inte har tagit slut är oftast en felskriven
           period, eller en prognos som då ska märkas som sådan: `{värde: 86, preliminärt: ja}` för ett utfall,
           `preliminär: ja` för en bedömning. Ett utfall som redovisas för en senare period än den det gäller
           skriver perioden det gäller under `avser`.""",
           "Rätta perioden, eller märk värdet som preliminärt.")
U09 = rule("U09", "jamforelse-saknas", S.WARNING, "Det som ett relativt målvärde eller en trend jämför med saknas.",
           """Ett relativt målvärde (`jämfört_med`) och en trend som vägs in räknas från något uppmätt: föregående
           mätning, baslinjen, utfallet ett visst år eller ett referensvärde vid utfallet (`referens: {riket:
           …}`). Saknas det kan utfallet inte bedömas, och indikatorn blir svart för perioden.""",
           "Lägg till det som saknas (baslinje, utfallet för jämförelseåret eller referensvärdet), eller ändra "
           "jämförelsen.")

_LISTED = 6


def _listed(keys: list[str]) -> str:
    shown = ", ".join(keys[:_LISTED])
    return shown + (f" och {len(keys) - _LISTED} till" if len(keys) > _LISTED else "")


def _canonical(key: str) -> str:
    p = parse_key(key)
    return p.text if p is not None else key


def _outcome_pos(ind: Indicator, key: str) -> tuple[int, int]:
    return ind.outcome_locs.get(key, ind.locs.get("utfall", (ind.loc.line, ind.loc.column)))


class _Models:
    """The colour model per unit folder, computed once per folder."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.by_folder: dict[str, ColourModel] = {}

    def of(self, g: Goal, ind: Indicator) -> ColourModel:
        model = self.by_folder.get(g.unit_folder)
        if model is None:
            model = self.by_folder[g.unit_folder] = unit_colour_model(self.ctx.repo, self.ctx.repo.unit_of(g))
        return model.with_override(ind.colour_rule)


def _preliminary(ind: Indicator, key: str) -> bool:
    info = ind.outcome_info.get(key)
    return info is not None and info.preliminary


@check(U07, per_document=True)
def outcome_kinds(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    for g in repo.goals:
        default = default_frequency(repo.unit_of(g))
        for ind in g.indicators:
            frequency = frequency_kind(ind.frequency, default)
            kinds = usable_kinds(frequency)
            wrong = [k for k in ind.outcomes
                     if (p := parse_key(k)) is not None and p.kind not in kinds and not _preliminary(ind, k)]
            if not wrong:
                continue
            shown = _listed([_canonical(k) for k in wrong])
            yield U07.diag(f"Utfallet för {shown} i {g.id}/{ind.id} räknas inte: indikatorn mäts per "
                           f"{frequency.value} (mätfrekvens {frequency.value}).", g.path, *_outcome_pos(ind, wrong[0]))


@check(U08, per_document=True)
def periods_not_ended(ctx: Context) -> Iterator[Diagnostic]:
    today = ctx.today
    over = _Ended(today)
    for g in ctx.repo.goals:
        for ind in g.indicators:
            early = [k for k in ind.outcomes if _early_outcome(ind, k, over)]
            if early:
                yield U08.diag(f"Utfallet för {_listed([_canonical(k) for k in early])} i {g.id}/{ind.id} gäller en "
                               f"period som inte är slut den {today}.", g.path, *_outcome_pos(ind, early[0]))
        for key, a in g.assessments.items():
            p = parse_key(key)
            if p is not None and not periods.ended(p, today) and not a.preliminary:
                yield U08.diag(f"Bedömningen för {p.text} i '{g.id}' gäller en period som inte är slut den {today} "
                               f"(den slutar {p.end}).", g.path, a.loc.line, a.loc.column,
                               "Rätta perioden, eller skriv 'preliminär: ja' i bedömningen om den är en prognos.")


class _Ended(dict[str, bool]):
    """Whether the period a key names has ended on `today` (a key that names none counts as ended: rule F06 reports
    it), by key: a repository writes the same few dozen keys tens of thousands of times."""

    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def __missing__(self, key: str) -> bool:
        p = parse_key(key)
        found = self[key] = p is None or periods.ended(p, self.today)
        return found


def _early_outcome(ind: Indicator, key: str, over: _Ended) -> bool:
    if over[key]:
        return False
    info = ind.outcome_info.get(key)
    if info is None:
        return True
    about = info.about
    return not info.preliminary and not (about is not None and parse_key(about) is not None and over[about])


@check(U09, per_document=True)
def bases_missing(ctx: Context) -> Iterator[Diagnostic]:
    repo = ctx.repo
    models = _Models(ctx)
    for g in repo.goals:
        default = default_frequency(repo.unit_of(g))
        for ind in g.indicators:
            if not ind.target_specs and ind.trend is None and ind.weighs_in is None and \
                    models.of(g, ind).model != "trend":
                continue  # the common case: nothing is compared with anything
            found = list(_missing_bases(g, ind, models.of(g, ind), default))
            if found:
                periods_text = _listed([p for p, _, _ in found])
                key = "trend" if found[0][1] == "trend" else "målvärde"
                line, col = ind.locs.get(key, (ind.loc.line, ind.loc.column))
                yield U09.diag(f"{g.id}/{ind.id} kan inte bedömas för {periods_text}: {found[0][2]}.", g.path,
                               line, col)


def _missing_bases(g: Goal, ind: Indicator, model: ColourModel, default: periods.PeriodKind
                   ) -> Iterator[tuple[str, str, str]]:
    """(period, 'målvärde' or 'trend', what is missing) for each usable outcome in the goal's time."""
    kinds = usable_kinds(frequency_kind(ind.frequency, default))
    excluded = set() if model.preliminary_counts else {k for k in ind.outcomes if _preliminary(ind, k)}
    usable = {p: k for k in ind.outcomes if (p := parse_key(k)) is not None and p.kind in kinds and k not in excluded}
    targets = {p: k for k in (*ind.targets, *ind.target_specs) if (p := parse_key(k)) is not None}
    weighs = weighs_in(ind, model)
    rule_ = trend_rule(ind, model)
    for p, key in sorted(usable.items()):
        if not _in_time(g, p):
            continue
        prev = previous_measurement(usable, p)
        previous = prev[1] if prev is not None else None
        if weighs is WeighsIn.MALVARDE:
            tp = periods.target_period_for(p, targets)
            spec = ind.target_specs.get(targets[tp]) if tp is not None else None
            if isinstance(spec, RelativeTarget) and spec.base != CompareWith.SERIE:
                base = base_value(ind, spec.base, key, previous)
                if isinstance(base, str):
                    yield p.text, "målvärde", f"målvärdet jämförs med {base}"
        elif rule_ is not None and rule_.compare_with != CompareWith.SERIE:
            base = base_value(ind, rule_.compare_with, key, previous)
            if isinstance(base, str):
                yield p.text, "trend", f"trenden jämförs med {base}"


def _in_time(g: Goal, p: Period) -> bool:
    return (g.start is None or p.end >= g.start) and (g.end is None or p.start <= g.end)
