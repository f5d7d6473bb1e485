"""File operations inside one folder that never follow a symbolic link: the output folder's only way to touch disk.

Every path is taken apart and walked one folder at a time from the root, each folder opened with O_NOFOLLOW, and
the file itself is opened, renamed or removed relative to its folder. A link anywhere below the root, planted
before or during a run, therefore stops the operation instead of redirecting it. The root itself is the user's
choice (`--out` may well be a link to a web server's folder) and is followed. Systems without these calls get the
same checks by path (lstat of every part), which can only be raced by someone who can write to the folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

_DIRFD = (os.open in os.supports_dir_fd and os.unlink in os.supports_dir_fd and os.rename in os.supports_dir_fd
          and hasattr(os, "O_NOFOLLOW") and hasattr(os, "O_DIRECTORY"))
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


def _parts(rel: str) -> tuple[str, ...]:
    """`PurePosixPath(rel).parts`: a path of plain names (every page of a report) split directly, the same parts
    without a path object; anything else (an empty part, '.', a leading '/') the way pathlib takes it apart."""
    parts = tuple(rel.split("/"))
    if "" in parts or "." in parts:
        return PurePosixPath(rel).parts
    return parts


class LinkInPath(Exception):
    """A part of the path is a symbolic link (or not a folder): nothing was done."""

    def __init__(self, part: str) -> None:
        super().__init__(part)
        self.part = part


class NotRegular(Exception):
    """The file to be replaced is a symbolic link ('link') or not a regular file ('other'): nothing was written."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


Identity = tuple[int, int, int, int]
"""A regular file's size, mtime_ns, ctime_ns and inode (see `Tree.identity`)."""


