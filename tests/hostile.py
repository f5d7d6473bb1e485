"""Helpers for the hostile-repository tests: trap programs that leave a marker, and styr run as users run it."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from styr.cli import app

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-29"
OK_CODES = (0, 1, 2)


class Traps:
    """Programs a hostile repository may name. Each appends its name to the marker file when run, so a test
    can tell whether anything ran, and which."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.marker = folder / "MARKER"

    def program(self, name: str) -> str:
        """The path of a trap program called `name` (created on first use)."""
        path = self.folder / f"trap-{name}"
        if not path.exists():
            # It reads nothing: a long-running filter would otherwise wait for its input forever.
            path.write_text(f'#!/bin/sh\necho "{name} $*" >> "{self.marker}"\nexit 0\n', encoding="utf-8")
            path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
        return str(path)

    def fired(self) -> list[str]:
        if not self.marker.exists():
            return []
        return [line for line in self.marker.read_text(encoding="utf-8").splitlines() if line.strip()]

    def reset(self) -> None:
        self.marker.unlink(missing_ok=True)


@dataclass(frozen=True)
class Run:
    """One styr command's outcome."""

    args: tuple[str, ...]
    code: int
    output: str
    crash: str
    """The traceback when styr raised instead of ending with a message ('' when it did not)."""

    @property
    def clean(self) -> bool:
        return not self.crash and self.code in OK_CODES

    def describe(self) -> str:
        return f"styr {' '.join(self.args)} -> {self.code}\n{self.output[-2000:]}\n{self.crash}"


_RUNNER = CliRunner()


def styr(*args: str | Path, stdin: str | None = None) -> Run:
    """Run styr in this process, as the console script would (usage errors end in exit code 2)."""
    words = tuple(str(a) for a in args)
    result = _RUNNER.invoke(app, list(words), input=stdin)
    crash = ""
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        crash = "".join(traceback.format_exception(result.exception))
    return Run(words, result.exit_code, result.output, crash)


def styr_process(*args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None,
                 encoding: str = "utf-8", timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """Run `python -m styr` in a new process, importing this checkout's styr whatever the working folder."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "styr", *(str(a) for a in args)], capture_output=True,
                          cwd=cwd or ROOT, env=full_env, timeout=timeout, check=False)


def assert_no_traceback(done: subprocess.CompletedProcess[bytes]) -> None:
    text = done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")
    assert "Traceback" not in text, text
    assert done.returncode in OK_CODES, (done.returncode, text)


def git(cwd: Path, *args: str, input_bytes: bytes | None = None, check: bool = True,
        env: dict[str, str] | None = None) -> str:
    """Plain Git, as a user or an attacker would run it (no protection of styr's)."""
    done = subprocess.run(["git", *args], cwd=cwd, input=input_bytes, capture_output=True,
                          env={**os.environ, **(env or {})}, timeout=60, check=False)
    if check:
        assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr.decode('utf-8', 'replace')}"
    return done.stdout.decode("utf-8", "replace").strip()


def failures(runs: Sequence[Run]) -> list[str]:
    return [r.describe() for r in runs if not r.clean]


@contextmanager
def as_ordinary_user() -> Iterator[None]:
    """Root may list any folder; an ordinary user may not list one whose mode gives nobody read access. Tests
    that chmod a folder to 000 run the same as root (common in CI containers) and as a user."""
    if os.geteuid() != 0:
        yield
        return
    real = os.scandir

    def scandir(path: str) -> Iterator[os.DirEntry[str]]:
        if stat.S_IMODE(os.stat(path).st_mode) & 0o444 == 0:
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    os.scandir = scandir  # type: ignore[assignment]
    try:
        yield
    finally:
        os.scandir = real
