"""Where the repository's files come from: the working tree here, or a Git revision (see styr.history).

The goal repository is untrusted. A file is read only when it is a regular file whose real path lies inside
the repository: a symbolic link may lead to another place in it (each real folder is read once), never out of
it. Links that lead out, dangle or go round in a loop, FIFOs, devices, sockets, names that are not UTF-8 and
folders that cannot be read are not read, and not skipped in silence either: each is a `Refusal`, which
loading turns into a finding that names the entry and shows none of its content.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Protocol

from styr.frozen import frozen
from styr.load.problems import ProblemKind
from styr.load.problems import ProblemKind as P

MODEL_FILE = "styrmodell.yaml"
READ_LIMIT = 1024 * 1024
"""The largest file read (styr.load.yamlio.MAX_BYTES): a larger one is refused before it is read."""


class NotAGoalRepository(Exception):
    """The path is not a goal repository (no styrmodell.yaml): a usage error, exit code 2."""


# Folders that hold a unit's own content rather than a child unit.
CONTENT_DIRS = frozenset({"mål", "aktiviteter", "verksamhetsplan"})
_SUFFIXES = (".yaml", ".yml", ".md")


@frozen
class Refusal:
    """An entry styr did not read, and why: the kind of problem (a loading rule reports it), a Swedish message
    and a hint."""

    path: str
    kind: ProblemKind
    message: str
    hint: str


class Refused(OSError):
    """Reading a file was refused (see `Refusal`). An OSError, so every caller that copes with an unreadable
    file copes with this one."""

    def __init__(self, refusal: Refusal) -> None:
        super().__init__(errno.EPERM, refusal.message, refusal.path)
        self.refusal = refusal


class Source(Protocol):
    """Read-only access to the files of a goal repository, by POSIX path relative to its root."""

    label: str

    def list_files(self) -> list[str]:
        """Every .yaml, .yml and .md file, sorted, skipping folders that start with '.' or '_'."""
        ...

    def read_bytes(self, path: str) -> bytes: ...

    def exists(self, path: str) -> bool: ...


def refusals(source: Source) -> list[Refusal]:
    """What a source found and did not read while listing its files (a source may find nothing to refuse)."""
    found = getattr(source, "refused", None)
    return list(found()) if callable(found) else []


# --- the words of the refusals ---------------------------------------------------------------------------------

_KIND = {stat.S_IFIFO: "en namngiven rörledning (FIFO)", stat.S_IFCHR: "en teckenenhet",
         stat.S_IFBLK: "en blockenhet", stat.S_IFSOCK: "ett uttag (socket)"}


def shown(rel: str) -> str:
    """A path as a message may quote it: bytes that are not UTF-8 written as \\xNN."""
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def link_outside(rel: str) -> Refusal:
    return Refusal(shown(rel), P.LINK, f"'{shown(rel)}' är en symbolisk länk som leder utanför målrepot; styr läser "
                   "den inte.", "Lägg filen i målrepot i stället för att länka till den, eller ta bort länken.")


def link_dangling(rel: str) -> Refusal:
    return Refusal(shown(rel), P.LINK, f"'{shown(rel)}' är en symbolisk länk till något som inte finns.",
                   "Ta bort länken eller låt den peka på en fil i målrepot.")


def link_in_revision(rel: str) -> Refusal:
    return Refusal(shown(rel), P.LINK, f"'{shown(rel)}' är en symbolisk länk i Git; styr följer inte länkar när "
                   "målrepot läses ur historiken.", "Lägg in filen själv i stället för en länk till den.")


def link_loop(rel: str, target: str | None = None) -> Refusal:
    where = f" till '{shown(target)}', som redan läses" if target is not None else " i en slinga"
    return Refusal(shown(rel), P.LINK_LOOP, f"Länken '{shown(rel)}' leder{where}; styr läser varje mapp en gång.",
                   "Ta bort länken, eller låt den peka på en mapp som inte redan ingår i målrepot.")


def special_file(rel: str, mode: int) -> Refusal:
    kind = _KIND.get(stat.S_IFMT(mode), "ingen vanlig fil")
    return Refusal(shown(rel), P.SPECIAL_FILE, f"'{shown(rel)}' är {kind}, inte en vanlig fil; styr läser den inte.",
                   "Ta bort den: ett målrepo innehåller bara vanliga filer och mappar.")


def unreadable(rel: str, exc: OSError, folder: bool) -> Refusal:
    what = "Mappen" if folder else "Filen"
    why = "åtkomst nekad" if isinstance(exc, PermissionError) else (exc.strerror or str(exc)).lower()
    lost = " Enheter, mål och aktiviteter i den saknas i kontrollen." if folder else ""
    return Refusal(shown(rel) or ".", P.READ_FAILED, f"{what} '{shown(rel) or '.'}' kunde inte läsas: {why}.{lost}",
                   "Kontrollera behörigheterna, t.ex. med 'ls -l', så att styr får läsa den.")


def not_utf8_name(rel: str) -> Refusal:
    return Refusal(shown(rel), P.NOT_UTF8, f"Namnet '{shown(rel)}' är inte giltig UTF-8; styr läser inte filen eller "
                   "mappen.", "Byt namn så att namnet sparas som UTF-8 (å, ä och ö blir då rätt överallt).")


def too_large(rel: str, size: int, limit: int) -> Refusal:
    hint = ("Korta texten eller dela upp den i flera avsnitt." if rel.endswith(".md")
            else "Dela upp innehållet i flera filer, till exempel ett mål per fil.")
    message = f"Filen är {size // 1024} KiB, större än gränsen {limit // 1024} KiB."
    return Refusal(shown(rel), P.TOO_LARGE, message, hint)


# --- reading a file inside a folder ------------------------------------------------------------------------------


def _inside(real: str, base: str) -> bool:
    return real == base or real.startswith(base.rstrip(os.sep) + os.sep)


_BAD_NAME = re.compile("[\udc80-\udcff]")  # bytes that were not UTF-8, as os.fsdecode keeps them


def _has_bad_name(text: str) -> bool:
    return _BAD_NAME.search(text) is not None


def read_inside(root: Path, rel: str, limit: int = READ_LIMIT) -> bytes:
    """The bytes of the regular file `rel` (POSIX, relative to `root`), when its real path lies inside `root`.
    Raises Refused (an OSError) for anything else, and OSError when it cannot be read."""
    base = os.path.realpath(root)
    try:
        real = os.path.realpath(os.path.join(root, *rel.split("/")), strict=True)
    except FileNotFoundError:
        if os.path.islink(os.path.join(root, *rel.split("/"))):
            raise Refused(link_dangling(rel)) from None
        raise
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Refused(link_loop(rel)) from None
        raise
    if not _inside(real, base):
        raise Refused(link_outside(rel))
    return _read_regular(real, rel, limit)[0]


def _read_regular(real: str, rel: str, limit: int) -> tuple[bytes, os.stat_result]:
    """Open without following a link (the path is already resolved) and without waiting for a writer (a FIFO
    would otherwise block), then read only a regular file of at most `limit` bytes. Returns the bytes and the
    file's status as it was before they were read (the parse cache keys on it)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(real, flags)
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # the file was replaced by a link after it was listed
            raise Refused(link_outside(rel)) from None
        if exc.errno in (errno.ENXIO, errno.EOPNOTSUPP):  # a socket, or a FIFO on some systems
            raise Refused(special_file(rel, os.stat(real).st_mode)) from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused(special_file(rel, info.st_mode))
        if info.st_size > limit:
            raise Refused(too_large(rel, info.st_size, limit))
        chunks = []
        got = 0  # up to one byte more than allowed: that tells a file that grew while it was read
        # One byte more than its size reads a file whole at once, and a short read once that size is reached is its
        # end: no second call to find that out (20,000 system calls for 20,000 files). A short read before it (a
        # network file system, a signal) is not taken for the end: the next call says.
        wanted = min(limit + 1, info.st_size + 1, 1 << 20)
        while got <= limit:
            chunk = os.read(fd, wanted)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
            if len(chunk) < wanted and got >= info.st_size:
                break
            wanted = min(limit + 1 - got, 1 << 20)
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise Refused(too_large(rel, len(data), limit))
    return data, info