class Tree:
    """The files below `root`, by POSIX path relative to it."""

    def __init__(self, root: Path) -> None:
        self.root = root

    # -- folders ------------------------------------------------------------------------------------------------

    def _folder(self, parts: tuple[str, ...], create: bool) -> int | None:
        """An open descriptor of the folder `parts` (None when it does not exist and `create` is false)."""
        fd = os.open(self.root, os.O_RDONLY | _DIRECTORY)
        try:
            for n, name in enumerate(parts):
                inner = _subfolder(fd, name, create, "/".join(parts[:n + 1]))
                if inner is None:
                    return None
                os.close(fd)
                fd = inner
            found, fd = fd, -1
            return found
        finally:
            if fd >= 0:
                os.close(fd)

    def _checked(self, rel: str) -> Path:
        """Without descriptors: the path, after checking that no part below the root is a link."""
        path = self.root
        for name in PurePosixPath(rel).parts[:-1]:
            path = path / name
            if path.is_symlink() or (path.exists() and not path.is_dir()):
                raise LinkInPath(str(path.relative_to(self.root)))
        return path / PurePosixPath(rel).name

    # -- files --------------------------------------------------------------------------------------------------

    def kind(self, rel: str) -> str:
        """'missing', 'file' (regular), 'link' or 'other' (a folder, a FIFO …); links in the path raise."""
        try:
            return kind_of(self._lstat(rel))
        except FileNotFoundError:
            return "missing"

    def stats(self, rels: Iterable[str]) -> dict[str, os.stat_result | None]:
        """The lstat of each file (None: missing), walking to each folder once: a report checks thousands of pages
        in a few folders before it writes. Links in the paths raise LinkInPath."""
        by_folder: dict[tuple[str, ...], list[str]] = {}
        for rel in rels:
            by_folder.setdefault(_parts(rel)[:-1], []).append(rel)
        out: dict[str, os.stat_result | None] = {}
        for parts, names in by_folder.items():
            if not _DIRFD:
                for rel in names:
                    try:
                        out[rel] = self._lstat(rel)
                    except FileNotFoundError:
                        out[rel] = None
                continue
            try:
                fd = self._folder(parts, create=False)
            except FileNotFoundError:  # the root itself is not there yet
                fd = None
            if fd is None:
                out.update(dict.fromkeys(names))
                continue
            try:
                for rel in names:
                    try:
                        out[rel] = os.lstat(_parts(rel)[-1], dir_fd=fd)
                    except FileNotFoundError:
                        out[rel] = None
            finally:
                os.close(fd)
        return out

    def _lstat(self, rel: str) -> os.stat_result:
        parts = _parts(rel)
        if not _DIRFD:
            return os.lstat(self._checked(rel))
        fd = self._folder(parts[:-1], create=False)
        if fd is None:
            raise FileNotFoundError(errno.ENOENT, "finns inte", rel)
        try:
            return os.lstat(parts[-1], dir_fd=fd)
        finally:
            os.close(fd)

    def identity(self, rel: str) -> Identity | None:
        """A regular file's size, mtime_ns, ctime_ns and inode (None: no such file, or not a regular one). Any
        write to the file changes at least its ctime, which no program can set back."""
        try:
            info = self._lstat(rel)
        except (OSError, LinkInPath):
            return None
        return identity_of(info)

    def put(self, rel: str, data: bytes) -> tuple[bool, Identity | None]:
        """`write` unless the file already holds `data`, in one walk to its folder (a report writes thousands of
        pages, and each open costs): (True when it already did, the file's identity afterwards). Raises
        NotRegular when the name is a link or not a regular file, LinkInPath for a link in the path."""
        if not _DIRFD:
            kind = self.kind(rel)
            if kind in ("link", "other"):
                raise NotRegular(kind)
            same = kind == "file" and self.read(rel) == data
            if not same:
                self.write(rel, data)
            return same, self.identity(rel)
        parts = _parts(rel)
        name = parts[-1]
        folder = self._folder(parts[:-1], create=True)
        assert folder is not None
        try:
            try:
                info: os.stat_result | None = os.lstat(name, dir_fd=folder)
            except FileNotFoundError:
                info = None
            if info is not None:
                if not stat.S_ISREG(info.st_mode):
                    raise NotRegular("link" if stat.S_ISLNK(info.st_mode) else "other")
                if info.st_size == len(data) and _read_at(folder, name) == data:
                    return True, identity_of(info)
            _write_at(folder, name, data)
            try:
                return False, identity_of(os.lstat(name, dir_fd=folder))
            except OSError:
                return False, None
        finally:
            os.close(folder)

    def read(self, rel: str) -> bytes | None:
        """The bytes of a regular file, or None when there is none (missing, a link, a FIFO …)."""
        parts = _parts(rel)
        try:
            if not _DIRFD:
                return _read_fd(os.open(self._checked(rel), _READ))
            folder = self._folder(parts[:-1], create=False)
        except (FileNotFoundError, LinkInPath):
            return None
        except OSError as exc:
            if exc.errno in _NO_FILE:
                return None
            raise
        if folder is None:
            return None
        try:
            return _read_at(folder, parts[-1])
        finally:
            os.close(folder)

    def write(self, rel: str, data: bytes) -> None:
        """Write atomically: a temporary file in the same folder, then a rename over the old name (a rename
        replaces a link there instead of writing through it). A web server never serves half a page."""
        parts = _parts(rel)
        if not _DIRFD:
            tmp = _tmp_name(parts[-1])
            target = self._checked(rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            self._checked(rel)
            _write_file(lambda flags: os.open(target.parent / tmp, flags, 0o644), data,
                        lambda: os.replace(target.parent / tmp, target), lambda: os.unlink(target.parent / tmp))
            return
        folder = self._folder(parts[:-1], create=True)
        assert folder is not None
        try:
            _write_at(folder, parts[-1], data)
        finally:
            os.close(folder)

    def append(self, rel: str, data: bytes) -> None:
        """Add to the end of a file in one write (several processes may append to the same file)."""
        fd = self.open_append(rel)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)

    def open_append(self, rel: str) -> int:
        """A descriptor that adds to the end of the file (made if missing; never through a link), for many short
        writes: each one lands whole at the end, whichever process holds a copy of the descriptor."""
        parts = _parts(rel)
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW | _BINARY
        if not _DIRFD:
            return os.open(self._checked(rel), flags, 0o644)
        folder = self._folder(parts[:-1], create=True)
        assert folder is not None
        try:
            return os.open(parts[-1], flags, 0o644, dir_fd=folder)
        finally:
            os.close(folder)

    def unlink(self, rel: str) -> None:
        """Remove a file (a link is removed itself, never what it points at), then its folders left empty."""
        parts = _parts(rel)
        if not _DIRFD:
            os.unlink(self._checked(rel))
        else:
            folder = self._folder(parts[:-1], create=False)
            if folder is None:
                return
            try:
                os.unlink(parts[-1], dir_fd=folder)
            finally:
                os.close(folder)
        for n in range(len(parts) - 1, 0, -1):
            if not self._rmdir(parts[:n]):
                return

    def _rmdir(self, parts: tuple[str, ...]) -> bool:
        try:
            if not _DIRFD:
                os.rmdir(self._checked("/".join(parts)))  # a link is no folder: rmdir refuses it
                return True
            parent = self._folder(parts[:-1], create=False)
            if parent is None:
                return False
            try:
                os.rmdir(parts[-1], dir_fd=parent)
            finally:
                os.close(parent)
            return True
        except (OSError, LinkInPath):  # not empty, or no longer a plain folder
            return False

    def names(self) -> list[str]:
        """The names in the root folder itself."""
        return os.listdir(self.root)


