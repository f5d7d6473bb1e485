"""Stage 2 for the keys of the fulfilment model: targets and their bounds, long-form outcomes, trend rules,
multi-year targets, colour overrides and the scale. Tolerant like build.py: bad values were reported in stage 1
(the schemas), so a value that cannot be read is left out here rather than guessed."""

from __future__ import annotations

import math
import re
from typing import Any, Final

from styr.model.types import (
    Bound,
    ColourOverride,
    MultiYearTarget,
    OutcomeInfo,
    OutcomeValue,
    RelativeTarget,
    StateWords,
    TargetSpec,
    TargetValue,
    TrendRule,
)
from styr.model.vocab import (
    Colour,
    CompareWith,
    ContributorMethod,
    GoalsWithoutIndicators,
    PreliminaryOutcomes,
)
from styr.model.vocab import truth as word_truth

__all__ = [
    "colour_override",
    "multi_year",
    "outcome",
    "outcome_info",
    "parse_change",
    "share_value",
    "state_words",
    "target",
    "target_spec",
    "trend_rule",
]

#: The keys of a bound target and the edge each sets: (low side, strict).
BOUND_KEYS: Final = {"minst": (True, False), "över": (True, True), "min": (True, False),
                     "högst": (False, False), "under": (False, True), "max": (False, False)}

# "-25 %", "+5", "−2,5 procentenheter", "1 %": a sign, a number with a decimal point or comma, and a unit.
_CHANGE: Final = re.compile(r"\s*([-+\u2212]?)\s*([0-9]+(?:[.,][0-9]+)?)\s*(%|procent|procentenheter|p\.?e\.?)?\s*",
                            re.IGNORECASE)


def number(value: Any) -> float | None:
    if type(value) is float:  # the common case first: every outcome and target is read through here
        return value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def text(value: Any) -> str:
    """A key or scalar as text: `2015` (a YAML integer) is '2015'."""
    if value is None or isinstance(value, dict | list | bool):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def truth(value: Any) -> bool | None:
    """ja/nej (true/false, uppnått): True or False; None for anything else."""
    if isinstance(value, bool):
        return value
    return word_truth(value) if isinstance(value, str) else None


def parse_change(value: Any) -> tuple[float, bool] | None:
    """(amount, relative) of a change or a tolerance: a number is in the indicator's unit; '-25 %' is −25 per cent
    of the base; '+2 procentenheter' is +2 in the unit. None when it cannot be read (the schema says so)."""
    n = number(value)
    if n is not None:
        return n, False
    if not isinstance(value, str):
        return None
    found = _CHANGE.fullmatch(value)
    if found is None:
        return None
    amount = float(found[2].replace(",", "."))
    if found[1] in ("-", "\u2212"):
        amount = -amount
    unit = (found[3] or "").casefold()
    return amount, unit in ("%", "procent")


def share_value(value: Any) -> float | None:
    """A share: a number as written (0.95), or per cent as text ('95 %' is 0.95)."""
    n = number(value)
    if n is not None:
        return n
    found = parse_change(value)
    if found is None or not found[1]:
        return None
    return found[0] / 100


# -- targets ------------------------------------------------------------------------------------------------------


def target(value: Any) -> TargetValue | None:
    """The plain value of a target: a number, ja/nej, or (low, high) for an interval. A bound with one edge is
    its number; a relative target has none (its number is known only when the base is)."""
    if isinstance(value, dict):
        if "jämfört_med" in value:
            return None
        lows = [n for k, (low, _) in BOUND_KEYS.items() if low and (n := number(value.get(k))) is not None]
        highs = [n for k, (low, _) in BOUND_KEYS.items() if not low and (n := number(value.get(k))) is not None]
        if not lows and not highs:
            return None
        if set(value) <= {"min", "max"}:  # the interval as it was always written: an open edge is infinite
            return (lows[0] if lows else -math.inf, highs[0] if highs else math.inf)
        if lows and highs:
            return (lows[0], highs[0])
        return (lows or highs)[0]
    n = number(value)
    if n is not None:
        return n
    return truth(value)


def target_spec(value: Any) -> TargetSpec | None:
    """The full form of a target written as a mapping, when it says more than its plain value: strict or named
    bounds, or a target relative to something. `{min, max}` alone says nothing more (None)."""
    if not isinstance(value, dict):
        return None
    if "jämfört_med" in value:
        return _relative(value)
    keys = tuple(k for k in value if k in BOUND_KEYS)
    if not keys or set(keys) <= {"min", "max"}:
        return None
    low = high = None
    low_strict = high_strict = False
    for key in keys:
        n = number(value.get(key))
        if n is None:
            continue
        is_low, strict = BOUND_KEYS[key]
        if is_low:
            low, low_strict = n, strict
        else:
            high, high_strict = n, strict
    return Bound(low, high, low_strict, high_strict, keys)


def _relative(value: dict[str, Any]) -> RelativeTarget | None:
    base = text(value.get("jämfört_med"))
    if not base:
        return None
    raw = value.get("förändring")
    change = parse_change(raw) if raw is not None else None
    strict = truth(value.get("strikt")) is True
    shown = text(raw) if raw is not None else ""
    if change is None:
        return RelativeTarget(base, None, False, strict, shown)
    return RelativeTarget(base, change[0], change[1], strict, shown)


