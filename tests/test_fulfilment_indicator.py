"""Indicator colours: which outcome and target count, every direction at its edges, the three presets."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from styr.fulfilment.indicator import indicator_result, select_outcome
from styr.model.periods import PeriodKind, parse_period
from styr.model.types import ColourModel, Indicator, Loc, OutcomeValue, TargetValue
from styr.model.vocab import Colour
from styr.wording.numbers import number as fmt_number
from styr.wording.numbers import share as fmt_share

G, Y, R, B = Colour.GRON, Colour.GUL, Colour.ROD, Colour.SVART
STANDARD = ColourModel()
SHARE = ColourModel(model="andel_av_målvärdet")
TREND = ColourModel(model="trend")
IMPROVE = ColourModel(yellow_on_improvement=True)


def measured_in(outcomes: dict[str, OutcomeValue]) -> str | None:
    """The mätfrekvens a file with these outcomes would state: the kind shorter than a year they are in (a year
    value may stand beside them); None (helår) when there is none."""
    kinds = {p.kind for k in outcomes if (p := parse_period(k)).kind is not PeriodKind.HELAR}
    if len(kinds) > 1:
        kinds.discard(PeriodKind.LASAR)
    return kinds.pop().value if len(kinds) == 1 else None


def ind(direction: str | None = "öka", targets: dict[str, TargetValue] | None = None,
        outcomes: dict[str, OutcomeValue] | None = None, baseline: OutcomeValue | None = None,
        weight: float = 1.0, frequency: str | None = None, **extra: Any) -> Indicator:
    outcomes = outcomes or {}
    return Indicator(
        id=extra.get("id", "I1"), name="Testindikator", description="", measure="procent", direction=direction,
        source="", baseline_period="2022" if baseline is not None else None, baseline_value=baseline,
        weight=weight, frequency=frequency or measured_in(outcomes), value_range=None, targets=targets or {},
        outcomes=outcomes, loc=Loc("kommun/mål/m.yaml", 10, 5), **{k: v for k, v in extra.items() if k != "id"},
    )


def colour(direction: str, target: TargetValue, outcome: OutcomeValue, model: ColourModel = STANDARD) -> Colour:
    return indicator_result(ind(direction, {"2026": target}, {"2026": outcome}), parse_period("2026"), model).colour


# -- the standard model at every edge ----------------------------------------------------------------------------

STANDARD_CASES = [
    # direction, target, outcome, colour, why
    ("öka", 88, 88, G, "exactly at the target"),
    ("öka", 88, 90, G, "above the target"),
    ("öka", 88, 79.2, Y, "exactly at the margin boundary (88 − 8.8)"),
    ("öka", 88, 79.1, R, "just past the margin"),
    ("öka", 88, 85, Y, "inside the margin"),
    ("öka", 88, 0, R, "far below"),
    ("minska", 10, 10, G, "exactly at the target"),
    ("minska", 10, 9, G, "below the target is better"),
    ("minska", 10, 11, Y, "at the margin boundary (10 + 1)"),
    ("minska", 10, 11.01, R, "just past the margin"),
    ("öka", 0, 0, G, "target zero reached"),
    ("öka", 0, -0.1, Y, "target zero: absolute margin 0.1"),
    ("öka", 0, -0.11, R, "target zero: just past the absolute margin"),
    ("minska", 0, 0.1, Y, "target zero minska: absolute margin"),
    ("minska", 0, 1, R, "target zero minska: far past"),
    ("öka", -2, -2, G, "negative target reached"),
    ("öka", -2, -1, G, "negative target exceeded"),
    ("öka", -2, -2.2, Y, "negative target: margin |−2| × 10 % = 0.2"),
    ("öka", -2, -2.21, R, "negative target: just past"),
    ("minska", -5, -5.5, G, "negative target minska reached"),
    ("minska", -5, -4.5, Y, "negative target minska: margin 0.5"),
    ("minska", -5, -4.4, R, "negative target minska: past"),
    ("intervall", (2.0, 4.0), 2, G, "lower bound is inside"),
    ("intervall", (2.0, 4.0), 4, G, "upper bound is inside"),
    ("intervall", (2.0, 4.0), 3, G, "inside"),
    ("intervall", (2.0, 4.0), 1.8, Y, "below: margin from the lower bound 0.2"),
    ("intervall", (2.0, 4.0), 1.79, R, "below, past the margin"),
    ("intervall", (2.0, 4.0), 4.4, Y, "above: margin from the upper bound 0.4"),
    ("intervall", (2.0, 4.0), 4.41, R, "above, past the margin"),
    ("intervall", (0.0, 4.0), -0.1, Y, "lower bound zero: absolute margin"),
    ("intervall", (float("-inf"), 4.0), -1000, G, "open lower bound"),
    ("uppnått", True, True, G, "ja when ja is the target"),
    ("uppnått", True, False, R, "nej when ja is the target"),
    ("uppnått", False, False, G, "nej when nej is the target"),
]


@pytest.mark.parametrize(("direction", "target", "outcome", "expected", "why"), STANDARD_CASES,
                         ids=[c[4] for c in STANDARD_CASES])
def test_standard_model(direction: str, target: TargetValue, outcome: OutcomeValue, expected: Colour,
                        why: str) -> None:
    assert colour(direction, target, outcome) is expected, why


def test_reason_is_swedish_and_names_target_outcome_share_and_margin() -> None:
    r = indicator_result(ind("öka", {"2026": 88}, {"2026-H1": 85}), parse_period("2026-H1"))
    assert r.colour is Y
    assert r.reason == "Utfall 85 mot målvärde 88 för 2026 (96,6 %): inom gul marginal 10 %."
    r = indicator_result(ind("öka", {"2026": 88}, {"2026": 85}), parse_period("2026"))
    assert r.reason == "Utfall 85 mot målvärde 88 (96,6 %): inom gul marginal 10 %."
    assert r.ratio == pytest.approx(85 / 88)


def test_minska_ratio_is_inverse_and_reason_says_lower_is_better() -> None:
    r = indicator_result(ind("minska", {"2026": 10}, {"2026": 12}), parse_period("2026"))
    assert r.ratio == pytest.approx(10 / 12)
    assert "lägre är bättre" in r.reason
    assert r.colour is R


def test_missing_outcome_is_svart_and_names_target_and_latest_outcome() -> None:
    r = indicator_result(ind("öka", {"2026": 88, "2025": 86}, {"2025": 84.1}, frequency="kvartal"),
                         parse_period("2026-Q3"))
    assert r.colour is B
    assert r.outcome is None and r.outcome_period is None
    assert r.target == 88 and r.target_period == "2026"
    assert r.reason == "Inget utfall för 2026-Q3 (målvärde 88 för 2026; senaste utfall 2025: 84,1)."


def test_a_yearly_indicator_is_not_due_in_a_quarter_and_shows_its_latest_outcome() -> None:
    r = indicator_result(ind("öka", {"2026": 88, "2025": 86}, {"2025": 84.1}), parse_period("2026-Q3"))
    assert r.colour is Colour.EJ_AKTUELL
    assert (r.outcome, r.outcome_period, r.target, r.target_period) == (84.1, "2025", 88, "2026")
    assert r.reason == "Ingen mätning i 2026-Q3 (mätfrekvens helår); senaste utfall 2025: 84,1."


def test_no_outcome_at_all() -> None:
    r = indicator_result(ind("öka", {}, {}), parse_period("2026"))
    assert (r.colour, r.reason) == (B, "Inget utfall för 2026.")


@pytest.mark.parametrize(("direction", "targets", "outcome", "fragment"), [
    ("öka", {}, 85, "målvärde saknas för 2026 (regel S04)"),
    (None, {"2026": 88}, 85, "riktning saknas"),
    ("uppåt", {"2026": 88}, 85, "okänd riktning"),
    ("intervall", {"2026": 88}, 85, "{min: a, max: b}"),
    ("öka", {"2026": (1.0, 2.0)}, 85, "ska vara ett tal"),
    ("uppnått", {"2026": True}, 1, "ja eller nej"),
    ("öka", {"2026": 88}, True, "utfallet ska vara ett tal"),
    ("öka", {"2026": 88}, float("nan"), "utfallet ska vara ett tal"),
])
def test_cannot_be_judged_is_svart_with_reason(direction: str | None, targets: dict[str, TargetValue],
                                               outcome: OutcomeValue, fragment: str) -> None:
    r = indicator_result(ind(direction, targets, {"2026": outcome}), parse_period("2026"))
    assert r.colour is B
    assert fragment in r.reason


def test_uppnatt_without_target_means_ja() -> None:
    assert indicator_result(ind("uppnått", {}, {"2026": True}), parse_period("2026")).colour is G
    assert indicator_result(ind("uppnått", {}, {"2026": False}), parse_period("2026")).colour is R


# -- which outcome and which target count ------------------------------------------------------------------------

QUARTERS = {"2026-Q1": 70.0, "2026-Q2": 80.0, "2026-Q3": 90.0}


@pytest.mark.parametrize(("period", "outcomes", "expected"), [
    ("2026-H1", QUARTERS, "2026-Q2"),
    ("2026", QUARTERS, "2026-Q3"),
    ("2026-Q1", QUARTERS, "2026-Q1"),
    ("2026-Q4", QUARTERS, None),
    ("2026", {**QUARTERS, "2026": 85.0}, "2026"),
    ("2026-Q4", {"2026": 1.0, "2026-Q4": 2.0}, "2026-Q4"),  # the year value is not inside its fourth quarter
    ("2026-H1", {"2026-H1": 1.0, "2026-Q2": 2.0}, "2026-Q2"),  # a half year among quarters does not count
    ("2025/26", {"2026-Q1": 1.0, "2025-Q4": 2.0}, "2026-Q1"),  # calendar outcomes inside a läsår
    ("2026-H1", {"2026-q1": 1.0}, "2026-Q1"),  # keys are compared as periods
])
def test_which_outcome_counts(period: str, outcomes: dict[str, OutcomeValue], expected: str | None) -> None:
    r = indicator_result(ind("öka", {"2026": 80}, outcomes, frequency="kvartal"), parse_period(period))
    assert r.outcome_period == expected


@pytest.mark.parametrize(("period", "outcomes", "expected"), [
    ("2026", {"2026-H1": 1.0, "2026-Q2": 2.0}, "2026-H1"),  # same end: the longer period
    ("2026-H1", {"2026-q1": 1.0}, "2026-Q1"),
    ("2026-Q4", QUARTERS, None),
])
def test_select_outcome_without_a_frequency(period: str, outcomes: dict[str, OutcomeValue],
                                            expected: str | None) -> None:
    found = select_outcome({parse_period(k) for k in outcomes}, parse_period(period))
    assert (found.text if found else None) == expected


def test_quarter_is_judged_against_its_year_unless_it_has_its_own_target() -> None:
    i = ind("öka", {"2026": 90, "2026-Q2": 80}, QUARTERS)
    r = indicator_result(i, parse_period("2026-H1"))
    assert (r.outcome_period, r.target_period, r.colour) == ("2026-Q2", "2026-Q2", G)
    r = indicator_result(i, parse_period("2026-Q1"))
    assert (r.target_period, r.target) == ("2026", 90)


def test_lasar_outcome_uses_lasar_target() -> None:
    i = ind("öka", {"2025/26": 88}, {"2025/26": 88.5})
    r = indicator_result(i, parse_period("2025/26"))
    assert (r.target_period, r.colour) == ("2025/26", G)


# -- presets ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("direction", "target", "outcome", "expected"), [
    ("öka", 100, 100, G),
    ("öka", 100, 80, Y),   # exactly 80 % of the target
    ("öka", 100, 79.9, R),
    ("öka", 100, 90, Y),
    ("minska", 10, 12, Y),  # 10/12 = 83 %
    ("minska", 10, 12.5, Y),  # exactly 80 %
    ("minska", 10, 13, R),  # 77 %
    ("minska", 10, 0, G),
    ("öka", 0, -0.2, Y),  # no share for target 0: margin 1 − 0.8 = 0.2, absolute
    ("öka", 0, -0.3, R),
    ("öka", -10, -12, Y),  # negative: margin 0.2 × 10 = 2
    ("öka", -10, -12.1, R),
    ("intervall", (2.0, 4.0), 4.8, Y),  # margin 0.2 × 4
    ("intervall", (2.0, 4.0), 4.9, R),
    ("uppnått", True, False, R),
])
def test_share_of_target_model(direction: str, target: TargetValue, outcome: OutcomeValue, expected: Colour) -> None:
    assert colour(direction, target, outcome, SHARE) is expected


def test_share_model_reason() -> None:
    r = indicator_result(ind("öka", {"2026": 100}, {"2026": 85}), parse_period("2026"), SHARE)
    assert r.reason == "Utfall 85 mot målvärde 100 (85 %): gul från 80 % av målvärdet."


def trend_colour(direction: str, outcomes: dict[str, OutcomeValue], period: str, baseline: OutcomeValue | None = None,
                 targets: dict[str, TargetValue] | None = None) -> Colour:
    return indicator_result(ind(direction, targets or {}, outcomes, baseline), parse_period(period), TREND).colour


@pytest.mark.parametrize(("direction", "outcomes", "period", "baseline", "expected"), [
    ("öka", {"2026-Q1": 5, "2026-Q2": 6}, "2026-Q2", None, G),
    ("öka", {"2026-Q1": 5, "2026-Q2": 5}, "2026-Q2", None, Y),
    ("öka", {"2026-Q1": 5, "2026-Q2": 4}, "2026-Q2", None, R),
    ("minska", {"2026-Q1": 5, "2026-Q2": 4}, "2026-Q2", None, G),
    ("minska", {"2026-Q1": 5, "2026-Q2": 6}, "2026-Q2", None, R),
    ("öka", {"2025-Q4": 5, "2026-Q2": 6}, "2026-Q2", None, G),  # Q1 missing: the latest earlier quarter
    ("öka", {"2025": 9, "2026-Q1": 6}, "2026-Q1", 5, G),  # a year is not a previous quarter: the baseline
    ("öka", {"2026-Q1": 6}, "2026-Q1", 6, Y),  # first measurement against the baseline
    ("öka", {"2026-Q1": 6}, "2026-Q1", 7, R),
    ("öka", {"2026-Q1": 6}, "2026-Q1", None, B),  # nothing to compare with
    ("uppnått", {"2026": True}, "2026", None, G),
])
def test_trend_model(direction: str, outcomes: dict[str, OutcomeValue], period: str, baseline: OutcomeValue | None,
                     expected: Colour) -> None:
    assert trend_colour(direction, outcomes, period, baseline) is expected


def test_trend_interval_inside_is_green_outside_compares_distance() -> None:
    t: dict[str, TargetValue] = {"2026": (2.0, 4.0)}
    assert trend_colour("intervall", {"2026-Q1": 9, "2026-Q2": 3}, "2026-Q2", targets=t) is G
    assert trend_colour("intervall", {"2026-Q1": 9, "2026-Q2": 6}, "2026-Q2", targets=t) is G
    assert trend_colour("intervall", {"2026-Q1": 6, "2026-Q2": 9}, "2026-Q2", targets=t) is R


def test_trend_reason_names_the_previous_measurement() -> None:
    r = indicator_result(ind("öka", {}, {"2026-Q1": 5, "2026-Q2": 6}), parse_period("2026-Q2"), TREND)
    assert r.reason == "Utfall 6: bättre än föregående mätning 2026-Q1 (5)."


def test_yellow_on_improvement_over_baseline_or_previous() -> None:
    i = ind("öka", {"2026": 100}, {"2026": 70}, baseline=60)
    assert indicator_result(i, parse_period("2026"), STANDARD).colour is R
    r = indicator_result(i, parse_period("2026"), IMPROVE)
    assert r.colour is Y
    assert "men bättre än baslinjen (2022) (60)" in r.reason
    previous = ind("öka", {"2026": 100}, {"2026-Q1": 60, "2026-Q2": 70}, baseline=80)
    assert indicator_result(previous, parse_period("2026-Q2"), IMPROVE).colour is Y
    worse = ind("öka", {"2026": 100}, {"2026": 50}, baseline=60)
    assert indicator_result(worse, parse_period("2026"), IMPROVE).colour is R


def test_margin_is_configurable() -> None:
    assert colour("öka", 100, 85, ColourModel(yellow_margin=0.2)) is Y
    assert colour("öka", 100, 85, ColourModel(yellow_margin=0.1)) is R
    assert colour("öka", 100, 99.99, ColourModel(yellow_margin=0.0)) is R


# -- properties --------------------------------------------------------------------------------------------------

RANK = {G: 0, Y: 1, R: 2, B: 3}
numbers = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
models = st.sampled_from([STANDARD, SHARE, TREND, IMPROVE, ColourModel(model="andel_av_målvärdet",
                                                                      yellow_on_improvement=True)])


@settings(max_examples=300, deadline=None)
# Found by hypothesis: a tiny target, a negative outcome on the fallback path (standard rule) and 0 on the share
# path used to compare with different tolerances, so 0 was röd while the worse outcome was gul.
@example(direction="öka", target=4.9766790365686646e-176, a=-1.4564578153700733e-59, b=0.0, previous=None,
         baseline=None, model=SHARE)
@given(direction=st.sampled_from(["öka", "minska"]), target=numbers, a=numbers, b=numbers,
       previous=st.one_of(st.none(), numbers), baseline=st.one_of(st.none(), numbers), model=models)
def test_a_better_outcome_never_gives_a_worse_colour(direction: str, target: float, a: float, b: float,
                                                     previous: float | None, baseline: float | None,
                                                     model: ColourModel) -> None:
    worse, better = sorted((a, b)) if direction == "öka" else sorted((a, b), reverse=True)

    def c(value: float) -> Colour:
        outcomes: dict[str, OutcomeValue] = {"2026-Q2": value}
        if previous is not None:
            outcomes["2026-Q1"] = previous
        return indicator_result(ind(direction, {"2026": target}, outcomes, baseline), parse_period("2026-Q2"),
                                model).colour

    assert RANK[c(better)] <= RANK[c(worse)]


@settings(max_examples=200, deadline=None)
@given(lo=numbers, width=st.floats(min_value=0, max_value=1e5), distance_a=st.floats(min_value=0, max_value=1e5),
       distance_b=st.floats(min_value=0, max_value=1e5), above=st.booleans())
def test_interval_closer_is_never_worse(lo: float, width: float, distance_a: float, distance_b: float,
                                        above: bool) -> None:
    hi = lo + width
    near, far = sorted((distance_a, distance_b))

    def c(d: float) -> Colour:
        return colour("intervall", (lo, hi), hi + d if above else lo - d)

    assert RANK[c(near)] <= RANK[c(far)]


@settings(max_examples=200, deadline=None)
@given(value=numbers)
def test_fmt_number_reads_back(value: float) -> None:
    text = fmt_number(value)
    back = float(text.replace(" ", "").replace(",", ".").replace("−", "-"))
    # Two decimals, rounded half up as a person rounds (1,125 → 1,13; Python's round() would give 1.12).
    assert abs(back - value) <= 0.005 + 1e-9


def test_fmt_number_and_share() -> None:
    assert [fmt_number(v) for v in (85, 84.1, 1250000, -2, 0.333, -0.0, 1e3)] == \
        ["85", "84,1", "1 250 000", "−2", "0,33", "0", "1 000"]
    assert [fmt_share(v) for v in (0.966, 0.1, 1.0)] == ["96,6 %", "10 %", "100 %"]