def kind_of(info: os.stat_result | None) -> str:
    """See `Tree.kind`."""
    if info is None:
        return "missing"
    if stat.S_ISLNK(info.st_mode):
        return "link"
    return "file" if stat.S_ISREG(info.st_mode) else "other"


def identity_of(info: os.stat_result | None) -> Identity | None:
    """See `Tree.identity`."""
    if info is None or not stat.S_ISREG(info.st_mode):
        return None
    return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino


_READ = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY
_NO_FILE = (errno.ELOOP, errno.ENXIO, errno.EISDIR)  # a link, a FIFO without a writer, a folder: no file to read


def _read_at(folder: int, name: str) -> bytes | None:
    """The bytes of the regular file `name` in the open folder (None: missing, a link, not a regular file)."""
    try:
        fd = os.open(name, _READ, dir_fd=folder)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno in _NO_FILE:
            return None
        raise
    return _read_fd(fd)


def _read_fd(fd: int) -> bytes | None:
    """Read an open file to its end and close it (None, unread, when it is not a regular file)."""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def _subfolder(fd: int, name: str, create: bool, shown: str) -> int | None:
    flags = os.O_RDONLY | _DIRECTORY | _NOFOLLOW
    try:
        return os.open(name, flags, dir_fd=fd)
    except FileNotFoundError:
        if not create:
            return None
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR, errno.EMLINK):
            raise LinkInPath(shown) from None
        raise
    with contextlib.suppress(FileExistsError):
        os.mkdir(name, 0o755, dir_fd=fd)
    try:
        return os.open(name, flags, dir_fd=fd)
    except OSError:  # something else was put there in the meantime
        raise LinkInPath(shown) from None


def _tmp_name(name: str) -> str:
    return f".{name}.{secrets.token_hex(6)}.styr-tmp"


def _write_at(folder: int, name: str, data: bytes) -> None:
    """Write `name` in the open folder atomically: a temporary file beside it, then a rename over it."""
    tmp = _tmp_name(name)
    _write_file(lambda flags: os.open(tmp, flags, 0o644, dir_fd=folder), data,
                lambda: os.replace(tmp, name, src_dir_fd=folder, dst_dir_fd=folder),
                lambda: os.unlink(tmp, dir_fd=folder))


def _write_file(open_: Callable[[int], int], data: bytes, rename: Callable[[], None],
                remove: Callable[[], None]) -> None:
    fd = open_(os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _BINARY)
    try:
        try:
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o644)  # whatever the umask: the web server must be able to read the page
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
        finally:
            os.close(fd)
        rename()
    except BaseException:
        with contextlib.suppress(OSError):
            remove()
        raise
