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
from collections.abc import Callable
from pathlib import Path, PurePosixPath

_DIRFD = (os.open in os.supports_dir_fd and os.unlink in os.supports_dir_fd and os.rename in os.supports_dir_fd
          and hasattr(os, "O_NOFOLLOW") and hasattr(os, "O_DIRECTORY"))
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class LinkInPath(Exception):
    """A part of the path is a symbolic link (or not a folder): nothing was done."""

    def __init__(self, part: str) -> None:
        super().__init__(part)
        self.part = part


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
            info = self._lstat(rel)
        except FileNotFoundError:
            return "missing"
        if stat.S_ISLNK(info.st_mode):
            return "link"
        return "file" if stat.S_ISREG(info.st_mode) else "other"

    def _lstat(self, rel: str) -> os.stat_result:
        parts = PurePosixPath(rel).parts
        if not _DIRFD:
            return os.lstat(self._checked(rel))
        fd = self._folder(parts[:-1], create=False)
        if fd is None:
            raise FileNotFoundError(errno.ENOENT, "finns inte", rel)
        try:
            return os.lstat(parts[-1], dir_fd=fd)
        finally:
            os.close(fd)

    def identity(self, rel: str) -> tuple[int, int, int, int] | None:
        """A regular file's size, mtime_ns, ctime_ns and inode (None: no such file, or not a regular one). Any
        write to the file changes at least its ctime, which no program can set back."""
        try:
            info = self._lstat(rel)
        except (OSError, LinkInPath):
            return None
        if not stat.S_ISREG(info.st_mode):
            return None
        return info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino

    def read(self, rel: str) -> bytes | None:
        """The bytes of a regular file, or None when there is none (missing, a link, a FIFO …)."""
        parts = PurePosixPath(rel).parts
        flags = os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY
        try:
            if _DIRFD:
                folder = self._folder(parts[:-1], create=False)
                if folder is None:
                    return None
                try:
                    fd = os.open(parts[-1], flags, dir_fd=folder)
                finally:
                    os.close(folder)
            else:
                fd = os.open(self._checked(rel), flags)
        except (FileNotFoundError, LinkInPath):
            return None
        except OSError as exc:
            if exc.errno in (errno.ELOOP, errno.ENXIO, errno.EISDIR):
                return None
            raise
        try:
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return None
            chunks = []
            while chunk := os.read(fd, 1 << 20):
                chunks.append(chunk)
            return b"".join(chunks)
        finally:
            os.close(fd)

    def write(self, rel: str, data: bytes) -> None:
        """Write atomically: a temporary file in the same folder, then a rename over the old name (a rename
        replaces a link there instead of writing through it). A web server never serves half a page."""
        parts = PurePosixPath(rel).parts
        tmp = f".{parts[-1]}.{secrets.token_hex(6)}.styr-tmp"
        if not _DIRFD:
            target = self._checked(rel)
            target.parent.mkdir(parents=True, exist_ok=True)
            self._checked(rel)
            _write_file(lambda flags: os.open(target.parent / tmp, flags, 0o644), data,
                        lambda: os.replace(target.parent / tmp, target), lambda: os.unlink(target.parent / tmp))
            return
        folder = self._folder(parts[:-1], create=True)
        assert folder is not None
        try:
            _write_file(lambda flags: os.open(tmp, flags, 0o644, dir_fd=folder), data,
                        lambda: os.replace(tmp, parts[-1], src_dir_fd=folder, dst_dir_fd=folder),
                        lambda: os.unlink(tmp, dir_fd=folder))
        finally:
            os.close(folder)

    def append(self, rel: str, data: bytes) -> None:
        """Add to the end of a file in one write (several processes may append to the same file)."""
        parts = PurePosixPath(rel).parts
        flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | _NOFOLLOW | _BINARY
        if _DIRFD:
            folder = self._folder(parts[:-1], create=True)
            assert folder is not None
            try:
                fd = os.open(parts[-1], flags, 0o644, dir_fd=folder)
            finally:
                os.close(folder)
        else:
            fd = os.open(self._checked(rel), flags, 0o644)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)

    def unlink(self, rel: str) -> None:
        """Remove a file (a link is removed itself, never what it points at), then its folders left empty."""
        parts = PurePosixPath(rel).parts
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
