"""Why a command cannot do what was asked: one exception type with a Swedish message and its exit code."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

EXIT_USAGE = 2
# What `refusals` turns into AppError, by module and name: looked up where it was raised rather than imported here,
# so that a command that never touches Git (`styr explain`) does not load the Git module to catch its errors.
_REFUSED = (("styr.history.gitio", "GitError"), ("styr.load.source", "NotAGoalRepository"),
            ("styr.model.periods", "PeriodError"))


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
    except Exception as exc:
        if isinstance(exc, _refused_kinds()):
            raise AppError(str(exc)) from exc
        raise


def _refused_kinds() -> tuple[type[Exception], ...]:
    # A module that has not been imported cannot have raised its error.
    return tuple(getattr(sys.modules[module], name) for module, name in _REFUSED if module in sys.modules)
