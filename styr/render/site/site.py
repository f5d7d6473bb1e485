"""Writing the output folder safely: slugs from ids, a manifest of what styr wrote, atomic writes, --force."""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MANIFEST = ".styr-manifest.json"
_MANIFEST_TOOL = "styr report"
_PENDING = "väntar"  # manifest digest of a file a run was about to write

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_MAX_SLUG = 60
# Names Windows will not create whatever the extension: a published folder may be copied there.
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})
# What a path we write or delete may look like: folders and a file name of slug characters, one extension.
_SAFE_REL = re.compile(r"(?:[a-z0-9][a-z0-9-]*/)*(?:[a-zA-Z0-9][a-zA-Z0-9-]*)\.(?:html|md|json|csv|rdf)")


def slug(text: str, fallback: str = "x") -> str:
    """A file-name and anchor-safe form of an id: lower-case a–z, 0–9 and single hyphens, never empty.

    Accents are folded (å → a, ö → o) and everything else becomes a hyphen, so a slug can never contain a
    path separator, a dot or '..', and cannot leave the output folder whatever the id says.
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c))
    out = _NOT_SLUG.sub("-", ascii_only).strip("-")[:_MAX_SLUG].strip("-")
    if not out:
        out = fallback
    if out in _RESERVED:
        out = f"{out}-x"
    return out


@dataclass
class Slugs:
    """Hands out unique slugs within one namespace: the same key always gets the same slug, and two
    different keys never share one (a duplicated id gets '-2', '-3' …)."""

    prefix: str = ""
    _by_key: dict[Hashable, str] = field(default_factory=dict)
    _taken: set[str] = field(default_factory=set)

    def get(self, key: Hashable, text: str) -> str:
        found = self._by_key.get(key)
        if found is not None:
            return found
        base = self.prefix + slug(text)
        candidate, n = base, 1
        while candidate in self._taken:
            n += 1
            candidate = f"{base}-{n}"
        self._by_key[key] = candidate
        self._taken.add(candidate)
        return candidate


class OutputRefused(Exception):
    """The output folder may not be written (it holds files styr did not write). The message is Swedish."""


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def check_relative(rel: str) -> PurePosixPath:
    """Only paths of the shape styr itself produces are written or deleted: no '..', no absolute path."""
    if not _SAFE_REL.fullmatch(rel):
        raise ValueError(f"otillåten sökväg i utdata: {rel!r}")
    return PurePosixPath(rel)


@dataclass
class OutputFolder:
    """The `--out` folder. styr overwrites or deletes only files its manifest says it wrote, unchanged since.

    A folder that is not empty and has no manifest is refused unless `force`; with `force` styr writes its
    files over whatever is there but still deletes nothing it did not write.
    """

    root: Path
    force: bool = False
    previous: dict[str, str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)
    skipped: int = 0
    _inside: set[Path] = field(default_factory=set)  # folders already resolved and found inside the root

    @classmethod
    def open(cls, root: Path, force: bool = False) -> OutputFolder:
        if root.exists() and not root.is_dir():
            raise OutputRefused(f"'{root}' finns redan och är ingen mapp.")
        folder = cls(root, force)
        if root.is_dir():
            folder.previous = folder._read_manifest()
        return folder

    def _read_manifest(self) -> dict[str, str]:
        manifest = self.root / MANIFEST
        entries = [p for p in self.root.iterdir()]
        if not manifest.is_file():
            if entries and not self.force:
                raise OutputRefused(
                    f"Mappen '{self.root}' är inte tom och innehåller inget som styr har skrivit tidigare "
                    f"(filen {MANIFEST} saknas). Välj en tom eller ny mapp, eller använd --force för att "
                    "skriva ändå (styr raderar aldrig filer som den inte själv har skrivit)."
                )
            return {}
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            files = data["filer"] if data.get("verktyg") == _MANIFEST_TOOL else None
            if not isinstance(files, dict):
                raise ValueError("okänt innehåll")
            out: dict[str, str] = {}
            for rel, digest in files.items():
                if isinstance(rel, str) and isinstance(digest, str):
                    check_relative(rel)
                    out[rel] = digest
            return out
        except (OSError, ValueError, KeyError, TypeError) as exc:
            if self.force:
                return {}
            raise OutputRefused(
                f"Filen {MANIFEST} i '{self.root}' går inte att läsa ({exc}). Använd --force för att skriva ändå."
            ) from exc

    # -- checks ---------------------------------------------------------------------------------------

    def _target(self, rel: str) -> Path:
        check_relative(rel)
        target = self.root.joinpath(*PurePosixPath(rel).parts)
        folder = target.parent
        if folder not in self._inside:  # a handful of folders: each is resolved once
            root_real = os.path.realpath(self.root)
            parent_real = os.path.realpath(folder) if folder.exists() else None
            if parent_real is not None and os.path.commonpath([root_real, parent_real]) != root_real:
                raise OutputRefused(f"'{rel}' skulle hamna utanför '{self.root}' (en symbolisk länk?). Inget skrevs.")
            if parent_real is not None:
                self._inside.add(folder)
        if target.is_symlink():
            raise OutputRefused(f"'{target}' är en symbolisk länk; styr skriver inte genom den.")
        return target

    def _ours_unchanged(self, rel: str, target: Path) -> bool:
        """True when the file is one styr wrote and nobody has changed since."""
        digest = self.previous.get(rel)
        if digest is None:
            return False
        if digest == _PENDING:  # an interrupted run had checked this path and was about to write it
            return target.is_file()
        try:
            return _digest(target.read_bytes()) == digest
        except OSError:
            return False

    def check(self, paths: Iterable[str]) -> None:
        """Refuse, before anything is written, when a file to be written exists and is not styr's own."""
        if self.force:
            for rel in paths:
                self._target(rel)
            return
        foreign = []
        for rel in paths:
            target = self._target(rel)
            if target.exists() and not self._ours_unchanged(rel, target):
                foreign.append(rel)
        if foreign:
            shown = ", ".join(foreign[:5]) + (f" och {len(foreign) - 5} till" if len(foreign) > 5 else "")
            raise OutputRefused(
                f"styr skulle skriva över filer i '{self.root}' som den inte själv har skrivit, eller som har "
                f"ändrats sedan dess: {shown}. Flytta dem eller använd --force."
            )

    # -- writing --------------------------------------------------------------------------------------

    def begin(self, paths: Iterable[str]) -> None:
        """Record the files about to be written before writing them, so an interrupted run can be resumed."""
        wanted = list(paths)
        self.check(wanted)
        self.root.mkdir(parents=True, exist_ok=True)
        pending = dict(self.previous)
        for rel in wanted:
            pending.setdefault(rel, _PENDING)
        self._write_manifest(pending)

    def write(self, rel: str, text: str) -> None:
        data = text.encode("utf-8")
        digest = _digest(data)
        target = self._target(rel)
        self.written[rel] = digest
        try:
            if target.is_file() and target.read_bytes() == data:
                self.skipped += 1  # unchanged: keep the file and its time stamp (rsync to the web stays cheap)
                return
        except OSError:
            pass
        _atomic_write(target, data)

    def finish(self) -> list[str]:
        """Delete files styr wrote earlier that are no longer part of the output; write the final manifest.
        Returns the deleted paths."""
        removed = []
        for rel in sorted(set(self.previous) - set(self.written)):
            target = self._target(rel)
            if target.is_file() and self._ours_unchanged(rel, target):
                target.unlink()
                removed.append(rel)
                _remove_empty_parents(target.parent, self.root)
        self._write_manifest(self.written)
        return removed

    def _write_manifest(self, files: dict[str, str]) -> None:
        body = {
            "verktyg": _MANIFEST_TOOL,
            "beskrivning": "Filer som styr har skrivit i mappen. styr skriver bara över och tar bara bort dessa.",
            "filer": dict(sorted(files.items())),
        }
        _atomic_write(self.root / MANIFEST, (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))


def _atomic_write(target: Path, data: bytes) -> None:
    """Temporary file in the same folder, then rename: a web server never serves half a page."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".styr-tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _remove_empty_parents(folder: Path, root: Path) -> None:
    while folder != root and root in folder.parents:
        try:
            folder.rmdir()
        except OSError:
            return
        folder = folder.parent
