"""Indicator colour for a period: which outcome counts, which target applies, and the three colour presets.

Decisions (documented for samordnare in docs/fargmodell.md):

* The outcome that counts for a period P is the outcome for exactly P; otherwise the latest outcome whose
  period lies wholly inside P (latest end date; at equal end the longer period, so 2026-H1 beats 2026-Q2
  inside the helår 2026). A helår report with only Q1..Q3 thus uses Q3, a 2026-H1 report with quarterly
  outcomes uses Q2. Nothing inside P → svart.
* The target is `periods.target_period_for(outcome period, target periods)`: the target of exactly the
  outcome's period, else of the shortest target period containing it (so a quarter is judged against its
  year's target), else the läsår mapping.
* The yellow margin is |target| × margin; for a target of 0 it is the margin value itself, in the indicator's
  own unit (0,1 with the default). For `intervall` the margin is taken from the bound that was missed.
* `ratio` is the degree of achievement, 1.0 exactly at the target and higher better: outcome/target for
  öka, target/outcome for minska; None where no share makes sense (a target at or below zero, a negative
  outcome, a minska outcome of zero, intervall, uppnått).
* A missing or mismatched target (a number for intervall, a range for öka …) gives svart with a reason:
  the result cannot be judged. `uppnått` without a target means the target "ja".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

from styr.fulfilment.results import IndicatorResult
from styr.model import periods
from styr.model.periods import Period, PeriodError
from styr.model.types import ColourModel, Indicator, OutcomeValue, TargetValue
from styr.model.vocab import Colour, ColourModelKind, Direction
from styr.wording import values
from styr.wording.numbers import number, share

__all__ = [
    "achievement",
    "improvement",
    "indicator_result",
    "parse_key",
    "period_map",
    "period_text",
    "previous_measurement",
    "select_outcome",
]

# Float comparisons at a boundary: 79.2 must count as "within 10 % of 88" although 88 − 79.2 is
# 8.800000000000011 in binary floating point. The tolerance is far below any meaningful difference.
_REL_TOL = 1e-9
_ABS_TOL = 1e-12

V = TypeVar("V")


@lru_cache(maxsize=16384)
def parse_key(key: str) -> Period | None:
    """A period key as written in the YAML, or None when it is not a period (rule F06 reports that)."""
    try:
        return periods.parse_period(key)
    except PeriodError:
        return None


def period_map(values: Mapping[str, V]) -> dict[Period, V]:
    """Period-keyed view of `målvärde`, `utfall` or `bedömning`; invalid keys are left out."""
    out: dict[Period, V] = {}
    for key, value in values.items():
        p = parse_key(key)
        if p is not None:
            out[p] = value
    return out


def select_outcome(outcome_periods: Mapping[Period, object] | set[Period], period: Period) -> Period | None:
    """The outcome period that counts for `period`: exactly it, else the latest one inside it."""
    if period in outcome_periods:
        return period
    best: Period | None = None
    for p in outcome_periods:
        if periods.contains(period, p) and (best is None or (p.end, p.days) > (best.end, best.days)):
            best = p
    return best


def previous_measurement(outcomes: Mapping[Period, V], current: Period) -> tuple[Period, V] | None:
    """The latest outcome of the same kind as `current` that ended before it started (2026-Q3 → 2026-Q2,
    or 2025-Q4 when Q2 is missing). Same kind only: a quarter is not compared with a year."""
    best: Period | None = None
    for p in outcomes:
        if p.kind is current.kind and p.end < current.start and (best is None or p.end > best.end):
            best = p
    return None if best is None else (best, outcomes[best])


@dataclass(frozen=True, slots=True)
class _Layout:
    """Which keys of `utfall` and `målvärde` matter for one period. Depends only on the period and the keys,
    which repeat across indicators, so it is computed once per distinct pattern (see `_layout`)."""

    text: str  # the period's text
    chosen: str | None  # the outcome key that counts
    chosen_period: Period | None
    target: str | None  # the target key for the chosen outcome, or for the period itself when there is none
    target_period: Period | None
    previous: str | None  # the previous measurement of the same kind (trend, yellow on improvement)
    last: str | None  # without an outcome: the latest outcome before the period ends (for the reason)

    @property
    def chosen_text(self) -> str | None:
        return period_text(self.chosen_period)

    @property
    def target_text(self) -> str | None:
        return period_text(self.target_period)


@lru_cache(maxsize=4096)
def period_text(p: Period | None) -> str | None:
    """`p.text`, cached (the property builds the string each time), or None."""
    return p.text if p is not None else None


@lru_cache(maxsize=65536)
def _layout(period: Period, outcome_keys: tuple[str, ...], target_keys: tuple[str, ...]) -> _Layout:
    outcomes = {p: k for k in outcome_keys if (p := parse_key(k)) is not None}
    targets = {p: k for k in target_keys if (p := parse_key(k)) is not None}
    chosen = select_outcome(outcomes, period)
    if chosen is None:
        tp = periods.target_period_for(period, targets)
        earlier = [p for p in outcomes if p.end <= period.end]
        last = max(earlier, key=lambda p: (p.end, p.days)) if earlier else None
        return _Layout(period.text, None, None, targets[tp] if tp else None, tp, None, outcomes[last] if last else None)
    tp = periods.target_period_for(chosen, targets)
    prev = previous_measurement(outcomes, chosen)
    return _Layout(period.text, outcomes[chosen], chosen, targets[tp] if tp else None, tp, prev[1] if prev else None,
                   None)


def _fmt_value(value: OutcomeValue | TargetValue | None) -> str:
    return values.value(value, missing="saknas")


# -- judging --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Verdict:
    colour: Colour
    why: str  # the clause after the colon in the reason, e.g. "inom gul marginal 10 %"


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _within(gap: float, margin: float) -> bool:
    return gap <= margin or math.isclose(gap, margin, rel_tol=_REL_TOL, abs_tol=_ABS_TOL)


def _gap(direction: Direction, value: float, target: float | tuple[float, float]) -> tuple[float, float]:
    """How far the outcome falls short of the target in the direction (0 when reached), and the target
    number the shortfall is measured from (for the margin)."""
    if isinstance(target, tuple):
        lo, hi = target
        if value < lo:
            return lo - value, lo
        if value > hi:
            return value - hi, hi
        return 0.0, 0.0
    if direction is Direction.OKA:
        return max(0.0, target - value), target
    return max(0.0, value - target), target  # minska


def _margin(bound: float, margin_share: float) -> float:
    return abs(bound) * margin_share if bound != 0 else margin_share


def achievement(direction: Direction, value: float, target: float) -> float | None:
    """Degree of achievement (1.0 at the target, higher better), or None where a share is meaningless."""
    if direction is Direction.OKA and target > 0 and value >= 0:
        return value / target
    if direction is Direction.MINSKA and target > 0 and value > 0:
        return target / value
    return None


def improvement(direction: Direction, value: OutcomeValue, ref: OutcomeValue,
                target: TargetValue | None) -> int | None:
    """+1 when `value` is better than `ref` in the direction, 0 unchanged, −1 worse; None if not comparable."""
    if direction is Direction.UPPNATT:
        if isinstance(value, bool) and isinstance(ref, bool):
            return int(value) - int(ref)
        return None
    if not (_is_number(value) and _is_number(ref)):
        return None
    a, b = float(value), float(ref)
    if direction is Direction.INTERVALL:
        if not isinstance(target, tuple):
            return None
        da, db = _gap(direction, a, target)[0], _gap(direction, b, target)[0]
        return (da < db) - (da > db)
    if direction is Direction.MINSKA:
        a, b = -a, -b
    return (a > b) - (a < b)


def _standard(direction: Direction, value: float, target: float | tuple[float, float],
              margin_share: float) -> _Verdict:
    gap, bound = _gap(direction, value, target)
    if gap == 0:
        inside = isinstance(target, tuple)
        return _Verdict(Colour.GRON, "inom intervallet" if inside else "målvärdet är nått")
    margin = _margin(bound, margin_share)
    shown = share(margin_share) if bound != 0 else f"{number(margin_share)} (målvärdet är 0)"
    side = ""
    if isinstance(target, tuple):
        side = f"{number(gap)} {'under lägsta' if value < bound else 'över högsta'} värdet, "
    if _within(gap, margin):
        return _Verdict(Colour.GUL, f"{side}inom gul marginal {shown}")
    return _Verdict(Colour.ROD, f"{side}utanför gul marginal {shown}")


def _share_model(direction: Direction, value: float, target: float | tuple[float, float],
                 share_yellow: float) -> _Verdict:
    ratio = achievement(direction, value, target) if not isinstance(target, tuple) else None
    if ratio is None:
        # No meaningful share (intervall, a target at or below 0, a negative outcome): the same rule as a
        # yellow margin of 1 − andel_gul, so the preset still gives an answer.
        return _standard(direction, value, target, 1.0 - share_yellow)
    gap = _gap(direction, value, target)[0]
    if gap == 0:
        return _Verdict(Colour.GRON, "målvärdet är nått")
    limit = f"gul från {share(share_yellow)} av målvärdet"
    # "At least share_yellow of the target" as the shortfall it allows, compared as _standard compares: the
    # same tolerance on both paths keeps a better outcome from ever getting a worse colour.
    assert not isinstance(target, tuple)  # no share for an interval (ratio is None above)
    if share_yellow <= 0:
        allowed = math.inf
    else:
        allowed = target * (1 - share_yellow) if direction is Direction.OKA else target * (1 / share_yellow - 1)
    if _within(gap, allowed):
        return _Verdict(Colour.GUL, limit)
    return _Verdict(Colour.ROD, f"under {share(share_yellow)} av målvärdet")


@dataclass(frozen=True, slots=True)
class _Reference:
    label: str  # "föregående mätning 2026-Q2" / "baslinjen (2022)"
    value: OutcomeValue


def _references(ind: Indicator, layout: _Layout) -> list[_Reference]:
    refs: list[_Reference] = []
    if layout.previous is not None:
        refs.append(_Reference(f"föregående mätning {_canonical(layout.previous)}", ind.outcomes[layout.previous]))
    if ind.baseline_value is not None:
        when = f" ({ind.baseline_period})" if ind.baseline_period else ""
        refs.append(_Reference(f"baslinjen{when}", ind.baseline_value))
    return refs


def _canonical(key: str) -> str:
    p = parse_key(key)
    return p.text if p is not None else key


def _trend(direction: Direction, value: OutcomeValue, target: TargetValue | None,
           refs: list[_Reference]) -> _Verdict:
    if direction is Direction.INTERVALL and isinstance(target, tuple) and _gap(direction, float(value), target)[0] == 0:
        return _Verdict(Colour.GRON, "inom intervallet")
    if not refs:
        return _Verdict(Colour.SVART, "ingen tidigare mätning eller baslinje att jämföra med")
    ref = refs[0]  # the previous measurement; the baseline only for the first measurement
    step = improvement(direction, value, ref.value, target)
    if step is None:
        return _Verdict(Colour.SVART, f"kan inte jämföras med {ref.label}")
    shown = f"{ref.label} ({_fmt_value(ref.value)})"
    if step > 0:
        return _Verdict(Colour.GRON, f"bättre än {shown}")
    if step == 0:
        return _Verdict(Colour.GUL, f"oförändrat mot {shown}")
    return _Verdict(Colour.ROD, f"sämre än {shown}")


def _mismatch(direction: Direction, value: OutcomeValue, target: TargetValue | None) -> str | None:
    """Why outcome and target cannot be compared in this direction, or None when they can."""
    if direction is Direction.UPPNATT:
        if not isinstance(value, bool):
            return "utfallet för en indikator med riktning uppnått ska vara ja eller nej"
        if target is not None and not isinstance(target, bool):
            return "målvärdet för en indikator med riktning uppnått ska vara ja eller nej"
        return None
    if not _is_number(value) or not math.isfinite(float(value)):
        return "utfallet ska vara ett tal"
    if target is None:
        return None
    if direction is Direction.INTERVALL and not isinstance(target, tuple):
        return "målvärdet för riktning intervall skrivs {min: a, max: b}"
    if direction is not Direction.INTERVALL and (not _is_number(target) or not math.isfinite(float(target))):  # type: ignore[arg-type]
        return f"målvärdet för riktning {direction.value} ska vara ett tal"
    return None


def indicator_result(ind: Indicator, period: Period, model: ColourModel | None = None, *,  # noqa: C901 — one decision table: no outcome, direction, mismatch, model, improvement
                     reason: bool = True) -> IndicatorResult:
    """The indicator's colour for `period` under the colour model (standard when None), with a Swedish reason.
    `reason=False` leaves `reason` empty: for rules that only need the colour (U04), at half the cost."""
    model = model or ColourModel()
    layout = _layout(period, tuple(ind.outcomes), tuple(ind.targets))
    chosen, target_period = layout.chosen_period, layout.target_period
    value = ind.outcomes[layout.chosen] if layout.chosen is not None else None
    target: TargetValue | None = ind.targets[layout.target] if layout.target is not None else None

    def result(colour: Colour, why: str, ratio: float | None = None) -> IndicatorResult:
        return IndicatorResult(
            indicator=ind,
            period=layout.text,
            target=target,
            target_period=layout.target_text,
            outcome=value,
            outcome_period=layout.chosen_text,
            ratio=ratio,
            colour=colour,
            reason=why,
        )

    if chosen is None or value is None:
        # No outcome, but the target that applies to the period is still worth showing (målvärde 88, utfall –).
        if not reason:
            return result(Colour.SVART, "")
        last = (parse_key(layout.last), ind.outcomes[layout.last]) if layout.last is not None else None
        return result(Colour.SVART, _no_outcome(period, target, target_period, last))
    direction = Direction.get(ind.direction)
    if direction is None:
        why = "riktning saknas (regel S03)" if not ind.direction else f"okänd riktning '{ind.direction}'"
        return result(Colour.SVART, f"Utfall {_fmt_value(value)} kan inte bedömas: {why}.")
    if direction is Direction.UPPNATT and target is None:
        target = True  # "uppnått" without a target can only mean that it should be achieved
    head = _head(value, chosen, target, target_period, period, direction) if reason else ""
    problem = _mismatch(direction, value, target)
    if problem is not None:
        return result(Colour.SVART, f"{head} kan inte bedömas: {problem}.")
    if direction is Direction.UPPNATT:
        ok = value == target
        return result(Colour.GRON if ok else Colour.ROD, f"{head}: {'uppnått' if ok else 'inte uppnått'}.")
    number = float(value)
    ratio = achievement(direction, number, target) if _is_number(target) else None  # type: ignore[arg-type]
    if ratio is not None and reason:
        head = f"{head} ({share(ratio)})"
    if model.model == ColourModelKind.TREND:
        verdict = _trend(direction, value, target, _references(ind, layout))
        return result(verdict.colour, f"{head}: {verdict.why}.", ratio)
    if target is None:
        missing = f"målvärde saknas för {periods.year_period(chosen).text} (regel S04)"
        return result(Colour.SVART, f"{head} kan inte bedömas: {missing}.")
    assert not isinstance(target, bool)  # excluded by _mismatch
    if model.model == ColourModelKind.ANDEL_AV_MALVARDET:
        verdict = _share_model(direction, number, target, model.share_yellow)
    else:
        verdict = _standard(direction, number, target, model.yellow_margin)
    if verdict.colour is Colour.ROD and model.yellow_on_improvement:
        for ref in _references(ind, layout):
            if improvement(direction, value, ref.value, target) == 1:
                verdict = _Verdict(Colour.GUL, f"{verdict.why}, men bättre än {ref.label} "
                                               f"({_fmt_value(ref.value)})")
                break
    return result(verdict.colour, f"{head}: {verdict.why}.", ratio)


def _head(value: OutcomeValue, chosen: Period, target: TargetValue | None, target_period: Period | None,
          period: Period, direction: Direction) -> str:
    """'Utfall 85 mot målvärde 88', naming the periods only where they differ from the report period."""
    text = f"Utfall {_fmt_value(value)}"
    if chosen != period:
        text += f" för {chosen.text}"
    if target is None:
        return text
    text += f" mot målvärde {_fmt_value(target)}"
    if target_period is not None and target_period != chosen:
        text += f" för {target_period.text}"
    if direction is Direction.MINSKA:
        text += ", lägre är bättre"
    return text


def _no_outcome(period: Period, target: TargetValue | None, target_period: Period | None,
                last: tuple[Period | None, OutcomeValue] | None) -> str:
    notes = []
    if target is not None and target_period is not None:
        where = f" för {target_period.text}" if target_period != period else ""
        notes.append(f"målvärde {_fmt_value(target)}{where}")
    if last is not None and last[0] is not None:
        notes.append(f"senaste utfall {last[0].text}: {_fmt_value(last[1])}")
    return f"Inget utfall för {period.text}" + (f" ({'; '.join(notes)})." if notes else ".")
