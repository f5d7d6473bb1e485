"""`--rev` reading from Git objects, and the awkward repositories CI meets: shallow clones (GitLab's default),
detached HEAD, no commits, no Git at all, malformed revisions."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from history_gitrepo import ANNA, BUN_GOAL, FIXTURE, PER, Repo, git_identity, make_repo, repo

from styr.app.pipeline import analyse
from styr.diagnostics import Diagnostic
from styr.history import gitio
from styr.history.closed import GitHistory
from styr.history.log import item_log, last_changes
from styr.history.modeldiff import model_diff
from styr.history.revsource import RevisionError, RevisionSource
from styr.load.source import NotAGoalRepository, WorkTree
from styr.model.repository import Repository
from styr.rules.context import Context
from styr.rules.run import run_checks

__all__ = ["git_identity", "repo"]

TODAY = date(2026, 11, 29)


def closed_period_diagnostics(root: Path, base: str, current: Repository) -> list[Diagnostic]:
    """What the rules that read Git history find with `--base` (U06, H01, H02)."""
    return run_checks(Context(current, TODAY, history=GitHistory(root, base=base)), history_only=True)


def outcomes(root_source: RevisionSource | WorkTree, goal: str = "BUN-M1") -> dict[str, float | bool]:
    return dict(analyse(root_source, TODAY).repo.goal_by_id[goal].indicators[0].outcomes)


def dated_history(repo: Repo) -> None:
    for n, (author, when) in enumerate([(PER, "2026-02-01"), (ANNA, "2026-05-01"), (PER, "2026-08-01")], 1):
        repo.replace(BUN_GOAL, f"2025: {83 + n}}}", f"2025: {84 + n}}}")
        repo.commit(f"Utfall steg {n}", author, f"{when}T10:00:00+02:00")


# --- --rev -----------------------------------------------------------------------------------------------------


def test_rev_reads_git_objects_not_the_working_tree(repo: Repo) -> None:
    dated_history(repo)
    repo.replace(BUN_GOAL, "2025: 87}", "2025: 99}")  # uncommitted
    repo.write("kommun/mål/ny.yaml", "id: KF-M9\n")  # untracked
    before = {p: repo.path(p).read_bytes() for p in (BUN_GOAL, "kommun/mål/ny.yaml")}
    old = RevisionSource.open(repo.root, "HEAD~2")
    assert outcomes(old)["2025"] == 85
    head = RevisionSource.open(repo.root, "HEAD")
    assert outcomes(head)["2025"] == 87
    assert "kommun/mål/ny.yaml" not in head.list_files()
    assert outcomes(WorkTree(repo.root))["2025"] == 99
    assert {p: repo.path(p).read_bytes() for p in before} == before
    assert repo.git("status", "--porcelain").count("\n") == 1  # nothing else touched
    assert head.list_files() == [f for f in WorkTree(repo.root).list_files() if f != "kommun/mål/ny.yaml"]
    assert head.exists(BUN_GOAL) and not head.exists("kommun/mål/ny.yaml")
    assert head.label.endswith(f"@ HEAD ({repo.git('rev-parse', 'HEAD')[:8]})")


def test_rev_in_a_subfolder_and_by_tag(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, sub="mål-repo")
    repo.write("../README.md", "utanför målrepot\n")
    repo.replace(BUN_GOAL, "2025: 84}", "2025: 90}")
    repo.commit("Utfall", PER)
    repo.git("tag", "-a", "beslut/KF/2026-04-20", "-m", "Beslut", "HEAD~1")
    source = RevisionSource.open(repo.root, "beslut/KF/2026-04-20")
    assert outcomes(source)["2025"] == 84
    assert "README.md" not in source.list_files() and "styrmodell.yaml" in source.list_files()


@pytest.mark.parametrize("rev", ["finns-inte", "HEAD~99", "--output=/tmp/x", "HEAD:styrmodell.yaml", "", "a b"])
def test_malformed_revisions_give_swedish_errors(repo: Repo, rev: str) -> None:
    with pytest.raises(RevisionError) as caught:
        RevisionSource.open(repo.root, rev)
    assert isinstance(caught.value, NotAGoalRepository)  # the commands turn it into exit code 2
    assert "revision" in str(caught.value).lower()


def test_rev_needs_git(tmp_path: Path) -> None:
    plain = make_repo(tmp_path, commit=False)
    with pytest.raises(RevisionError, match="inga commits"):
        RevisionSource.open(plain.root, "HEAD")
    outside = tmp_path / "ingen-git"
    outside.mkdir()
    with pytest.raises(RevisionError, match="Git-repo"):
        RevisionSource.open(outside, "HEAD")


# --- shallow clones, detached HEAD, no commits, no Git -------------------------------------------------------------


def shallow_clone(repo: Repo, tmp_path: Path, depth: int = 2) -> Path:
    target = tmp_path / "klon"
    subprocess.run(["git", "clone", "-q", f"--depth={depth}", f"file://{repo.top}", str(target)], check=True,
                   capture_output=True)
    return target


def test_shallow_clone(repo: Repo, tmp_path: Path) -> None:
    dated_history(repo)
    clone = shallow_clone(repo, tmp_path)
    assert gitio.open_repo(clone).is_shallow
    log = item_log(clone, "BUN-M1")
    assert [e.event for e in log.entries] == ["ändrad", "historikgräns"]
    assert log.entries[0].lines == ("I1 utfall 2025: 86 → 87",)
    assert log.notes and "grund klon" in log.notes[0]
    changes = last_changes(clone)
    assert changes["BUN-M1"].author == "Per Lind"
    assert "KF-M1" not in changes  # only in the boundary commit: unknown, not invented
    assert changes.reason is not None and "grund klon" in changes.reason
    # --rev and validation work; a base beyond the clone's history is reported, not a crash
    assert outcomes(RevisionSource.open(clone, "HEAD~1"))["2025"] == 86
    current = analyse(WorkTree(clone), TODAY).repo
    found = closed_period_diagnostics(clone, "HEAD~5", current)
    assert [d.code for d in found] == ["H02"] and "grund klon" in found[0].message
    assert closed_period_diagnostics(clone, "HEAD~1", current) == []
    assert [i.item_id for i in model_diff(clone, "HEAD~1..HEAD").items] == ["BUN-M1"]


def test_detached_head(repo: Repo) -> None:
    dated_history(repo)
    repo.git("checkout", "-q", "--detach", "HEAD~1")
    assert gitio.branch(gitio.open_repo(repo.root)) is None
    log = item_log(repo.root, "BUN-M1")
    assert log.total == 3 and log.entries[0].commit.subject == "Utfall steg 2"
    assert outcomes(RevisionSource.open(repo.root, "HEAD"))["2025"] == 86
    assert last_changes(repo.root)["BUN-M1"].message == "Utfall steg 2"
    assert model_diff(repo.root).items == ()
    assert [i.item_id for i in model_diff(repo.root, "HEAD..main").items] == ["BUN-M1"]


def test_no_commits(tmp_path: Path) -> None:
    plain = make_repo(tmp_path, commit=False)
    with pytest.raises(gitio.NoCommits, match="inga commits"):
        model_diff(plain.root)
    current = analyse(WorkTree(plain.root), TODAY).repo
    found = closed_period_diagnostics(plain.root, "HEAD", current)
    assert [d.code for d in found] == ["H02"] and "inga commits" in found[0].message
    assert last_changes(plain.root).reason is not None


def test_not_a_git_repository(tmp_path: Path) -> None:
    folder = tmp_path / "kopia"
    shutil.copytree(FIXTURE, folder)
    with pytest.raises(gitio.NotARepository, match="ligger inte i ett Git-repo"):
        item_log(folder, "KF-M1")
    with pytest.raises(gitio.NotARepository):
        model_diff(folder)
    assert last_changes(folder) == {}
    # validation itself does not need Git
    assert analyse(WorkTree(folder), TODAY).repo.goal_by_id["KF-M1"]


def test_rev_from_a_folder_inside_the_goal_repository(repo: Repo) -> None:
    dated_history(repo)
    source = RevisionSource.open(repo.path("kommun/nämnd"), "HEAD~1")
    assert "styrmodell.yaml" in source.list_files() and source.root == repo.root
    assert outcomes(source)["2025"] == 86
