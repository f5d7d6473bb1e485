"""Helpers for the tests of the parse cache's files (the pack, the models, the memories): damage one, age one, and
run styr again in a new process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from styr.load import cache


def damage_last_pickle(path: Path) -> None:
    """Flip a byte in the last pickle of a pack or models file: the index is intact, that one pickle is not."""
    whole = bytearray(path.read_bytes())
    whole[-10] ^= 0xFF
    path.write_bytes(bytes(whole))


def stale_beside(own: Path) -> Path:
    """A file of the same kind as `own` for another repository, left unused for longer than the cache keeps one;
    `own` gets as old (it is in use, so it must stay). Returns the stale file."""
    stale = own.with_name("0" * 32 + own.suffix)
    stale.write_bytes(b"gammalt")
    month_ago = own.stat().st_mtime - (cache.KEEP_DAYS + 1) * 86_400
    os.utime(stale, (month_ago, month_ago))
    os.utime(own, (month_ago, month_ago))
    return stale


ROOT = Path(__file__).resolve().parents[1]

_REFUSING = """
import sys

{imports}


def refuse(*args, **kwargs):
    sys.exit({message!r})


{targets} = refuse
from styr.cli import main

sys.argv = ["styr", *sys.argv[1:]]
main()
"""


def styr_process(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`python -m styr ARGS` as a new process (from the source tree), its output as text."""
    return subprocess.run([sys.executable, "-m", "styr", *args], capture_output=True, text=True, check=False,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **env})


def styr_refusing(folder: Path, imports: str, targets: str, message: str, args: list[str], env: dict[str, str]
                  ) -> subprocess.CompletedProcess[str]:
    """`styr ARGS` as a new process in which `targets` (names made available by `imports`) end the process with
    `message` if they are called: what is remembered between runs must be used by the next run, a new process
    where nothing is loaded yet, not only by a second run in the test's own process."""
    script = folder / "vagrar.py"
    script.write_text(_REFUSING.format(imports=imports, targets=targets, message=message), encoding="utf-8")
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, check=False,
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT), **env})
