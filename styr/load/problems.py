"""What reading a file can find wrong, as values: the loader names the kind, a rule in styr.rules reports it."""

from __future__ import annotations

from enum import StrEnum, auto

from styr.frozen import frozen


class ProblemKind(StrEnum):
    """The kinds of problem the loader finds. Each kind is reported by exactly one rule (`rule(..., reports=…)`
    in styr.rules.y_loading and styr.rules.f_format), which gives it its code and severity; the loader only
    knows what went wrong. A new kind needs a rule that reports it (tests/test_rule_registry.py checks)."""

    READ_FAILED = auto()
    """A file or folder could not be read at all (permissions, a vanished file)."""
    SYNTAX = auto()
    """Not valid YAML: syntax, a control character, nesting too deep."""
    DUPLICATE_KEY = auto()
    ALIAS = auto()
    NOT_UTF8 = auto()
    NOT_MAPPING = auto()
    TOO_LARGE = auto()
    EMPTY = auto()
    MISSING_KEY = auto()
    WRONG_TYPE = auto()
    """A value (or a key) of the wrong type."""
    UNKNOWN_KEY = auto()
    INVALID_VALUE = auto()
    INVALID_PERIOD = auto()
    LINK = auto()
    """A symbolic link that leads outside the goal repository or nowhere, or any link read from Git."""
    LINK_LOOP = auto()
    SPECIAL_FILE = auto()
    """A FIFO, device or socket: never read."""
    LONG_TEXT = auto()
    """A text too long to render in a report (it is read, and left out of the report)."""
    TAG = auto()
    """An explicit YAML tag (`!!python/object …`, `!namn`): ignored in reading, and refused."""
    CONTROL = auto()
    """A text holding a character no page, terminal or workbook can show (a control character written as an
    escape, `"\\a"`): it is read as U+FFFD."""


_ORDER = {kind: index for index, kind in enumerate(ProblemKind)}


def kind_order(kind: ProblemKind) -> int:
    """The kinds in the order they are declared (the order of their rules' codes), for stable sorting."""
    return _ORDER[kind]


UNREADABLE = frozenset({ProblemKind.READ_FAILED, ProblemKind.SYNTAX, ProblemKind.ALIAS, ProblemKind.NOT_UTF8,
                        ProblemKind.NOT_MAPPING, ProblemKind.TOO_LARGE, ProblemKind.EMPTY, ProblemKind.LINK,
                        ProblemKind.LINK_LOOP, ProblemKind.SPECIAL_FILE})
"""Problems after which a file is left out altogether (a duplicate key or a schema problem is not one)."""


@frozen
class Problem:
    """A problem found while loading, before the model exists. The rules turn it into a Diagnostic."""

    kind: ProblemKind
    message: str
    path: str
    line: int
    column: int
    hint: str

    @property
    def unreadable(self) -> bool:
        """The file was left out: its content is missing from the model."""
        return self.kind in UNREADABLE
