"""Why a command cannot do what was asked: one exception type with a Swedish message and its exit code."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from styr.history.gitio import GitError
from styr.load.source import NotAGoalRepository
from styr.model.periods import PeriodError

EXIT_USAGE = 2


class AppError(Exception):
    """A request the application layer refuses. The message is Swedish and meant for the user; the command
    prints it and ends with `exit_code` (2, a usage error, unless a failure says otherwise)."""

    def __init__(self, message: str, exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.exit_code = exit_code


@contextmanager
def refusals() -> Iterator[None]:
    """Turn what the lower layers refuse (no goal repository, an unreadable `--rev`, Git, a bad period) into
    AppError, so a command has one exception to catch. Their messages are already Swedish."""
    try:
        yield
    except (NotAGoalRepository, GitError, PeriodError) as exc:
        raise AppError(str(exc)) from exc
