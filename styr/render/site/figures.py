"""The numbers behind the pictures: distributions, trend series, goal-chain rows and the årshjul months."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date
from functools import lru_cache

from styr.frozen import frozen
from styr.model import periods
from styr.model.periods import Period, PeriodError
from styr.model.types import Indicator, WheelItem
from styr.model.vocab import COLOURS, Colour
from styr.render.site import svg
from styr.render.site.safe import Safe
from styr.wording import values
from styr.wording.numbers import number
from styr.wording.periods import month_abbreviation, month_name
from styr.wording.scale import DEFAULT_SCALE, Scale, distribution_text

MAX_CHAIN_ROWS = 120  # a taller picture helps nobody; the list beside it holds the whole chain


@frozen
class Figure:
    """An inline picture and its visible caption. The SVG carries its own text alternative."""

    svg: Safe
    caption: str
    alt: str


@lru_cache(maxsize=65536)
def period_or_none(key: str) -> Period | None:
    """A period key as written, or None when it is not one (the rules report that). Cached: reports look the
    same keys up for every page a goal is on."""
    try:
        return periods.parse_period(key)
    except PeriodError:
        return None


# -- distributions --------------------------------------------------------------------------------------------


def distribution(fig_id: str, caption: str, rows: Sequence[tuple[str, Mapping[Colour, int]]],
                 scale: Scale = DEFAULT_SCALE, colours: Sequence[Colour] = COLOURS) -> Figure:
    # Every colour named in the text alternative, so the text alone says everything.
    alt = caption + ". " + " ".join(f"{label}: {distribution_text(c, every=True, scale=scale)}." for label, c in rows)
    drawn = [
        svg.DistRow(label, tuple((scale[c].key, counts.get(c, 0)) for c in colours),
                    values.count(sum(counts.values()), "mål", "mål"))
        for label, counts in rows
    ]
    legend = [(scale[c].key, f"{scale.word(c)} – {scale.label(c)}") for c in colours]
    return Figure(svg.distribution(fig_id, caption, alt, drawn, legend), caption, alt)


# -- trends ---------------------------------------------------------------------------------------------------


def _nice_step(span: float) -> float:
    raw = span / 4 if span > 0 else 1.0
    power = 10 ** math.floor(math.log10(raw))
    for m in (1.0, 2.0, 2.5, 5.0, 10.0):
        if raw <= m * power:
            return float(m * power)
    return float(10 * power)


@frozen
class Span:
    """A period as day numbers (end exclusive), computed once per period key: trends handle tens of thousands.
    `text` and `kind` are the period's text and kind, asked for by every chart that shows it."""

    period: Period
    start: int
    end: int
    mid: float
    school: bool
    text: str
    kind: str


@lru_cache(maxsize=65536)
def span(key: str) -> Span | None:
    p = period_or_none(key)
    if p is None:
        return None
    start, end = p.start.toordinal(), p.end.toordinal() + 1
    return Span(p, start, end, (start + end) / 2, p.is_lasar_based, p.text, p.kind.value)


_SERIES_NAMES = {"helår": "helår", "halvår": "halvår", "tertial": "tertial", "kvartal": "kvartal", "månad": "månad",
                 "läsår": "läsår", "termin": "termin"}


def _outcome_order(sv: tuple[Span, float]) -> tuple[float, int]:
    return sv[0].mid, sv[0].start - sv[0].end


def _outcomes(ind: Indicator, limit: int) -> list[tuple[Span, float]]:
    found = []
    for key, v in ind.outcomes.items():
        sp = span(key)
        if sp is not None and type(v) is not bool and sp.end <= limit:
            found.append((sp, float(v)))
    found.sort(key=_outcome_order)
    return found


def _target_order(t: tuple[Span, float, float]) -> tuple[int, int]:
    return t[0].start, -t[0].end


def _targets(ind: Indicator) -> list[tuple[Span, float, float]]:
    found = []
    for key, t in ind.targets.items():
        sp = span(key)
        if sp is None or type(t) is bool:
            continue
        lo, hi = t if isinstance(t, tuple) else (t, t)
        found.append((sp, float(lo), float(hi)))
    found.sort(key=_target_order)
    return found


