"""Goal fulfilment of a whole repository for one report period: every goal once, then the roll-up.

Each goal is judged with the colour model of its unit: styrmodell.yaml's `färgmodell`, changed key by key by the
`färgmodell` of each styrkort from the top unit down to the goal's own (the nearest unit wins). A goal without
indicators under `mål_utan_indikatorer: bidragande` is judged after the goals that contribute to it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from styr.fulfilment.goal import assessed_colour, goal_result, indicator_colour, not_started, with_contributors
from styr.fulfilment.indicator import indicator_result
from styr.fulfilment.results import GoalResult
from styr.model import periods
from styr.model.periods import Period, PeriodError, PeriodKind
from styr.model.repository import Repository
from styr.model.types import ColourModel, Goal, Unit
from styr.model.vocab import Colour, ColourModelKind, GoalsWithoutIndicators, YearKind
from styr.wording.scale import Scale, scale_for

__all__ = [
    "colour_model",
    "colours",
    "default_frequency",
    "default_period",
    "evaluate",
    "goal_indicator_colour",
    "goals_in_scope",
    "is_lasar_unit",
    "unit_colour_model",
    "unit_period",
    "units_in_scope",
]


def colour_model(repo: Repository) -> ColourModel:
    """The repository's colour model; an unknown `modell` (reported by the schema rules) falls back to standard."""
    model = repo.config.colour if repo.config is not None else ColourModel()
    if ColourModelKind.get(model.model) is None:
        return replace(model, model=ColourModelKind.STANDARD.value)
    return model


def unit_colour_model(repo: Repository, unit: Unit | None, base: ColourModel | None = None) -> ColourModel:
    """The colour model of a unit's goals: the repository's, with the `färgmodell` of every styrkort from the top
    unit down to this one applied in turn (the nearest wins, key by key)."""
    model = base if base is not None else colour_model(repo)
    chain: list[Unit] = []
    while unit is not None:
        chain.append(unit)
        unit = repo.parent(unit)
    for u in reversed(chain):
        model = model.with_override(u.colour_override)
    if ColourModelKind.get(model.model) is None:
        model = replace(model, model=ColourModelKind.STANDARD.value)
    return model


def is_lasar_unit(unit: Unit | None) -> bool:
    """A unit that plans per läsår (`verksamhetsår: läsår` in its styrkort)."""
    return unit is not None and unit.year_kind == YearKind.LASAR


def default_frequency(unit: Unit | None) -> PeriodKind:
    """The `mätfrekvens` of an indicator that names none: läsår in a läsår unit, else helår."""
    return PeriodKind.LASAR if is_lasar_unit(unit) else PeriodKind.HELAR


def unit_period(unit: Unit | None, period: Period) -> Period:
    """The period a unit's goals are judged for in a report of `period` — the one place where läsår units
    are mapped into the calendar-year report (rule: `periods.lasar_for_calendar_period`): bokslutet 2026
    shows läsåret 2025/26, delåret 2026-H1 höstterminen 2025 (2025/26-HT). A läsår or termin asked for
    explicitly is used as it is, for every unit: a calendar unit then shows its outcomes inside it."""
    if is_lasar_unit(unit):
        return periods.lasar_for_calendar_period(period)
    return period


def goal_indicator_colour(repo: Repository, goal: Goal, period: Period, model: ColourModel | None = None) -> Colour:
    """The indicator-based colour of one goal for a report period, as `evaluate` judges it (for the rules and the
    authoring advice that compare an assessment with it); `model` is its unit's colour model when the caller has
    it. A goal without indicators gives svart."""
    unit = repo.unit_of(goal)
    judged = unit_period(unit, period)
    if not_started(goal, judged):
        return Colour.EJ_PABORJAT
    model = model if model is not None else unit_colour_model(repo, unit)
    frequency = default_frequency(unit)
    results = [indicator_result(i, judged, model, default_frequency=frequency, reason=False) for i in goal.indicators]
    return indicator_colour(results, model)[0]


class _Evaluation:
    """One evaluation: the unit models and each goal's own result, judged once."""

    def __init__(self, repo: Repository, period: Period, explain: bool, reasons: bool = True) -> None:
        self.repo, self.period, self.explain, self.reasons = repo, period, explain, reasons
        self.base = colour_model(repo)
        self.scale: Scale = scale_for(repo.config)
        self.models: dict[str, ColourModel] = {}
        self.own: dict[str, GoalResult] = {}
        self.busy: set[str] = set()

    def model(self, unit: Unit | None) -> ColourModel:
        if unit is None:
            return self.base
        found = self.models.get(unit.folder)
        if found is None:
            found = self.models[unit.folder] = unit_colour_model(self.repo, unit, self.base)
        return found

    def judge(self, goal: Goal) -> GoalResult:
        """The goal's own result (judging its contributors first when it is judged from them)."""
        done = self.own.get(goal.id)
        if done is not None:
            return done
        unit = self.repo.unit_of(goal)
        model = self.model(unit)
        kids = None
        if not goal.indicators and model.goals_without_indicators == GoalsWithoutIndicators.BIDRAGANDE:
            self.busy.add(goal.id)  # a cycle (K03) ends here: a goal being judged is not its own contributor
            kids = [self.judge(c) for c in self.contributors(goal) if c.id not in self.busy]
            self.busy.discard(goal.id)
        result = goal_result(goal, unit_period(unit, self.period), model, report_period=self.period,
                             explain=self.explain, default_frequency=default_frequency(unit), scale=self.scale,
                             contributors=kids, reasons=self.reasons)
        self.own[goal.id] = result
        return result

    def contributors(self, goal: Goal) -> list[Goal]:
        by_id = self.repo.goal_by_id
        return [c for c in self.repo.contributors.get(goal.id, ()) if by_id.get(c.id) is c]


def evaluate(repo: Repository, period: Period, *, explain: bool = True, reasons: bool = True
             ) -> dict[str, GoalResult]:
    """GoalResult of every goal (by id; a duplicated id keeps its first goal, as the model's index does) for
    the report period. Linear: each goal is judged once, then contributors are counted from the results.
    `explain=False` skips the `explanation` lines (for callers that only show colours); `reasons=False` the
    indicators' reasons too (for a period a report only compares with: its colours and outcomes)."""
    run = _Evaluation(repo, period, explain, reasons)
    for goal in repo.goals:
        if goal.id not in run.own and repo.goal_by_id.get(goal.id) is goal:
            run.judge(goal)
    own = run.own
    out: dict[str, GoalResult] = {}
    for gid, result in own.items():
        kids = [own[c.id] for c in run.contributors(result.goal) if c.id in own]
        out[gid] = with_contributors(result, kids, run.scale)
    return out


def colours(repo: Repository, period: Period) -> dict[str, Colour]:
    """The total colour of every goal for `period`, as `evaluate` gives it (each result's `colour`), for a period
    a report only compares with (the change arrows of its overview). A goal whose `bedömning` names a colour takes
    it whatever its indicators say, so only the goals without one are judged (without reasons); at a period that
    has ended, most goals have one."""
    run = _Evaluation(repo, period, explain=False, reasons=False)
    out: dict[str, Colour] = {}
    for goal in repo.goals:
        if goal.id in out or repo.goal_by_id.get(goal.id) is not goal:
            continue
        _, colour = assessed_colour(goal, unit_period(repo.unit_of(goal), period), period)
        out[goal.id] = colour if colour is not None else run.judge(goal).colour
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
