"""Which periods are closed, and for whom: listed under stängda_perioder, or a bokslut or delår adopted by an organ
over the goal's unit. Used by U06 and H03 and by the authoring commands, which ask before they change a closed
value."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from styr.frozen import frozen
from styr.model.periods import Period, PeriodError, contains, parse_period
from styr.model.repository import Repository
from styr.model.types import Goal, Unit
from styr.rules.context import Decision, HistoryReader


@frozen
class Closure:
    """A closed period and why: adopted by an organ (which scopes it), or listed in styrmodell.yaml."""

    period: Period
    reason: str
    organ: str | None = None


def listed_closed(current: Repository, base: Repository | None = None) -> list[str]:
    """The periods under `stängda_perioder` now and, in a `--base` run, at the base: taking a period out of the
    list in the same change does not reopen it."""
    listed = list(current.config.closed_periods) if current.config else []
    if base is not None and base.config is not None:
        listed += base.config.closed_periods
    return listed


def closures(listed: Iterable[str], decisions: Iterable[Decision]) -> list[Closure]:
    """Every closed period: those listed (each once), then each adopted bokslut or delår."""
    out: list[Closure] = []
    for raw in dict.fromkeys(listed):
        try:
            out.append(Closure(parse_period(raw), f"{raw} står under stängda_perioder i styrmodell.yaml"))
        except PeriodError:
            continue  # F06 reports the bad period itself
    for d in decisions:
        if d.period is not None:
            out.append(Closure(parse_period(d.period), d.describe(), d.organ))
    return out


class ClosedScope:
    """For a unit and a period, the closure that covers it. An adoption by an organ the model does not know (a
    typo, an old name) closes the period for everyone: better too strict than a hole."""

    def __init__(self, current: Repository, found: list[Closure]) -> None:
        self.closures = found
        self._known = {n.casefold() for u in current.units for n in _unit_organs(current, u)}
        self._organs = _organs_above(current)

    def closure(self, unit_folder: str, period: Period) -> Closure | None:
        if not self.closures:
            return None
        organs = self._organs(unit_folder)
        for c in self.closures:
            applies = c.organ is None or c.organ.casefold() in organs or c.organ.casefold() not in self._known
            if applies and contains(c.period, period):
                return c
        return None

    def of_goal(self, goal: Goal) -> Callable[[str], Closure | None]:
        """For a period key as written in the goal's file: its closure, or None (also for a key that is no
        period: F06 reports that)."""

        def closed(key: str) -> Closure | None:
            try:
                p = parse_period(key)
            except PeriodError:
                return None
            return self.closure(goal.unit_folder, p)

        return closed


@frozen(slots=False)
class ClosedSinceBase:
    """What a `--base` run protects: the repository as it was at the base, every closure, and who each closes —
    judged both on the base (the organs as they were when the period was closed) and now, so that renaming an
    organ or moving its scope in the same change does not reopen a period."""

    base: Repository
    closures: list[Closure]
    then: ClosedScope
    now: ClosedScope

    def of(self, then_goal: Goal | None, now_goal: Goal | None) -> Callable[[str], Closure | None]:
        """For a period key as written: the closure that covers the goal at the base or now, or None."""
        checks = [scope.of_goal(g) for scope, g in ((self.then, then_goal), (self.now, now_goal)) if g is not None]

        def closed(key: str) -> Closure | None:
            for check in checks:
                if (hit := check(key)) is not None:
                    return hit
            return None

        return closed

    def periods(self) -> list[Period]:
        """Each closed period once, in the order the closures came."""
        return list({c.period.text: c.period for c in self.closures}.values())


def closed_since_base(current: Repository, history: HistoryReader) -> ClosedSinceBase | None:
    """The closures a `--base` run compares with the base; None without a base or when nothing is closed.
    Raises HistoryUnavailable when the base or the decisions cannot be read."""
    if history.base is None:
        return None
    decisions = history.decisions()
    base = history.base_repository()
    found = closures(listed_closed(current, base), decisions)
    if not found:
        return None
    return ClosedSinceBase(base, found, ClosedScope(base, found), ClosedScope(current, found))


def _organs_above(repo_model: Repository) -> Callable[[str], set[str]]:
    """For a unit folder: the organs above it (its own and its ancestors' organ, id and level body)."""
    cache: dict[str, set[str]] = {}

    def of(folder: str) -> set[str]:
        if folder in cache:
            return cache[folder]
        unit = repo_model.unit_by_folder.get(folder)
        names: set[str] = set()
        seen: set[str] = set()
        while unit is not None and unit.folder not in seen:
            seen.add(unit.folder)
            names.update(n.casefold() for n in _unit_organs(repo_model, unit))
            unit = repo_model.parent(unit)
        cache[folder] = names
        return names

    return of


def _unit_organs(repo_model: Repository, unit: Unit) -> list[str]:
    """The names an organ over this unit may go by: the unit's organ, its id and its level's decision body."""
    level = repo_model.level_of(unit)
    return [n for n in (unit.organ, unit.id, level.decision_body if level else None) if n]


def by_period(mapping: Any) -> dict[str, tuple[str, Any]]:
    """Period-keyed entries under their canonical period text: `2026-q1` and `2026-Q1` are the same period."""
    out: dict[str, tuple[str, Any]] = {}
    if isinstance(mapping, Mapping):
        for key, value in mapping.items():
            try:
                out[parse_period(str(key)).text] = (str(key), value)
            except PeriodError:
                out[str(key)] = (str(key), value)
    return out