def _series(outcomes: Sequence[tuple[Span, float]]) -> tuple[tuple[str, tuple[tuple[float, float], ...]], ...]:
    """One line per kind of period, longest first: a yearly and a quarterly outcome are different measurements,
    and joining them would draw a zigzag that never happened."""
    by_kind: dict[str, list[tuple[float, float]]] = {}
    days: dict[str, int] = {}
    for sp, v in outcomes:
        kind = sp.kind
        found = by_kind.get(kind)
        if found is None:
            found = by_kind[kind] = []
        found.append((sp.mid, v))
        days[kind] = sp.end - sp.start
    kinds = sorted(by_kind, key=lambda k: -days[k])
    return tuple((_SERIES_NAMES.get(k, k), tuple(by_kind[k])) for k in kinds)


def _y_axis(numbers: list[float], measure: str | None) -> tuple[float, float, tuple[tuple[float, str], ...]]:
    return _y_axis_of(min(numbers), max(numbers), measure)


@lru_cache(maxsize=4096)  # most charts of a report span the same few ranges
def _y_axis_of(lowest: float, highest: float, measure: str | None
               ) -> tuple[float, float, tuple[tuple[float, str], ...]]:
    y_lo, y_hi = lowest, highest
    pad = (y_hi - y_lo) * 0.15 or max(abs(y_hi) * 0.1, 1.0)
    y_lo, y_hi = y_lo - pad, y_hi + pad
    if measure == "procent":
        y_lo, y_hi = max(y_lo, 0.0), min(y_hi, 100.0)
    if lowest >= 0:
        y_lo = max(y_lo, 0.0)
    step = _nice_step(y_hi - y_lo)
    y_lo = math.floor(y_lo / step) * step
    y_hi = math.ceil(y_hi / step) * step
    ticks = []
    tick = y_lo
    while tick <= y_hi + step / 1000:
        ticks.append((tick, number(round(tick, 6), nbsp=True)))
        tick += step
    return y_lo, y_hi, tuple(ticks)


@lru_cache(maxsize=4096)  # the same years on most charts
def _x_ticks(x0: int, x1: int, school: bool) -> tuple[tuple[float, str], ...]:
    """The years under a chart from day x0 to day x1; `school`: every period shown is of the school year."""
    first_year, last_year = date.fromordinal(x0).year, date.fromordinal(x1 - 1).year
    every = 1 if last_year - first_year < 8 else 2
    if school:  # label each läsår in its middle (February), as 2025/26
        feb = [(y, float(date(y, 2, 1).toordinal())) for y in range(first_year, last_year + 2, every)]
        return tuple((x, f"{y - 1}/{y % 100:02d}") for y, x in feb if x0 <= x < x1)
    return tuple((date(y, 7, 1).toordinal() + 0.5, str(y)) for y in range(first_year, last_year + 1, every))


def y_unit(measure: str | None) -> str:
    """The y axis's unit as the chart shows it: '%' for procent, otherwise the indicator's `enhet` as written."""
    if not measure:
        return ""
    return values.unit_suffix(measure).strip() or measure


def trend(fig_id: str, ind: Indicator, until: date, caption: str) -> Figure | None:
    """Outcomes up to `until` against every numeric target of the indicator; None when nothing is measured."""
    outcomes = _outcomes(ind, until.toordinal() + 1)
    if not outcomes:
        return None
    targets = _targets(ind)
    base = span(ind.baseline_period) if ind.baseline_period else None
    baseline = None
    value = ind.baseline_value
    if base is not None and isinstance(value, int | float) and not isinstance(value, bool):
        baseline = (base.mid, float(value))
    numbers = [v for _, v in outcomes]
    numbers.extend(b for _, lo, hi in targets for b in (lo, hi) if math.isfinite(b))
    if baseline:
        numbers.append(baseline[1])
    y_lo, y_hi, ticks = _y_axis(numbers, ind.measure)
    x0 = min(*(sp.start for sp, _ in outcomes), *(sp.start for sp, _, _ in targets), _NO_DAY)
    if base is not None and baseline is not None:
        x0 = min(x0, base.start)
    x1 = max(*(sp.end for sp, _ in outcomes), *(sp.end for sp, _, _ in targets), -_NO_DAY)
    school = all(sp.school for sp, _ in outcomes) and all(sp.school for sp, _, _ in targets)

    data = svg.TrendData(
        series=_series(outcomes),
        targets=tuple((sp.start, sp.end, min(max(lo, y_lo), y_hi), min(max(hi, y_lo), y_hi))
                      for sp, lo, hi in targets),
        baseline=baseline,
        x_ticks=_x_ticks(x0, x1, school),
        y_format=ticks,
        x_range=(x0, x1),
        y_range=(y_lo, y_hi),
        y_unit=y_unit(ind.measure),
    )
    alt = trend_text(ind, outcomes, targets)
    return Figure(svg.trend(fig_id, caption, alt, data), caption, alt)


