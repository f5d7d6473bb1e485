"""Writing a whole file safely: a temporary file in the same folder, then a rename, so no reader sees half a file."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


class WriteFailed(Exception):
    """A file could not be written; the message is Swedish and names the file."""


def write_atomically(target: Path, text: str) -> None:
    """Write `text` to `target` via a temporary file and a rename. On failure nothing is left behind and
    WriteFailed says why."""
    tmp = target.with_name(f".{target.name}.styr-tmp-{os.getpid()}")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        # newline="": the text's own line ends are written as they are (a CRLF goal file stays CRLF, an
        # iCalendar file keeps its CRLF), on Windows too.
        tmp.write_text(text, encoding="utf-8", newline="")
        tmp.replace(target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise WriteFailed(f"kunde inte skriva {target}: {exc.strerror or exc}") from exc


def create_all(files: dict[Path, str]) -> None:
    """Write new files, refusing before anything is written if one of them already exists."""
    existing = [p for p in files if p.exists()]
    if existing:
        raise WriteFailed(f"{existing[0]} finns redan; styr skriver aldrig över befintliga filer.")
    for path, text in files.items():
        write_atomically(path, text)
