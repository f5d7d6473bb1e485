"""The Git history as the rules read it (styr.rules.context.HistoryReader), and the closed periods the authoring
commands respect. What a change means is decided in styr.rules (U06, H01); this module only reads and compares."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from styr.history import gitio
from styr.history.adopt import Adoption, adoptions, resolve_adoption_rev
from styr.history.changes import ValueChange, definition_changes, diff_docs, doc_id, show
from styr.history.log import item_kind, parse_doc
from styr.history.revsource import RevisionError, RevisionSource
from styr.load.problems import ProblemKind
from styr.load.repo import load
from styr.load.source import MODEL_FILE, read_inside
from styr.model.build import build
from styr.model.periods import Period
from styr.model.repository import Repository
from styr.model.types import Goal
from styr.rules.closures import ClosedScope, Closure, closures, listed_closed
from styr.rules.context import ChangedGoals, HistoryUnavailable
from styr.wording.collation import sort_key


class GitHistory:
    """A HistoryReader over the Git repository that holds `root`. `rev`: the version being checked is that
    revision (`--rev`), else the working tree. `base`: the revision closed periods are compared with (`--base`;
    `beslut` or `beslut/<ORGAN>` names the newest decision). Git is read lazily, each thing once; every Git
    failure becomes HistoryUnavailable with Git's Swedish message."""

    def __init__(self, root: Path, *, base: str | None = None, rev: str | None = None) -> None:
        self.root = root
        self._base = base
        self._rev = rev
        self._opened: tuple[gitio.GitRepo, str | None] | None = None
        self._decisions: list[Adoption] | None = None
        self._base_sha: str | None = None
        self._untracked: set[str] | None = None
        self._changed: dict[str | None, ChangedGoals] = {}
        self._docs: dict[str, Any] = {}
        self._base_source_: RevisionSource | None = None
        self._base_repo: Repository | None = None

    @property
    def base(self) -> str | None:
        return self._base

    def _open(self) -> tuple[gitio.GitRepo, str | None]:
        if self._opened is None:
            try:
                repo = gitio.open_repo(self.root)
                self._opened = (repo, gitio.resolve(repo, self._rev) if self._rev else None)
            except gitio.GitError as exc:
                raise HistoryUnavailable(str(exc)) from exc
        return self._opened

    def decisions(self) -> Sequence[Adoption]:
        if self._decisions is None:
            repo, _ = self._open()
            try:
                self._decisions = adoptions(repo)
            except gitio.GitError as exc:
                raise HistoryUnavailable(str(exc)) from exc
        return self._decisions

    def _resolved_base(self) -> str:
        if self._base is None:
            raise HistoryUnavailable("ingen basrevision angavs (--base).")
        if self._base_sha is None:
            repo, _ = self._open()
            try:
                self._base_sha = gitio.resolve(repo, resolve_adoption_rev(repo, self._base) or self._base)
            except gitio.GitError as exc:
                raise HistoryUnavailable(str(exc)) from exc
        return self._base_sha

    def _base_source(self) -> RevisionSource:
        if self._base_source_ is None:
            sha = self._resolved_base()
            try:
                self._base_source_ = RevisionSource.open(self.root, sha)
            except RevisionError as exc:
                raise HistoryUnavailable(str(exc.__cause__ or exc)) from exc
        return self._base_source_

    def base_repository(self) -> Repository:
        if self._base_repo is None:
            source = self._base_source()
            if not source.exists(MODEL_FILE):
                # before the goal repository existed nothing was decided: an empty model, not an error
                self._base_repo = Repository(None, None, (), (), ())
            else:
                loaded = load(source)
                if any(p.kind is ProblemKind.READ_FAILED for p in loaded.problems):
                    raise HistoryUnavailable(f"filer i {self._base} kunde inte läsas ur Git (grund klon?).")
                self._base_repo = build(loaded, sort_key)
        return self._base_repo

    def base_documents(self, paths: Iterable[str]) -> Mapping[str, Mapping[str, Any] | None]:
        source = self._base_source()
        out: dict[str, Mapping[str, Any] | None] = {}
        for p in dict.fromkeys(paths):
            try:
                out[p] = parse_doc(source.read_bytes(p)) if source.exists(p) else None
            except OSError:
                out[p] = None
        return out

    def changed_goals(self, since: str | None = None) -> ChangedGoals:
        if since not in self._changed:
            self._changed[since] = self._read_changes(self._resolved_base() if since is None else since)
        return self._changed[since]

    def _read_changes(self, since: str) -> ChangedGoals:
        repo, commit = self._open()
        try:
            changed = gitio.diff(repo, since, commit, renames=False)
            olds = [fc.old_blob for fc in changed
                    if fc.old_blob and item_kind(repo.rel(fc.old_path or "") or "") == "mål"]
            blobs = gitio.read_blobs(repo, olds)
            if commit is None and self._untracked is None:
                # a goal file not yet known to Git is new since any revision
                self._untracked = {p for p in (repo.rel(u) for u in gitio.untracked(repo)) if p}
        except gitio.GitError as exc:
            raise HistoryUnavailable(str(exc)) from exc
        before: list[tuple[str, Mapping[str, Any]]] = []
        for blob in olds:
            doc = parse_doc(blobs.get(blob))
            gid = doc_id(doc)
            if doc is not None and gid is not None:
                before.append((gid, doc))
        touched = {p for p in (repo.rel(fc.new_path) for fc in changed if fc.new_path) if p}
        return ChangedGoals(tuple(before), frozenset(touched | (self._untracked or set())))

    def documents(self, paths: Iterable[str]) -> Mapping[str, Mapping[str, Any] | None]:
        wanted = list(dict.fromkeys(paths))
        todo = [p for p in wanted if p not in self._docs]
        _, commit = self._open()
        if commit is None:
            for p in todo:
                try:
                    self._docs[p] = parse_doc(read_inside(self.root, p))
                except OSError:
                    self._docs[p] = None
        elif todo:
            repo, _ = self._open()
            names = {p: f"{commit}:{repo.full(p)}" for p in todo}
            try:
                blobs = gitio.read_blobs(repo, names.values())
            except gitio.GitError as exc:
                raise HistoryUnavailable(str(exc)) from exc
            for p, name in names.items():
                self._docs[p] = parse_doc(blobs.get(name))
        return {p: self._docs[p] for p in wanted}

    def differences(self, before: object, after: object, *, definition: bool = False) -> Sequence[ValueChange]:
        return definition_changes(before, after) if definition else diff_docs(before, after)

    def shown(self, value: object) -> str:
        return show(value)


class ClosedPeriods:
    """Which goals' outcomes and assessments are closed for a period: listed under stängda_perioder, or an
    adopted bokslut or delår (styr adopt --period) of an organ over the goal's unit. The authoring commands
    ask before they write. Outside Git only the list counts. The tags are read once."""

    def __init__(self, root: Path, current: Repository) -> None:
        try:
            found: Sequence[Adoption] = GitHistory(root).decisions()
        except HistoryUnavailable:
            found = []
        self._scope = ClosedScope(current, closures(listed_closed(current), found))

    def closure(self, goal: Goal, period: Period) -> Closure | None:
        return self._scope.closure(goal.unit_folder, period)

    def unit_closure(self, unit_folder: str, period: Period) -> Closure | None:
        """The same for what a unit's styrkort.yaml records for a period (its economy)."""
        return self._scope.closure(unit_folder, period)
