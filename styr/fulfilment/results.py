"""The values goal fulfilment produces: colours and per-indicator and per-goal results for one period."""

from __future__ import annotations

from dataclasses import dataclass, field

from styr.model.types import Assessment, Goal, Indicator, OutcomeValue, TargetValue
from styr.model.vocab import COLOURS, Colour


def empty_distribution() -> dict[Colour, int]:
    return {c: 0 for c in COLOURS}


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    """How one indicator did in one period, and why (in Swedish)."""

    indicator: Indicator
    period: str
    target: TargetValue | None
    target_period: str | None
    outcome: OutcomeValue | None
    outcome_period: str | None
    ratio: float | None
    colour: Colour
    reason: str


@dataclass(frozen=True, slots=True)
class GoalResult:
    """A goal's fulfilment in one period: the indicator-based colour, the chef's assessment and the total."""

    goal: Goal
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