# --- the working tree ------------------------------------------------------------------------------------------

class WorkTree:
    """Files as they are on disk now."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.label = str(root)
        self._base = os.path.realpath(root)
        # Real paths of the listed files, by the relative name styr uses (NFC: macOS writes 'mål' decomposed).
        self._where: dict[str, str] = {}
        self._refused: list[Refusal] = []

    def refused(self) -> list[Refusal]:
        return list(self._refused)

    def list_files(self) -> list[str]:
        self._where.clear()
        self._refused.clear()
        out: list[str] = []
        # (name styr uses, path on disk, real path): a plain folder's real path is its parent's plus its name.
        stack = [("", str(self.root), self._base)]
        visited = {self._base}
        links: list[tuple[os.DirEntry[str], str]] = []
        while stack or links:
            if not stack:
                # Folders reached through links come last, so a folder that is also reached without one is read
                # under its own name, and the link is the one refused; links in name order, whatever the disk's.
                links.sort(key=lambda link: link[1], reverse=True)
                entry, child = links.pop()
                self._folder_link(entry, child, stack, visited)
                continue
            rel, full, real = stack.pop()
            try:
                entries = list(os.scandir(full))
            except OSError as exc:
                self._refused.append(unreadable(rel, exc, folder=True))
                continue
            for entry in entries:
                self._entry(entry, rel, real, out, stack, visited, links)
        out.sort()
        self._refused.sort(key=lambda r: r.path)
        return out

    def _entry(self, entry: os.DirEntry[str], rel: str, real: str, out: list[str], stack: list[tuple[str, str, str]],
               visited: set[str], links: list[tuple[os.DirEntry[str], str]]) -> None:
        name = entry.name
        if name.startswith((".", "_")):
            return
        plain = name.isascii()  # almost every name: nothing to normalise, no undecodable byte
        if not plain:
            name = unicodedata.normalize("NFC", name)
        child = f"{rel}/{name}" if rel else name
        if not plain and _has_bad_name(name):
            self._refused.append(not_utf8_name(child))
            return
        try:
            if entry.is_symlink():
                self._file_link(entry, child, out, links)
            elif entry.is_dir(follow_symlinks=False):
                child_real = os.path.join(real, entry.name)
                visited.add(child_real)
                stack.append((child, entry.path, child_real))
            elif entry.is_file(follow_symlinks=False):
                if name.endswith(_SUFFIXES):
                    out.append(child)
                    self._where[child] = os.path.join(real, entry.name)
            else:
                self._refused.append(special_file(child, entry.stat(follow_symlinks=False).st_mode))
        except OSError as exc:
            self._refused.append(unreadable(child, exc, folder=False))

    def _resolve(self, entry: os.DirEntry[str], child: str) -> tuple[str, os.stat_result] | None:
        """A link's real target and what it is, or None (with a refusal when it matters) when it has none."""
        try:
            target = os.path.realpath(entry.path, strict=True)
            return target, os.stat(target)
        except FileNotFoundError:
            if child.endswith(_SUFFIXES) or "." not in child.rsplit("/", 1)[-1]:  # a file styr reads, or a folder
                self._refused.append(link_dangling(child))
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
            self._refused.append(link_loop(child))
        return None

    def _file_link(self, entry: os.DirEntry[str], child: str, out: list[str],
                   links: list[tuple[os.DirEntry[str], str]]) -> None:
        """A symbolic link: a file styr reads is followed when it leads inside the repository; a folder waits."""
        resolved = self._resolve(entry, child)
        if resolved is None:
            return
        target, info = resolved
        wanted = child.endswith(_SUFFIXES)
        if stat.S_ISDIR(info.st_mode):
            links.append((entry, child))
        elif not wanted:
            return
        elif not _inside(target, self._base):
            self._refused.append(link_outside(child))
        elif stat.S_ISREG(info.st_mode):
            out.append(child)
            self._where[child] = target
        else:
            self._refused.append(special_file(child, info.st_mode))

    def _folder_link(self, entry: os.DirEntry[str], child: str, stack: list[tuple[str, str, str]],
                     visited: set[str]) -> None:
        try:
            resolved = self._resolve(entry, child)
        except OSError as exc:
            self._refused.append(unreadable(child, exc, folder=True))
            return
        if resolved is None:
            return
        target = resolved[0]
        if not _inside(target, self._base):
            self._refused.append(link_outside(child))
        elif target in visited:
            self._refused.append(link_loop(child, os.path.relpath(target, self._base).replace(os.sep, "/")))
        else:
            visited.add(target)
            stack.append((child, target, target))

    def read_bytes(self, path: str) -> bytes:
        real = self._where.get(path)
        if real is None:  # not listed (yet): resolve and check it now
            return read_inside(self.root, path)
        return _read_regular(real, path, READ_LIMIT)[0]

    def read_with_identity(self, path: str) -> tuple[bytes, os.stat_result]:
        """A listed file's bytes and its status just before they were read (for the parse cache)."""
        real = self._where.get(path)
        if real is None:
            raise FileNotFoundError(errno.ENOENT, "inte listad", path)
        return _read_regular(real, path, READ_LIMIT)

    def identity(self, path: str) -> os.stat_result | None:
        """The status of a listed file as it is now, when it is still a regular file that may be read (a file
        replaced by a link or a FIFO since it was listed, or grown past the limit, has none: it must be read)."""
        real = self._where.get(path)
        if real is None:
            return None
        try:
            info = os.lstat(real)
        except OSError:
            return None
        return info if stat.S_ISREG(info.st_mode) and info.st_size <= READ_LIMIT else None

    def exists(self, path: str) -> bool:
        """True for a listed file, and for any entry at `path` at all: a link that leads out is still there, and
        reading it says why it is not read."""
        return path in self._where or os.path.lexists(self.root / path)


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
    raise NotAGoalRepository(f"'{path}' ligger inte i ett målrepo: ingen {MODEL_FILE} hittades i mappen eller "
                             "ovanför den. Gå till målrepots mapp eller ange den efter kommandot (t.ex. 'styr "
                             "validate mål/'), eller skapa ett nytt målrepo med 'styr init'.")
