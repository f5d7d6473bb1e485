"""Writing what a command produced to the file the user named: atomically, and never over a file that
differs without `--force`. Every failure is an AppError with a Swedish message."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from styr.app.errors import AppError
from styr.edit import files


def write_text(target: Path, text: str | bytes) -> None:
    """Write `text` to `target` atomically, replacing what is there (a report the user asked to have there)."""
    try:
        files.write_atomically(target, text)
    except files.WriteFailed as exc:
        raise AppError(str(exc)) from exc


def write_unless_same(target: Path, text: str | bytes, *, force: bool, example: str) -> bool:
    """Write `text` to `target`; False when the file already holds exactly that. A file that differs is
    replaced only with `force`. `example` is a file name to suggest when `target` is a folder."""
    if target.is_dir():
        raise AppError(f"{target} är en mapp; ange en fil, t.ex. {target / example}.")
    current = _current(target)
    if current == _bytes(text):
        return False
    if current is not None and not force:
        raise AppError(f"{target} finns redan och skiljer sig; använd --force för att skriva över.")
    write_text(target, text)
    return True


def write_all(planned: Mapping[Path, str | bytes], *, force: bool) -> None:
    """Write several files, refusing before any is written when one exists and differs (unless `force`)."""
    clashes = [p for p, text in planned.items() if _current(p) not in (None, _bytes(text))]
    if clashes and not force:
        raise AppError(f"{clashes[0]} finns redan och skiljer sig; använd --force för att skriva över.")
    for path, text in planned.items():
        write_text(path, text)


def _bytes(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


def _current(target: Path) -> bytes | None:
    """The bytes in `target`, or None when there is no such file. Bytes: a text read would turn a calendar's
    CRLF into LF."""
    if not target.exists():
        return None
    try:
        return target.read_bytes()
    except OSError as exc:
        raise AppError(f"kunde inte läsa {target}: {exc.strerror or exc}") from exc
