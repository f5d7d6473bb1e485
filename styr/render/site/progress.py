"""Progress of a long render: a rich progress bar on a terminal, silence otherwise."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Protocol, TextIO


class Progress(Protocol):
    def __enter__(self) -> Progress: ...

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None: ...

    def start(self, total: int) -> None: ...

    def advance(self, steps: int = 1) -> None: ...


class Silent:
    """No output at all: for pipes, CI logs, tests and --quiet."""

    def __enter__(self) -> Silent:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        return None

    def start(self, total: int) -> None:
        return None

    def advance(self, steps: int = 1) -> None:
        return None


class Bar:
    """A rich progress bar on stderr, so stdout stays clean for whatever the user pipes it into."""

    def __init__(self, description: str, stream: TextIO | None = None) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeRemainingColumn
        from rich.progress import Progress as RichProgress

        self._bar = RichProgress(
            TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
            console=Console(file=stream or sys.stderr), transient=True,
        )
        self._description = description
        self._task: TaskID | None = None

    def __enter__(self) -> Bar:
        self._bar.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self._bar.__exit__(kind, exc, tb)

    def start(self, total: int) -> None:
        self._task = self._bar.add_task(self._description, total=total)

    def advance(self, steps: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, steps)


def progress_for(quiet: bool, stream: TextIO | None = None, description: str = "Skriver rapporter") -> Progress:
    """A bar only when someone is watching: stderr is a terminal and --quiet was not given."""
    target = stream or sys.stderr
    if quiet or not target.isatty():
        return Silent()
    return Bar(description, target)
