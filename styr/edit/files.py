"""Writing files so that nothing is lost: all or nothing, through a temporary file and a rename.

A plan of several files is written in two steps: every new text goes to a temporary file beside its target
(written, flushed and fsynced, with the target's mode and owner), and only when all of them stand are they
renamed over their targets, then the folders are fsynced. A failure while writing the temporaries (a full
disk) leaves every target as it was; a failure while renaming puts back the files already renamed. A target
that is a symbolic link is written through to the file it points to when that lies inside the repository,
and refused when it lies outside. A new file never replaces one that appeared in the meantime.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from styr.frozen import frozen


class WriteFailed(Exception):
    """A file could not be written; the message is Swedish and names the file."""


@frozen
class Planned:
    """One file to write: its text, and what must stand there now (the bytes styr read and edited; None for a
    file that must not exist yet)."""

    target: Path
    text: str | bytes
    """Text (written as UTF-8) or, for a file that is not text (a workbook), its bytes."""
    before: bytes | None = None
    new: bool = False


@dataclass(slots=True)
class _Staged:
    planned: Planned
    real: Path
    tmp: Path
    mode: int | None = None
    owner: tuple[int, int] | None = None
    original: bytes | None = None
    """The bytes the target held, to put back if a later rename fails."""
    made: tuple[Path, ...] = ()
    """Folders created for a new file, outermost first."""
    done: bool = False


@dataclass(slots=True)
class Plan:
    """Files to write all at once; `root` is the repository they must stay inside (None: no such limit)."""

    root: Path | None = None
    files: list[Planned] = field(default_factory=list)

    def replace(self, target: Path, text: str | bytes, before: bytes | None = None) -> None:
        """Write `text` over the existing file `target` (which must still hold `before`, when given)."""
        self.files.append(Planned(target, text, before))

    def create(self, target: Path, text: str | bytes) -> None:
        """Write the new file `target`; refused if a file stands there."""
        self.files.append(Planned(target, text, new=True))

    def write(self) -> None:
        write_plan(self)


_REASONS = {
    errno.ENOSPC: "disken är full",
    getattr(errno, "EDQUOT", -1): "diskkvoten är slut",
    errno.EACCES: "behörighet saknas",
    errno.EPERM: "behörighet saknas",
    errno.EROFS: "filsystemet är skrivskyddat",
    errno.ENOENT: "filen eller mappen finns inte",
    errno.ENAMETOOLONG: "namnet är för långt",
    errno.EISDIR: "det är en mapp",
}


def _reason(exc: OSError) -> str:
    """The operating system's reason in Swedish where it is a common one."""
    return _REASONS.get(exc.errno or 0) or exc.strerror or str(exc)


def shown(target: Path, root: Path | None) -> str:
    """A path for a message: relative to the repository when it lies inside it, else as given."""
    if root is not None:
        try:
            return target.relative_to(root).as_posix()
        except ValueError:
            pass
    return str(target)


def real_target(target: Path, root: Path | None) -> Path:
    """Where writing `target` really lands: through symbolic links, and inside `root` when given."""
    real = Path(os.path.realpath(target))
    if root is not None:
        base = Path(os.path.realpath(root))
        if real != base and base not in real.parents:
            raise WriteFailed(f"{shown(target, root)} pekar på {real}, utanför målrepot; styr skriver bara inom "
                              "målrepot. Ersätt länken med filen själv.")
    return real


def _write_temporary(real: Path, data: bytes, mode: int | None, owner: tuple[int, int] | None) -> Path:
    """`data` in a new temporary file beside `real`, flushed to disk, with the mode and owner given."""
    tmp = real.with_name(f".{real.name}.styr-tmp-{os.getpid()}-{secrets.token_hex(4)}")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, 0o666 if mode is None else 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            if owner is not None and hasattr(os, "fchown"):
                # Keep the owner where the file system lets us (as root, or a group we belong to).
                with contextlib.suppress(OSError):
                    os.fchown(handle.fileno(), *owner)
            if mode is not None and hasattr(os, "fchmod"):
                os.fchmod(handle.fileno(), mode)
            os.fsync(handle.fileno())
        if mode is not None and not hasattr(os, "fchmod"):
            os.chmod(tmp, mode)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    return tmp


def _folders(folder: Path) -> tuple[Path, ...]:
    """Create `folder` and the folders above it that are missing; return those created, outermost first."""
    missing = [f for f in (folder, *folder.parents) if not f.exists()][::-1]
    folder.mkdir(parents=True, exist_ok=True)
    return tuple(missing)


