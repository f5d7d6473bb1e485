"""The goal repository as it was at a Git revision, read from Git objects without touching the working tree."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from styr.history import gitio
from styr.load.source import (
    READ_LIMIT,
    NotAGoalRepository,
    Refusal,
    Refused,
    link_in_revision,
    not_utf8_name,
    too_large,
)

_SUFFIXES = (".yaml", ".yml", ".md")


class RevisionError(NotAGoalRepository):
    """The revision cannot be read (no Git, unknown revision, no commits): a usage error, exit code 2."""


def wanted(rel: str) -> bool:
    """The same files WorkTree lists: .yaml/.yml/.md, not inside folders starting with '.' or '_'."""
    if not rel.endswith(_SUFFIXES):
        return False
    return not any(part.startswith((".", "_")) for part in rel.split("/"))


def _maybe_wanted(rel: str) -> bool:
    """A link WorkTree would have looked at: to a file it reads, or (no suffix) perhaps to a folder."""
    if any(part.startswith((".", "_")) for part in rel.split("/")):
        return False
    return rel.endswith(_SUFFIXES) or "." not in rel.rsplit("/", 1)[-1]


def _bad_name(rel: str) -> bool:
    return any("\udc80" <= c <= "\udcff" for c in rel)


def _goal_root(repo: gitio.GitRepo, commit: str) -> gitio.GitRepo:
    """As `find_root` does on disk: the nearest folder, from the given one upwards, that held a
    styrmodell.yaml at the revision (the folder itself when none did: loading then says what is missing)."""
    parts = repo.prefix.rstrip("/").split("/") if repo.prefix else []
    prefixes = ["/".join(parts[:n]) + "/" if n else "" for n in range(len(parts), -1, -1)]
    found = gitio.read_blobs(repo, [f"{commit}:{p}styrmodell.yaml" for p in prefixes])
    for p in prefixes:
        if f"{commit}:{p}styrmodell.yaml" in found:
            return replace(repo, prefix=p)
    return repo


class RevisionSource:
    """A `Source` (styr.load.source) over one commit's tree: one `git ls-tree` to list the files, and the
    first time a file is read, one `git cat-file --batch-check` for their sizes and one `--batch` to read them."""

    def __init__(self, repo: gitio.GitRepo, commit: str, label: str, files: dict[str, str],
                 refused: tuple[Refusal, ...] = ()) -> None:
        self.repo = repo
        self.commit = commit
        self.label = label
        self.root = repo.top / repo.prefix if repo.prefix else repo.top
        """The goal repository's folder (found upwards from the given one, as WorkTree.root)."""
        self._blobs = files  # relative path -> blob id
        self._data: dict[str, bytes] | None = None
        self._sizes: dict[str, int] = {}
        self._refused = refused

    def refused(self) -> list[Refusal]:
        """Links (never followed in Git) and names that are not UTF-8, found in the revision's tree."""
        return list(self._refused)

    @classmethod
    def open(cls, root: Path, rev: str) -> RevisionSource:
        """The goal repository at `root` as it was at `rev`. Raises RevisionError with a Swedish message."""
        try:
            repo = gitio.open_repo(root)
            commit = gitio.resolve(repo, rev)
            repo = _goal_root(repo, commit)
            listing = gitio.ls_tree(repo, commit)
        except gitio.GitError as exc:
            raise RevisionError(f"--rev {rev}: {exc}") from exc
        files: dict[str, str] = {}
        refused: list[Refusal] = []
        for top_path, mode, blob in listing:
            rel = repo.rel(top_path)
            if rel is None:
                continue
            if mode == gitio.LINK_MODE:
                if _maybe_wanted(rel):
                    refused.append(link_in_revision(rel))
            elif mode in gitio.REGULAR_MODES and wanted(rel):
                if _bad_name(rel):
                    refused.append(not_utf8_name(rel))
                else:
                    files[rel] = blob
        shown = repo.top / repo.prefix.rstrip("/") if repo.prefix else repo.top
        return cls(repo, commit, f"{shown} @ {rev} ({commit[:8]})", files, tuple(refused))

    def list_files(self) -> list[str]:
        return sorted(self._blobs)

    def read_bytes(self, path: str) -> bytes:
        if path not in self._blobs:
            raise FileNotFoundError(2, "filen finns inte i revisionen", path)
        if self._data is None:
            try:
                # Sizes first: a blob over the limit is never read into memory.
                self._sizes = gitio.blob_sizes(self.repo, self._blobs.values())
                small = [b for b in self._blobs.values() if self._sizes.get(b, 0) <= READ_LIMIT]
                self._data = gitio.read_blobs(self.repo, small)
            except gitio.GitError as exc:
                raise OSError(5, str(exc), path) from exc
        size = self._sizes.get(self._blobs[path], 0)
        if size > READ_LIMIT:
            raise Refused(too_large(path, size, READ_LIMIT))
        try:
            return self._data[self._blobs[path]]
        except KeyError:
            raise OSError(5, "objektet saknas i Git-databasen (grund klon?)", path) from None

    def exists(self, path: str) -> bool:
        return path in self._blobs
