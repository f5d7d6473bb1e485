"""Goal fulfilment of a whole repository for one report period: every goal once, then the roll-up."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from styr.fulfilment.goal import goal_result, with_contributors
from styr.fulfilment.results import GoalResult
from styr.model import periods
from styr.model.periods import Period, PeriodError
from styr.model.repository import Repository
from styr.model.types import ColourModel, Goal, Unit
from styr.model.vocab import ColourModelKind, YearKind

__all__ = [
    "colour_model",
    "default_period",
    "evaluate",
    "goals_in_scope",
    "is_lasar_unit",
    "unit_period",
    "units_in_scope",
]


def colour_model(repo: Repository) -> ColourModel:
    """The repository's colour model; an unknown `modell` (reported by the schema rules) falls back to standard."""
    model = repo.config.colour if repo.config is not None else ColourModel()
    if ColourModelKind.get(model.model) is None:
        return replace(model, model=ColourModelKind.STANDARD.value)
    return model


def is_lasar_unit(unit: Unit | None) -> bool:
    """A unit that plans per läsår (`verksamhetsår: läsår` in its styrkort)."""
    return unit is not None and unit.year_kind == YearKind.LASAR


def unit_period(unit: Unit | None, period: Period) -> Period:
    """The period a unit's goals are judged for in a report of `period` — the one place where läsår units
    are mapped into the calendar-year report (rule: `periods.lasar_for_calendar_period`): bokslutet 2026
    shows läsåret 2025/26, delåret 2026-H1 höstterminen 2025 (2025/26-HT). A läsår or termin asked for
    explicitly is used as it is, for every unit: a calendar unit then shows its outcomes inside it."""
    if is_lasar_unit(unit):
        return periods.lasar_for_calendar_period(period)
    return period


def evaluate(repo: Repository, period: Period, *, explain: bool = True) -> dict[str, GoalResult]:
    """GoalResult of every goal (by id; a duplicated id keeps its first goal, as the model's index does) for
    the report period. Linear: each goal is judged once, then contributors are counted from the results.
    `explain=False` skips the `explanation` lines (for callers that only show colours)."""
    model = colour_model(repo)
    own: dict[str, GoalResult] = {}
    for goal in repo.goals:
        if goal.id in own:
            continue
        mapped = unit_period(repo.unit_of(goal), period)
        own[goal.id] = goal_result(goal, mapped, model, report_period=period, explain=explain)
    contributors = repo.contributors
    out: dict[str, GoalResult] = {}
    for gid, result in own.items():
        kids = [own[c.id] for c in contributors.get(gid, ()) if c.id in own and own[c.id].goal is c]
        out[gid] = with_contributors(result, kids)
    return out


def default_period(repo: Repository, today: date) -> Period:
    """The default report period: the latest follow-up period (`uppföljning`: kvartal, tertial, månad) that
    has ended on `today`. An unknown rhythm (reported by the schema rules) counts as kvartal."""
    rhythm = repo.config.follow_up if repo.config is not None else "kvartal"
    try:
        return periods.latest_ended(rhythm, today)  # type: ignore[arg-type]
    except PeriodError:
        return periods.latest_ended("kvartal", today)


def units_in_scope(repo: Repository, unit: Unit | None) -> list[Unit]:
    """The unit and every unit below it (all units when None), top-down in folder order."""
    if unit is None:
        return repo.walk()
    prefix = unit.folder + "/"
    return [u for u in repo.walk() if u.folder == unit.folder or u.folder.startswith(prefix)]


def goals_in_scope(repo: Repository, unit: Unit | None) -> list[Goal]:
    """The goals of `units_in_scope`, unit by unit, by id within a unit; goals whose folder has no styrkort
    come last when no unit is asked for."""
    folders = [u.folder for u in units_in_scope(repo, unit)]
    goals = [g for f in folders for g in repo.goals_by_unit.get(f, ())]
    if unit is None:
        known = set(folders)
        goals.extend(g for g in sorted(repo.goals, key=lambda g: (repo.order_key(g.id), g.id))
                     if g.unit_folder not in known)
    return goals
