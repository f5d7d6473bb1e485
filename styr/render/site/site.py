"""Writing the output folder safely: slugs from ids, a manifest of what styr wrote, atomic writes, --force."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import unicodedata
import weakref
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from styr.render.site.nofollow import Identity, LinkInPath, NotRegular, Tree, identity_of, kind_of

MANIFEST = ".styr-manifest.json"
JOURNAL = ".styr-journal"
_MANIFEST_TOOL = "styr report"

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_MAX_SLUG = 60
# Names Windows will not create whatever the extension: a published folder may be copied there.
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})
# What a path we write or delete may look like: folders and a file name of slug characters, one extension.
_SAFE_REL = re.compile(
    r"(?:[a-z0-9][a-z0-9-]*/)*(?:[a-zA-Z0-9][a-zA-Z0-9-]*)\.(?:html|md|json|csv|rdf|css|svg|png|jpg|pdf)")


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


def content_digest(data: bytes) -> str:
    """What the manifest records of a file's content."""
    return hashlib.sha256(data).hexdigest()


Recorded = tuple[str, int, int, int, int]
"""What a page was made from (a fingerprint, see inputs.py) and its file's size, mtime_ns, ctime_ns and inode."""


def _recorded(raw: object, files: dict[str, str]) -> dict[str, Recorded]:
    """The manifest's `indata`: anything not of its shape is passed over (the page is then simply made again)."""
    out: dict[str, Recorded] = {}
    for rel, entry in raw.items() if isinstance(raw, dict) else ():
        if (rel in files and isinstance(entry, list) and len(entry) == 5 and isinstance(entry[0], str)
                and _DIGEST.fullmatch(entry[0]) and all(type(n) is int for n in entry[1:])):
            out[rel] = (entry[0], entry[1], entry[2], entry[3], entry[4])
    return out


def _close_quietly(fd: int) -> None:
    with contextlib.suppress(OSError):
        os.close(fd)


def check_relative(rel: str) -> None:
    """Only paths of the shape styr itself produces are written or deleted: no '..', no absolute path."""
    if not _SAFE_REL.fullmatch(rel):
        raise ValueError(f"otillåten sökväg i utdata: {rel!r}")


_DIGEST = re.compile(r"[0-9a-f]{64}")


