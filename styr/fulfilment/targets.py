"""Targets resolved to numbers for one outcome: plain numbers, bounds (strict or not) and relative targets.

Decisions (docs/fargmodell.md, "Målvärdets former"):

* A plain number is reached at the number (inclusive): öka from it upwards, minska from it downwards; an
  interval `{min, max}` includes both edges. `{över: 40}` and `{under: 5}` are strict: exactly 40 is not over 40.
* A bound must fit the direction: öka has a lower edge only, minska an upper edge only, intervall any edges. A
  target that does not fit cannot be judged (svart, rule S11) rather than be read some way.
* A relative target takes its number from a base: `föregående` (the previous usable measurement of the same
  kind, else the baseline), `baslinje`, a period (`2015`: the outcome about that period, else the baseline when
  it is from then) or a reference value stored with the outcome (`riket`). `förändring` is added: '+5' in the
  indicator's unit, '-25 %' in per cent of the base. `strikt: ja` asks for better than the result. A base that
  is missing makes the indicator svart, with a reason that says what is missing (rule U09).
"""

from __future__ import annotations

import math

from styr.frozen import frozen
from styr.fulfilment.selection import parse_key, period_text
from styr.model.types import Bound, Indicator, OutcomeValue, RelativeTarget, TargetSpec, TargetValue
from styr.model.vocab import CompareWith, Direction
from styr.wording import values
from styr.wording.numbers import number

__all__ = ["Base", "Goalpost", "Unresolved", "base_value", "fits_direction", "resolve"]


@frozen
class Goalpost:
    """A target as numbers: the lowest and the highest outcome that reach it (None: no such edge), each edge
    inclusive or strict; `basis` says how a computed target was computed ('' when it stands as written)."""

    low: float | None
    high: float | None
    low_strict: bool = False
    high_strict: bool = False
    basis: str = ""

    @property
    def two_sided(self) -> bool:
        return self.low is not None and self.high is not None

    @property
    def plain(self) -> TargetValue:
        """The target as results show it: the number of a one-sided target, (low, high) of an interval."""
        if self.low is not None and self.high is not None:
            return (self.low, self.high)
        if self.low is not None:
            return self.low
        if self.high is not None:
            return self.high
        return (-math.inf, math.inf)

    @property
    def strict(self) -> bool:
        return self.low_strict or self.high_strict

    def text(self, suffix: str = "") -> str:
        """'88', 'över 40', '2–4'; a strict or interval target in words."""
        if not self.strict and not self.two_sided:
            return values.value(self.plain) + suffix
        return values.bound(self.low, self.high, self.low_strict, self.high_strict, suffix=suffix)


@frozen
class Unresolved:
    """Why a target cannot give a number: `missing_base` when a relative target's base is not there (U09),
    otherwise its form does not fit the indicator (S11)."""

    why: str
    missing_base: bool = False


@frozen
class Base:
    """A value something is compared with, and how a reason names it: 'utfallet 2015 (120)'."""

    value: OutcomeValue
    label: str
    period: str | None = None

    @property
    def shown(self) -> str:
        return f"{self.label} ({values.value(self.value)})"


