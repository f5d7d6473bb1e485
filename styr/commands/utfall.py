"""`styr utfall`: record one outcome for an indicator, editing the goal file as little as possible."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from styr.commands.common import (
    DateOpt,
    PathArg,
    closed_note,
    fail,
    goal_arg,
    make_settings,
    period_arg,
    working_tree,
    write_atomically,
)
from styr.edit.outcome import EditError, OutcomeExists, set_outcome
from styr.edit.values import ValueProblem, outcome_text, outside, shown, swedish
from styr.model.periods import Period
from styr.model.types import Goal
from styr.suggest import did_you_mean


def utfall(
    ref: Annotated[str, typer.Argument(help="Indikatorn som MÅL-ID/INDIKATOR-ID, t.ex. BUN-M2/I1.",
                                       show_default=False)],
    period: Annotated[str, typer.Argument(help="Perioden, t.ex. 2026, 2026-H1, 2026-Q3 eller 2026/27.",
                                          show_default=False)],
    value: Annotated[str, typer.Argument(help="Utfallet: ett tal (87, 87.5 eller 87,5), eller ja/nej för "
                                         "indikatorer med riktning uppnått.", show_default=False)],
    path: PathArg = Path("."),
    replace: Annotated[bool, typer.Option("--replace", "--ersätt", "--ersatt",
                                          help="Ersätt ett befintligt, annat utfall.")]
    = False,
    force: Annotated[bool, typer.Option("--force", help="Skriv även för en period utanför målets tid.")] = False,
    today: DateOpt = None,
) -> None:
    """Registrera ett utfall för en indikator. Bara den raden ändras; kommentarer och format behålls."""
    goal_id, sep, ind_id = ref.strip().partition("/")
    if not sep or not goal_id or not ind_id:
        fail(f"ange indikatorn som MÅL-ID/INDIKATOR-ID, t.ex. BUN-M2/I1, inte '{ref}'.")
    wanted = period_arg(period)
    settings = make_settings(path, today)
    repo = working_tree(settings)
    goal = goal_arg(repo, goal_id)
    indicator = next((i for i in goal.indicators if i.id == ind_id), None)
    if indicator is None:
        choices = [i.id for i in goal.indicators]
        hint = did_you_mean(ind_id, choices, f"Målet har: {', '.join(choices) or 'inga indikatorer'}.")
        fail(f"indikatorn '{ind_id}' finns inte i {goal_id}. {hint}")
    try:
        value_text = outcome_text(value, indicator, f"{goal_id}/{ind_id}")
    except ValueProblem as exc:
        fail(str(exc))
    _check_time(goal, wanted, force)
    file = settings.root / goal.path
    label = f"{goal_id}/{ind_id}"
    try:
        text = file.read_bytes().decode("utf-8")
        edit = set_outcome(text, ind_id, wanted.text, value_text, replace=replace)
    except OutcomeExists as exists:
        fail(f"{label} har redan utfallet {shown(exists.existing)} för {wanted.text} ({goal.path}, rad "
             f"{exists.line}); använd --ersätt för att ersätta det med {swedish(value_text)}.")
    except (EditError, UnicodeDecodeError, OSError) as exc:
        fail(f"{goal.path}: {exc}")
    if not edit.changed:
        typer.echo(f"{label} har redan utfallet {swedish(value_text)} för {wanted.text}; inget ändrades.")
        return
    # A late outcome may still arrive in a closed period; what was decided is not changed without --force.
    closed = closed_note(settings.root, repo)(goal, wanted) if edit.previous is not None and not force else None
    if closed is not None:
        fail(closed)
    try:
        write_atomically(file, edit.text)
    except OSError as exc:
        fail(f"kunde inte skriva {goal.path}: {exc.strerror}")
    if edit.previous is not None:
        typer.echo(f"Ersatte utfallet {shown(edit.previous)} med {swedish(value_text)} för {wanted.text} i {label} "
                   f"({goal.path}, rad {edit.line}).")
    else:
        typer.echo(f"Skrev utfallet {swedish(value_text)} för {wanted.text} i {label} ({goal.path}, rad {edit.line}).")


def _check_time(goal: Goal, wanted: Period, force: bool) -> None:
    if outside(goal, wanted) and not force:
        span = f"{goal.start or '?'}–{goal.end or '?'}"
        fail(f"varning: {wanted.text} ligger utanför målets tid ({span}), så utfallet skulle inte räknas (U02). "
             "Använd --force om det ändå ska skrivas.")
