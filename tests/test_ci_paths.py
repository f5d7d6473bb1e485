"""CI outputs for a goal repository in a subfolder of a Git repository (`mål/` beside other documents): the
GitHub, GitLab and SARIF paths are relative to the Git root, so annotations land on the right files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest

from styr.load.source import git_prefix

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"
BAD = "kommun/nämnd/mål/bun-m1.yaml"
ENV = {**os.environ, "GITHUB_ACTIONS": "false", "NO_COLOR": "1", "STYR_DATUM": "2026-11-29"}


def git(top: Path, *args: str) -> None:
    env = {**ENV, "GIT_AUTHOR_NAME": "Karin Ek", "GIT_AUTHOR_EMAIL": "karin@example.org",
           "GIT_COMMITTER_NAME": "Karin Ek", "GIT_COMMITTER_EMAIL": "karin@example.org"}
    subprocess.run(["git", *args], cwd=top, env=env, check=True, capture_output=True)


def make_repo(top: Path, folder: str) -> Path:
    """A real Git repository with the goal repository in `folder` ("" for the top) and one broken goal."""
    top.mkdir()
    goals = top / folder if folder else top
    shutil.copytree(MINIMAL, goals, dirs_exist_ok=True)
    (top / "README.md").write_text("Kommunens dokument\n", encoding="utf-8")
    bad = goals / BAD
    bad.write_text(bad.read_text(encoding="utf-8").replace("perspektiv: Verksamhet", "perspektiv: Verksamheten"),
                   encoding="utf-8")
    git(top, "init", "-q", "-b", "main")
    git(top, "add", "-A")
    git(top, "commit", "-qm", "Mål och dokument")
    return goals


def validate(cwd: Path, target: str, fmt: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "styr", "validate", target, "--format", fmt], cwd=cwd, env=ENV,
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    return proc.stdout


def paths(fmt: str, output: str) -> set[str]:
    if fmt == "github":
        return {part.removeprefix("file=") for line in output.splitlines() for part in line.split(" ", 1)[1].split(",")
                if part.startswith("file=")}
    if fmt == "gitlab":
        return {issue["location"]["path"] for issue in json.loads(output)}
    results = json.loads(output)["runs"][0]["results"]
    return {unquote(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]) for r in results}


@pytest.mark.parametrize("fmt", ["github", "gitlab", "sarif"])
def test_paths_are_relative_to_the_git_root_when_the_goal_repository_is_a_subfolder(tmp_path: Path, fmt: str) -> None:
    top = tmp_path / "kommunen"
    goals = make_repo(top, "styrning/mål")
    for cwd, target in ((top, "styrning/mål"), (goals, "."), (tmp_path, str(goals))):
        found = paths(fmt, validate(cwd, target, fmt))
        assert f"styrning/mål/{BAD}" in found, (cwd, found)
        assert all(p.startswith("styrning/mål/") or p == "styrning/mål" for p in found), found
        for p in found:  # each path names a real file (or the goal repository's folder) from the Git root
            assert (top / p).exists(), p


@pytest.mark.parametrize("fmt", ["github", "gitlab", "sarif"])
def test_paths_stay_short_when_the_goal_repository_is_the_git_root(tmp_path: Path, fmt: str) -> None:
    top = tmp_path / "malrepo"
    make_repo(top, "")
    assert BAD in paths(fmt, validate(top, ".", fmt))


def test_git_prefix_is_read_from_the_file_system(tmp_path: Path) -> None:
    (tmp_path / "a" / "mål").mkdir(parents=True)
    assert git_prefix(tmp_path / "a" / "mål") == ""  # outside Git
    (tmp_path / "a" / ".git").write_text("gitdir: /elsewhere\n", encoding="utf-8")  # a worktree's .git is a file
    assert git_prefix(tmp_path / "a" / "mål") == "mål"
    assert git_prefix(tmp_path / "a") == ""


def test_sarif_names_the_tool_for_azure_devops_and_stays_valid(tmp_path: Path, specs: Path) -> None:
    goals = make_repo(tmp_path / "kommunen", "mål")
    log = json.loads(validate(goals, ".", "sarif"))
    schema = json.loads((specs / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(log)
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["informationUri"].startswith("https://")
    assert driver["fullName"].startswith(f"styr {driver['version']}")
    assert run["automationDetails"]["id"] == "styr/validate/"
