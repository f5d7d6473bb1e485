"""Targets over several periods (`flerårsmål`): the average, sum or latest outcome over a span against a target.

Decisions (docs/fargmodell.md, "Flerårsmål"):

* The target applies to every report period that ends within the span `från`–`till`; there it replaces the
  period's own `målvärde` (rule S12 asks to remove a period's own target inside the span).
* The outcomes are the usable outcomes of the indicator's `mätfrekvens` (not its year values, which would count
  twice) from the start of the span to the end of the report period.
* `genomsnitt` (average) and `senaste` (the latest) are judged against the target as it stands, on what has
  been measured so far. `summa` is judged against the share of the target that the elapsed part of the span
  stands for (300 over four years: 150 after two), so a sum on track is grön before the last year; a sum with a
  measurement missing is not a sum (svart).
"""

from __future__ import annotations

import math

from styr.frozen import frozen
from styr.fulfilment.selection import parse_key
from styr.fulfilment.targets import Goalpost, Unresolved, fits_direction
from styr.model import periods
from styr.model.periods import Period, PeriodKind
from styr.model.types import Bound, Indicator, MultiYearTarget
from styr.model.vocab import Aggregation, Direction
from styr.wording.numbers import number

__all__ = ["Aggregate", "aggregate", "span_of"]


@frozen
class Aggregate:
    """The combined outcome and the target it is judged against, with the arithmetic in words: `basis` how the
    value was combined ('flerårsmål 2023–2026, summa: 90 + 110 = 200'), `note` how the target was (the share of
    a sum's target for the time gone; '' otherwise)."""

    value: float
    post: Goalpost
    basis: str
    note: str = ""


def span_of(target: MultiYearTarget) -> tuple[Period, Period] | None:
    start, end = parse_key(target.start), parse_key(target.end)
    if start is None or end is None or end.end < start.start:
        return None
    return start, end


def aggregate(ind: Indicator, direction: Direction, frequency: PeriodKind, period: Period,
              excluded: frozenset[str]) -> Aggregate | Unresolved | None:
    """The multi-year verdict's numbers for a report period, or None when no multi-year target applies then."""
    target = ind.multi_year
    if target is None:
        return None
    span = span_of(target)
    if span is None or not span[0].start <= period.end <= span[1].end:
        return None
    problem = fits_direction(direction, target.target, target.spec) if direction is not Direction.UPPNATT else \
        "ett flerårsmål gäller tal, inte ja eller nej"
    if problem is not None or target.target is None or isinstance(target.target, bool):
        return Unresolved(problem or "flerårsmålet saknar målvärde")
    method = Aggregation.get(target.method) or Aggregation.SENASTE
    expected = [p for p in periods.periods_of_frequency(frequency, span[0].start, span[1].end)
                if span[0].start <= p.start and p.end <= span[1].end]
    elapsed = [p for p in expected if p.end <= period.end]
    measured = _measured(ind, frequency, elapsed, excluded)
    label = f"flerårsmål {span[0].text}–{span[1].text}, {method.value}"
    if not measured:
        return Unresolved(f"{label}: inget utfall ännu")
    missing = [p.text for p in elapsed if p not in measured]
    if method is Aggregation.SUMMA and missing:
        return Unresolved(f"{label}: utfall saknas för {', '.join(missing)}, så summan kan inte räknas")
    post = _post(direction, target)
    return _combine(method, measured, post, label, missing, (len(elapsed), len(expected)))


def _measured(ind: Indicator, frequency: PeriodKind, elapsed: list[Period], excluded: frozenset[str]
              ) -> dict[Period, float]:
    wanted = set(elapsed)
    out: dict[Period, float] = {}
    for key, value in ind.outcomes.items():
        p = parse_key(key)
        if p is None or p not in wanted or key in excluded or p.kind is not frequency:
            continue
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            out[p] = float(value)
    return out


def _post(direction: Direction, target: MultiYearTarget) -> Goalpost:
    spec, plain = target.spec, target.target
    if isinstance(spec, Bound):
        return Goalpost(spec.low, spec.high, spec.low_strict, spec.high_strict)
    if isinstance(plain, tuple):
        lo, hi = plain
        return Goalpost(None if math.isinf(lo) else lo, None if math.isinf(hi) else hi)
    assert isinstance(plain, float | int) and not isinstance(plain, bool)
    return Goalpost(plain, None) if direction is Direction.OKA else Goalpost(None, plain)


def _combine(method: Aggregation, measured: dict[Period, float], post: Goalpost, label: str, missing: list[str],
             progress: tuple[int, int]) -> Aggregate:
    ordered = sorted(measured)
    values = [measured[p] for p in ordered]
    terms = " + ".join(number(v) for v in values)
    note = f" ({', '.join(missing)} saknas)" if missing else ""
    if method is Aggregation.GENOMSNITT:
        value = math.fsum(values) / len(values)
        return Aggregate(value, post, f"{label}: ({terms}) / {len(values)} = {number(value)}{note}")
    if method is Aggregation.SENASTE:
        return Aggregate(values[-1], post, f"{label}: senaste utfallet {ordered[-1].text} = {number(values[-1])}")
    value = math.fsum(values)
    done, total = progress
    basis = f"{label}: {terms} = {number(value)}"
    if done < total and total:
        factor = done / total
        whole = post.text()
        post = Goalpost(None if post.low is None else post.low * factor,
                        None if post.high is None else post.high * factor, post.low_strict, post.high_strict)
        return Aggregate(value, post, basis, f"{done} av {total} perioder: {number(factor * 100)} % av {whole}")
    return Aggregate(value, post, basis)
