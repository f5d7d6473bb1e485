"""The goal repository an authoring command edits, and the checks and reads several commands share."""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path

from styr.app.pipeline import read_repository
from styr.edit import files
from styr.edit.text import TextProblem, printable
from styr.edit.text import name as checked_name
from styr.frozen import frozen
from styr.load.source import NotAGoalRepository, WorkTree, find_root
from styr.model import periods
from styr.model.ids import goal_ids
from styr.model.repository import Repository
from styr.model.types import Goal, Unit
from styr.suggest import did_you_mean


class AuthoringError(Exception):
    """The command cannot do what was asked; the message is Swedish and nothing was written."""


@frozen(slots=False)
class Workspace:
    """The goal repository as it is on disk now: what an authoring command edits."""

    root: Path
    repo: Repository
    unread: tuple[str, ...] = ()
    """Files left out because they could not be read (a syntax error, a link out of the repository …)."""

    def file(self, rel: str) -> Path:
        """The file at the repository path `rel` (as the model names it, NFC) as it is named on disk: macOS
        and some copies write 'mål' decomposed, which a Linux file system keeps apart."""
        direct = self.root / rel
        if os.path.lexists(direct):
            return direct
        here = self.root
        for part in rel.split("/"):
            try:
                names = os.listdir(here)
            except OSError:
                return direct
            match = next((n for n in names if unicodedata.normalize("NFC", n) == part), None)
            if match is None:
                return direct
            here = here / match
        return here

    def read(self, rel: str) -> tuple[str, bytes]:
        """The text of a goal or activity file and its bytes, or an AuthoringError that says why not."""
        try:
            data = self.file(rel).read_bytes()
        except OSError as exc:
            raise AuthoringError(f"{rel}: kunde inte läsas: {exc.strerror or exc}") from exc
        try:
            return data.decode("utf-8"), data
        except UnicodeDecodeError:
            raise AuthoringError(f"{rel} är inte sparad som UTF-8 (regel Y04); spara om den först.") from None


def open_workspace(path: Path) -> Workspace:
    """The goal repository at or above `path`, loaded and modelled."""
    if not path.exists():
        raise AuthoringError(f"'{printable(str(path))}' finns inte.")
    try:
        root = find_root(path.resolve())
        loaded, repo = read_repository(WorkTree(root))
        return Workspace(root, repo, tuple(loaded.unread))
    except NotAGoalRepository as exc:
        raise AuthoringError(printable(str(exc))) from exc


def write(plan: files.Plan) -> None:
    """Write every file of the plan, or none."""
    try:
        plan.write()
    except files.WriteFailed as exc:
        raise AuthoringError(printable(str(exc))) from exc


def argument(value: str, what: str) -> str:
    """A one-line argument (an id, a name, a title) as it will be used, or an AuthoringError naming what is wrong
    with it: bytes that are not UTF-8, control characters, line breaks."""
    try:
        return checked_name(value, what)
    except TextProblem as exc:
        raise AuthoringError(str(exc)) from None


def period_arg(text: str) -> periods.Period:
    try:
        return periods.parse_period(argument(text, "perioden"))
    except periods.PeriodError as exc:
        raise AuthoringError(str(exc)) from None


def goal_arg(space: Workspace, goal_id: str) -> Goal:
    wanted = argument(goal_id, "målets id")
    goal = space.repo.goal_by_id.get(wanted)
    if goal is None:
        hint = did_you_mean(wanted, goal_ids(space.repo))
        raise AuthoringError(f"målet '{wanted}' finns inte. {hint}".rstrip() + unread_note(space))
    return goal


def unread_note(space: Workspace) -> str:
    """What may explain a missing goal or activity: files styr could not (or would not) read."""
    goals = [p for p in space.unread if "/mål/" in f"/{p}" or "/aktiviteter/" in f"/{p}"]
    if not goals:
        return ""
    shown = ", ".join(printable(p) for p in goals[:3]) + (" …" if len(goals) > 3 else "")
    return f" Obs: {shown} kunde inte läsas; 'styr validate' säger varför."


def read_input(name: str, limit: int) -> bytes:
    """The bytes of a file the user names (`-`: standard input), at most `limit` + 1 of them so that a caller
    can tell a file that is too large."""
    where = "standard in" if name == "-" else f"'{printable(name)}'"
    try:
        if name == "-":
            stream = getattr(sys.stdin, "buffer", None)
            return stream.read(limit + 1) if stream is not None else sys.stdin.read().encode("utf-8")
        with open(name, "rb") as handle:
            return handle.read(limit + 1)
    except FileNotFoundError:
        raise AuthoringError(f"filen {where} finns inte.") from None
    except IsADirectoryError:
        raise AuthoringError(f"{where} är en mapp, inte en fil.") from None
    except OSError as exc:
        raise AuthoringError(f"kunde inte läsa {where}: {exc.strerror or exc}") from None


Closed = Callable[[Goal, periods.Period], str | None]


def closed_note(root: Path, repo: Repository) -> Closed:
    """For a goal and a period: why its decided outcomes and assessment must not change (a closed period), or
    None. Git is read only here, by the commands that write."""
    from styr.history.closed import ClosedPeriods

    closed = ClosedPeriods(root, repo)

    def note(goal: Goal, period: periods.Period) -> str | None:
        c = closed.closure(goal, period)
        if c is None:
            return None
        return (f"{period.text} är en stängd period ({c.reason}): det som är beslutat ändras inte i efterhand "
                "(ett utfall som saknades får läggas till). Använd --force om det ändå ska ändras; CI rapporterar "
                "ändringen (U06).")

    return note


UnitClosed = Callable[[Unit, periods.Period], str | None]


def closed_unit_note(root: Path, repo: Repository) -> UnitClosed:
    """As closed_note, for a unit's economy of a period (`ekonomi:` in its styrkort.yaml)."""
    from styr.history.closed import ClosedPeriods

    closed = ClosedPeriods(root, repo)

    def note(unit: Unit, period: periods.Period) -> str | None:
        c = closed.unit_closure(unit.folder, period)
        if c is None:
            return None
        return (f"{period.text} är en stängd period ({c.reason}): den beslutade ekonomin ändras inte i efterhand "
                "(siffror som saknades får läggas till). Använd --force om den ändå ska ändras.")

    return note
