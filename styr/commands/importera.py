"""`styr import`: record many outcomes from a CSV file, editing each goal file once, as `styr utfall` does for one."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer

from styr.commands.common import (
    EXIT_FINDINGS,
    DateOpt,
    PathArg,
    closed_note,
    fail,
    make_settings,
    read_input,
    working_tree,
    write_atomically,
)
from styr.edit.outcome import EditError, OutcomeExists, same_outcome, scalar_value, set_outcome
from styr.edit.values import ValueProblem, outcome_text, outside, shown, swedish
from styr.model.periods import Period, PeriodError, parse_period
from styr.model.repository import Repository
from styr.model.types import Goal, Indicator
from styr.suggest import did_you_mean

GOAL, INDICATOR, PERIOD, VALUE = "mål", "indikator", "period", "utfall"
_COLUMNS = (GOAL, INDICATOR, PERIOD, VALUE)
_REQUIRED = (INDICATOR, PERIOD, VALUE)
_ALIASES = {"mal": GOAL}  # a header typed without å on a keyboard that lacks it
_DELIMITERS = (";", "\t", ",")  # Swedish Excel writes ';' because ',' is the decimal sign
MAX_CSV_BYTES = 20 * 2**20  # some hundred thousand rows; anything larger is read whole into memory for nothing
Closed = Callable[[Goal, Period], str | None]  # why a goal's period must not change (common.closed_note)
_COLUMN_HINT = "Rubrikraden ska ha kolumnerna indikator, period och utfall (eller mål, indikator, period och utfall)."


@dataclass(frozen=True, slots=True)
class _Table:
    name: str
    columns: dict[str, int]
    """Canonical column name -> index in each row."""
    width: int
    """Number of header cells, including ignored empty ones."""
    rows: list[tuple[int, list[str]]]
    """(line number in the file, cells) for every row that is not blank."""


@dataclass(frozen=True, slots=True)
class _Row:
    line: int
    goal: Goal
    indicator: Indicator
    period: Period
    value_text: str

    @property
    def label(self) -> str:
        return f"{self.goal.id}/{self.indicator.id}"


@dataclass(slots=True)
class _Tally:
    changes: list[tuple[_Row, object | None]] = field(default_factory=list)
    """Rows that change a file, with the outcome they replace (None for a new one)."""
    files: dict[Path, str] = field(default_factory=dict)
    """Goal file -> its new text."""
    unchanged: int = 0
    duplicates: int = 0
    empty: int = 0


class _RowError(Exception):
    def __init__(self, message: str, column: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


def import_outcomes(
    file: Annotated[Path, typer.Argument(
        metavar="FIL.csv", show_default=False,
        help="CSV-filen med utfallen (UTF-8, med rubrikrad; skiljetecken ; , eller tabb).")],
    path: PathArg = Path("."),
    replace: Annotated[bool, typer.Option("--replace", "--ersätt", "--ersatt",
                                          help="Ersätt befintliga utfall som skiljer sig från filens.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Skriv även för perioder utanför målets tid.")] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Visa vad som skulle ändras, skriv inget.")] = False,
    today: DateOpt = None,
) -> None:
    """Registrera många utfall på en gång från en CSV-fil, t.ex. en export från Excel eller Kolada.

    Rubrikraden ska ha kolumnerna indikator (MÅL-ID/INDIKATOR-ID, t.ex. BUN-M2/I1), period och utfall.
    Alternativt kolumnerna mål, indikator (t.ex. I1), period och utfall.
    Utfall skrivs som tal (87, 87,5, 87.5 eller 1 250) eller ja/nej för indikatorer med riktning uppnått.
    Rader med tomt utfall hoppas över.

    Alla rader kontrolleras innan något skrivs: har någon rad fel visas alla fel och ingen fil ändras.
    Varje målfil skrivs en gång och bara utfallen ändras; kommentarer och format behålls.
    """
    table = _read_table(file)
    settings = make_settings(path, today)
    repo = working_tree(settings)
    problems: list[tuple[int, str]] = []
    tally = _Tally()
    rows = _check_rows(table, repo, force, problems, tally)
    # Edits happen in memory, so an existing outcome is reported together with the rows' own errors.
    # A late outcome may still arrive in a closed period; a decided one is not replaced without --force.
    closed = None if force else closed_note(settings.root, repo)
    _edit_files(table.name, rows, settings.root, replace, closed, problems, tally)
    if problems:
        for _, problem in sorted(problems, key=lambda p: p[0]):
            typer.echo(problem, err=True)
        typer.echo(f"styr: {len(problems)} fel i {table.name}; inget skrevs. "
                   "Rätta filen och kör styr import igen.", err=True)
        raise typer.Exit(EXIT_FINDINGS)
    if dry_run:
        for row, previous in sorted(tally.changes, key=lambda change: change[0].line):  # in the CSV's order
            old = "–" if previous is None else swedish(shown(previous))
            typer.echo(f"{row.label} {row.period.text}: {old} → {swedish(row.value_text)}")
        typer.echo(_summary(tally, dry_run=True))
        typer.echo("Inget skrevs (--dry-run).")
        return
    written: list[Path] = []
    for target, text in tally.files.items():
        try:
            write_atomically(target, text)
        except typer.Exit:
            if written:  # the failed file is reported by write_atomically; say which ones already changed
                done = ", ".join(str(p.relative_to(settings.root)) for p in written)
                typer.echo(f"styr: dessa filer hann skrivas före felet: {done}", err=True)
            raise
        written.append(target)
    typer.echo(_summary(tally, dry_run=False))


# --- reading the CSV file ------------------------------------------------------------------------------

def _read_table(file: Path) -> _Table:
    """The CSV file's header and rows; every problem with the file as a whole ends the command (exit 2)."""
    name = str(file)
    data = read_input(name, MAX_CSV_BYTES)
    if len(data) > MAX_CSV_BYTES:
        fail(f"{name} är större än {MAX_CSV_BYTES // 2**20} MiB: är det rätt fil? Dela upp den i flera filer.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        fail(f"{name} är inte UTF-8 (rad {line}). Spara filen som \"CSV UTF-8\" i Excel och försök igen.")
    delimiter = _delimiter(text)
    # strict: a quote that never closes is an error rather than a field swallowing the rest of the file
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue  # blank lines and rows of bare delimiters, common at the end of Excel exports
            if header is None:
                header = cells
            else:
                rows.append((reader.line_num, cells))
    except csv.Error:
        fail(f"{name}:{reader.line_num}: raden kan inte läsas som CSV (kontrollera citattecknen).")
    if header is None:
        fail(f"{name} är tom. {_COLUMN_HINT}")
    return _Table(name, _columns(name, header), len(header), rows)


