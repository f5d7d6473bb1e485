"""Helpers for the history tests: real Git repositories in a temporary folder, with dated commits by several
authors, built from the minimal fixture repository."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "minimal"
BUN_GOAL = "kommun/nämnd/mål/bun-m1.yaml"
KF_GOAL = "kommun/mål/kf-m1.yaml"
BUN_ACTIVITY = "kommun/nämnd/aktiviteter/bun-a1.yaml"
KARIN = ("Karin Ek", "karin.ek@testby.se")
PER = ("Per Lind", "per.lind@testby.se")
ANNA = ("Anna Holm", "anna.holm@testby.se")


@pytest.fixture(autouse=True)
def git_identity(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """An own Git configuration, so neither the machine's settings nor its identity leak into the tests."""
    home = tmp_path_factory.mktemp("githome")
    config = home / "gitconfig"
    config.write_text("[user]\n\tname = Test Testsson\n\temail = test@testby.se\n[init]\n\tdefaultBranch = main\n"
                      "[commit]\n\tgpgsign = false\n[tag]\n\tgpgsign = false\n[protocol \"file\"]\n\tallow = always\n",
                      encoding="utf-8")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    # a temporary folder must never be taken for part of a repository further up
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path_factory.getbasetemp()))
    for var in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL",
                "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "GIT_AUTHOR_DATE", "GIT_COMMITTER_DATE"):
        monkeypatch.delenv(var, raising=False)


class Repo:
    """A goal repository under Git. `root` is the goal repository; `top` the Git work tree (may be a parent)."""

    def __init__(self, top: Path, sub: str = "") -> None:
        self.top = top
        self.root = top / sub if sub else top

    def git(self, *args: str, env: dict[str, str] | None = None) -> str:
        proc = subprocess.run(["git", *args], cwd=self.top, capture_output=True, text=True,
                              env={**os.environ, **(env or {})}, check=False)
        assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
        return proc.stdout.strip()

    def path(self, rel: str) -> Path:
        return self.root / rel

    def read(self, rel: str) -> str:
        return self.path(rel).read_text(encoding="utf-8")

    def write(self, rel: str, text: str) -> None:
        target = self.path(rel)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> None:
        text = self.read(rel)
        assert text.count(old) == 1, f"{rel}: '{old}' finns {text.count(old)} gånger"
        self.write(rel, text.replace(old, new))

    def move(self, old: str, new: str) -> None:
        self.path(new).parent.mkdir(parents=True, exist_ok=True)
        shutil.move(self.path(old), self.path(new))

    def delete(self, rel: str) -> None:
        self.path(rel).unlink()

    def commit(self, message: str, author: tuple[str, str] = KARIN, when: str = "2026-04-02T10:00:00+02:00") -> str:
        self.git("add", "-A")
        env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        self.git("commit", "-q", "-m", message, f"--author={author[0]} <{author[1]}>", env=env)
        return self.git("rev-parse", "HEAD")


def make_repo(where: Path, sub: str = "", commit: bool = True) -> Repo:
    """The minimal fixture as a Git repository with one first commit by Karin Ek on 2025-01-10."""
    top = where / "repo"
    root = top / sub if sub else top
    shutil.copytree(FIXTURE, root)
    subprocess.run(["git", "init", "-q", "-b", "main", str(top)], check=True, capture_output=True)
    repo = Repo(top, sub)
    if commit:
        repo.commit("Mål och styrkort för mandatperioden", KARIN, "2025-01-10T09:00:00+01:00")
    return repo


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repo]:
    yield make_repo(tmp_path)
