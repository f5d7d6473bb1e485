"""`styr import`: many outcomes (or units' economy) from a table. Every row is checked first; if any has a problem
nothing is written, else each file is edited once in memory and all are written together, or none."""

from __future__ import annotations

from pathlib import Path

from styr.app.authoring.economy import record_economy
from styr.app.authoring.imported import Changed, Imported, Kind, RowError, edit_by_file, too_wide, unique_rows
from styr.app.authoring.outcomes import outside_note, range_problem
from styr.app.authoring.workspace import (
    AuthoringError,
    Closed,
    Workspace,
    closed_note,
    open_workspace,
    read_input,
    write,
)
from styr.edit import files
from styr.edit.document import Edit, EntryExists
from styr.edit.outcome import set_outcome
from styr.edit.scalars import EditError
from styr.edit.text import printable
from styr.edit.values import (
    OutcomeValue,
    ValueProblem,
    measured,
    outcome_value,
    outside,
    same_outcome,
    shown,
    swedish,
)
from styr.exchange import economy as economy_sheet
from styr.exchange import outcomes as sheet
from styr.exchange.economy import EconomySheet
from styr.exchange.outcomes import GOAL, INDICATOR, PERIOD, VALUE, OutcomeRow, OutcomeSheet
from styr.exchange.table import TableError
from styr.frozen import frozen
from styr.model.ids import goal_ids
from styr.model.periods import Period, PeriodError, parse_period
from styr.model.repository import Repository
from styr.model.types import Goal, Indicator
from styr.suggest import did_you_mean


@frozen
class Entry:
    """One outcome to record: from a table's row (`number`) or from Kolada (a running number)."""

    number: int
    goal: Goal
    indicator: Indicator
    period: Period
    value: OutcomeValue
    refines: bool = False
    """The entry may replace an outcome of the same measurement without --ersätt (Kolada adding references)."""

    @property
    def label(self) -> str:
        return f"{self.goal.id}/{self.indicator.id}"


def import_outcomes(file: str, path: Path, *, replace: bool, force: bool, dry_run: bool) -> Imported:
    """Read the table `file` (`-`: standard input) and record its outcomes in the goal repository at `path`; a table
    with a budget column holds units' economy instead (styr.app.authoring.economy)."""
    name = printable(file)
    data = read_input(file, sheet.MAX_BYTES)
    try:
        table = economy_sheet.read_sheet(data, name)
    except TableError as exc:
        raise AuthoringError(str(exc)) from None
    space = open_workspace(path)
    if isinstance(table, EconomySheet):
        result = Imported(name, table.table.encoding, Kind.ECONOMY)
        record_economy(space, table, result, replace=replace, force=force)
        return finish(space, result, dry_run=dry_run)
    result = Imported(name, table.table.encoding)
    rows = _check_rows(table, space.repo, force, result)
    return record(space, rows, result, replace=replace, force=force, dry_run=dry_run)


def record(space: Workspace, rows: list[Entry], result: Imported, *, replace: bool, force: bool,
           dry_run: bool) -> Imported:
    """Apply checked entries to their goal files, each file once, and write them all (or, with problems or a
    dry run, none). What happened is added to `result`."""
    # Edits happen in memory, so an existing outcome is reported together with the rows' own errors.
    # A late outcome may still arrive in a closed period; a decided one is not replaced without --force.
    _edit_files(space, rows, replace, None if force else closed_note(space.root, space.repo), result)
    return finish(space, result, dry_run=dry_run)


def finish(space: Workspace, result: Imported, *, dry_run: bool) -> Imported:
    """Write every file the import edited in memory, all or none; nothing with problems or on a dry run."""
    result.problems.sort(key=lambda p: p[0])
    result.changes.sort(key=lambda c: c.number)  # in the table's order, across files
    if result.problems or dry_run or not result.texts:
        return result
    plan = files.Plan(space.root)
    for target, (text, before) in result.texts.items():
        plan.replace(target, text, before)
    write(plan)
    result.written = True
    return result


def _check_rows(table: OutcomeSheet, repo: Repository, force: bool, result: Imported) -> list[Entry]:
    """Every row that records an outcome, checked against the repository; problems are collected, not raised."""
    return unique_rows(table.rows, lambda raw, errors: _check_row(table, repo, raw, force, errors),
                       lambda row: (row.goal.id, row.indicator.id, row.period.text),
                       lambda first, row: same_outcome(first.value.meant, row.value.meant),
                       lambda first, row: (f"rad {first.number} ger redan {row.label} för {row.period.text} utfallet "
                                           f"{swedish(first.value.text)}, den här raden {swedish(row.value.text)}. "
                                           "Ta bort den ena raden.", VALUE), result)


