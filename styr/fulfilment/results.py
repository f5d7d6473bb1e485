"""The values goal fulfilment produces: colours and per-indicator and per-goal results for one period."""

from __future__ import annotations

from dataclasses import field

from styr.frozen import frozen
from styr.model.types import Assessment, Goal, Indicator, OutcomeValue, TargetValue
from styr.model.vocab import COLOURS, Colour, Trend, WeighsIn


def empty_distribution() -> dict[Colour, int]:
    """A count for every colour and state, all zero."""
    return {c: 0 for c in COLOURS}


@frozen
class IndicatorResult:
    """How one indicator did in one period, and why (in Swedish).

    `colour` is what weighs into the goal: the verdict against the target, or the trend when the indicator weighs
    its trend (`weighs_in`). Both verdicts are here to be shown side by side: `target_colour` (None without a
    target) and `trend` (None without a trend rule, or when it cannot be judged). For an indicator that is not
    due (ej_aktuell), `outcome` and `outcome_period` are its latest outcome before the period. `target` is the
    target as a number (a relative or multi-year target computed, `target_basis` says how)."""

    indicator: Indicator = field(repr=False)  # part of its goal: the report's page fingerprints hash the goal once
    period: str
    target: TargetValue | None
    target_period: str | None
    outcome: OutcomeValue | None
    outcome_period: str | None
    ratio: float | None
    colour: Colour
    reason: str
    target_colour: Colour | None = None
    trend: Trend | None = None
    trend_reason: str = ""
    weighs_in: WeighsIn = WeighsIn.MALVARDE
    preliminary: bool = False  # the outcome shown is marked preliminärt
    about: str | None = None  # the period the outcome shown is about (`avser`), when the file says so
    target_basis: str = ""
    references: tuple[tuple[str, float], ...] = ()  # reference values stored with the outcome shown (riket …)


@frozen
class GoalResult:
    """A goal's fulfilment in one period: the indicator-based colour, the chef's assessment and the total.

    `indicator_colour` may be a state: ej_aktuell when nothing was due, ej_påbörjat when the goal starts after
    the period. `measured` counts the indicators with a colour, `not_due` those with nothing due. `basis` is
    'bidragande' when a goal without indicators is judged from its contributors (mål_utan_indikatorer)."""

    goal: Goal = field(repr=False)  # the report's page fingerprints (render/site/inputs.py) hash the goal itself
    period: str
    indicators: tuple[IndicatorResult, ...]
    indicator_colour: Colour
    score: float | None
    measured: int
    total: int
    assessment: Assessment | None
    colour: Colour
    assessed: bool
    forecast: Colour | None
    contributors: dict[Colour, int] = field(default_factory=empty_distribution)
    explanation: tuple[str, ...] = ()
    # The calendar period the report was asked for; differs from `period` for läsår units (2026-H1 shows
    # 2025/26-HT). Empty when built by hand: then it is `period`.
    report_period: str = ""
    not_due: int = 0
    basis: str = ""


def changed(r: GoalResult, contributors: dict[Colour, int], explanation: tuple[str, ...]) -> GoalResult:
    """`dataclasses.replace(r, contributors=…, explanation=…)` built directly: `replace` looks the fields up
    each time, and evaluation calls this twice a goal (tests/test_speed_equal.py compares the two)."""
    return GoalResult(r.goal, r.period, r.indicators, r.indicator_colour, r.score, r.measured, r.total, r.assessment,
                      r.colour, r.assessed, r.forecast, contributors, explanation, r.report_period, r.not_due,
                      r.basis)