def _stage(planned: Planned, root: Path | None) -> _Staged:
    real = real_target(planned.target, root)
    name = shown(planned.target, root)
    # the text's own line ends are kept: a CRLF goal file stays CRLF, an iCalendar file keeps its CRLF.
    data = planned.text if isinstance(planned.text, bytes) else planned.text.encode("utf-8")
    if planned.new:
        if os.path.lexists(planned.target):
            raise WriteFailed(f"{name} finns redan; styr skriver aldrig över befintliga filer.")
        made = _folders(real.parent)
        try:
            return _Staged(planned, real, _write_temporary(real, data, None, None), made=made)
        except OSError:
            _remove_folders(made)
            raise
    info = os.stat(real)
    if not stat.S_ISREG(info.st_mode):
        raise WriteFailed(f"{name} är ingen vanlig fil; styr skriver inte till den.")
    original = real.read_bytes()
    if planned.before is not None and original != planned.before:
        raise WriteFailed(f"{name} ändrades medan styr arbetade; kör kommandot igen.")
    mode, owner = stat.S_IMODE(info.st_mode), (info.st_uid, info.st_gid)
    return _Staged(planned, real, _write_temporary(real, data, mode, owner), mode, owner, original)


def _remove_folders(made: tuple[Path, ...]) -> None:
    for folder in reversed(made):
        with contextlib.suppress(OSError):
            folder.rmdir()


def _commit(staged: _Staged, root: Path | None) -> None:
    if staged.planned.new:
        try:
            # A hard link never replaces a file: one created since the check above is not overwritten.
            os.link(staged.tmp, staged.real)
        except OSError as exc:
            if exc.errno == errno.EEXIST:
                raise WriteFailed(f"{shown(staged.planned.target, root)} finns redan; styr skriver aldrig över "
                                  "befintliga filer.") from exc
            if os.path.lexists(staged.real):
                raise
            os.replace(staged.tmp, staged.real)  # a file system without hard links
        else:
            os.unlink(staged.tmp)
    else:
        os.replace(staged.tmp, staged.real)
    staged.done = True


def _undo(staged: list[_Staged]) -> list[Path]:
    """Put back what was already renamed; return the targets that could not be put back."""
    left: list[Path] = []
    for item in reversed(staged):
        try:
            if not item.done:
                with contextlib.suppress(FileNotFoundError):
                    item.tmp.unlink()
            elif item.planned.new:
                item.real.unlink()
            elif item.original is not None:
                os.replace(_write_temporary(item.real, item.original, item.mode, item.owner), item.real)
            _remove_folders(item.made)
        except OSError:
            left.append(item.planned.target)
    return left


def _sync_folders(staged: list[_Staged]) -> None:
    """The renames themselves reach the disk only with their folder (POSIX); elsewhere this is a no-op."""
    for folder in dict.fromkeys(item.real.parent for item in staged):
        try:
            fd = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            with contextlib.suppress(OSError):
                os.fsync(fd)
        finally:
            os.close(fd)


def write_plan(plan: Plan) -> None:
    """Write every file of the plan, or none: see the module's description. Raises WriteFailed."""
    staged: list[_Staged] = []
    current: Planned | None = None
    try:
        for planned in plan.files:
            current = planned
            staged.append(_stage(planned, plan.root))
        for item in staged:
            current = item.planned
            _commit(item, plan.root)
    except (OSError, WriteFailed) as exc:
        left = _undo(staged)
        message = str(exc).rstrip(".") if isinstance(exc, WriteFailed) else \
            f"kunde inte skriva {shown(current.target, plan.root) if current else '?'}: {_reason(exc)}"
        if left:
            message += "; dessa filer kunde inte återställas: " + ", ".join(shown(p, plan.root) for p in left)
        elif len(plan.files) > 1:
            message += "; ingen fil ändrades"
        raise WriteFailed(message + ".") from exc
    _sync_folders(staged)


def write_atomically(target: Path, text: str | bytes, root: Path | None = None) -> None:
    """Write `text` to `target` (new or existing) via a temporary file and a rename, keeping an existing file's
    mode; on failure nothing is left behind and WriteFailed says why."""
    plan = Plan(root)
    if os.path.lexists(target):
        plan.replace(target, text)
    else:
        plan.create(target, text)
    plan.write()


def create_all(files: Mapping[Path, str | bytes], root: Path | None = None) -> None:
    """Write new files, all or none, refusing before anything is written if one of them already exists."""
    existing = [p for p in files if os.path.lexists(p)]
    if existing:
        raise WriteFailed(f"{existing[0]} finns redan; styr skriver aldrig över befintliga filer.")
    plan = Plan(root)
    for path, text in files.items():
        plan.create(path, text)
    plan.write()
