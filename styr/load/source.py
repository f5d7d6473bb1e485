"""Where the repository's files come from: the working tree here, or a Git revision (see styr.history)."""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import Protocol

MODEL_FILE = "styrmodell.yaml"


class NotAGoalRepository(Exception):
    """The path is not a goal repository (no styrmodell.yaml): a usage error, exit code 2."""


# Folders that hold a unit's own content rather than a child unit.
CONTENT_DIRS = frozenset({"mål", "aktiviteter", "verksamhetsplan"})
_SUFFIXES = (".yaml", ".yml", ".md")


class Source(Protocol):
    """Read-only access to the files of a goal repository, by POSIX path relative to its root."""

    label: str

    def list_files(self) -> list[str]:
        """Every .yaml, .yml and .md file, sorted, skipping folders that start with '.' or '_'."""
        ...

    def read_bytes(self, path: str) -> bytes: ...

    def exists(self, path: str) -> bool: ...


class WorkTree:
    """Files as they are on disk now."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.label = str(root)
        # macOS writes 'mål' decomposed (NFD); we classify by NFC names and read by the real ones.
        self._real: dict[str, str] = {}

    def list_files(self) -> list[str]:
        out: list[str] = []
        stack = [("", str(self.root))]
        while stack:
            rel, full = stack.pop()
            try:
                entries = list(os.scandir(full))
            except OSError:
                continue
            for entry in entries:
                name = entry.name
                if name.startswith((".", "_")):
                    continue
                if not name.isascii():
                    name = unicodedata.normalize("NFC", name)
                child = f"{rel}/{name}" if rel else name
                if name != entry.name or rel in self._real:
                    self._real[child] = os.path.relpath(entry.path, self.root)
                if entry.is_dir(follow_symlinks=False):
                    stack.append((child, entry.path))
                elif name.endswith(_SUFFIXES) and entry.is_file():
                    out.append(child)
        out.sort()
        return out

    def read_bytes(self, path: str) -> bytes:
        return (self.root / self._real.get(path, path)).read_bytes()

    def exists(self, path: str) -> bool:
        return (self.root / self._real.get(path, path)).is_file()


def git_prefix(root: Path) -> str:
    """`root` relative to the top of the Git work tree holding it, as a POSIX path ("" at the top or outside
    Git). Read from the file system (the nearest `.git` upwards), so it needs no git program."""
    try:
        here = root.resolve()
    except OSError:
        return ""
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            rel = here.relative_to(folder).as_posix()
            return "" if rel == "." else unicodedata.normalize("NFC", rel)
    return ""


def find_root(path: Path) -> Path:
    """The goal repository containing `path`: the nearest folder upwards with a styrmodell.yaml."""
    here = path if path.is_dir() else path.parent
    for folder in (here, *here.parents):
        if (folder / MODEL_FILE).is_file():
            return folder
    raise NotAGoalRepository(f"'{path}' ligger inte i ett målrepo: ingen {MODEL_FILE} hittades.")