_NO_DAY = 1 << 62  # larger than any day number: `min` of no targets leaves the outcomes' first day


@lru_cache(maxsize=65536)  # the same values and units recur across a report's charts
def _shown(v: float | tuple[float, float], measure: str | None) -> str:
    return values.value(v, measure, nbsp=True)


def trend_text(ind: Indicator, outcomes: Sequence[tuple[Span, float]],
               targets: Sequence[tuple[Span, float, float]]) -> str:
    m = ind.measure
    parts = [f"{ind.name}."]
    parts.append("Utfall: " + ", ".join(f"{sp.text} {_shown(v, m)}" for sp, v in outcomes) + ".")
    if targets:
        parts.append("Målvärde: " + ", ".join(f"{sp.text} {_shown(lo if lo == hi else (lo, hi), m)}"
                                              for sp, lo, hi in targets) + ".")
    if ind.baseline_period and ind.baseline_value is not None:
        parts.append(f"Baslinje {ind.baseline_period}: {values.value(ind.baseline_value, m, nbsp=True)}.")
    parts.append(f"Riktning: {values.direction(ind.direction)}.")
    return " ".join(parts)


# -- goal chain -----------------------------------------------------------------------------------------------


def chain(fig_id: str, caption: str, rows: Sequence[tuple[int, str, Colour]], summary: str,
          scale: Scale = DEFAULT_SCALE) -> Figure:
    """Rows in depth-first order (depth, text, colour); deep chains are cut to MAX_CHAIN_ROWS rows by level."""
    depth_limit = max((d for d, _, _ in rows), default=0)
    while depth_limit > 1 and sum(1 for d, _, _ in rows if d <= depth_limit) > MAX_CHAIN_ROWS:
        depth_limit -= 1
    shown = [r for r in rows if r[0] <= depth_limit]
    if len(shown) > MAX_CHAIN_ROWS:
        shown = shown[:MAX_CHAIN_ROWS]
    alt = summary
    if len(shown) < len(rows):
        alt += f" Bilden visar {len(shown)} av {len(rows)} mål; listan under bilden visar alla."
    nodes = [svg.ChainNode(d, _short(text), scale[c].key, scale.word(c)) for d, text, c in shown]
    return Figure(svg.chain(fig_id, caption, alt, nodes), caption, alt)


def _short(text: str, limit: int = 64) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- årshjul --------------------------------------------------------------------------------------------------


def wheel(fig_id: str, caption: str, items: Sequence[WheelItem], today: date) -> Figure:
    by_month: dict[int, list[WheelItem]] = {}
    for item in items:
        if 1 <= item.month <= 12:
            by_month.setdefault(item.month, []).append(item)
    months = [svg.WheelMonth(month_abbreviation(m), len(by_month.get(m, [])), m == today.month)
              for m in range(1, 13)]
    now = by_month.get(today.month, [])
    current = month_name(today.month)
    alt = (f"{caption}: tolv månader medurs från januari. Aktuell månad är {current}"
           + (": " + "; ".join(i.title for i in now) + "." if now else ", utan planerade moment."))
    centre = ("Årshjul", f"nu: {current}")
    return Figure(svg.wheel(fig_id, caption, alt, months, centre), caption, alt)
