"""Ids and their unit's prefix: a goal or activity of BUN is named BUN-…, so its id says where it belongs.

An id without its unit's prefix (`BNU-M1` in BUN's folder) is reported by rule K10; and it is never offered
back as "Menade du …?", which would spread the misspelling to the links that point at it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from styr.model.repository import Repository
from styr.model.types import Activity, Goal, Unit


def unit_prefix(unit: Unit) -> str:
    """`BUN-` for the unit BUN."""
    return f"{unit.id}-"


def carries_prefix(repo: Repository, item: Goal | Activity) -> bool:
    """Whether the id starts with its unit's prefix (an item outside any unit, or of a unit without id, does)."""
    unit = repo.unit_of(item)
    return unit is None or not unit.id or item.id.startswith(unit_prefix(unit))


def suggestable(repo: Repository, items: Iterable[Goal | Activity]) -> list[str]:
    """The ids of `items` that may be offered as 'Menade du …?': those that carry their unit's prefix."""
    return [item.id for item in items if item.id and carries_prefix(repo, item)]


def goal_ids(repo: Repository) -> list[str]:
    """Every goal id that may be suggested."""
    return suggestable(repo, repo.goals)


def activity_ids(repo: Repository) -> list[str]:
    """Every activity id that may be suggested."""
    return suggestable(repo, repo.activities)


def corrected(repo: Repository, item: Goal | Activity, kind: str) -> str:
    """The id the item should have: its own ending (`M1`) after the unit's prefix when that id is free, else the
    unit's next free number (`kind` is M for a goal, A for an activity)."""
    unit = repo.unit_of(item)
    assert unit is not None
    taken = {g.id for g in repo.goals} | {a.id for a in repo.activities} | {u.id for u in repo.units}
    ending = item.id.rsplit("-", 1)[-1]
    if re.fullmatch(rf"{kind}\d+", ending) and unit_prefix(unit) + ending not in taken:
        return unit_prefix(unit) + ending
    pattern = re.compile(re.escape(unit_prefix(unit) + kind) + r"(\d{1,9})")
    numbers = [int(m[1]) for t in taken if (m := pattern.fullmatch(t))]
    return f"{unit_prefix(unit)}{kind}{max(numbers, default=0) + 1}"
