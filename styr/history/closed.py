"""Checks against the Git history: closed periods edited since a base revision (U06), goals whose definition
changed after their body's latest adoption (H01). Only the files Git reports as changed are read."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from styr.diagnostics import Diagnostic
from styr.history import gitio
from styr.history.adopt import Adoption, adoptions, latest, resolve_adoption_rev
from styr.history.changes import definition_changes, diff_docs, doc_id, indicator_of, show
from styr.history.log import item_kind, parse_doc
from styr.load.source import read_inside
from styr.load.yamlio import YList, YMap
from styr.model.periods import Period, PeriodError, contains, parse_period
from styr.model.repository import Repository
from styr.model.types import Goal, Unit
from styr.rules.h_history import H01, H02, U06

MODEL_FILE = "styrmodell.yaml"


@dataclass(frozen=True, slots=True)
class Closure:
    """A closed period and why: adopted by an organ (which scopes it), or listed in styrmodell.yaml."""

    period: Period
    reason: str
    organ: str | None = None


# --- reading the current side --------------------------------------------------------------------------------


class _Current:
    """The documents being validated: the working tree, or the tree of `--rev`."""

    def __init__(self, root: Path, repo: gitio.GitRepo, commit: str | None) -> None:
        self.root, self.repo, self.commit = root, repo, commit
        self._docs: dict[str, Any] = {}

    def load(self, paths: Iterable[str]) -> None:
        todo = [p for p in dict.fromkeys(paths) if p not in self._docs]
        if self.commit is None:
            for p in todo:
                try:
                    self._docs[p] = parse_doc(read_inside(self.root, p))
                except OSError:
                    self._docs[p] = None
            return
        names = {p: f"{self.commit}:{self.repo.full(p)}" for p in todo}
        blobs = gitio.read_blobs(self.repo, names.values())
        for p, name in names.items():
            self._docs[p] = parse_doc(blobs.get(name))

    def doc(self, path: str) -> Any:
        if path not in self._docs:
            self.load([path])
        return self._docs[path]


def _open(root: Path, rev: str | None) -> tuple[gitio.GitRepo, str | None]:
    repo = gitio.open_repo(root)
    return repo, (gitio.resolve(repo, rev) if rev else None)


def _unavailable(exc: Exception, what: str) -> Diagnostic:
    return H02.diag(f"{what} kunde inte kontrolleras: {exc}", MODEL_FILE)


# --- U06: closed periods ---------------------------------------------------------------------------------------


def closed_period_diagnostics(root: Path, base: str, current: Repository, *, rev: str | None = None
                              ) -> list[Diagnostic]:
    """U06 for every outcome or assessment of a closed period that differs from `base` (or is gone), plus H01
    (see `adoption_diagnostics`). `current` is the model being validated: the working tree, or `rev`.
    Never raises: when the history cannot be read, one H02 warning says so and validation goes on."""
    try:
        repo, commit = _open(root, rev)
        base_sha = gitio.resolve(repo, resolve_adoption_rev(repo, base) or base)
        found = adoptions(repo)
        changed = gitio.diff(repo, base_sha, commit, renames=False)
        base_model_text = gitio.read_blobs(repo, [f"{base_sha}:{repo.full(MODEL_FILE)}"])
    except gitio.GitError as exc:
        return [_unavailable(exc, "Stängda perioder (--base)")]
    base_config = parse_doc(next(iter(base_model_text.values()), None))
    closures = _closures(current, base_config, found)
    out: list[Diagnostic] = []
    if closures:
        out.extend(_closed_edits(repo, root, commit, base, changed, current, closures))
    out.extend(_adoption_checks(repo, root, commit, current, found))
    return out


def _closures(current: Repository, base_config: Any, found: list[Adoption]) -> list[Closure]:
    listed = list(current.config.closed_periods) if current.config else []
    if isinstance(base_config, Mapping) and isinstance(base_config.get("stängda_perioder"), list):
        listed += [str(p) for p in base_config["stängda_perioder"]]
    out: list[Closure] = []
    for raw in dict.fromkeys(listed):
        try:
            out.append(Closure(parse_period(raw), f"{raw} står under stängda_perioder i styrmodell.yaml"))
        except PeriodError:
            continue  # F06 reports the bad period itself
    for a in found:
        if a.period is not None:
            out.append(Closure(parse_period(a.period), a.describe(), a.organ))
    return out


def _closing(closures: list[Closure], known: set[str], organs: set[str], period: Period) -> Closure | None:
    """The closure that covers `period` for a unit under `organs`. An adoption by an organ the model does not
    know (a typo, an old name) closes the period for everyone: better too strict than a hole."""
    for c in closures:
        applies = c.organ is None or c.organ.casefold() in organs or c.organ.casefold() not in known
        if applies and contains(c.period, period):
            return c
    return None


class ClosedPeriods:
    """Which goals' outcomes and assessments are closed for a period: listed under stängda_perioder, or an
    adopted bokslut or delår (styr adopt --period) of an organ over the goal's unit. The authoring commands
    ask before they write. Outside Git only the list counts. The tags are read once."""

    def __init__(self, root: Path, current: Repository) -> None:
        try:
            found = adoptions(gitio.open_repo(root))
        except gitio.GitError:
            found = []
        self._closures = _closures(current, None, found)
        self._known = {n.casefold() for u in current.units for n in _unit_organs(current, u)}
        self._organs = _organs(current)

    def closure(self, goal: Goal, period: Period) -> Closure | None:
        if not self._closures:
            return None
        return _closing(self._closures, self._known, self._organs(goal.unit_folder), period)


def _organs(repo_model: Repository) -> Callable[[str], set[str]]:
    """For a unit folder: the organs above it (its own and its ancestors' organ, id and level body)."""
    cache: dict[str, set[str]] = {}

    def of(folder: str) -> set[str]:
        if folder in cache:
            return cache[folder]
        unit = repo_model.unit_by_folder.get(folder)
        names: set[str] = set()
        seen: set[str] = set()
        while unit is not None and unit.folder not in seen:
            seen.add(unit.folder)
            names.update(n.casefold() for n in _unit_organs(repo_model, unit))
            unit = repo_model.parent(unit)
        cache[folder] = names
        return names

    return of


def _unit_organs(repo_model: Repository, unit: Unit) -> list[str]:
    level = repo_model.level_of(unit)
    return [n for n in (unit.organ, unit.id, level.decision_body if level else None) if n]


def _closed_edits(repo: gitio.GitRepo, root: Path, commit: str | None, base: str, changed: list[gitio.FileChange],
                  current: Repository, closures: list[Closure]) -> list[Diagnostic]:
    known = {n.casefold() for u in current.units for n in _unit_organs(current, u)}
    organs_of = _organs(current)
    olds = [fc.old_blob for fc in changed
            if fc.old_blob and item_kind(repo.rel(fc.old_path or "") or "") == "mål"]
    blobs = gitio.read_blobs(repo, olds)
    cur = _Current(root, repo, commit)
    pairs: list[tuple[Any, Goal]] = []
    for blob in olds:
        before = parse_doc(blobs.get(blob))
        goal = current.goal_by_id.get(doc_id(before) or "")
        if goal is not None:
            pairs.append((before, goal))
    cur.load(g.path for _, g in pairs)
    out: list[Diagnostic] = []
    for before, goal in pairs:
        organs = organs_of(goal.unit_folder)

        def closed(key: str, organs: set[str] = organs) -> Closure | None:
            try:
                p = parse_period(key)
            except PeriodError:
                return None
            return _closing(closures, known, organs, p)

        out.extend(_goal_edits(before, cur.doc(goal.path), goal, closed, base))
    return out


def _by_period(mapping: Any) -> dict[str, tuple[str, Any]]:
    """Period-keyed entries under their canonical period text: `2026-q1` and `2026-Q1` are the same period."""
    out: dict[str, tuple[str, Any]] = {}
    if isinstance(mapping, Mapping):
        for key, value in mapping.items():
            try:
                out[parse_period(str(key)).text] = (str(key), value)
            except PeriodError:
                out[str(key)] = (str(key), value)
    return out


def _goal_edits(before: Any, after: Any, goal: Goal, closed: Callable[[str], Closure | None], base: str
                ) -> list[Diagnostic]:
    out: list[Diagnostic] = []
    hint = (f"Återställ värdet som det var i {base}. En rättelse efter beslutet redovisas i nästa uppföljning "
            "eller beslutas på nytt.")
    path = goal.path
    after_map = after if isinstance(after, YMap) else None
    for ind in (before.get("indikatorer") or []) if isinstance(before, Mapping) else []:
        iid = str(ind.get("id", "")).strip() if isinstance(ind, Mapping) else ""
        if not iid:
            continue
        now = indicator_of(after, iid)
        old_out, new_out = _by_period(ind.get("utfall")), _by_period(now.get("utfall") if now else None)
        for period, (_, value) in old_out.items():
            closure = closed(period)
            if closure is None:
                continue
            where = _where(after_map, now, "utfall", new_out.get(period, ("", None))[0])
            if period not in new_out:
                out.append(U06.diag(f"Utfallet {period} för {goal.id}/{iid} ({show(value)}) har tagits bort, men "
                                    f"perioden är stängd: {closure.reason}.", path, *where, hint))
            elif not _equal(value, new_out[period][1]):
                out.append(U06.diag(f"Utfallet {period} för {goal.id}/{iid} har ändrats från {show(value)} till "
                                    f"{show(new_out[period][1])}, men perioden är stängd: {closure.reason}.",
                                    path, *where, hint))
    old_ass = _by_period(before.get("bedömning") if isinstance(before, Mapping) else None)
    new_ass = _by_period(after.get("bedömning") if isinstance(after, Mapping) else None)
    for period, (_, value) in old_ass.items():
        closure = closed(period)
        if closure is None:
            continue
        if period not in new_ass:
            where = _pos(after_map, "bedömning")
            out.append(U06.diag(f"Bedömningen {period} för {goal.id} har tagits bort, men perioden är stängd: "
                                f"{closure.reason}.", path, *where, hint))
            continue
        key, now = new_ass[period]
        changes = diff_docs(value, now) if isinstance(value, Mapping) and isinstance(now, Mapping) else (
            [] if _equal(value, now) else diff_docs({"bedömning": value}, {"bedömning": now}))
        if changes:
            what = "; ".join(c.text() for c in changes[:3])
            where = _pos(after_map.get("bedömning") if after_map else None, key)
            out.append(U06.diag(f"Bedömningen {period} för {goal.id} har ändrats ({what}), men perioden är stängd: "
                                f"{closure.reason}.", path, *where, hint))
    return out


def _equal(a: Any, b: Any) -> bool:
    return not diff_docs({"v": a}, {"v": b})


def _pos(node: Any, key: str) -> tuple[int, int]:
    if isinstance(node, YMap):
        return node.where(key)
    if isinstance(node, YList):
        return node.pos
    return (1, 1)


def _where(doc: YMap | None, indicator: Any, key: str, period_key: str) -> tuple[int, int]:
    """The outcome's own position when it is still there, else its indicator's utfall, else the goal's id."""
    if isinstance(indicator, YMap):
        outcomes = indicator.get(key)
        if isinstance(outcomes, YMap) and period_key in outcomes:
            return outcomes.where(period_key)
        return indicator.where(key) if key in indicator else indicator.pos
    return doc.where("id") if doc is not None else (1, 1)


# --- H01: definition changed after adoption ------------------------------------------------------------------------


def adoption_diagnostics(root: Path, current: Repository, *, rev: str | None = None) -> list[Diagnostic]:
    """H01 for goals whose definition differs from what their body last adopted (an adoption tag without a
    period) and that record no newer decision. Returns [] outside Git or without adoption tags."""
    try:
        repo, commit = _open(root, rev)
        found = adoptions(repo)
    except gitio.GitError:
        return []
    try:
        return _adoption_checks(repo, root, commit, current, found)
    except gitio.GitError as exc:
        return [_unavailable(exc, "Ändringar efter beslut")]


def _body(current: Repository, goal: Goal) -> str | None:
    """The organ that adopts a goal: named in its `beslut`, else its unit's organ, else its level's body."""
    if goal.decision is not None and goal.decision.organ:
        return goal.decision.organ
    unit = current.unit_by_folder.get(goal.unit_folder)
    if unit is None:
        return None
    level = current.level_of(unit)
    if unit.organ:
        return unit.organ
    return level.decision_body if level is not None and level.decision_body else None


def _adoption_checks(repo: gitio.GitRepo, root: Path, commit: str | None, current: Repository,
                     found: list[Adoption]) -> list[Diagnostic]:
    goal_adoptions = [a for a in found if a.period is None]
    if not goal_adoptions:
        return []
    todo: dict[str, list[Goal]] = {}
    adopted_by: dict[str, Adoption] = {}
    for goal in current.goals:
        body = _body(current, goal)
        last = latest(goal_adoptions, body) if body else None
        if last is None:
            continue
        if goal.decision is not None and goal.decision.date is not None and goal.decision.date > last.day:
            continue  # the file records a newer decision than the tag
        todo.setdefault(last.commit, []).append(goal)
        adopted_by[goal.id] = last
    cur = _Current(root, repo, commit)
    out: list[Diagnostic] = []
    # a goal file not yet known to Git is new since the adoption too
    new_files = {repo.rel(p) for p in gitio.untracked(repo)} if commit is None and todo else set()
    for tag_commit, goals in todo.items():
        changed = gitio.diff(repo, tag_commit, commit, renames=False)
        touched = {repo.rel(fc.new_path) for fc in changed if fc.new_path} | new_files
        olds = [fc.old_blob for fc in changed
                if fc.old_blob and item_kind(repo.rel(fc.old_path or "") or "") == "mål"]
        suspects = [g for g in goals if g.path in touched]
        if not suspects:
            continue
        blobs = gitio.read_blobs(repo, olds)
        then_by_id: dict[str, Any] = {}
        for blob in olds:
            doc = parse_doc(blobs.get(blob))
            gid = doc_id(doc)
            if gid is not None:
                then_by_id.setdefault(gid, doc)
        cur.load(g.path for g in suspects)
        for goal in suspects:
            out.extend(_definition_check(goal, then_by_id.get(goal.id), cur.doc(goal.path), adopted_by[goal.id]))
    return out


def _definition_check(goal: Goal, then: Any, now: Any, adoption: Adoption) -> list[Diagnostic]:
    doc = now if isinstance(now, YMap) else None
    if then is None:
        where = doc.where("id") if doc is not None else (goal.loc.line, goal.loc.column)
        return [H01.diag(f"Målet {goal.id} har tillkommit efter att {adoption.sentence()}, och inget nyare beslut "
                         "finns.", goal.path, *where)]
    changes = definition_changes(then, now)
    if not changes:
        return []
    what = "; ".join(c.text() for c in changes[:3]) + (f" (och {len(changes) - 3} till)" if len(changes) > 3 else "")
    first = changes[0].path[0]
    where = doc.where(first) if doc is not None and first in doc else (goal.loc.line, goal.loc.column)
    return [H01.diag(f"Målet {goal.id} har ändrats efter att {adoption.sentence()}, och inget nyare beslut finns: "
                     f"{what}.", goal.path, *where)]
