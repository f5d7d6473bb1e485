"""Indicator colour for a period: whether a measurement is due, the outcome and target that count, the verdict
against the target, the trend, and which of the two weighs into the goal.

The pieces live beside this module: `selection` (what is due and which outcome counts), `targets` (a target as
numbers), `judge` (the models standard and andel_av_målvärdet), `trend` and `multiyear`. Here they are put
together, and the reason is written in Swedish. Decisions:

* Not due (no measurement of the frequency ends in the period) → ej_aktuell, shown with the latest outcome.
  Due with nothing usable → svart, the reason naming the latest outcome and what did not count.
* The verdict against the target uses the model (standard or andel_av_målvärdet; under the repository-wide
  model `trend` the standard rule), the indicator's `färgregel` changing the model for it alone.
* The trend is judged when the indicator has `trend:`, or weighs its trend (`vägs_in: trend`, or the
  repository-wide model `trend`, which means `trend: {jämfört_med: föregående}` and `vägs_in: trend`).
* `vägs_in` is målvärde when the indicator has a target (yearly, relative or multi-year), else trend when it has
  a trend rule. `uppnått` weighs its target unless told otherwise: yes or no is not a trend.
* A missing target, a target that does not fit the direction, a base that is missing, an outcome that is not a
  number → svart with a reason: the result cannot be judged, and is not guessed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from functools import lru_cache

from styr.frozen import frozen
from styr.fulfilment import judge as judging
from styr.fulfilment.judge import Verdict, achievement
from styr.fulfilment.multiyear import Aggregate, aggregate
from styr.fulfilment.results import IndicatorResult
from styr.fulfilment.selection import (
    Selection,
    frequency_kind,
    parse_key,
    period_map,
    period_text,
    select,
    select_outcome,
)
from styr.fulfilment.targets import Goalpost, Unresolved, base_value, fits_direction, resolve
from styr.fulfilment.trend import TrendVerdict, improvement, judge_trend
from styr.model import periods
from styr.model.periods import Period, PeriodKind
from styr.model.types import ColourModel, Indicator, OutcomeValue, TargetValue, TrendRule
from styr.model.vocab import Colour, ColourModelKind, Direction, WeighsIn
from styr.wording import values
from styr.wording.numbers import share

__all__ = [
    "achievement",
    "has_target",
    "improvement",
    "indicator_result",
    "parse_key",
    "period_map",
    "period_text",
    "select_outcome",
    "trend_rule",
    "weighs_in",
]


def has_target(ind: Indicator) -> bool:
    """The indicator has a target of some form: per period, relative, or over several periods."""
    return bool(ind.targets or ind.target_specs or ind.multi_year is not None)


def weighs_in(ind: Indicator, model: ColourModel) -> WeighsIn:
    """Which verdict weighs into the goal (`model` already with the indicator's färgregel)."""
    explicit = WeighsIn.get(ind.weighs_in)
    if explicit is not None:
        return explicit
    if ind.direction == Direction.UPPNATT:
        return WeighsIn.MALVARDE
    if model.model == ColourModelKind.TREND:
        return WeighsIn.TREND
    if has_target(ind):
        return WeighsIn.MALVARDE
    return WeighsIn.TREND if ind.trend is not None else WeighsIn.MALVARDE


def trend_rule(ind: Indicator, model: ColourModel) -> TrendRule | None:
    """The trend rule the indicator is judged by: its own, or föregående when its trend weighs in."""
    if ind.trend is not None:
        return ind.trend
    return TrendRule() if weighs_in(ind, model) is WeighsIn.TREND else None


def indicator_result(ind: Indicator, period: Period, model: ColourModel | None = None, *,
                     default_frequency: PeriodKind = PeriodKind.HELAR, reason: bool = True) -> IndicatorResult:
    """The indicator's colour for `period` under the colour model (standard when None), with a Swedish reason.
    `default_frequency` is the `mätfrekvens` of an indicator that names none (helår; läsår in a läsår unit).
    `reason=False` leaves the reasons empty: for rules that only need the colour (U04), at half the cost."""
    model = (model or ColourModel()).with_override(ind.colour_rule)
    frequency = frequency_kind(ind.frequency, default_frequency)
    excluded = _excluded(ind, model)
    keys = tuple(ind.targets) if not ind.target_specs else tuple(dict.fromkeys((*ind.targets, *ind.target_specs)))
    sel = select(period, tuple(ind.outcomes), keys, frequency, excluded)
    work = _Judging(ind, period, model, sel, excluded, reason)
    if not sel.due:
        return work.not_due()
    if sel.chosen is None:
        return work.missing()
    return work.judged()


def _excluded(ind: Indicator, model: ColourModel) -> frozenset[str]:
    if not ind.outcome_info or model.preliminary_counts:
        return frozenset()
    return frozenset(k for k, i in ind.outcome_info.items() if i.preliminary)


@frozen
class _Target:
    """The verdict against the target, and what results show of the target."""

    verdict: Verdict | None = None  # None: no target verdict (no target, or it cannot be judged)
    plain: TargetValue | None = None
    basis: str = ""
    ratio: float | None = None
    problem: str = ""  # why the target cannot be judged
    interval: tuple[float, float] | None = None
    text: str = ""  # the target in words for the reason
    combined: str = ""  # a multi-year target: how the outcomes were combined (the value judged)


@dataclass(slots=True)
class _Judging:
    """One indicator in one period, judged step by step."""

    ind: Indicator
    period: Period
    model: ColourModel
    sel: Selection
    excluded: frozenset[str]
    reason: bool

    def result(self, colour: Colour, why: str, target: TargetValue | None = None, ratio: float | None = None,
               **more: object) -> IndicatorResult:
        sel = self.sel
        key = sel.chosen
        info = self.ind.outcome_info.get(key) if key is not None and self.ind.outcome_info else None
        if info is None:  # the common case: a short-form outcome, or none
            outcome = self.ind.outcomes[key] if key is not None else None
            return IndicatorResult(self.ind, sel.text, target, sel.target_text, outcome, sel.chosen_text, ratio, colour,
                                   why, **more)  # type: ignore[arg-type]
        return IndicatorResult(
            indicator=self.ind, period=sel.text, target=target, target_period=sel.target_text,
            outcome=self.ind.outcomes[key] if key is not None else None, outcome_period=sel.chosen_text,
            ratio=ratio, colour=colour, reason=why, preliminary=info.preliminary,
            about=period_text(parse_key(info.about)) or info.about if info.about else None,
            references=info.references,
            **more,  # type: ignore[arg-type]
        )

    # -- no outcome to judge -----------------------------------------------------------------------------------

    def _period_target(self) -> TargetValue | None:
        return self.ind.targets.get(self.sel.target) if self.sel.target is not None else None

    def not_due(self) -> IndicatorResult:
        last = self.sel.last
        freq = self.sel.frequency.value
        why = ""
        if self.reason:
            why = f"Ingen mätning i {self.sel.text} (mätfrekvens {freq})"
            why += f"; senaste utfall {_canonical(last)}: {_value(self.ind.outcomes[last])}." if last else "."
            if self.sel.ignored:
                why += self._ignored_note()
        if last is None:
            return self.result(Colour.EJ_AKTUELL, why, self._period_target())
        # Shown with its latest outcome (whether it was preliminary; not what it is about, nor its references).
        info = self.ind.outcome_info.get(last)
        return IndicatorResult(self.ind, self.sel.text, self._period_target(), self.sel.target_text,
                               self.ind.outcomes[last], _canonical(last), None, Colour.EJ_AKTUELL, why,
                               preliminary=bool(info and info.preliminary))

    def missing(self) -> IndicatorResult:
        if not self.reason:
            return self.result(Colour.SVART, "", self._period_target())
        notes = []
        target, tp = self._period_target(), self.sel.target_period
        if target is not None and tp is not None:
            where = f" för {tp.text}" if tp != self.period else ""
            notes.append(f"målvärde {_value(target)}{where}")
        if self.sel.last is not None:
            notes.append(f"senaste utfall {_canonical(self.sel.last)}: {_value(self.ind.outcomes[self.sel.last])}")
        why = f"Inget utfall för {self.period.text}" + (f" ({'; '.join(notes)})." if notes else ".")
        return self.result(Colour.SVART, why + self._ignored_note(), target)

    def _ignored_note(self) -> str:
        notes = []
        for key in self.sel.ignored:
            p = parse_key(key)
            if key in self.excluded:
                notes.append(f" Utfallet {_canonical(key)} är preliminärt och räknas inte (preliminära_utfall: visas).")
            elif p is not None:
                notes.append(f" Utfallet {p.text} räknas inte: det är ett {p.kind.value}sutfall och mätfrekvensen "
                             f"är {self.sel.frequency.value} (regel U07).")
        return "".join(notes)

    # -- an outcome to judge -------------------------------------------------------------------------------------

    def judged(self) -> IndicatorResult:
        assert self.sel.chosen is not None and self.sel.chosen_period is not None
        value = self.ind.outcomes[self.sel.chosen]
        direction = _DIRECTIONS.get(self.ind.direction) if isinstance(self.ind.direction, str) else None
        if direction is None:
            why = "riktning saknas (regel S03)" if not self.ind.direction else f"okänd riktning '{self.ind.direction}'"
            return self.result(Colour.SVART, f"Utfall {_value(value)} kan inte bedömas: {why}.")
        problem = _outcome_problem(direction, value)
        target = self._target(direction, value) if problem is None else _Target()
        head = self._head(value, direction, target) if self.reason else ""
        if problem is not None:
            return self.result(Colour.SVART, f"{head} kan inte bedömas: {problem}.")
        weighs = weighs_in(self.ind, self.model)
        rule = trend_rule(self.ind, self.model)
        trend = self._trend(direction, rule, target) if rule is not None else None
        colour, why = self._weighed(weighs, target, trend, direction)
        return self.result(colour, f"{head}{why}", target.plain, target.ratio,
                           target_colour=target.verdict.colour if target.verdict else None,
                           trend=trend.trend if trend else None, trend_reason=trend.why if trend else "",
                           weighs_in=weighs, target_basis="; ".join(t for t in (target.combined, target.basis) if t))

    def _target(self, direction: Direction, value: OutcomeValue) -> _Target:
        assert self.sel.chosen is not None and self.sel.chosen_period is not None
        if direction is Direction.UPPNATT:
            key = self.sel.target
            problem = fits_direction(direction, self._period_target(), self.ind.target_specs.get(key or ""))
            return _Target(problem=problem) if problem is not None else _achieved(value, self._period_target())
        multi = aggregate(self.ind, direction, self.sel.frequency, self.period, self.excluded) \
            if self.ind.multi_year is not None else None
        if isinstance(multi, Aggregate):
            return replace(self._against(direction, multi.value, multi.post, multi.note), combined=multi.basis)
        if isinstance(multi, Unresolved):
            return _Target(problem=multi.why)
        post = resolve(self.ind, direction, self.sel.target, self.sel.chosen, self.sel.previous)
        if post is None:
            year = periods.year_period(self.sel.chosen_period).text
            return _Target(problem=f"målvärde saknas för {year} (regel S04)")
        if isinstance(post, Unresolved):
            return _Target(problem=post.why)
        return self._against(direction, float(value), post, post.basis)

    def _against(self, direction: Direction, value: float, post: Goalpost, basis: str) -> _Target:
        verdict = judging.judge(direction, value, post, self.model)
        if verdict.colour is Colour.ROD and self.model.yellow_on_improvement:
            verdict = self._improved(direction, verdict, post)
        ratio = None
        if not post.two_sided:
            number = post.low if post.low is not None else post.high
            ratio = achievement(direction, value, number) if number is not None else None
        # The target in words is for the reason's head alone (`_head`): not made when no reason is written.
        return _Target(verdict, post.plain, basis, ratio, interval=_interval(post),
                       text=post.text() if self.reason else "")

    def _improved(self, direction: Direction, verdict: Verdict, post: Goalpost) -> Verdict:
        """gul_vid_förbättring: röd becomes gul when the outcome is better than the previous measurement or the
        baseline."""
        assert self.sel.chosen is not None
        value = self.ind.outcomes[self.sel.chosen]
        interval = _interval(post)
        for name in ("föregående", "baslinje"):
            if name == "föregående" and self.sel.previous is None:
                continue
            base = base_value(self.ind, name, self.sel.chosen, self.sel.previous)
            if isinstance(base, str):
                continue
            change = improvement(direction, value, base.value, interval)
            if change is not None and change > 0:
                return Verdict(Colour.GUL, f"{verdict.why}, men bättre än {base.shown}")
        return verdict

    def _trend(self, direction: Direction, rule: TrendRule, target: _Target) -> TrendVerdict:
        assert self.sel.chosen is not None and self.sel.chosen_period is not None
        usable: list[tuple[Period, OutcomeValue]] = []
        if rule.compare_with == "serie":
            outcomes = {k: v for k, v in self.ind.outcomes.items() if k not in self.excluded}
            usable = list(period_map(outcomes).items())
        return judge_trend(self.ind, direction, rule, self.sel.chosen, self.sel.chosen_period, self.sel.previous,
                           target.interval, usable)

    def _weighed(self, weighs: WeighsIn, target: _Target, trend: TrendVerdict | None,
                 direction: Direction) -> tuple[Colour, str]:
        """(colour, the reason after the head) of the verdict that weighs in, the other one mentioned after it."""
        if weighs is WeighsIn.TREND:
            if direction is Direction.INTERVALL and target.verdict is not None and target.verdict.colour is Colour.GRON:
                return Colour.GRON, f": {target.verdict.why}."
            other = f" Mot målvärdet: {target.verdict.why}." if target.verdict is not None and self.reason else ""
            if trend is None or trend.trend is None:
                missing = trend.why if trend is not None else "ingen trend att bedöma"
                return Colour.SVART, f" kan inte bedömas: {missing}.{other}"
            return trend.trend.colour, f": {trend.why}.{other}"
        also = f" Trend: {trend.trend.value if trend.trend else 'kan inte bedömas'}, {trend.why}." \
            if trend is not None and self.reason else ""
        if target.verdict is None:
            return Colour.SVART, f" kan inte bedömas: {target.problem}.{also}"
        return target.verdict.colour, f": {target.verdict.why}.{also}"

    def _head(self, value: OutcomeValue, direction: Direction, target: _Target) -> str:
        """'Utfall 85 mot målvärde 88', naming the periods only where they differ from the report period."""
        chosen = self.sel.chosen_period
        text = f"Utfall {_value(value)}"
        if chosen is not None and chosen != self.period:
            text += f" för {chosen.text}"
        info = self.ind.outcome_info.get(self.sel.chosen or "")
        if info is not None and info.about:
            text += f" (avser {_canonical(info.about)})"
        if info is not None and info.preliminary:
            text += " (preliminärt)"
        if target.verdict is None or not target.text:
            return text
        if target.combined:
            text += f"; {target.combined}"
        text += f" mot målvärde {target.text}"
        tp = self.sel.target_period
        if tp is not None and tp != chosen and not target.combined:
            text += f" för {tp.text}"
        if target.basis:
            text += f" ({target.basis})"
        if direction is Direction.MINSKA:
            text += ", lägre är bättre"
        if target.ratio is not None:
            text += f" ({share(target.ratio)})"
        return text


_DIRECTIONS = {d.value: d for d in Direction}  # Direction.get without its generic lookup: an indicator each


def _interval(post: Goalpost) -> tuple[float, float] | None:
    if not post.two_sided:
        return None
    return (post.low if post.low is not None else -math.inf, post.high if post.high is not None else math.inf)


def _achieved(value: OutcomeValue, target: TargetValue | None) -> _Target:
    wanted = True if target is None else target  # "uppnått" without a target can only mean that it should be
    if not isinstance(wanted, bool):
        return _Target(problem="målvärdet för en indikator med riktning uppnått ska vara ja eller nej")
    ok = value == wanted
    return _Target(Verdict(Colour.GRON if ok else Colour.ROD, "uppnått" if ok else "inte uppnått"), wanted,
                   text=values.value(wanted))


def _outcome_problem(direction: Direction, value: OutcomeValue) -> str | None:
    if direction is Direction.UPPNATT:
        return None if isinstance(value, bool) else "utfallet för en indikator med riktning uppnått ska vara ja " \
                                                     "eller nej"
    if isinstance(value, bool) or not math.isfinite(float(value)):
        return "utfallet ska vara ett tal"
    return None


@lru_cache(maxsize=4096)  # a reason names a few dozen distinct keys, in every indicator
def _canonical(key: str) -> str:
    return period_text(parse_key(key)) or key


def _value(value: OutcomeValue | TargetValue | None) -> str:
    return values.value(value, missing="saknas")
