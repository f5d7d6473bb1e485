"""Which outcome counts for a period: whether a measurement is due, which outcome is used, which target applies.

Decisions (docs/fargmodell.md, "Vilket utfall som räknas"):

* An indicator is measured with its `mätfrekvens` F (default helår; läsår in a läsår unit). A measurement is
  *due* in a period P when a whole period of kind F lies within P: a yearly indicator is due in the helår (and in
  a longer period), not in a half year or a quarter; a quarterly one in every quarter, half year and year.
  Nothing due → the indicator is *ej aktuell* in P (shown with its latest outcome).
* Usable outcomes are those of kind F, and the whole year (helår; läsår for läsår kinds): a kommun often
  records the year's own value beside its quarters (the year's sick leave is not the fourth quarter's). Other
  kinds (2026-M03 on a yearly indicator, 2026-H1 among quarters) do not count (rule U07), nor does an outcome
  marked `preliminärt: ja` unless `preliminära_utfall: räknas`.
* The outcome that counts in P is the one for exactly P; else the latest usable one that lies within P (at equal
  end the longer: the year before its fourth quarter). Due but none usable → svart: the measurement is
  missing.
* The target is `periods.target_period_for(outcome period, target periods)`: exactly the outcome's period, else
  the shortest target period that contains it (a quarter is judged against its year), else the läsår mapping.

Everything here depends only on the period, the keys and the frequency, which repeat across indicators, so a
`Selection` is computed once per distinct pattern (`select`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from typing import TypeVar

from styr.frozen import frozen
from styr.model import periods
from styr.model.periods import Period, PeriodError, PeriodKind

__all__ = [
    "Selection",
    "frequency_kind",
    "is_due",
    "parse_key",
    "period_map",
    "period_text",
    "previous_measurement",
    "select",
    "select_outcome",
    "usable_kinds",
]

V = TypeVar("V")


@lru_cache(maxsize=16384)
def parse_key(key: str) -> Period | None:
    """A period key as written in the YAML, or None when it is not a period (rule F06 reports that)."""
    try:
        return periods.parse_period(key)
    except PeriodError:
        return None


@lru_cache(maxsize=4096)
def period_text(p: Period | None) -> str | None:
    """`p.text`, cached (the property builds the string each time), or None."""
    return p.text if p is not None else None


def period_map(values: Mapping[str, V]) -> dict[Period, V]:
    """Period-keyed view of `målvärde`, `utfall` or `bedömning`; invalid keys are left out."""
    out: dict[Period, V] = {}
    for key, value in values.items():
        p = parse_key(key)
        if p is not None:
            out[p] = value
    return out


@lru_cache(maxsize=64)
def frequency_kind(frequency: str | None, default: PeriodKind) -> PeriodKind:
    """The kind an indicator is measured in: its `mätfrekvens`, or the default when missing or unknown (F05)."""
    if frequency is None:
        return default
    try:
        return PeriodKind(frequency.strip().lower())
    except ValueError:
        return default


def usable_kinds(frequency: PeriodKind) -> tuple[PeriodKind, PeriodKind]:
    """The kinds of outcome that count for an indicator of this frequency: the frequency and its whole year."""
    return frequency, (PeriodKind.LASAR if frequency.is_lasar_based else PeriodKind.HELAR)


@lru_cache(maxsize=4096)
def is_due(frequency: PeriodKind, period: Period) -> bool:
    """A measurement of this frequency is due in the period: a whole period of the frequency lies within it."""
    first = periods.period_of(frequency, period.start)
    if first.start != period.start:
        try:
            first = periods.next_period(first)
        except PeriodError:  # after 2200: nothing lies there
            return False
    return first.end <= period.end


def select_outcome(outcome_periods: Mapping[Period, object] | set[Period], period: Period) -> Period | None:
    """The outcome period that counts for `period` when every kind counts: exactly it, else the latest one inside
    it (at equal end the longer). For callers without a frequency; `select` is the rule for an indicator."""
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


@frozen
class Selection:
    """Which keys of `utfall` and `målvärde` matter for one period."""

    text: str  # the period's text
    frequency: PeriodKind
    due: bool
    chosen: str | None  # the outcome key that counts
    chosen_period: Period | None
    target: str | None  # the target key for the chosen outcome, or for the period itself when there is none
    target_period: Period | None
    previous: str | None  # the previous usable measurement of the same kind as the chosen one
    last: str | None  # without a chosen outcome: the latest usable outcome that ended by the period's end
    ignored: tuple[str, ...]  # keys within the period that do not count: another kind, or preliminary
    # The texts of `chosen_period` and `target_period`, made once here: every result of the pattern shows them.
    chosen_text: str | None = None
    target_text: str | None = None


@lru_cache(maxsize=65536)
def select(period: Period, outcome_keys: tuple[str, ...], target_keys: tuple[str, ...], frequency: PeriodKind,
           excluded: frozenset[str] = frozenset()) -> Selection:
    """The selection for an indicator's keys; `excluded` are outcome keys that do not count (preliminary)."""
    kinds = usable_kinds(frequency)
    usable: dict[Period, str] = {}
    ignored: list[str] = []
    for k in outcome_keys:
        p = parse_key(k)
        if p is None:
            continue
        if p.kind in kinds and k not in excluded:
            usable[p] = k
        elif periods.contains(period, p):
            ignored.append(k)
    targets = {p: k for k in target_keys if (p := parse_key(k)) is not None}
    due = is_due(frequency, period)
    chosen = _chosen(usable, period) if due else None
    if chosen is None:
        tp = periods.target_period_for(period, targets)
        earlier = [p for p in usable if p.end <= period.end]
        last = max(earlier, key=lambda p: (p.end, p.days)) if earlier else None
        return Selection(period.text, frequency, due, None, None, targets[tp] if tp else None, tp, None,
                         usable[last] if last else None, tuple(ignored), None, period_text(tp))
    tp = periods.target_period_for(chosen, targets)
    prev = previous_measurement(usable, chosen)
    return Selection(period.text, frequency, due, usable[chosen], chosen, targets[tp] if tp else None, tp,
                     prev[1] if prev else None, None, tuple(ignored), period_text(chosen), period_text(tp))


def _chosen(usable: Mapping[Period, str], period: Period) -> Period | None:
    return select_outcome(usable, period)
