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
from styr.frozen import frozen
from styr.model.repository import Repository
from styr.model.types import Activity, Goal, Indicator, Loc
from styr.rules import all_rules
from styr.rules.context import Context
from styr.rules.registry import CHECKS, RegisteredCheck, restore

Row = tuple[int, str, str, str, str, int, int, str]
"""One finding kept between runs, as plain values: the index of its check (in CHECKS), code, severity, message,
path, line, column, hint."""

RunOne = Callable[[RegisteredCheck, Context], tuple[list[Diagnostic], bool]]
"""Runs one check (styr.rules.run.run_one): what it found, and whether it failed."""

_UNIT_INDEXES = ("unit_by_folder", "unit_by_id", "roots", "children")
"""The indexes of the units a part of the repository shares with the whole (the units are in the context)."""


@frozen(slots=False)
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
        all_rules.load()
        try:
            context, elsewhere, documents = value
            if not isinstance(context, bytes) or not isinstance(documents, dict):
                return None
            docs = {str(p): (bytes(sha), rows_of(rows)) for p, (sha, rows) in documents.items()}
            return Earlier(context, rows_of(elsewhere), docs)
        except (TypeError, ValueError):
            return None


def rows_of(rows: Iterable[Any], *, per_document: bool = True) -> tuple[Row, ...]:
    """Rows read back, checked: each of a registered check (per document or not, as asked) and a known rule.
    Raises ValueError (or TypeError) for anything else. The rules must have been loaded (all_rules.load)."""
    out: list[Row] = []
    for found in rows:
        index, code, severity, message, path, line, column, hint = found
        if not (isinstance(index, int) and 0 <= index < len(CHECKS) and CHECKS[index].per_document == per_document):
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
    cross: dict[int, list[Diagnostic]] = field(default_factory=dict, init=False)
    """What each of the other checks (by index in CHECKS) found, as `run_checks` ran them."""


def per_document_findings(ctx: Context, inc: Incremental, run_one: RunOne) -> dict[int, list[Diagnostic]]:
    """What every per-document check finds in the repository of `ctx` (by its index in CHECKS), reusing what
    `inc.earlier` kept for the files that did not change; `run_one` runs one check."""
    all_rules.load()
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
    """The per-document findings with the checks run only on the goals and activities whose file changed (see
    `_combine`)."""
    same: dict[str, tuple[Row, ...]] = {}
    goals: list[Goal] = []
    activities: list[Activity] = []
    for item in _items(ctx.repo):
        was, sha = earlier.documents.get(item.path), inc.digests.get(item.path)
        if was is not None and sha is not None and was[0] == sha:
            same[item.path] = was[1]
        elif isinstance(item, Goal):
            goals.append(item)
        else:
            activities.append(item)
    return _combine(ctx, inc, earlier, checks, run_one, same, goals, activities)


def recheck(ctx: Context, inc: Incremental, run_one: RunOne) -> dict[int, list[Diagnostic]] | None:
    """The per-document findings when `ctx.repo` holds only the goals and activities whose file changed, and every
    other goal or activity file is as `inc.earlier` kept it (the caller has made sure of that: styr.app.changed).
    None when this cannot be done (another context, nothing kept, a check that does not keep to its declaration):
    then the whole repository must be checked."""
    earlier = inc.earlier
    if earlier is None or earlier.context != inc.context:
        return None
    all_rules.load()
    checks = [(i, c) for i, c in enumerate(CHECKS) if c.per_document]
    repo = ctx.repo
    changed = {item.path for item in _items(repo)}
    same = {p: rows for p, (_, rows) in earlier.documents.items() if p not in changed}
    return _combine(ctx, inc, earlier, checks, run_one, same, list(repo.goals), list(repo.activities))


def _combine(ctx: Context, inc: Incremental, earlier: Earlier, checks: list[tuple[int, RegisteredCheck]],
             run_one: RunOne, same: dict[str, tuple[Row, ...]], goals: list[Goal], activities: list[Activity]
             ) -> dict[int, list[Diagnostic]] | None:
    """What was kept for the files that are the `same`, with what the checks find in the changed `goals` and
    `activities`; None when what they find there shows that they cannot be combined (a failing check, a finding
    in another goal or activity file than those checked, a file without a digest)."""
    if any(p not in inc.digests for p in same):
        return None
    fresh, failed = _run(replace(ctx, repo=_part(ctx.repo, goals, activities)), checks, run_one)
    changed: dict[str, list[Row]] = {g.path: [] for g in goals}
    changed.update((a.path, []) for a in activities)
    for i, found in fresh.items():
        # What is found outside goal and activity files depends on the context alone: it is in `elsewhere`.
        found[:] = [d for d in found if d.path in changed or d.path in same]
        for d in found:
            if d.path not in changed:
                return None
            changed[d.path].append(row(i, d))
    if failed:
        return None
    out: dict[int, list[Diagnostic]] = {i: [] for i, _ in checks}
    for kept_row in (*(r for rows in same.values() for r in rows), *earlier.elsewhere):
        out[kept_row[0]].append(restore(*kept_row[1:]))
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
            documents.get(d.path, elsewhere).append(row(i, d))
    return Earlier(inc.context, tuple(elsewhere),
                   {p: (inc.digests[p], tuple(rows)) for p, rows in documents.items()})


def row(index: int, d: Diagnostic) -> Row:
    """A finding of the check CHECKS[index] as plain values."""
    return (index, d.code, d.severity.value, d.message, d.path, d.line, d.column, d.hint)


# --- what the other checks read of a goal or an activity ------------------------------------------------------


def outline(item: Goal | Activity) -> Goal | Activity:
    """A goal or an activity as the checks that are not per document see it: without its targets, outcomes,
    baseline, the positions inside its indicators and its assessments (a goal) or its follow-ups (an activity).
    What those checks find depends on the outlines of the goals and activities (and on the rest of the repository),
    never on what an outline leaves out: tests/test_incremental_validate*.py hold every such check to that. So
    when a file changes and its outline does not, what they found before still holds (styr.app.changed): a new
    outcome, a changed value, an assessment or a follow-up, where the lines of the goal's own keys stay."""
    if isinstance(item, Goal):
        locs = {k: v for k, v in item.locs.items() if k != "bedömning"}  # after the indicators, as a rule
        return replace(item, indicators=tuple(_outline_indicator(i) for i in item.indicators), assessments={},
                       locs=locs)
    return replace(item, follow_ups={})


def _outline_indicator(ind: Indicator) -> Indicator:
    return replace(ind, baseline_period=None, baseline_value=None, targets={}, outcomes={}, loc=Loc(ind.loc.path),
                   locs={}, target_locs={}, outcome_locs={}, target_specs={}, outcome_info={})


def same_outline(a: Goal | Activity, b: Goal | Activity) -> bool:
    """Whether two versions of a goal or an activity have the same outline, positions included (which `==` on the
    model's types leaves out)."""
    return type(a) is type(b) and repr(outline(a)) == repr(outline(b))


def outlined(repo: Repository) -> Repository:
    """The repository with every goal and activity as its outline."""
    goals = tuple(outline(g) for g in repo.goals)
    activities = tuple(outline(a) for a in repo.activities)
    return replace(repo, goals=goals, activities=activities)  # type: ignore[arg-type]
