"""Issue 12's constructs at their edges: due or not, strict bounds, relative targets, rounding, per-indicator
thresholds, trends with tolerance, multi-year targets, preliminary outcomes, states, contributors, unit models."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from styr.fulfilment.evaluate import unit_colour_model
from styr.fulfilment.goal import goal_result, indicator_colour
from styr.fulfilment.indicator import indicator_result, weighs_in
from styr.fulfilment.results import IndicatorResult
from styr.fulfilment.selection import is_due
from styr.model.periods import PeriodKind, parse_period
from styr.model.repository import Repository
from styr.model.types import (
    Bound,
    ColourModel,
    Goal,
    Indicator,
    Loc,
    MultiYearTarget,
    OutcomeInfo,
    OutcomeValue,
    RelativeTarget,
    TargetSpec,
    TargetValue,
    TrendRule,
    Unit,
)
from styr.model.vocab import Colour, Trend, WeighsIn

G, Y, R, B = Colour.GRON, Colour.GUL, Colour.ROD, Colour.SVART
NOT_DUE, NOT_STARTED = Colour.EJ_AKTUELL, Colour.EJ_PABORJAT
LOC = Loc("kommun/mål/m.yaml", 1, 1)
Y2025 = parse_period("2025")


def ind(direction: str = "öka", targets: dict[str, TargetValue] | None = None,
        outcomes: dict[str, OutcomeValue] | None = None, *, specs: dict[str, TargetSpec] | None = None,
        frequency: str | None = None, baseline: tuple[str, OutcomeValue] | None = None,
        info: dict[str, OutcomeInfo] | None = None, **extra: Any) -> Indicator:
    return Indicator(
        "I1", "Indikator", "", "antal", direction, "", baseline[0] if baseline else None,
        baseline[1] if baseline else None, extra.pop("weight", 1.0), frequency, None, targets or {}, outcomes or {},
        LOC, target_specs=specs or {}, outcome_info=info or {}, **extra)


def judged(indicator: Indicator, period: str = "2025", model: ColourModel | None = None) -> IndicatorResult:
    return indicator_result(indicator, parse_period(period), model)


# -- due or not ----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("frequency", "period", "due"), [
    ("helår", "2026", True), ("helår", "2026-Q4", False), ("helår", "2026-H2", False), ("helår", "2026-M12", False),
    ("halvår", "2026-H1", True), ("halvår", "2026-Q2", False), ("halvår", "2026", True),
    ("kvartal", "2026-Q3", True), ("kvartal", "2026-H1", True), ("kvartal", "2026-M09", False),
    ("tertial", "2026-T2", True), ("tertial", "2026-Q2", False), ("månad", "2026-Q1", True),
    ("läsår", "2025/26", True), ("läsår", "2025/26-VT", False), ("läsår", "2026-Q3", False),
    ("termin", "2025/26-HT", True), ("kvartal", "2025/26-HT", True),  # Q4 2025 lies within the autumn term
])
def test_a_measurement_is_due_when_a_whole_period_of_its_frequency_lies_in_the_period(frequency: str, period: str,
                                                                                         due: bool) -> None:
    assert is_due(PeriodKind(frequency), parse_period(period)) is due


def test_not_due_shows_the_latest_usable_outcome_and_names_what_did_not_count() -> None:
    i = ind(targets={"2026": 90}, outcomes={"2025": 85, "2026-M03": 99})
    r = judged(i, "2026-Q1")
    assert (r.colour, r.outcome, r.outcome_period) == (NOT_DUE, 85, "2025")
    assert "Utfallet 2026-M03 räknas inte: det är ett månadsutfall och mätfrekvensen är helår (regel U07)." in r.reason


@pytest.mark.parametrize(("outcomes", "period", "expected", "counted"), [
    ({"2025": 80, "2025-Q4": 95}, "2025", R, "2025"),  # the year's own value beside the quarters, not Q4
    ({"2025-Q3": 80, "2025-Q4": 95}, "2025", G, "2025-Q4"),  # else the latest quarter
    ({"2025-Q3": 95, "2025-H2": 80}, "2025", G, "2025-Q3"),  # a half year among quarters does not count (U07)
    ({"2025-Q1": 95}, "2025-Q2", B, None),  # due and missing: svart
])
def test_which_outcome_counts_for_a_quarterly_indicator(outcomes: dict[str, OutcomeValue], period: str,
                                                         expected: Colour, counted: str | None) -> None:
    r = judged(ind(targets={"2025": 90}, outcomes=outcomes, frequency="kvartal"), period)
    assert (r.colour, r.outcome_period) == (expected, counted)


# -- strict and inclusive bounds -------------------------------------------------------------------------------------

BOUND_CASES = [
    # direction, bound, outcome, colour
    ("öka", Bound(40, None, keys=("minst",)), 40, G),
    ("öka", Bound(40, None, True, keys=("över",)), 40, Y),  # exactly 40 is not over 40
    ("öka", Bound(40, None, True, keys=("över",)), 40.001, G),
    ("öka", Bound(40, None, True, keys=("över",)), 36, Y),  # margin 4
    ("öka", Bound(40, None, True, keys=("över",)), 35.9, R),
    ("minska", Bound(None, 5, keys=("högst",)), 5, G),
    ("minska", Bound(None, 5, high_strict=True, keys=("under",)), 5, Y),
    ("minska", Bound(None, 5, high_strict=True, keys=("under",)), 4.99, G),
    ("intervall", Bound(2, 4, True, True, ("över", "under")), 2, Y),
    ("intervall", Bound(2, 4, True, True, ("över", "under")), 3, G),
    ("intervall", Bound(2, 4, True, True, ("över", "under")), 4, Y),
    ("intervall", Bound(2, 4, False, True, ("min", "under")), 2, G),
    ("intervall", Bound(2, 4, False, True, ("min", "under")), 4, Y),
    ("intervall", Bound(2, 4, False, True, ("min", "under")), 4.41, R),
]


@pytest.mark.parametrize(("direction", "bound", "outcome", "expected"), BOUND_CASES)
def test_bounds(direction: str, bound: Bound, outcome: float, expected: Colour) -> None:
    plain: TargetValue = (bound.low, bound.high) if bound.low is not None and bound.high is not None else \
        (bound.low if bound.low is not None else bound.high)  # type: ignore[assignment]
    r = judged(ind(direction, {"2025": plain}, {"2025": outcome}, specs={"2025": bound}))
    assert r.colour is expected
    assert r.target_colour is expected


def test_strict_edge_reason() -> None:
    r = judged(ind("öka", {"2025": 40}, {"2025": 40}, specs={"2025": Bound(40, None, True, keys=("över",))}))
    assert r.reason == ("Utfall 40 mot målvärde över 40 (100 %): precis på gränsen 40, som inte räknas in, inom gul "
                        "marginal 10 %.")


@pytest.mark.parametrize(("direction", "bound", "fragment"), [
    ("öka", Bound(None, 5, keys=("högst",)), "passar inte riktningen öka"),
    ("minska", Bound(5, None, keys=("minst",)), "passar inte riktningen minska"),
    ("intervall", Bound(4, 2, keys=("min", "max")), "nedre gräns 4 ligger över den övre 2"),
    ("uppnått", Bound(1, None, keys=("minst",)), "ja eller nej"),
])
def test_a_bound_that_does_not_fit_the_direction_is_svart(direction: str, bound: Bound, fragment: str) -> None:
    outcome: OutcomeValue = True if direction == "uppnått" else 3.0
    r = judged(ind(direction, {}, {"2025": outcome}, specs={"2025": bound}))
    assert r.colour is B and fragment in r.reason


# -- relative targets ----------------------------------------------------------------------------------------------

def relative(base: str, change: float | None = None, relative_: bool = False, strict: bool = False) -> RelativeTarget:
    return RelativeTarget(base, change, relative_, strict)


@pytest.mark.parametrize(("direction", "spec", "outcomes", "baseline", "info", "expected", "target"), [
    ("minska", relative("2015", -25, True), {"2025": 4.5}, ("2015", 6.0), None, G, 4.5),
    ("minska", relative("2015", -25, True), {"2025": 4.6}, ("2015", 6.0), None, Y, 4.5),
    ("minska", relative("2015", -25, True), {"2025": 5.9, "2015": 8.0}, ("2015", 6.0), None, G, 6.0),  # outcome first
    ("öka", relative("baslinje", 5), {"2025": 85}, ("2022", 80), None, G, 85),
    ("öka", relative("baslinje", 5), {"2025": 84.9}, ("2022", 80), None, Y, 85),
    ("öka", relative("föregående"), {"2024": 226, "2025": 226}, None, None, G, 226),
    ("öka", relative("föregående"), {"2025": 226}, ("2024", 228), None, Y, 228),  # the first against the baseline
    ("öka", relative("riket", strict=True), {"2025": 85.9}, None,
     {"2025": OutcomeInfo(references=(("riket", 85.9),))}, Y, 85.9),
    ("öka", relative("riket", strict=True), {"2025": 86}, None,
     {"2025": OutcomeInfo(references=(("riket", 85.9),))}, G, 85.9),
    ("öka", relative("2024"), {"2026": 80, "2025": 70}, None,  # 'avser 2024' under the key 2025
     {"2025": OutcomeInfo(about="2024")}, G, 70),
])
def test_relative_targets(direction: str, spec: RelativeTarget, outcomes: dict[str, OutcomeValue],
                          baseline: tuple[str, OutcomeValue] | None, info: dict[str, OutcomeInfo] | None,
                          expected: Colour, target: float) -> None:
    period = max(outcomes, key=lambda k: parse_period(k).end)
    r = judged(ind(direction, {}, outcomes, specs={period: spec}, baseline=baseline, info=info), period)
    assert r.colour is expected
    assert r.target == pytest.approx(target)
    assert r.target_basis


@pytest.mark.parametrize(("spec", "baseline", "info", "missing"), [
    (relative("2015", -25, True), None, None, "utfallet för 2015, som saknas"),
    (relative("2015", -25, True), ("2016", 6.0), None, "utfallet för 2015, som saknas"),
    (relative("riket"), None, None, "referensvärdet 'riket' för 2025, som saknas"),
    (relative("riket"), None, {"2025": OutcomeInfo(references=(("länet", 80.0),))}, "'riket'"),
    (relative("föregående"), None, None, "föregående mätning, som saknas (och baslinje saknas)"),
    (relative("baslinje"), None, None, "baslinjen, som saknas"),
])
def test_a_missing_base_is_svart_and_says_what_is_missing(spec: RelativeTarget, baseline: tuple[str, float] | None,
                                                          info: dict[str, OutcomeInfo] | None, missing: str) -> None:
    r = judged(ind("öka", {}, {"2025": 80}, specs={"2025": spec}, baseline=baseline, info=info))
    assert r.colour is B and missing in r.reason


def test_a_relative_target_does_not_fit_an_interval() -> None:
    r = judged(ind("intervall", {}, {"2025": 3}, specs={"2025": relative("baslinje")}, baseline=("2022", 3)))
    assert r.colour is B and "passar inte riktningen intervall" in r.reason


# -- rounding and per-indicator thresholds ------------------------------------------------------------------------

@pytest.mark.parametrize(("outcome", "model", "expected"), [
    (39.96, ColourModel(rounding=1), G),  # 40.0 reaches {minst: 40}
    (39.94, ColourModel(rounding=1), Y),
    (39.96, ColourModel(), Y),  # without rounding it does not
    (95, ColourModel(model="andel_av_målvärdet", share_yellow=0.95, rounding=0), Y),
    (94.5, ColourModel(model="andel_av_målvärdet", share_yellow=0.95, rounding=0), Y),  # 94.5 % rounds half up
    (94.49, ColourModel(model="andel_av_målvärdet", share_yellow=0.95, rounding=0), R),
    (99.6, ColourModel(model="andel_av_målvärdet", rounding=0), G),  # 99.6 % rounds to 100 %
    (98, ColourModel(model="andel_av_målvärdet", green_from=0.98), G),
    (97.9, ColourModel(model="andel_av_målvärdet", green_from=0.98), Y),
])
def test_rounding_and_thresholds(outcome: float, model: ColourModel, expected: Colour) -> None:
    target = 40 if model.model == "standard" else 100
    assert judged(ind("öka", {"2025": target}, {"2025": outcome}), model=model).colour is expected


def test_an_indicators_colour_rule_wins_over_the_model() -> None:
    i = ind("öka", {"2025": 100}, {"2025": 85}, colour_rule=(("yellow_margin", 0.2),))
    assert judged(i, model=ColourModel(yellow_margin=0.05)).colour is Y
    assert judged(ind("öka", {"2025": 100}, {"2025": 85}), model=ColourModel(yellow_margin=0.05)).colour is R


def test_nearest_unit_colour_model_wins_key_by_key() -> None:
    def unit(uid: str, folder: str, parent: str | None, override: tuple[tuple[str, Any], ...]) -> Unit:
        return Unit(uid, uid, "nivå", folder, parent, folder.count("/"), None, None, (), "", "kalenderår", LOC,
                    colour_override=override)
    top = unit("KF", "kommun", None, (("yellow_margin", 0.2), ("thresholds", (0.9, 0.5))))
    mid = unit("SN", "kommun/sn", "kommun", (("yellow_margin", 0.05),))
    low = unit("AO", "kommun/sn/ao", "kommun/sn", ())
    repo = Repository(None, None, (top, mid, low), (), ())
    model = unit_colour_model(repo, low)
    assert (model.yellow_margin, model.thresholds) == (0.05, (0.9, 0.5))
    assert unit_colour_model(repo, top).yellow_margin == 0.2


# -- trend ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("direction", "rule", "outcomes", "trend"), [
    ("minska", TrendRule("föregående", 0.1), {"2024": 6.9, "2025": 6.8}, Trend.OFORANDRAD),  # "ingen förändring"
    ("minska", TrendRule("föregående", 0.1), {"2024": 6.9, "2025": 6.7}, Trend.FORBATTRAD),
    ("minska", TrendRule("föregående"), {"2024": 6.9, "2025": 6.8}, Trend.FORBATTRAD),
    ("öka", TrendRule("föregående", 1, relative=True), {"2024": 100, "2025": 100.9}, Trend.OFORANDRAD),
    ("öka", TrendRule("föregående", 1, relative=True), {"2024": 100, "2025": 101.1}, Trend.FORBATTRAD),
    ("öka", TrendRule("föregående", 1, relative=True), {"2024": 100, "2025": 98}, Trend.FORSAMRAD),
    ("öka", TrendRule("serie"), {"2022": 40, "2023": 44, "2024": 41, "2025": 45}, Trend.FORBATTRAD),
    ("minska", TrendRule("serie"), {"2022": 40, "2023": 44, "2024": 41, "2025": 45}, Trend.FORSAMRAD),
    ("öka", TrendRule("serie", 2), {"2022": 40, "2023": 44, "2024": 41, "2025": 45}, Trend.OFORANDRAD),
    ("öka", TrendRule("2023"), {"2023": 50, "2025": 45}, Trend.FORSAMRAD),
])
def test_trend_with_tolerance(direction: str, rule: TrendRule, outcomes: dict[str, OutcomeValue],
                              trend: Trend) -> None:
    r = judged(ind(direction, {}, outcomes, trend=rule))
    assert r.trend is trend
    assert r.weighs_in is WeighsIn.TREND and r.colour is trend.colour


def test_both_verdicts_side_by_side() -> None:
    r = judged(ind("öka", {"2025": 50}, {"2024": 40, "2025": 45}, trend=TrendRule()))
    assert (r.colour, r.target_colour, r.trend, r.weighs_in) == (Y, Y, Trend.FORBATTRAD, WeighsIn.MALVARDE)
    assert "Trend: förbättrad, bättre än föregående mätning 2024 (40)." in r.reason
    r = judged(ind("öka", {"2025": 50}, {"2024": 40, "2025": 45}, trend=TrendRule(), weighs_in="trend"))
    assert (r.colour, r.target_colour, r.trend) == (G, Y, Trend.FORBATTRAD)


@pytest.mark.parametrize(("kwargs", "model", "expected"), [
    ({"targets": {"2025": 1}}, ColourModel(), WeighsIn.MALVARDE),
    ({"trend": TrendRule()}, ColourModel(), WeighsIn.TREND),
    ({"targets": {"2025": 1}, "trend": TrendRule()}, ColourModel(), WeighsIn.MALVARDE),
    ({"targets": {"2025": 1}}, ColourModel(model="trend"), WeighsIn.TREND),
    ({"targets": {"2025": 1}, "weighs_in": "målvärde"}, ColourModel(model="trend"), WeighsIn.MALVARDE),
    ({"direction": "uppnått"}, ColourModel(model="trend"), WeighsIn.MALVARDE),
    ({"multi_year": MultiYearTarget("2023", "2026", "summa", 10.0), "trend": TrendRule()}, ColourModel(),
     WeighsIn.MALVARDE),
])
def test_which_verdict_weighs_in(kwargs: dict[str, Any], model: ColourModel, expected: WeighsIn) -> None:
    assert weighs_in(ind(**kwargs), model) is expected


def test_a_series_needs_two_outcomes() -> None:
    r = judged(ind("öka", {}, {"2025": 45}, trend=TrendRule("serie")))
    assert (r.colour, r.trend) == (B, None) and "minst två utfall" in r.reason


# -- multi-year targets ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("method", "target", "outcomes", "period", "expected", "value"), [
    ("summa", 400.0, {"2023": 90, "2024": 110, "2025": 105}, "2025", G, 300),  # 305 against 300 (3/4)
    ("summa", 400.0, {"2023": 90, "2024": 100, "2025": 105}, "2025", Y, 300),  # 295: within 10 %
    ("summa", 400.0, {"2023": 90, "2025": 105}, "2025", B, None),  # 2024 missing: no sum
    ("summa", 400.0, {"2023": 90, "2024": 110, "2025": 105, "2026": 100}, "2026", G, 400),
    ("genomsnitt", 2.0, {"2023": 1.2, "2024": 2.1, "2025": 2.4}, "2025", Y, 2.0),
    ("genomsnitt", 2.0, {"2023": 1.2, "2025": 2.8}, "2025", G, 2.0),  # the average of what is measured
    ("senaste", 98.0, {"2023": 93, "2024": 99}, "2024", G, 98.0),
])
def test_multi_year_targets(method: str, target: float, outcomes: dict[str, OutcomeValue], period: str,
                            expected: Colour, value: float | None) -> None:
    i = ind("öka", {}, outcomes, multi_year=MultiYearTarget("2023", "2026", method, target))
    r = judged(i, period)
    assert r.colour is expected
    if value is not None:
        assert r.target == pytest.approx(value) and r.target_basis.startswith("flerårsmål 2023–2026")


def test_outside_its_span_a_multi_year_target_does_not_apply() -> None:
    i = ind("öka", {"2027": 5}, {"2027": 5}, multi_year=MultiYearTarget("2023", "2026", "summa", 400.0))
    assert judged(i, "2027").colour is G


# -- preliminary outcomes ------------------------------------------------------------------------------------------

def test_a_preliminary_outcome_is_shown_not_counted_unless_the_model_says_so() -> None:
    i = ind("öka", {"2025": 90}, {"2025": 95}, info={"2025": OutcomeInfo(preliminary=True)})
    shown = judged(i)
    assert shown.colour is B and "är preliminärt och räknas inte" in shown.reason
    counted = judged(i, model=ColourModel(preliminary_counts=True))
    assert (counted.colour, counted.preliminary) == (G, True) and "(preliminärt)" in counted.reason


# -- the goal: states and contributors -------------------------------------------------------------------------------

def goal(indicators: tuple[Indicator, ...], start: date = date(2023, 1, 1)) -> Goal:
    return Goal("KF-M1", "Ett mål med flera ord", "", "Verksamhet", (), "", start, date(2026, 12, 31), None,
                indicators, {}, "kommun", LOC)


def result(colour: Colour) -> IndicatorResult:
    return IndicatorResult(ind(), "2025", None, None, None, None, None, colour, "")


@pytest.mark.parametrize(("colours", "expected"), [
    ([NOT_DUE, NOT_DUE], NOT_DUE),
    ([NOT_DUE, B], B),  # a missing measurement says more than one that was not due
    ([NOT_DUE, Y], Y),
    ([NOT_STARTED], NOT_STARTED),
    ([NOT_STARTED, NOT_DUE], NOT_DUE),
    ([], B),
])
def test_goal_states_without_a_measured_indicator(colours: list[Colour], expected: Colour) -> None:
    assert indicator_colour([result(c) for c in colours], ColourModel())[0] is expected


def test_a_goal_that_starts_after_the_period_is_not_started() -> None:
    r = goal_result(goal((ind("öka", {"2025": 1}, {"2025": 1}),), start=date(2026, 1, 1)), Y2025)
    assert (r.colour, r.indicators[0].colour) == (NOT_STARTED, NOT_STARTED)
    assert "Målet börjar 2026-01-01, efter 2025." in r.indicators[0].reason


@pytest.mark.parametrize(("method", "kids", "expected"), [
    ("poäng", [G, G, G, R], Y),  # (1 + 1 + 1 + 0) / 4 = 0.75
    ("poäng", [G, G, G, G, Y], G),  # 0.9
    ("andel_grön", [G, G, G, R], Y),  # 3/4
    ("andel_grön", [G, G, G, G, Y], G),  # 4/5 = 0.8
    ("andel_grön", [G, B, NOT_DUE], G),  # svart and the states are not weighed
    ("poäng", [B, B], B),
    ("poäng", [NOT_DUE], NOT_DUE),
])
def test_a_goal_without_indicators_from_its_contributors(method: str, kids: list[Colour], expected: Colour) -> None:
    model = ColourModel(goals_without_indicators="bidragande", contributor_method=method)
    children = [goal_result(goal(()), Y2025) for _ in kids]
    from dataclasses import replace
    children = [replace(c, colour=k) for c, k in zip(children, kids, strict=True)]
    r = goal_result(goal(()), Y2025, model, contributors=children)
    assert (r.colour, r.basis) == (expected, "bidragande")


# -- properties ----------------------------------------------------------------------------------------------------

RANK = {G: 0, Y: 1, R: 2, B: 3}
numbers = st.floats(min_value=-1e5, max_value=1e5, allow_nan=False, allow_infinity=False)
models = st.sampled_from([ColourModel(), ColourModel(rounding=0), ColourModel(rounding=2),
                          ColourModel(model="andel_av_målvärdet", rounding=0, share_yellow=0.95),
                          ColourModel(model="andel_av_målvärdet", green_from=0.98),
                          ColourModel(model="andel_av_målvärdet", green_from=1.05, share_yellow=0.9)])


@settings(max_examples=300, deadline=None)
@given(direction=st.sampled_from(["öka", "minska"]), bound=numbers, strict=st.booleans(), a=numbers, b=numbers,
       model=models)
def test_a_better_outcome_never_gives_a_worse_colour_against_a_bound(direction: str, bound: float, strict: bool,
                                                                    a: float, b: float, model: ColourModel) -> None:
    worse, better = sorted((a, b)) if direction == "öka" else sorted((a, b), reverse=True)
    spec = Bound(bound, None, strict, keys=("över",)) if direction == "öka" else \
        Bound(None, bound, high_strict=strict, keys=("under",))

    def c(value: float) -> Colour:
        return judged(ind(direction, {"2025": bound}, {"2025": value}, specs={"2025": spec}), model=model).colour

    assert RANK[c(better)] <= RANK[c(worse)]


@settings(max_examples=200, deadline=None)
@given(direction=st.sampled_from(["öka", "minska"]), base=numbers, change=st.floats(-90, 90), relative_=st.booleans(),
       strict=st.booleans(), a=numbers, b=numbers)
def test_a_better_outcome_never_gives_a_worse_colour_against_a_relative_target(
        direction: str, base: float, change: float, relative_: bool, strict: bool, a: float, b: float) -> None:
    worse, better = sorted((a, b)) if direction == "öka" else sorted((a, b), reverse=True)
    spec = RelativeTarget("baslinje", change, relative_, strict)

    def c(value: float) -> Colour:
        return judged(ind(direction, {}, {"2025": value}, specs={"2025": spec}, baseline=("2020", base))).colour

    assert RANK[c(better)] <= RANK[c(worse)]


@settings(max_examples=200, deadline=None)
@given(direction=st.sampled_from(["öka", "minska"]), previous=numbers, tolerance=st.floats(0, 100), a=numbers,
       b=numbers)
def test_a_better_outcome_never_gives_a_worse_trend(direction: str, previous: float, tolerance: float, a: float,
                                                    b: float) -> None:
    worse, better = sorted((a, b)) if direction == "öka" else sorted((a, b), reverse=True)

    def c(value: float) -> Colour:
        return judged(ind(direction, {}, {"2024": previous, "2025": value}, trend=TrendRule("föregående",
                                                                                            tolerance))).colour

    assert RANK[c(better)] <= RANK[c(worse)]


states = st.sampled_from([G, Y, R, B, NOT_DUE, NOT_STARTED])


@settings(max_examples=200, deadline=None)
@given(items=st.lists(st.tuples(states, st.floats(min_value=0.01, max_value=1000)), max_size=10), data=st.data())
def test_order_and_scale_of_weights_change_nothing_with_the_states(items: list[tuple[Colour, float]],
                                                                   data: st.DataObject) -> None:
    def results(pairs: list[tuple[Colour, float]], factor: float = 1.0) -> list[IndicatorResult]:
        return [IndicatorResult(ind(weight=w * factor), "2025", None, None, None, None, None, c, "")
                for c, w in pairs]

    base = indicator_colour(results(items), ColourModel())
    assert indicator_colour(results(data.draw(st.permutations(items))), ColourModel()) == base
    assert indicator_colour(results(items, 2.0), ColourModel()) == base
    colour, score, measured = indicator_colour(results(items, 3.0), ColourModel())
    assert (colour, measured) == (base[0], base[2]) and (score is None) == (base[1] is None)
