"""The hook as a goal repository uses it: pre-commit installs styr from this project and runs it on commit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MINIMAL = ROOT / "tests" / "fixtures" / "minimal"


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Karin Ek", "GIT_AUTHOR_EMAIL": "karin@example.org",
           "GIT_COMMITTER_NAME": "Karin Ek", "GIT_COMMITTER_EMAIL": "karin@example.org"}
    return subprocess.run(["git", *args], cwd=repo, env=env, capture_output=True, text=True, check=False)


def hook_repo(tmp_path: Path) -> Path:
    """This checkout; run from an unpacked sdist (no Git), a Git repository made from a copy of it, since
    `try-repo` reads a Git repository."""
    if (ROOT / ".git").exists():
        return ROOT
    copy = tmp_path / "styr"
    shutil.copytree(ROOT, copy, ignore=shutil.ignore_patterns("node_modules", "__pycache__", "*.egg-info"))
    for args in (("init", "-q"), ("add", "-A"), ("commit", "-qm", "styr")):
        assert git(copy, *args).returncode == 0
    return copy


def test_hook_runs_through_pre_commit_on_a_goal_repository(tmp_path: Path) -> None:
    repo = tmp_path / "malrepo"
    shutil.copytree(MINIMAL, repo)
    assert git(repo, "init", "-q").returncode == 0
    assert git(repo, "add", "-A").returncode == 0
    assert git(repo, "commit", "-qm", "Målrepot").returncode == 0
    goal = next((repo / "kommun" / "nämnd" / "mål").glob("*.yaml"))
    goal.write_text(goal.read_text(encoding="utf-8").replace("perspektiv: Verksamhet", "perspektiv: Verksamheten"),
                    encoding="utf-8")
    rel = goal.relative_to(repo).as_posix()

    # `try-repo` installs styr from this checkout (uncommitted changes included) into pre-commit's own
    # environment, exactly as `repo: <styr>` in a goal repository's .pre-commit-config.yaml would.
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "STYR_DATUM": "2026-11-29"}
    cmd = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo(tmp_path)), "styr-validate", "--files", rel]
    broken = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=600)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "F04" in broken.stdout and rel in broken.stdout and "Menade du 'Verksamhet'?" in broken.stdout

    git(repo, "checkout", "--", rel)
    fixed = subprocess.run(cmd, cwd=repo, env=env, capture_output=True, text=True, check=False, timeout=600)
    assert fixed.returncode == 0, fixed.stdout + fixed.stderr
    assert "Passed" in fixed.stdout