def _numeric(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def fits_direction(direction: Direction, plain: TargetValue | None, spec: TargetSpec | None) -> str | None:
    """Why a target's form does not fit the direction (the clause after 'kan inte bedömas:'), or None."""
    if direction is Direction.UPPNATT:
        if spec is not None or (plain is not None and not isinstance(plain, bool)):
            return "målvärdet för en indikator med riktning uppnått ska vara ja eller nej"
        return None
    if isinstance(spec, RelativeTarget):
        bad = direction is Direction.INTERVALL
        return "ett relativt målvärde (jämfört_med) passar inte riktningen intervall" if bad else None
    if isinstance(spec, Bound):
        return _bound_fits(direction, spec)
    return None if plain is None else _plain_fits(direction, plain)


def _plain_fits(direction: Direction, plain: TargetValue) -> str | None:
    if direction is Direction.INTERVALL:
        if not isinstance(plain, tuple):
            return "målvärdet för riktning intervall skrivs {min: a, max: b}"
        if plain[0] > plain[1]:
            return f"målvärdets nedre gräns {number(plain[0])} ligger över den övre {number(plain[1])}"
        return None
    if isinstance(plain, bool | tuple) or not math.isfinite(plain):
        return f"målvärdet för riktning {direction.value} ska vara ett tal"
    return None


def _bound_fits(direction: Direction, spec: Bound) -> str | None:
    written = "{" + ", ".join(spec.keys) + "}"
    if spec.low is None and spec.high is None:
        return f"målvärdet {written} saknar ett tal"
    if direction is Direction.OKA and spec.high is not None:
        return f"målvärdet {written} passar inte riktningen öka: skriv {{minst: …}} eller {{över: …}}"
    if direction is Direction.MINSKA and spec.low is not None:
        return f"målvärdet {written} passar inte riktningen minska: skriv {{högst: …}} eller {{under: …}}"
    if spec.low is not None and spec.high is not None and spec.low > spec.high:
        return f"målvärdets nedre gräns {number(spec.low)} ligger över den övre {number(spec.high)}"
    return None


def resolve(ind: Indicator, direction: Direction, key: str | None, chosen: str, previous: str | None
            ) -> Goalpost | Unresolved | None:
    """The target that applies to the outcome `chosen` (target key `key`), as numbers; None without a target.
    `previous` is the previous usable measurement's key, for `jämfört_med: föregående`."""
    if key is None:
        return None
    spec = ind.target_specs.get(key)
    plain = ind.targets.get(key)
    problem = fits_direction(direction, plain, spec)
    if problem is not None:
        return Unresolved(problem)
    if isinstance(spec, RelativeTarget):
        return _relative(ind, direction, spec, chosen, previous)
    if isinstance(spec, Bound):
        return Goalpost(spec.low, spec.high, spec.low_strict, spec.high_strict)
    if isinstance(plain, tuple):
        lo, hi = plain
        return Goalpost(None if math.isinf(lo) else lo, None if math.isinf(hi) else hi)
    assert isinstance(plain, float | int) and not isinstance(plain, bool)  # fits_direction
    return Goalpost(plain, None) if direction is Direction.OKA else Goalpost(None, plain)


def _relative(ind: Indicator, direction: Direction, spec: RelativeTarget, chosen: str, previous: str | None
              ) -> Goalpost | Unresolved:
    base = base_value(ind, spec.base, chosen, previous)
    if isinstance(base, str):
        return Unresolved(f"målvärdet jämförs med {base}", missing_base=True)
    if not _numeric(base.value):
        return Unresolved(f"{base.label} är inget tal", missing_base=True)
    b = float(base.value)
    if spec.change is None:
        goal, basis = b, f"{'bättre än ' if spec.strict else ''}{base.shown}"
    else:
        goal = b * (1 + spec.change / 100) if spec.relative else b + spec.change
        basis = f"{base.shown} {values.change(spec.change, spec.relative)} = {number(goal)}"
    if direction is Direction.OKA:
        return Goalpost(goal, None, low_strict=spec.strict, basis=basis)
    return Goalpost(None, goal, high_strict=spec.strict, basis=basis)


def base_value(ind: Indicator, name: str, chosen: str, previous: str | None) -> Base | str:
    """The value `jämfört_med: name` stands for when `chosen` is judged, or what is missing (in words: 'utfallet
    för 2015, som saknas')."""
    if name == CompareWith.FOREGAENDE:
        if previous is not None:
            return Base(ind.outcomes[previous], f"föregående mätning {_canonical(previous)}", _canonical(previous))
        return _baseline(ind) or "föregående mätning, som saknas (och baslinje saknas)"
    if name == CompareWith.BASLINJE:
        return _baseline(ind) or "baslinjen, som saknas"
    period = parse_key(name)
    if period is not None:
        return _period_base(ind, period.text) or f"utfallet för {period.text}, som saknas"
    info = ind.outcome_info.get(chosen)
    found = info.reference(name) if info is not None else None
    if found is None:
        return f"referensvärdet '{name}' för {_canonical(chosen)}, som saknas"
    return Base(found, f"{name} {_canonical(chosen)}", _canonical(chosen))


def _baseline(ind: Indicator) -> Base | None:
    if ind.baseline_value is None:
        return None
    when = f" ({ind.baseline_period})" if ind.baseline_period else ""
    return Base(ind.baseline_value, f"baslinjen{when}", ind.baseline_period)


def _period_base(ind: Indicator, wanted: str) -> Base | None:
    """The outcome about the period `wanted`: an outcome that says it is about it (`avser`), else the outcome of
    that key, else the baseline when it was measured then."""
    keyed: str | None = None
    for key in ind.outcomes:
        info = ind.outcome_info.get(key)
        about = _canonical(info.about) if info is not None and info.about else None
        if about == wanted:
            return Base(ind.outcomes[key], f"utfallet för {wanted}", wanted)
        if about is None and _canonical(key) == wanted:
            keyed = key
    if keyed is not None:
        return Base(ind.outcomes[keyed], f"utfallet {wanted}", wanted)
    if ind.baseline_value is not None and ind.baseline_period and _canonical(ind.baseline_period) == wanted:
        return Base(ind.baseline_value, f"baslinjen ({wanted})", wanted)
    return None


def _canonical(key: str) -> str:
    return period_text(parse_key(key)) or key