def _header_cells(text: str, delimiter: str) -> list[str]:
    try:
        for cells in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if any(c.strip() for c in cells):
                return cells
    except csv.Error:
        pass
    return []


def _delimiter(text: str) -> str:
    """The delimiter under which the header names the most known columns (then: gives the most cells).
    Decided on the header alone, since values such as 87,5 hold commas in a ';' file."""
    def score(delimiter: str) -> tuple[int, int]:
        cells = _header_cells(text, delimiter)
        return sum(_canonical(c) in _COLUMNS for c in cells), len(cells)
    return max(_DELIMITERS, key=score)


def _canonical(cell: str) -> str:
    # Excel on a Mac may write 'mål' decomposed; compare NFC and without case.
    name = unicodedata.normalize("NFC", cell).strip().casefold()
    return _ALIASES.get(name, name)


def _columns(name: str, header: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        column = _canonical(cell)
        if not column:
            continue  # a trailing delimiter gives an empty header cell; whatever stands below it is ignored
        if column not in _COLUMNS:
            hint = did_you_mean(column, _COLUMNS)
            if hint:  # most likely a misspelt column of ours: reading on would lose it
                fail(f"{name}: okänd kolumn '{cell.strip()}'. {hint} {_COLUMN_HINT}")
            continue  # a column of the spreadsheet's own (a name, a comment): not ours to read
        if column in columns:
            fail(f"{name}: kolumnen '{column}' finns två gånger i rubrikraden.")
        columns[column] = index
    missing = [c for c in _REQUIRED if c not in columns]
    if missing:
        have = ", ".join(c.strip() for c in header if c.strip()) or "inga kolumner"
        which = " och ".join(f"'{c}'" for c in missing)
        fail(f"{name}: kolumnen {which} saknas (rubrikraden har: {have}). {_COLUMN_HINT}"
             if len(missing) == 1 else
             f"{name}: kolumnerna {which} saknas (rubrikraden har: {have}). {_COLUMN_HINT}")
    return columns


# --- checking the rows ---------------------------------------------------------------------------------

def _check_rows(table: _Table, repo: Repository, force: bool, problems: list[tuple[int, str]],
                tally: _Tally) -> list[_Row]:
    """Every row that records an outcome, checked against the repository; problems are collected, not raised."""
    rows: list[_Row] = []
    seen: dict[tuple[str, str, str], _Row] = {}
    for line, cells in table.rows:
        errors: list[_RowError] = []
        row = _check_row(table, repo, line, cells, force, errors)
        problems.extend((line, _where(table.name, line, e)) for e in errors)
        if row is None:
            if not errors:
                tally.empty += 1
            continue
        key = (row.goal.id, row.indicator.id, row.period.text)
        first = seen.get(key)
        if first is None:
            seen[key] = row
            rows.append(row)
        elif same_outcome(scalar_value(first.value_text), scalar_value(row.value_text)):
            tally.duplicates += 1
        else:
            problems.append((line, _where(table.name, line, _RowError(
                f"rad {first.line} ger redan {row.label} för {row.period.text} utfallet "
                f"{swedish(first.value_text)}, den här raden {swedish(row.value_text)}. "
                "Ta bort den ena raden.", VALUE))))
    return rows


def _where(name: str, line: int, error: _RowError) -> str:
    column = f" kolumn {error.column}:" if error.column else ""
    return f"{name}:{line}:{column} {error.message}"


def _check_row(table: _Table, repo: Repository, line: int, cells: list[str], force: bool,
               errors: list[_RowError]) -> _Row | None:
    """The row as an outcome to record, or None when it has none (empty value) or has errors."""
    def cell(column: str) -> str:
        index = table.columns.get(column)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    value = cell(VALUE)
    if not value:
        return None
    if len(cells) > table.width and any(c.strip() for c in cells[table.width:]):
        errors.append(_RowError(f"raden har fler fält ({len(cells)}) än rubrikraden ({table.width}). "
                                "Finns ett decimalkomma i ett fält utan citattecken?"))
        return None
    indicator: Indicator | None = None
    goal: Goal | None = None
    try:
        goal, indicator = _indicator(table, repo, cell(GOAL), cell(INDICATOR))
    except _RowError as exc:
        errors.append(exc)
    period: Period | None = None
    try:
        period = parse_period(cell(PERIOD))
    except PeriodError as exc:
        errors.append(_RowError(str(exc) if cell(PERIOD) else "perioden saknas.", PERIOD))
    value_text: str | None = None
    if indicator is not None and goal is not None:
        try:
            value_text = _value_text(value, goal, indicator)
        except _RowError as exc:
            errors.append(exc)
        if period is not None and not force and outside(goal, period):
            span = f"{goal.start or '?'}–{goal.end or '?'}"
            errors.append(_RowError(f"{period.text} ligger utanför målets tid ({span}), så utfallet skulle "
                                    "inte räknas (U02). Använd --force om det ändå ska skrivas.", PERIOD))
    if errors or goal is None or indicator is None or period is None or value_text is None:
        return None
    return _Row(line, goal, indicator, period, value_text)


def _indicator(table: _Table, repo: Repository, goal_cell: str, ind_cell: str) -> tuple[Goal, Indicator]:
    separate = GOAL in table.columns
    goal_id, sep, ind_id = ind_cell.partition("/")
    goal_id, ind_id = goal_id.strip(), ind_id.strip()
    goal_column = INDICATOR
    if separate and not sep:
        goal_id, ind_id, goal_column = goal_cell, ind_cell, GOAL
    elif separate and goal_cell and goal_cell != goal_id:
        raise _RowError(f"'{ind_cell}' hör till ett annat mål än kolumnen mål ('{goal_cell}').", INDICATOR)
    if not ind_cell:
        raise _RowError("indikatorn saknas.", INDICATOR)
    if not goal_id or not ind_id:
        raise _RowError("målet saknas." if separate else
                        f"ange indikatorn som MÅL-ID/INDIKATOR-ID, t.ex. BUN-M2/I1, inte '{ind_cell}'.", goal_column)
    goal = repo.goal_by_id.get(goal_id)
    if goal is None:
        raise _RowError(f"målet '{goal_id}' finns inte. {did_you_mean(goal_id, repo.goal_by_id)}".rstrip(),
                        goal_column)
    indicator = next((i for i in goal.indicators if i.id == ind_id), None)
    if indicator is None:
        choices = [i.id for i in goal.indicators]
        hint = did_you_mean(ind_id, choices, f"Målet har: {', '.join(choices) or 'inga indikatorer'}.")
        raise _RowError(f"indikatorn '{ind_id}' finns inte i {goal_id}. {hint}", INDICATOR)
    return goal, indicator


def _value_text(raw: str, goal: Goal, indicator: Indicator) -> str:
    try:
        return outcome_text(raw, indicator, f"{goal.id}/{indicator.id}")
    except ValueProblem as exc:
        raise _RowError(str(exc), VALUE) from exc


# --- editing the goal files ----------------------------------------------------------------------------

def _edit_files(name: str, rows: list[_Row], root: Path, replace: bool, closed: Closed | None,
                problems: list[tuple[int, str]], tally: _Tally) -> None:
    """Apply the rows to each goal file's text in memory, in CSV order; nothing is written here."""
    by_file: dict[str, list[_Row]] = {}
    for row in rows:
        by_file.setdefault(row.goal.path, []).append(row)
    for path, file_rows in by_file.items():
        target = root / path
        try:
            original = target.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            reason = getattr(exc, "strerror", None) or "filen är inte UTF-8"
            problems.extend((r.line, _where(name, r.line, _RowError(f"kan inte läsa {path}: {reason}.")))
                            for r in file_rows)
            continue
        text = original
        for row in file_rows:
            try:
                edit = set_outcome(text, row.indicator.id, row.period.text, row.value_text, replace=replace)
            except OutcomeExists as exists:
                line = exists.line if text == original else _original_line(original, row, exists.line)
                problems.append((row.line, _where(name, row.line, _RowError(
                    f"{row.label} har redan utfallet {swedish(shown(exists.existing))} för {row.period.text} "
                    f"({path}, rad {line}); använd --ersätt för att ersätta det med {swedish(row.value_text)}.",
                    VALUE))))
                continue
            except EditError as exc:
                message = f"{row.label} {row.period.text}: {path}: {exc}"
                problems.append((row.line, _where(name, row.line, _RowError(message))))
                continue
            if not edit.changed:
                tally.unchanged += 1
                continue
            note = closed(row.goal, row.period) if closed is not None and edit.previous is not None else None
            if note is not None:
                problems.append((row.line, _where(name, row.line, _RowError(note, PERIOD))))
                continue
            text = edit.text
            tally.changes.append((row, edit.previous))
        if text != original:
            tally.files[target] = text


def _original_line(original: str, row: _Row, fallback: int) -> int:
    """The existing outcome's line in the file as it is on disk, before this import's earlier inserts."""
    try:
        set_outcome(original, row.indicator.id, row.period.text, row.value_text)
    except OutcomeExists as exists:
        return exists.line
    except EditError:
        pass
    return fallback


# --- output --------------------------------------------------------------------------------------------

def _summary(tally: _Tally, dry_run: bool) -> str:
    count, files = len(tally.changes), len(tally.files)
    replaced = sum(previous is not None for _, previous in tally.changes)
    details = [text for n, text in (
        (replaced, f"{replaced} {'ersatt' if replaced == 1 else 'ersatta'}"),
        (tally.unchanged, f"{tally.unchanged} {'oförändrat' if tally.unchanged == 1 else 'oförändrade'}"),
        (tally.duplicates, f"{tally.duplicates} {'dubblettrad' if tally.duplicates == 1 else 'dubblettrader'}"),
        (tally.empty, f"{tally.empty} {'tom rad hoppades' if tally.empty == 1 else 'tomma rader hoppades'} över"),
    ) if n]
    where = f"{files} {'fil' if files == 1 else 'filer'}"
    if count == 0:
        head = "Inga utfall skulle föras in" if dry_run else "Inga utfall behövde föras in"
    else:
        head = f"Skulle föra in {count} utfall i {where}" if dry_run else f"Förde in {count} utfall i {where}"
    return head + (f" ({', '.join(details)})." if details else ".")