@dataclass
class OutputFolder:
    """The `--out` folder. styr overwrites or deletes only files it wrote and nobody has changed since.

    A file is styr's when its content hash was recorded *after* styr wrote it: in the manifest at the end of a
    run, and line by line in a journal while the run goes on, so an interrupted run can be resumed (and a file
    someone puts where an interrupted run never got to write is theirs). A folder that is not empty and has no
    manifest is refused unless `force`; with `force` styr writes its files over whatever is there but still
    deletes nothing it did not write. No symbolic link below the folder is followed when writing or deleting.
    """

    root: Path
    force: bool = False
    previous: dict[str, str] = field(default_factory=dict)
    written: dict[str, str] = field(default_factory=dict)
    skipped: int = 0
    previous_inputs: dict[str, Recorded] = field(default_factory=dict)
    """What each page was made from in the last run (see inputs.py), with its file's identity then."""
    inputs: dict[str, Recorded] = field(default_factory=dict)
    kept: int = 0
    """Pages not made again: their inputs and their files are as the last run left them."""
    _seen: dict[str, Identity | None] = field(default_factory=dict, repr=False)
    """The identity of each file to be written as `check` found it, before this run wrote any."""
    _identities: dict[str, Identity] = field(default_factory=dict, repr=False)
    """The identity of each file just written, until `made_from` takes it."""
    _journal: int | None = field(default=None, repr=False)
    _journal_pid: int = 0  # the process that opened `_journal` (a forked helper opens its own)
    _close_journal: weakref.finalize[[int], OutputFolder] | None = field(default=None, repr=False)

    @property
    def _tree(self) -> Tree:
        return Tree(self.root)

    @classmethod
    def open(cls, root: Path, force: bool = False) -> OutputFolder:
        if root.exists() and not root.is_dir():
            raise OutputRefused(f"'{root}' finns redan och är ingen mapp.")
        folder = cls(root, force)
        if root.is_dir():
            folder.previous = folder._read_manifest()
            folder.previous.update(folder._read_journal())
        return folder

    def _read_manifest(self) -> dict[str, str]:
        raw = self._tree.read(MANIFEST)
        if raw is None:
            if self._tree.names() and not self.force:
                raise OutputRefused(
                    f"Mappen '{self.root}' är inte tom och innehåller inget som styr har skrivit tidigare "
                    f"(filen {MANIFEST} saknas). Välj en tom eller ny mapp, eller använd --force för att "
                    "skriva ändå (styr raderar aldrig filer som den inte själv har skrivit)."
                )
            return {}
        try:
            data = json.loads(raw.decode("utf-8"))
            files = data["filer"] if data.get("verktyg") == _MANIFEST_TOOL else None
            if not isinstance(files, dict):
                raise ValueError("okänt innehåll")
            out: dict[str, str] = {}
            for rel, digest in files.items():
                if isinstance(rel, str) and isinstance(digest, str):
                    check_relative(rel)
                    if _DIGEST.fullmatch(digest):  # an older styr's "väntar" (about to write) is no proof
                        out[rel] = digest
            self.previous_inputs = _recorded(data.get("indata"), out)
            return out
        except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError) as exc:
            if self.force:
                return {}
            raise OutputRefused(
                f"Filen {MANIFEST} i '{self.root}' går inte att läsa ({exc}). Använd --force för att skriva ändå."
            ) from exc

    def _read_journal(self) -> dict[str, str]:
        """What an interrupted run wrote, each line recorded after its file was written. A line cut short by the
        interruption, or one that does not look like styr's, is passed over."""
        raw = self._tree.read(JOURNAL) or b""
        out: dict[str, str] = {}
        for line in raw.splitlines():
            try:
                entry = json.loads(line.decode("utf-8"))
                rel, digest = entry["fil"], entry["sha256"]
                check_relative(rel)
            except (UnicodeDecodeError, ValueError, KeyError, TypeError):
                continue
            if isinstance(digest, str) and _DIGEST.fullmatch(digest):
                out[rel] = digest
        return out

    # -- checks ---------------------------------------------------------------------------------------

    def _kind(self, rel: str) -> str:
        check_relative(rel)
        try:
            return self._refuse_other(rel, self._tree.kind(rel))
        except LinkInPath as link:
            raise self._link_refused(link) from None

    def _link_refused(self, link: LinkInPath) -> OutputRefused:
        return OutputRefused(f"'{link.part}' i '{self.root}' är en symbolisk länk (eller ingen mapp) som kan leda "
                             "utanför utmappen; styr skriver inte genom den. Inget skrevs.")

    def _refuse_other(self, rel: str, kind: str) -> str:
        if kind in ("link", "other"):
            raise self._not_regular(rel, kind)
        return kind

    def _not_regular(self, rel: str, kind: str) -> OutputRefused:
        what = "en symbolisk länk" if kind == "link" else "ingen vanlig fil"
        return OutputRefused(f"'{rel}' i '{self.root}' är {what}; styr skriver inte över den.")

    def _ours_unchanged(self, rel: str, identity: Identity | None = None) -> bool:
        """True when the file is one styr wrote and nobody has changed since (`identity`: its own, when known)."""
        digest = self.previous.get(rel)
        if digest is None:
            return False
        recorded = self.previous_inputs.get(rel)
        if recorded is not None and (identity or self._tree.identity(rel)) == recorded[1:]:
            return True  # not written since styr recorded it (its ctime would say): no need to read it
        try:
            data = self._tree.read(rel)
        except (OSError, LinkInPath):
            return False
        return data is not None and content_digest(data) == digest

    def check(self, paths: Iterable[str]) -> None:
        """Refuse, before anything is written, when a file to be written exists and is not styr's own."""
        wanted = list(paths)
        for rel in wanted:
            check_relative(rel)
        try:
            found = self._tree.stats(wanted)
        except LinkInPath as link:
            raise self._link_refused(link) from None
        foreign = []
        for rel in wanted:
            self._seen[rel] = identity_of(found[rel])
            if (self._refuse_other(rel, kind_of(found[rel])) == "file" and not self.force
                    and not self._ours_unchanged(rel, self._seen[rel])):
                foreign.append(rel)
        if foreign:
            shown = ", ".join(foreign[:5]) + (f" och {len(foreign) - 5} till" if len(foreign) > 5 else "")
            raise OutputRefused(
                f"styr skulle skriva över filer i '{self.root}' som den inte själv har skrivit, eller som har "
                f"ändrats sedan dess: {shown}. Flytta dem eller använd --force."
            )

    # -- writing --------------------------------------------------------------------------------------

    def begin(self, paths: Iterable[str]) -> None:
        """Check every file about to be written, before any is; mark the folder as styr's."""
        self.check(list(paths))
        self.root.mkdir(parents=True, exist_ok=True)
        if self._tree.kind(JOURNAL) not in ("missing", "file"):
            if not self.force:
                raise OutputRefused(f"'{JOURNAL}' i '{self.root}' är ingen vanlig fil; styr skriver inte genom den. "
                                    "Ta bort den eller använd --force.")
            self._tree.unlink(JOURNAL)  # the link itself, never what it points at
        if self._tree.read(MANIFEST) is None:
            self._write_manifest(self.previous)

    def unchanged(self, rel: str, fingerprint: str) -> bool:
        """True when the page `rel` was made from `fingerprint` in the last run and its file is still as written."""
        found = self.previous_inputs.get(rel)
        if found is None or found[0] != fingerprint or rel not in self.previous:
            return False
        # As `check` saw it just before this run wrote anything (a page changed since then is not overwritten
        # either: it is kept, and the next run finds it changed).
        identity = self._seen[rel] if rel in self._seen else self._tree.identity(rel)
        return identity == found[1:]

    def keep(self, rel: str, page: bool = True) -> None:
        """Leave a page (or another file, not counted in `kept`) that `unchanged` found as it is: it stays styr's,
        with what it was made from."""
        self.written[rel] = self.previous[rel]
        self.inputs[rel] = self.previous_inputs[rel]
        if page:
            self.kept += 1
        # No journal line: the page is already styr's in the manifest (or the journal) that this run leaves in place
        # until `finish`, should it stop before then.

    def made_from(self, rel: str, fingerprint: str) -> None:
        """Remember what the page just written was made from, for the next run."""
        identity = self._identities.pop(rel, None) or self._tree.identity(rel)
        if identity is not None:
            self.inputs[rel] = (fingerprint, *identity)

    def write(self, rel: str, text: str) -> None:
        self.write_bytes(rel, text.encode("utf-8"))

    def write_bytes(self, rel: str, data: bytes, digest: str | None = None) -> None:
        """Write a file (a page, the stylesheet, the logo, a PDF, an open-data file) unless it is unchanged.
        `digest`: its `content_digest`, when the process that made it has it already."""
        check_relative(rel)
        digest = digest or content_digest(data)
        self.written[rel] = digest
        try:
            # An unchanged file keeps its time stamp (rsync to the web stays cheap).
            same, identity = self._tree.put(rel, data)
        except LinkInPath as link:
            raise OutputRefused(f"'{link.part}' i '{self.root}' är, eller blev medan rapporten skrevs, en symbolisk "
                                "länk (eller ingen mapp); styr skriver inte genom den.") from None
        except NotRegular as other:
            raise self._not_regular(rel, other.kind) from None
        if same:
            self.skipped += 1
        if identity is not None:
            self._identities[rel] = identity
        self._record(rel, digest)

    def _record(self, rel: str, digest: str) -> None:
        """The journal line that makes a written file styr's, should the run stop before `finish`. The journal is
        opened once (never through a link) and kept open: each line is one write at its end, from any process."""
        line = json.dumps({"fil": rel, "sha256": digest}, ensure_ascii=True) + "\n"
        if self._journal is None or self._journal_pid != os.getpid():
            self._journal = self._tree.open_append(JOURNAL)
            self._journal_pid = os.getpid()
            # Closed by `finish`, or when the folder object goes (a run that stopped with an error).
            self._close_journal = weakref.finalize(self, _close_quietly, self._journal)
        os.write(self._journal, line.encode("ascii"))

    def finish(self) -> list[str]:
        """Delete files styr wrote earlier that are no longer part of the output; write the final manifest.
        Returns the deleted paths."""
        removed = []
        for rel in sorted(set(self.previous) - set(self.written)):
            if self._kind(rel) == "file" and self._ours_unchanged(rel):
                self._tree.unlink(rel)
                removed.append(rel)
        self._write_manifest(self.written, self.inputs)
        if self._close_journal is not None and self._journal_pid == os.getpid():
            self._close_journal()  # once: a finalizer called is dead
        self._journal, self._close_journal = None, None
        with contextlib.suppress(FileNotFoundError):
            self._tree.unlink(JOURNAL)
        return removed

    def _write_manifest(self, files: dict[str, str], inputs: dict[str, Recorded] | None = None) -> None:
        body: dict[str, object] = {
            "verktyg": _MANIFEST_TOOL,
            "beskrivning": "Filer som styr har skrivit i mappen. styr skriver bara över och tar bara bort dessa.",
            "filer": dict(sorted(files.items())),
        }
        if inputs:
            body["indata"] = {rel: list(inputs[rel]) for rel in sorted(inputs) if files.get(rel)}
        self._tree.write(MANIFEST, (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
