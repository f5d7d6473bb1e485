"""What `styr import` did or would do: the rows that change a file, the files' new texts, and the problems found."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Protocol, TypeVar

from styr.app.authoring.workspace import AuthoringError, Workspace
from styr.frozen import frozen


class Kind(Enum):
    """What a table holds: indicators' outcomes, or units' economy."""

    OUTCOMES = "utfall"
    ECONOMY = "ekonomi"


@frozen
class Changed:
    """A row that changes a file (a goal's outcome, a unit's economy)."""

    number: int
    label: str
    period: str
    value: str
    previous: str | None
    """What it replaces, as the user wrote it (None: a new one)."""


@dataclass
class Imported:
    """What an import did (or, with problems or a dry run, would have done)."""

    name: str
    encoding: str
    kind: Kind = Kind.OUTCOMES
    problems: list[tuple[int, str]] = field(default_factory=list)
    """(row number, Swedish message naming file, row and column), in row order once complete."""
    changes: list[Changed] = field(default_factory=list)
    texts: dict[Path, tuple[str, bytes]] = field(default_factory=dict)
    """File (goal or styrkort) → its new text and the bytes it was edited from."""
    unchanged: int = 0
    duplicates: int = 0
    empty: int = 0
    written: bool = False
    numbered: bool = True
    """Problems name the file and row (a table); without rows (Kolada) they name the indicator instead."""

    @property
    def files(self) -> int:
        return len(self.texts)

    def problem(self, number: int, message: str, column: str | None = None, label: str = "") -> None:
        if not self.numbered:
            self.problems.append((number, message if not label or message.startswith(label) else f"{label}: {message}"))
            return
        where = f" kolumn {column}:" if column else ""
        self.problems.append((number, f"{self.name}:{number}:{where} {message}"))


class _Row(Protocol):
    @property
    def number(self) -> int: ...


R = TypeVar("R", bound=_Row)


def edit_by_file(space: Workspace, rows: Sequence[R], path_of: Callable[[R], str],
                 apply: Callable[[str, str, str, R], str], result: Imported, label: Callable[[R], str]) -> None:
    """Apply the rows to each file's text in memory, file by file in the table's order: `apply(path, original,
    text, row)` gives the text with the row (or the same text when the row changes nothing or fails). A file that
    cannot be read fails each of its rows. The changed texts go to `result.texts`; nothing is written here."""
    by_file: dict[str, list[R]] = {}
    for row in rows:
        by_file.setdefault(path_of(row), []).append(row)
    for path, file_rows in by_file.items():
        try:
            original, before = space.read(path)
        except AuthoringError as exc:
            for row in file_rows:
                result.problem(row.number, f"kan inte läsa {path}: {exc}", label=label(row))
            continue
        text = original
        for row in file_rows:
            text = apply(path, original, text, row)
        if text != original:
            result.texts[space.file(path)] = (text, before)


class RowError(Exception):
    """Why a row of a table cannot be recorded (Swedish), and the table's column it is about."""

    def __init__(self, message: str, column: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column


def too_wide(width: int, header_width: int) -> RowError:
    return RowError(f"raden har fler fält ({width}) än rubrikraden ({header_width}). "
                    "Finns ett decimalkomma i ett fält utan citattecken?")


Raw = TypeVar("Raw", bound=_Row)


def unique_rows(raws: Iterable[Raw], check: Callable[[Raw, list[RowError]], R | None], key: Callable[[R], Hashable],
                same: Callable[[R, R], bool], clash: Callable[[R, R], tuple[str, str | None]],
                result: Imported) -> list[R]:
    """The rows to record, each checked (`check` collects its errors and gives None for a row with nothing to
    record). A row that says again what an earlier row with the same `key` said is counted as a duplicate; one
    that says something else is a problem (`clash(first, row)`: the message and its column)."""
    rows: list[R] = []
    seen: dict[Hashable, R] = {}
    for raw in raws:
        errors: list[RowError] = []
        row = check(raw, errors)
        for error in errors:
            result.problem(raw.number, error.message, error.column)
        if row is None:
            if not errors:
                result.empty += 1
            continue
        first = seen.setdefault(key(row), row)
        if first is row:
            rows.append(row)
        elif same(first, row):
            result.duplicates += 1
        else:
            result.problem(row.number, *clash(first, row))
    return rows
