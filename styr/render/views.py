"""What the application layer hands to the renderers of `status` and `årshjul`: one frozen value each, so that
every format of a command renders the same thing."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from styr.frozen import frozen
from styr.fulfilment.results import GoalResult
from styr.model.periods import Period
from styr.model.repository import Repository
from styr.model.types import Goal, Unit, WheelItem


@frozen(slots=False)
class Terminal:
    """How text for a terminal is laid out: colour (ANSI styles) and the width to wrap at."""

    color: bool = False
    width: int = 100


@frozen(slots=False)
class StatusView:
    """`styr status`: the goals of a unit scope with their fulfilment for one period, or one goal explained."""

    repo: Repository
    period: Period
    today: date
    results: Mapping[str, GoalResult]
    goals: tuple[Goal, ...]
    """The goals in scope, in the order they are listed."""
    unit: Unit | None
    explained: GoalResult | None = None
    """`--explain`: the one goal whose colour is explained step by step."""


@frozen(slots=False)
class WheelView:
    """`styr årshjul`: the items of the year's cycle in month order (file order within a month)."""

    items: tuple[WheelItem, ...]
    today: date
    municipality: str
    year: int
    """The year a calendar file is for."""
