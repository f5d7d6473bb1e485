"""The per-document checks again only for the files that changed: their findings per goal or activity file are
kept between runs (by the application, beside the parse cache) and reused while that file is the same.

A check declared `per_document` (see RegisteredCheck) finds about a goal or an activity only what depends on that
goal or activity and on the *context*: styrmodell.yaml, vision.yaml, every styrkort.yaml, the day and styr itself.
The application names the context by one key (`Earlier.context`, `Incremental.context`) and each file by the
SHA-256 of its bytes. With the context unchanged, the per-document checks run on a repository that holds only
the goals and activities whose file changed (the units, the vision and the configuration stay, for looking up):
what they find there, with what was kept for the other files, is what they would find in the whole repository.
Any other case (another context, nothing kept, a finding outside the files that were checked again, a check that
failed) runs them on the whole repository, as without a cache. The result is the same list of findings as
`run_checks` gives, up to the order of findings in different files (they are sorted by file before anyone sees
them); tests/test_incremental_validate*.py hold every per-document check to that.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from styr.diagnostics import Diagnostic
from styr.model.repository import Repository
from styr.model.types import Activity, Goal
from styr.rules.context import Context
from styr.rules.registry import CHECKS, RegisteredCheck, restore

Row = tuple[int, str, str, str, str, int, int, str]
"""One finding kept between runs, as plain values: the index of its check (in CHECKS), code, severity, message,
path, line, column, hint."""

RunOne = Callable[[RegisteredCheck, Context], tuple[list[Diagnostic], bool]]
"""Runs one check (styr.rules.run.run_one): what it found, and whether it failed."""

_UNIT_INDEXES = ("unit_by_folder", "unit_by_id", "roots", "children")
"""The indexes of the units a part of the repository shares with the whole (the units are in the context)."""


@dataclass(frozen=True)
class Earlier:
    """What the per-document checks found in an earlier run: the context's key, what they found outside goal and
    activity files, and per goal or activity file the SHA-256 of its bytes and what they found in it."""

    context: bytes
    elsewhere: tuple[Row, ...]
    documents: Mapping[str, tuple[bytes, tuple[Row, ...]]]

    def plain(self) -> tuple[bytes, list[Row], dict[str, tuple[bytes, list[Row]]]]:
        """As plain values, for the application to remember (see `from_plain`)."""
        return self.context, list(self.elsewhere), {p: (sha, list(rows)) for p, (sha, rows) in self.documents.items()}

    @staticmethod
    def from_plain(value: Any) -> Earlier | None:
        """`plain` read back; None for anything of another shape (remembered by another styr, or nothing)."""
        try:
            context, elsewhere, documents = value
            if not isinstance(context, bytes) or not isinstance(documents, dict):
                return None
            docs = {str(p): (bytes(sha), _rows(rows)) for p, (sha, rows) in documents.items()}
            return Earlier(context, _rows(elsewhere), docs)
        except (TypeError, ValueError):
            return None


def _rows(rows: Iterable[Any]) -> tuple[Row, ...]:
    out: list[Row] = []
    for row in rows:
        index, code, severity, message, path, line, column, hint = row
        if not (isinstance(index, int) and 0 <= index < len(CHECKS) and CHECKS[index].per_document):
            raise ValueError("ingen sådan kontroll")
        restore(code, severity, message, path, line, column, hint)  # raises ValueError for an unknown rule
        out.append((index, str(code), str(severity), str(message), str(path), int(line), int(column), str(hint)))
    return tuple(out)


@dataclass
class Incremental:
    """One run's side of it: the context's key, the SHA-256 of every file as checked, and what an earlier run
    kept. After `per_document_findings`: the goal and activity files checked again (`rechecked`; None when all
    were) and what to keep for the next run (`kept`; None when nothing should be)."""

    context: bytes
    digests: Mapping[str, bytes]
    earlier: Earlier | None = None
    rechecked: tuple[str, ...] | None = field(default=None, init=False)
    kept: Earlier | None = field(default=None, init=False)


def per_document_findings(ctx: Context, inc: Incremental, run_one: RunOne) -> dict[int, list[Diagnostic]]:
    """What every per-document check finds in the repository of `ctx` (by its index in CHECKS), reusing what
    `inc.earlier` kept for the files that did not change; `run_one` runs one check."""
    checks = [(i, c) for i, c in enumerate(CHECKS) if c.per_document]
    repo = ctx.repo
    earlier = inc.earlier
    if earlier is not None and earlier.context == inc.context:
        found = _reuse(ctx, inc, earlier, checks, run_one)
        if found is not None:
            return found
    found, failed = _run(ctx, checks, run_one)
    inc.rechecked = None
    inc.kept = None if failed else _kept(inc, repo, found)
    return found


def _reuse(ctx: Context, inc: Incremental, earlier: Earlier, checks: list[tuple[int, RegisteredCheck]],
           run_one: RunOne) -> dict[int, list[Diagnostic]] | None:
    """The per-document findings with the checks run only on the goals and activities whose file changed; None
    when what they find there shows that they cannot be (a failing check, a finding in another goal or activity
    file than those checked)."""
    repo = ctx.repo
    same: dict[str, tuple[Row, ...]] = {}
    goals: list[Goal] = []
    activities: list[Activity] = []
    for item in _items(repo):
        was, sha = earlier.documents.get(item.path), inc.digests.get(item.path)
        if was is not None and sha is not None and was[0] == sha:
            same[item.path] = was[1]
        elif isinstance(item, Goal):
            goals.append(item)
        else:
            activities.append(item)
    fresh, failed = _run(replace(ctx, repo=_part(repo, goals, activities)), checks, run_one)
    changed: dict[str, list[Row]] = {g.path: [] for g in goals}
    changed.update((a.path, []) for a in activities)
    for i, found in fresh.items():
        # What is found outside goal and activity files depends on the context alone: it is in `elsewhere`.
        found[:] = [d for d in found if d.path in changed or d.path in same]
        for d in found:
            if d.path not in changed:
                return None
            changed[d.path].append(_row(i, d))
    if failed:
        return None
    out: dict[int, list[Diagnostic]] = {i: [] for i, _ in checks}
    for row in (*(r for rows in same.values() for r in rows), *earlier.elsewhere):
        out[row[0]].append(restore(*row[1:]))
    for i, found in fresh.items():
        out[i].extend(found)
    inc.rechecked = tuple(sorted(changed))
    documents = {p: (inc.digests[p], rows) for p, rows in same.items()}
    documents.update((p, (inc.digests[p], tuple(rows))) for p, rows in changed.items() if p in inc.digests)
    inc.kept = Earlier(inc.context, earlier.elsewhere, documents)
    return out


def _items(repo: Repository) -> list[Goal | Activity]:
    return [*repo.goals, *repo.activities]


def _part(repo: Repository, goals: list[Goal], activities: list[Activity]) -> Repository:
    """The repository with only these goals and activities, and no units to check (what is found in them is kept
    with the context) but every unit to look up: the units' indexes are the whole repository's."""
    part = replace(repo, units=(), goals=tuple(goals), activities=tuple(activities), sections=(), files=(),
                   orphan_folders=())
    for name in _UNIT_INDEXES:  # cached properties live in the instance's __dict__, which `frozen` leaves open
        part.__dict__[name] = getattr(repo, name)
    return part


def _run(ctx: Context, checks: list[tuple[int, RegisteredCheck]], run_one: RunOne
         ) -> tuple[dict[int, list[Diagnostic]], bool]:
    """Run the checks as `run_checks` does (`run_one`: a failing one reports X01 and the others still run); also
    whether one failed."""
    out: dict[int, list[Diagnostic]] = {}
    failed = False
    for i, registered in checks:
        out[i], failing = run_one(registered, ctx)
        failed = failed or failing
    return out, failed


def _kept(inc: Incremental, repo: Repository, found: dict[int, list[Diagnostic]]) -> Earlier | None:
    """What the checks found in the whole repository, per goal or activity file (only files with a digest)."""
    paths = {item.path for item in _items(repo)}
    if any(p not in inc.digests for p in paths):
        return None  # a file that cannot be recognised next time
    documents: dict[str, list[Row]] = {p: [] for p in paths}
    elsewhere: list[Row] = []
    for i, diagnostics in found.items():
        for d in diagnostics:
            documents.get(d.path, elsewhere).append(_row(i, d))
    return Earlier(inc.context, tuple(elsewhere),
                   {p: (inc.digests[p], tuple(rows)) for p, rows in documents.items()})


def _row(index: int, d: Diagnostic) -> Row:
    return (index, d.code, d.severity.value, d.message, d.path, d.line, d.column, d.hint)
