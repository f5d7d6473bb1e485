"""`styr validate FILE…` as linters do: the named files' findings by default, files outside the goal repository
left out (pre-commit passes every changed file of the Git repository), and colour as FORCE_COLOR and NO_COLOR say."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
GOAL = "kommun/nämnd/mål/bun-m1.yaml"
ACTIVITY = "kommun/nämnd/aktiviteter/bun-a1.yaml"
ENV = {"STYR_DATUM": "2026-11-29", "PYTHONPATH": str(ROOT), "COLUMNS": "200"}


def styr(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")} | ENV | (env or {})
    return subprocess.run([sys.executable, "-m", "styr", *args], capture_output=True, text=True, cwd=cwd, env=full,
                          timeout=120, check=False)


@pytest.fixture
def top(tmp_path: Path) -> Path:
    """A Git work tree with the goal repository in `mål/` beside other files, two files broken."""
    where = tmp_path / "kommunen"
    shutil.copytree(MINIMAL, where / "mål")
    (where / "README.md").write_text("# Kommunens dokument\n", encoding="utf-8")
    (where / "ci.yml").write_text("steg: [bygg]\n", encoding="utf-8")
    for rel, old, new in ((GOAL, "perspektiv: Verksamhet", "perspektiv: Verksamheten"),
                          (ACTIVITY, "status: pågår\n", "status: klar\n")):
        path = where / "mål" / rel
        path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    return where


def paths(out: str) -> set[str]:
    return {d["fil"] for d in json.loads(out)["fynd"]}


def test_named_files_show_their_findings_and_say_the_chain_was_checked(top: Path) -> None:
    done = styr("validate", f"mål/{GOAL}", "--format", "json", cwd=top)
    assert done.returncode == 1, done.stderr
    assert paths(done.stdout) == {GOAL}
    assert json.loads(done.stdout)["omfattning"] == {"filer": [GOAL]}
    text = styr("validate", f"mål/{GOAL}", cwd=top).stdout
    assert "Fynden gäller den angivna filen; hela målkedjan kontrollerades" in " ".join(text.split())
    assert ACTIVITY not in text


def test_all_shows_every_finding_and_a_folder_means_everything(top: Path) -> None:
    for args in ((f"mål/{GOAL}", "--all"), ("mål",)):
        done = styr("validate", *args, "--format", "json", cwd=top)
        assert paths(done.stdout) == {GOAL, ACTIVITY}, args
        assert json.loads(done.stdout)["omfattning"]["filer"] is None


def test_the_old_only_files_option_still_runs(top: Path) -> None:
    done = styr("validate", f"mål/{GOAL}", "--only-files", "--format", "json", cwd=top)
    assert done.returncode == 1 and paths(done.stdout) == {GOAL}


def test_files_outside_the_goal_repository_are_left_out_with_a_note(top: Path) -> None:
    done = styr("validate", "README.md", "ci.yml", f"mål/{ACTIVITY}", cwd=top)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "2 filer ligger utanför målrepot och kontrollerades inte: README.md, ci.yml." in done.stderr
    alone = styr("validate", "README.md", cwd=top)
    assert alone.returncode == 0 and alone.stdout == ""
    assert "inget att kontrollera" in alone.stderr


def test_the_pre_commit_hook_as_declared_passes_when_only_other_files_changed(top: Path) -> None:
    """The hook's entry and arguments from .pre-commit-hooks.yaml, run as pre-commit runs them: from the Git
    root, with the changed files that match its pattern."""
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    entry = shlex.split(hook["entry"])
    assert entry[0] == "styr"
    changed = [p for p in ("README.md", "ci.yml", f"mål/{GOAL}") if __import__("re").search(hook["files"], p)]
    others = styr(*entry[1:], *hook.get("args", []), *changed[:2], cwd=top)
    assert others.returncode == 0, others.stdout + others.stderr
    goal = styr(*entry[1:], *hook.get("args", []), *changed, cwd=top)
    assert goal.returncode == 1 and "F04" in goal.stdout and ACTIVITY not in goal.stdout


@pytest.mark.parametrize(("env", "coloured"), [({"FORCE_COLOR": "1"}, True), ({}, False),
                                               ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False)])
def test_validate_honours_force_color_and_no_color(top: Path, env: dict[str, str], coloured: bool) -> None:
    done = styr("validate", "mål", cwd=top, env=env)
    assert done.returncode == 1
    assert ("\x1b[" in done.stdout) is coloured
