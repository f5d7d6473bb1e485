"""The trend verdict: förbättrad, oförändrad or försämrad against a base, with a tolerance.

Decisions (docs/fargmodell.md, "Trend"):

* `jämfört_med` names the base as a relative target does (föregående, baslinje, a period, a reference value)
  or `serie`: the sign of the least-squares slope over every usable outcome of the same kind up to the one
  judged (at least two).
* The change counts in the indicator's direction (for minska a fall is an improvement; for intervall the
  distance to the interval shrinking is). A change within `tolerans` is oförändrad: 6.9 → 6.8 with tolerans 0.1
  is no change. `tolerans: "1 %"` is one per cent of the base (of the series' mean for `serie`). Without a
  tolerance only an equal value is unchanged.
* ja/nej outcomes (riktning uppnått) improve from nej to ja.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from styr.frozen import frozen
from styr.fulfilment.targets import Base, base_value
from styr.model.periods import Period
from styr.model.types import Indicator, OutcomeValue, TrendRule
from styr.model.vocab import CompareWith, Direction, Trend
from styr.wording.numbers import number

__all__ = ["TrendVerdict", "improvement", "judge_trend"]

_REL_TOL = 1e-9
_ABS_TOL = 1e-12


@frozen
class TrendVerdict:
    trend: Trend | None  # None: it cannot be judged (why says what is missing)
    why: str
    missing_base: bool = False


def _numeric(v: object) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _distance(value: float, interval: tuple[float, float]) -> float:
    lo, hi = interval
    return lo - value if value < lo else value - hi if value > hi else 0.0


def improvement(direction: Direction, value: OutcomeValue, ref: OutcomeValue,
                interval: tuple[float, float] | None = None) -> float | None:
    """How much better `value` is than `ref` in the direction (negative: worse); None if not comparable."""
    if direction is Direction.UPPNATT:
        if isinstance(value, bool) and isinstance(ref, bool):
            return float(int(value) - int(ref))
        return None
    if not (_numeric(value) and _numeric(ref)):
        return None
    a, b = float(value), float(ref)
    if direction is Direction.INTERVALL:
        return None if interval is None else _distance(b, interval) - _distance(a, interval)
    return b - a if direction is Direction.MINSKA else a - b


def _classify(change: float, tolerance: float) -> Trend:
    if tolerance > 0 and (abs(change) <= tolerance or math.isclose(abs(change), tolerance, rel_tol=_REL_TOL,
                                                                  abs_tol=_ABS_TOL)):
        return Trend.OFORANDRAD
    return Trend.FORBATTRAD if change > 0 else Trend.FORSAMRAD if change < 0 else Trend.OFORANDRAD


_WORDS = {Trend.FORBATTRAD: "bättre än", Trend.OFORANDRAD: "oförändrat mot", Trend.FORSAMRAD: "sämre än"}


def judge_trend(ind: Indicator, direction: Direction, rule: TrendRule, chosen: str, chosen_period: Period,
                previous: str | None, interval: tuple[float, float] | None,
                usable: Sequence[tuple[Period, OutcomeValue]] = ()) -> TrendVerdict:
    """The trend of the outcome `chosen` under the rule; `usable` are the outcomes that count (for `serie`)."""
    value = ind.outcomes[chosen]
    if rule.compare_with == CompareWith.SERIE:
        return _series(direction, rule, chosen_period, usable)
    base = base_value(ind, rule.compare_with, chosen, previous)
    if isinstance(base, str):
        return TrendVerdict(None, f"ingen jämförelse: {base}", missing_base=True)
    change = improvement(direction, value, base.value, interval)
    if change is None:
        return TrendVerdict(None, f"kan inte jämföras med {base.label}")
    tolerance = _tolerance(rule, base)
    trend = _classify(change, tolerance)
    why = f"{_WORDS[trend]} {base.shown}"
    if tolerance > 0:
        # The change as the values moved (164 → 149 is −15), whichever way is better for the indicator.
        moved = float(value) - float(base.value) if direction in (Direction.OKA, Direction.MINSKA) else change
        why += f", förändringen {_signed(moved)} {'ligger inom' if trend is Trend.OFORANDRAD else 'är större än'} " \
               f"toleransen {number(tolerance)}"
    return TrendVerdict(trend, why)


def _tolerance(rule: TrendRule, base: Base) -> float:
    if not rule.relative:
        return rule.tolerance
    return rule.tolerance / 100 * abs(float(base.value)) if _numeric(base.value) else 0.0


def _signed(change: float) -> str:
    return ("+" if change > 0 else "") + number(change)


def _series(direction: Direction, rule: TrendRule, chosen: Period, usable: Sequence[tuple[Period, OutcomeValue]]
            ) -> TrendVerdict:
    points = sorted((p, float(v)) for p, v in usable
                    if p.kind is chosen.kind and p.end <= chosen.end and _numeric(v) and math.isfinite(float(v)))
    if len(points) < 2:
        return TrendVerdict(None, f"ingen jämförelse: en serie behöver minst två utfall per {chosen.kind.value} "
                                  f"till och med {chosen.text}", missing_base=True)
    xs = [_position(p) for p, _ in points]
    ys = [v for _, v in points]
    if direction not in (Direction.OKA, Direction.MINSKA):
        return TrendVerdict(None, f"en serie kan bara jämföras för riktning öka eller minska, inte {direction.value}")
    slope = _slope(xs, ys)
    change = -slope if direction is Direction.MINSKA else slope
    mean = math.fsum(ys) / len(ys)
    tolerance = rule.tolerance / 100 * abs(mean) if rule.relative else rule.tolerance
    trend = _classify(change, tolerance)
    first, last = points[0][0].text, points[-1][0].text
    word = {Trend.FORBATTRAD: "förbättras", Trend.OFORANDRAD: "är oförändrad", Trend.FORSAMRAD: "försämras"}[trend]
    unit = "år" if chosen.kind.per_year == 1 else chosen.kind.value
    why = f"serien {first}–{last} ({len(points)} utfall) {word}: lutning {_signed(slope)} per {unit}"
    if tolerance > 0:
        why += f", tolerans {number(tolerance)}"
    return TrendVerdict(trend, why)


def _position(p: Period) -> float:
    """The period's place on a line of periods of its kind (gaps count): year × periods per year + number."""
    return float(p.lasar_end_year * p.kind.per_year + max(p.number, 1))


def _slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    n = len(xs)
    mx, my = math.fsum(xs) / n, math.fsum(ys) / n
    sxx = math.fsum((x - mx) ** 2 for x in xs)
    return math.fsum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sxx if sxx else 0.0
