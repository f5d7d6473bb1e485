"""`styr utfall`: one outcome for one indicator, written as a one-line change of its goal file."""

from __future__ import annotations

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
from styr.edit.values import OutcomeValue, ValueProblem, outcome_value, outside, shown, swedish
from styr.frozen import frozen
from styr.fulfilment.evaluate import default_frequency
from styr.fulfilment.selection import frequency_kind, usable_kinds
from styr.model.periods import Period, PeriodKind
from styr.model.types import Goal, Indicator
from styr.rules.s_smart import out_of_range
from styr.suggest import did_you_mean


@frozen
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
    note: str = ""
    """Why the outcome, written as asked, will not count (empty when it will): said after it was written."""


def indicator_arg(goal: Goal, ind_id: str) -> Indicator:
    indicator = next((i for i in goal.indicators if i.id == ind_id), None)
    if indicator is None:
        choices = [i.id for i in goal.indicators]
        hint = did_you_mean(ind_id, choices, f"Målet har: {', '.join(choices) or 'inga indikatorer'}.")
        raise AuthoringError(f"indikatorn '{ind_id}' finns inte i {goal.id}. {hint}")
    return indicator


def range_problem(indicator: Indicator, written: OutcomeValue, label: str) -> str | None:
    """Why `styr validate` would reject the outcome (S06: outside the indicator's range), or None. Written
    values are refused before any file changes, so a command never writes what the next check rejects."""
    meant = written.meant
    if isinstance(meant, bool) or not isinstance(meant, int | float):
        return None
    bounds = out_of_range(indicator, float(meant))
    if bounds is None:
        return None
    widen = " Kan måttet ligga utanför 0–100, ange 'värdeområde: {min: …, max: …}' på indikatorn." \
        if indicator.value_range is None and bounds == "0–100" else ""
    return (f"{label}: utfallet {swedish(written.text)} ligger utanför {bounds}, och 'styr validate' skulle "
            f"underkänna det (S06).{widen}")


def outside_note(goal: Goal, period: Period) -> str:
    span = f"{goal.start or '?'}–{goal.end or '?'}"
    return (f"{period.text} ligger utanför målets tid ({span}), så utfallet skulle inte räknas (U02). "
            "Använd --force om det ändå ska skrivas.")


def frequency_note(indicator: Indicator, default: PeriodKind, period: Period, label: str) -> str:
    """Why an outcome for `period` would not count for the indicator (rule U07: the period is not one it is
    measured in), or '' when it would. Written all the same: a partial-year figure kept as a delutfall is a choice."""
    frequency = frequency_kind(indicator.frequency, default)
    if period.kind in usable_kinds(frequency):
        return ""
    return (f"{label} mäts per {frequency.value} (mätfrekvens {frequency.value}), så utfallet för {period.text} "
            "räknas inte i måluppfyllelsen (U07). Ändra 'mätfrekvens', rätta perioden, eller skriv delutfallet "
            "som {värde: …, preliminärt: ja}.")


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
    problem = range_problem(indicator, written, label)
    if problem is not None:
        raise AuthoringError(problem)
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
    note = frequency_note(indicator, default_frequency(space.repo.unit_of(goal)), wanted, label)
    result = OutcomeRecorded(label, wanted.text, swedish(written.text), goal.path, edit.line,
                             None if edit.previous is None else shown(edit.previous), edit.changed, note)
    if not edit.changed:
        return result
    # A late outcome may still arrive in a closed period; what was decided is not changed without --force.
    closed = closed_note(space.root, space.repo)(goal, wanted) if edit.previous is not None and not force else None
    if closed is not None:
        raise AuthoringError(closed)
    plan = files.Plan(space.root)
    plan.replace(space.file(goal.path), edit.text, before)
    write(plan)
    return result
