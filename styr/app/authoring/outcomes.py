"""`styr utfall`: one outcome for one indicator, written as a one-line change of its goal file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from styr.app.authoring.workspace import (
    AuthoringError,
    argument,
    closed_note,
    goal_arg,
    open_workspace,
    period_arg,
    write,
)
from styr.edit import files
from styr.edit.document import EntryExists
from styr.edit.outcome import set_outcome
from styr.edit.scalars import EditError
from styr.edit.values import ValueProblem, outcome_value, outside, shown, swedish
from styr.model.periods import Period
from styr.model.types import Goal, Indicator
from styr.suggest import did_you_mean


@dataclass(frozen=True, slots=True)
class OutcomeRecorded:
    label: str
    """The indicator as MÅL-ID/INDIKATOR-ID."""
    period: str
    value: str
    """The outcome as it stands in the file."""
    path: str
    line: int
    previous: str | None
    """The outcome it replaced, as the user wrote it (None: a new one)."""
    changed: bool


def indicator_arg(goal: Goal, ind_id: str) -> Indicator:
    indicator = next((i for i in goal.indicators if i.id == ind_id), None)
    if indicator is None:
        choices = [i.id for i in goal.indicators]
        hint = did_you_mean(ind_id, choices, f"Målet har: {', '.join(choices) or 'inga indikatorer'}.")
        raise AuthoringError(f"indikatorn '{ind_id}' finns inte i {goal.id}. {hint}")
    return indicator


def outside_note(goal: Goal, period: Period) -> str:
    span = f"{goal.start or '?'}–{goal.end or '?'}"
    return (f"{period.text} ligger utanför målets tid ({span}), så utfallet skulle inte räknas (U02). "
            "Använd --force om det ändå ska skrivas.")


def record_outcome(path: Path, ref: str, period: str, value: str, *, replace: bool, force: bool) -> OutcomeRecorded:
    """Set an indicator's outcome for a period in its goal file. `ref` is MÅL-ID/INDIKATOR-ID, `value` the
    outcome as the user typed it. A decided outcome of a closed period changes only with `force`."""
    goal_id, sep, ind_id = argument(ref, "indikatorn").partition("/")
    if not sep or not goal_id.strip() or not ind_id.strip():
        raise AuthoringError(f"ange indikatorn som MÅL-ID/INDIKATOR-ID, t.ex. BUN-M2/I1, inte '{ref.strip()}'.")
    wanted = period_arg(period)
    space = open_workspace(path)
    goal = goal_arg(space, goal_id.strip())
    indicator = indicator_arg(goal, ind_id.strip())
    label = f"{goal.id}/{indicator.id}"
    try:
        written = outcome_value(argument(value, "utfallet"), indicator, label)
    except ValueProblem as exc:
        raise AuthoringError(str(exc)) from None
    if outside(goal, wanted) and not force:
        raise AuthoringError("varning: " + outside_note(goal, wanted))
    text, before = space.read(goal.path)
    try:
        edit = set_outcome(text, indicator.id, wanted.text, written, replace=replace)
    except EntryExists as exists:
        raise AuthoringError(f"{label} har redan utfallet {shown(exists.existing)} för {wanted.text} ({goal.path}, "
                             f"rad {exists.line}); använd --ersätt för att ersätta det med "
                             f"{swedish(written.text)}.") from None
    except EditError as exc:
        raise AuthoringError(f"{goal.path}: {exc}") from None
    result = OutcomeRecorded(label, wanted.text, swedish(written.text), goal.path, edit.line,
                             None if edit.previous is None else shown(edit.previous), edit.changed)
    if not edit.changed:
        return result
    # A late outcome may still arrive in a closed period; what was decided is not changed without --force.
    note = closed_note(space.root, space.repo)(goal, wanted) if edit.previous is not None and not force else None
    if note is not None:
        raise AuthoringError(note)
    plan = files.Plan(space.root)
    plan.replace(space.file(goal.path), edit.text, before)
    write(plan)
    return result
