"""What `styr import` did or would do: the rows that change a file, the files' new texts, and the problems found."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path


class Kind(Enum):
    """What a table holds: indicators' outcomes, or units' economy."""

    OUTCOMES = "utfall"
    ECONOMY = "ekonomi"


@dataclass(frozen=True, slots=True)
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