def _check_row(table: OutcomeSheet, repo: Repository, raw: OutcomeRow, force: bool,
               errors: list[RowError]) -> Entry | None:
    """The row as an outcome to record, or None when it has none (empty value) or has errors."""
    if not raw.value:
        return None
    if raw.extra:
        errors.append(too_wide(raw.width, table.width))
        return None
    goal: Goal | None = None
    indicator: Indicator | None = None
    try:
        goal, indicator = _indicator(table.separate_goal, repo, printable(raw.goal), printable(raw.indicator))
    except RowError as exc:
        errors.append(exc)
    period: Period | None = None
    try:
        period = parse_period(printable(raw.period))
    except PeriodError as exc:
        errors.append(RowError(str(exc) if raw.period else "perioden saknas.", PERIOD))
    value: OutcomeValue | None = None
    if indicator is not None and goal is not None:
        try:
            value = outcome_value(printable(raw.value), indicator, f"{goal.id}/{indicator.id}")
        except ValueProblem as exc:
            errors.append(RowError(str(exc), VALUE))
        problem = range_problem(indicator, value, f"{goal.id}/{indicator.id}") if value is not None else None
        if problem is not None:
            errors.append(RowError(problem, VALUE))
        if period is not None and not force and outside(goal, period):
            errors.append(RowError(outside_note(goal, period), PERIOD))
    if errors or goal is None or indicator is None or period is None or value is None:
        return None
    return Entry(raw.number, goal, indicator, period, value)


def _indicator(separate: bool, repo: Repository, goal_cell: str, ind_cell: str) -> tuple[Goal, Indicator]:
    goal_id, sep, ind_id = ind_cell.partition("/")
    goal_id, ind_id = goal_id.strip(), ind_id.strip()
    goal_column = INDICATOR
    if separate and not sep:
        goal_id, ind_id, goal_column = goal_cell, ind_cell, GOAL
    elif separate and goal_cell and goal_cell != goal_id:
        raise RowError(f"'{ind_cell}' hör till ett annat mål än kolumnen mål ('{goal_cell}').", INDICATOR)
    if not ind_cell:
        raise RowError("indikatorn saknas.", INDICATOR)
    if not goal_id or not ind_id:
        raise RowError("målet saknas." if separate else
                        f"ange indikatorn som MÅL-ID/INDIKATOR-ID, t.ex. BUN-M2/I1, inte '{ind_cell}'.", goal_column)
    goal = repo.goal_by_id.get(goal_id)
    if goal is None:
        raise RowError(f"målet '{goal_id}' finns inte. {did_you_mean(goal_id, goal_ids(repo))}".rstrip(),
                        goal_column)
    indicator = next((i for i in goal.indicators if i.id == ind_id), None)
    if indicator is None:
        choices = [i.id for i in goal.indicators]
        hint = did_you_mean(ind_id, choices, f"Målet har: {', '.join(choices) or 'inga indikatorer'}.")
        raise RowError(f"indikatorn '{ind_id}' finns inte i {goal_id}. {hint}", INDICATOR)
    return goal, indicator


def _edit_files(space: Workspace, rows: list[Entry], replace: bool, closed: Closed | None, result: Imported) -> None:
    """Apply the rows to each goal file's text in memory, in the table's order; nothing is written here."""
    edit_by_file(space, rows, lambda row: row.goal.path,
                 lambda path, original, text, row: _apply(path, original, text, row, replace, closed, result),
                 result, lambda row: row.label)


def _apply(path: str, original: str, text: str, row: Entry, replace: bool, closed: Closed | None,
           result: Imported) -> str:
    """The file's text with the row's outcome, or the same text when the row changes nothing or fails."""
    try:
        edit = _set(text, row, replace)
    except EntryExists as exists:
        line = exists.line if text == original else _original_line(original, row, exists.line)
        result.problem(row.number, f"{row.label} har redan utfallet {swedish(shown(exists.existing))} för "
                       f"{row.period.text} ({path}, rad {line}); använd --ersätt för att ersätta det med "
                       f"{swedish(row.value.text)}.", VALUE)
        return text
    except EditError as exc:
        result.problem(row.number, f"{row.label} {row.period.text}: {path}: {exc}", label=row.label)
        return text
    if not edit.changed:
        result.unchanged += 1
        return text
    note = closed(row.goal, row.period) if closed is not None and edit.previous is not None else None
    if note is not None:
        result.problem(row.number, note, PERIOD, label=row.label)
        return text
    previous = None if edit.previous is None else shown(edit.previous)
    result.changes.append(Changed(row.number, row.label, row.period.text, row.value.text, previous))
    return edit.text


def _set(text: str, row: Entry, replace: bool) -> Edit:
    """The outcome set in the text; an entry that `refines` may replace the same measurement (adding its
    reference values) without `replace`."""
    try:
        return set_outcome(text, row.indicator.id, row.period.text, row.value, replace=replace)
    except EntryExists as exists:
        if row.refines and same_outcome(measured(exists.existing), measured(row.value.meant)):
            return set_outcome(text, row.indicator.id, row.period.text, row.value, replace=True)
        raise


def _original_line(original: str, row: Entry, fallback: int) -> int:
    """The existing outcome's line in the file as it is on disk, before this import's earlier inserts."""
    try:
        set_outcome(original, row.indicator.id, row.period.text, row.value)
    except EntryExists as exists:
        return exists.line
    except EditError:
        pass
    return fallback
