"""`styr status`: the goal chain with the fulfilment colours of one period, as a tree or as JSON."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import Annotated

import typer

from styr.app.pipeline import apply_overrides, loading_diagnostics, open_source, read_repository
from styr.commands.common import DateOpt, PathArg, RevOpt, fail, make_settings
from styr.diagnostics import Severity
from styr.fulfilment.evaluate import default_period, evaluate, goals_in_scope
from styr.load.source import NotAGoalRepository
from styr.model import periods
from styr.model.repository import Repository
from styr.model.types import Unit
from styr.suggest import did_you_mean

FORMATS = {"text": "text", "tekst": "text", "json": "json"}


def status(
    path: PathArg = Path("."),
    period: Annotated[
        str | None,
        typer.Option("--period", "-p", help="Perioden att visa, t.ex. 2026-H1, 2026 eller 2026-Q3 (standard: den "
                     "senast avslutade uppföljningsperioden enligt styrmodell.yaml: uppföljning).",
                     show_default=False),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option("--unit", "-u", help="Visa bara en enhet och enheterna under den, t.ex. BUN.", show_default=False),
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text (ett träd) eller json.")] = "text",
    explain: Annotated[
        str | None,
        typer.Option("--explain", "-e", help="Förklara ett måls färg steg för steg, t.ex. BUN-M2.", show_default=False),
    ] = None,
    today: DateOpt = None,
    rev: RevOpt = None,
) -> None:
    """Visa måluppfyllelsen: målkedjan som ett träd med färg, form och ord för varje mål."""
    from styr.render.json.status import render_status_json
    from styr.render.registry import wants_color
    from styr.render.terminal.status import render_explain_text, render_status_text

    kind = FORMATS.get(fmt.strip().lower())
    if kind is None:
        fail(f"okänt format '{fmt}'. Välj text eller json.")
    settings = make_settings(path, today, rev)
    try:
        # Read and model only: checking the repository is 'styr validate's job. What reading found is noted,
        # as it is what can leave a colour incomplete (an unreadable goal file, a value the schema refuses).
        loaded, repo = read_repository(open_source(settings))
    except NotAGoalRepository as exc:
        fail(str(exc))
    try:
        chosen = periods.parse_period(period) if period is not None else default_period(repo, settings.today)
    except periods.PeriodError as exc:
        fail(str(exc))
    scope_unit = _find_unit(repo, unit) if unit is not None else None
    results = evaluate(repo, chosen, explain=explain is not None)
    scope = [g for g in goals_in_scope(repo, scope_unit) if g.id in results and results[g.id].goal is g]
    isatty = sys.stdout.isatty()
    color = wants_color(dict(os.environ), isatty)
    width = _width(isatty)
    found = apply_overrides(loading_diagnostics(loaded), repo)
    errors = sum(1 for d in found if d.severity is Severity.ERROR)
    if errors:
        typer.echo(f"styr: obs! målrepots filer har {errors} fel; färgerna kan vara ofullständiga. "
                   "Kör 'styr validate'.", err=True)
    if explain is not None:
        goal_id = explain.strip()
        if goal_id not in results and goal_id.upper() in results:
            goal_id = goal_id.upper()
        if goal_id not in results:
            hint = did_you_mean(goal_id, results, "")
            fail(f"okänt mål '{explain}'. {hint}".rstrip())
        r = results[goal_id]
        if kind == "json":
            typer.echo(render_status_json(repo, [r], chosen, settings.today, unit, explain=True))
        else:
            typer.echo(render_explain_text(r, color=color, width=width).rstrip("\n"), color=color)
        return
    if kind == "json":
        typer.echo(render_status_json(repo, [results[g.id] for g in scope], chosen, settings.today,
                                      scope_unit.id if scope_unit else None))
    else:
        # color= keeps click from stripping the styles when FORCE_COLOR asks for them on a pipe
        typer.echo(render_status_text(repo, results, scope, chosen, unit=scope_unit, color=color,
                                      width=width).rstrip("\n"), color=color)


def _width(isatty: bool) -> int:
    """The terminal's width; on a pipe COLUMNS if set, else no wrapping (grep and diff want whole lines)."""
    if isatty:
        return shutil.get_terminal_size((100, 24)).columns
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else 1000


def _find_unit(repo: Repository, unit_id: str) -> Unit:
    wanted = unit_id.strip()
    found = repo.unit_by_id.get(wanted) or repo.unit_by_id.get(wanted.upper())
    if found is None:
        ids = sorted(repo.unit_by_id)
        hint = did_you_mean(wanted, ids, "Enheter: " + ", ".join(ids) + "." if len(ids) <= 30 else "")
        fail(f"okänd enhet '{unit_id}'. {hint}".rstrip())
    return found
