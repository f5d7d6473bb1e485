"""What every rule check receives: the model, the day, what loading found, and (when asked for) the Git history."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import field
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from styr.frozen import frozen
from styr.load.problems import Problem

if TYPE_CHECKING:  # annotations only: `styr explain` imports the rules without any model to check
    from styr.model.repository import Repository


class HistoryUnavailable(Exception):
    """The Git history cannot be read as asked: not a Git repository, no commits, an unknown revision, a clone
    too shallow. The message says why, in Swedish; the rules report it as H02 and go on."""


class Decision(Protocol):
    """A decision recorded in the history (an adoption tag, `styr adopt`)."""

    @property
    def organ(self) -> str: ...

    @property
    def day(self) -> date: ...

    @property
    def period(self) -> str | None:
        """The bokslut or delår adopted (which closes that period); None when the organ adopted its goals."""

    @property
    def commit(self) -> str:
        """The version that was adopted."""

    def sentence(self) -> str:
        """`KF antog målen 2026-10-23 § 123 (beslut/KF/2026-10-23)`."""

    def describe(self) -> str:
        """`bokslut 2025 antaget av KF 2026-04-20 § 45 (beslut/KF/2026-04-20)`."""


class Difference(Protocol):
    """One value that differs between two versions of a document."""

    @property
    def path(self) -> tuple[str, ...]:
        """Where it is inside the document, outermost key first."""

    def text(self) -> str:
        """The Swedish change line: `färg: grön → gul`."""


@frozen(slots=False)
class ChangedGoals:
    """The goal files that differ between a revision and the version being checked."""

    before: tuple[tuple[str, Mapping[str, Any]], ...]
    """(id, document) of each changed goal file as it was at the revision, in Git's order."""
    touched: frozenset[str]
    """Paths (relative to the goal repository) of the files changed since the revision; in the working tree,
    files Git does not know yet count as changed."""


class HistoryReader(Protocol):
    """The Git history as the rules need it; styr.history implements it and the application layer hands it over
    only when history is wanted. The rules decide what a change means; the reader only reads and compares.
    Every method may raise HistoryUnavailable."""

    @property
    def base(self) -> str | None:
        """The revision that closed periods are compared with (`--base`, as written), or None."""

    def decisions(self) -> Sequence[Decision]:
        """Every recorded decision, the oldest first."""

    def base_repository(self) -> Repository:
        """The goal repository as it was at the base, loaded and modelled as the current one is (empty when the
        base held no goal repository). Read once, with one listing and one batch read of Git objects."""

    def base_documents(self, paths: Iterable[str]) -> Mapping[str, Mapping[str, Any] | None]:
        """Files as they were at the base, read as YAML with positions (None where a file did not exist)."""

    def changed_goals(self, since: str | None = None) -> ChangedGoals:
        """The goal files changed since a commit (None: since the base)."""

    def documents(self, paths: Iterable[str]) -> Mapping[str, Mapping[str, Any] | None]:
        """Files of the version being checked (the working tree or `--rev`), read as YAML with positions."""

    def differences(self, before: object, after: object, *, definition: bool = False) -> Sequence[Difference]:
        """How two versions of a document differ, in document order; `definition`: only in what an organ adopts
        (not outcomes, assessments, the decision or ansvarig)."""

    def shown(self, value: object) -> str:
        """A document value as a change line shows it (`84`, `ja`, `”två ord”`)."""


@frozen(slots=False)
class Context:
    """The model to check and the day it is checked on (injectable, so results are reproducible); the problems
    loading found; and the history reader, given only when the rules that need Git history are to run."""

    repo: Repository
    today: date
    problems: Sequence[Problem] = field(default=())
    history: HistoryReader | None = None

    @cached_property
    def unread_goal_note(self) -> str:
        """A goal file that cannot be read takes its goal with it, so links to that goal look broken too (K01,
        A02). Their hints end with this sentence naming the unread files, so the user fixes the cause."""
        unread = sorted({p.path for p in self.problems if p.unreadable and "/mål/" in f"/{p.path}"})
        if not unread:
            return ""
        shown = ", ".join(unread[:3]) + (" …" if len(unread) > 3 else "")
        return f" Det kan också bero på att en målfil inte gick att läsa: {shown}."