# -- outcomes -----------------------------------------------------------------------------------------------------


def outcome(value: Any) -> OutcomeValue | None:
    """An outcome's value: a number or ja/nej, also from the long form `{värde: 86, …}`."""
    if isinstance(value, dict):
        value = value.get("värde")
    n = number(value)  # .nan and .inf stand as written: the colour says they cannot be judged
    return n if n is not None else truth(value)


def outcome_info(value: Any) -> OutcomeInfo | None:
    """What the long form says beside the value; None for the short form (or a long form that says nothing)."""
    if not isinstance(value, dict):
        return None
    refs_raw = value.get("referens")
    refs = tuple((text(k), n) for k, v in refs_raw.items() if (n := number(v)) is not None) \
        if isinstance(refs_raw, dict) else ()
    info = OutcomeInfo(truth(value.get("preliminärt")) is True, text(value.get("avser")) or None, refs)
    return info if info != OutcomeInfo() else None


# -- trend, multi-year targets ------------------------------------------------------------------------------------


def trend_rule(value: Any) -> TrendRule | None:
    """`trend:`; `trend: föregående` is short for `trend: {jämfört_med: föregående}`."""
    if isinstance(value, str | int) and not isinstance(value, bool):
        return TrendRule(text(value))
    if not isinstance(value, dict):
        return None
    base = text(value.get("jämfört_med")) or CompareWith.FOREGAENDE.value
    tolerance = parse_change(value.get("tolerans")) if value.get("tolerans") is not None else None
    if tolerance is None:
        return TrendRule(base)
    return TrendRule(base, abs(tolerance[0]), tolerance[1])


def multi_year(value: Any) -> MultiYearTarget | None:
    if not isinstance(value, dict):
        return None
    start, end, method = text(value.get("från")), text(value.get("till")), text(value.get("beräkning"))
    if not start or not end:
        return None
    raw = value.get("målvärde")
    return MultiYearTarget(start, end, method or "senaste", target(raw), target_spec(raw))


# -- the colour model and the scale -------------------------------------------------------------------------------


def colour_override(fm: Any) -> ColourOverride:
    """The fields of a `färgmodell:` (styrmodell, styrkort) or `färgregel:` (indicator) that are set, as
    (ColourModel field, value). Values the schema refuses are left out."""
    if not isinstance(fm, dict):
        return ()
    out: list[tuple[str, Any]] = []
    if (model := text(fm.get("modell"))):
        out.append(("model", model))
    for key, name in (("gul_marginal", "yellow_margin"), ("andel_gul", "share_yellow"), ("gul_från", "share_yellow"),
                      ("grön_från", "green_from")):
        if (n := share_value(fm.get(key))) is not None:
            out.append((name, n))
    if (flag := truth(fm.get("gul_vid_förbättring"))) is not None:
        out.append(("yellow_on_improvement", flag))
    rounding = number(fm.get("avrundning"))
    if rounding is not None and math.isfinite(rounding) and 0 <= rounding <= 10 and rounding.is_integer():
        out.append(("rounding", int(rounding)))
    out.extend(_weighting(fm))
    if (preliminary := PreliminaryOutcomes.get(fm.get("preliminära_utfall"))) is not None:
        out.append(("preliminary_counts", preliminary is PreliminaryOutcomes.RAKNAS))
    if (without := GoalsWithoutIndicators.get(fm.get("mål_utan_indikatorer"))) is not None:
        out.append(("goals_without_indicators", without.value))
    if (method := ContributorMethod.get(fm.get("bidragande_beräkning"))) is not None:
        out.append(("contributor_method", method.value))
    return tuple(out)


def _weighting(fm: dict[str, Any]) -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    scores, limits = fm.get("poäng"), fm.get("gränser")
    if isinstance(scores, dict):
        out.append(("scores", (_or(number(scores.get(Colour.GRON.value)), 1.0),
                               _or(number(scores.get(Colour.GUL.value)), 0.5),
                               _or(number(scores.get(Colour.ROD.value)), 0.0))))
    if isinstance(limits, dict):
        out.append(("thresholds", (_or(number(limits.get(Colour.GRON.value)), 0.8),
                                   _or(number(limits.get(Colour.GUL.value)), 0.4))))
    return out


def _or(value: float | None, default: float) -> float:
    return default if value is None else value


def state_words(raw: Any) -> tuple[StateWords, ...]:
    """`skala:` in styrmodell.yaml: per colour or state, the kommun's own word, meaning, symbol and emoji."""
    if not isinstance(raw, dict):
        return ()
    out = []
    for key, value in raw.items():
        state = Colour.get(key)
        if state is None or not isinstance(value, dict):
            continue
        out.append(StateWords(state.value, text(value.get("ord")) or None, text(value.get("beskrivning")) or None,
                              text(value.get("symbol")) or None, text(value.get("emoji")) or None))
    return tuple(out)
