"""`styr status`: the fulfilment of the goals in a unit scope for one period, or one goal explained."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from styr.app.errors import AppError
from styr.app.pipeline import apply_overrides, loading_diagnostics
from styr.app.scope import choose_scope
from styr.app.workspace import Opened, open_repository, settings_for
from styr.diagnostics import Severity
from styr.frozen import frozen
from styr.fulfilment.evaluate import evaluate, goals_in_scope
from styr.fulfilment.results import GoalResult
from styr.model.ids import goal_ids
from styr.model.repository import Repository
from styr.render.views import StatusView
from styr.suggest import did_you_mean

StatusRenderer = Callable[[StatusView], str]


@frozen(slots=False)
class StatusResult:
    """The status as rendered, and notes for the user (Swedish) on what may make it incomplete."""

    text: str
    notes: tuple[str, ...] = ()


def status(path: Path, render: StatusRenderer, *, today: str | None = None, rev: str | None = None,
           period: str | None = None, unit: str | None = None, explain: str | None = None) -> StatusResult:
    """Read and model the repository (checking it is 'styr validate's job), judge every goal for the period
    and render the goals of `unit` and the units below it (or the goal `explain` names). Raises AppError."""
    opened = open_repository(settings_for(path, today, rev), model_only=True)
    repo = opened.repo
    scope = choose_scope(repo, period, unit, opened.settings.today)
    results = evaluate(repo, scope.period, explain=explain is not None)
    goals = tuple(g for g in goals_in_scope(repo, scope.unit) if g.id in results and results[g.id].goal is g)
    explained = _explained(repo, results, explain) if explain is not None else None
    view = StatusView(repo, scope.period, opened.settings.today, results, goals, scope.unit, explained)
    return StatusResult(render(view), _notes(opened))


def _explained(repo: Repository, results: dict[str, GoalResult], text: str) -> GoalResult:
    """The goal `--explain` names, in any letter case."""
    goal_id = text.strip()
    if goal_id not in results and goal_id.upper() in results:
        goal_id = goal_id.upper()
    if goal_id not in results:
        suggested = [i for i in goal_ids(repo) if i in results]
        raise AppError(f"okänt mål '{text}'. {did_you_mean(goal_id, suggested, '')}".rstrip())
    return results[goal_id]


def _notes(opened: Opened) -> tuple[str, ...]:
    """What reading found is noted: an unreadable goal file or a value the schema refuses can leave a colour
    incomplete."""
    found = apply_overrides(loading_diagnostics(opened.loaded), opened.repo)
    errors = sum(1 for d in found if d.severity is Severity.ERROR)
    if not errors:
        return ()
    return (f"obs! målrepots filer har {errors} fel; färgerna kan vara ofullständiga. Kör 'styr validate'.",)
