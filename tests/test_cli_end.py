"""How a `styr` process ends (styr.cli._end): with the command's exit code, its output flushed and the exit handlers
run, as `sys.exit` would end it, without taking the model apart object by object first."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "example-repo"


def run(program: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=False, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "STYR_CACHE": "0"})


def test_output_is_flushed_and_exit_handlers_run(tmp_path: Path) -> None:
    done = run(
        "import atexit, sys\n"
        "from styr import cli\n"
        "atexit.register(lambda: print('städat', flush=True))\n"
        f"sys.argv = ['styr', 'validate', {str(EXAMPLE)!r}, '--format', 'json', '--date', '2026-12-06']\n"
        "cli.main()\n"
    )
    assert done.returncode == 0, done.stderr
    assert '"fynd"' in done.stdout and done.stdout.rstrip().endswith("städat")


@pytest.mark.parametrize(("raised", "code", "said"), [
    ("SystemExit(3)", 3, ""),
    ("SystemExit(None)", 0, ""),
    ("SystemExit('ett meddelande')", 1, "ett meddelande"),
])
def test_the_exit_code_is_the_commands(raised: str, code: int, said: str) -> None:
    done = run(
        "import sys\n"
        "import styr.cli as cli\n"
        "@cli.app.command('sluta')\n"
        "def sluta() -> None:\n"
        f"    raise {raised}\n"
        "sys.argv = ['styr', 'sluta']\n"
        "cli.main()\n"
    )
    assert done.returncode == code
    assert said in done.stderr


def test_a_usage_error_keeps_its_code() -> None:
    done = run("import sys\nfrom styr import cli\nsys.argv = ['styr', 'validate', '/finns/inte']\ncli.main()\n")
    assert done.returncode == 2
    assert "finns inte" in done.stderr
