"""`styr log ID` and the last change of every item, on real Git repositories with several dated authors."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from history_gitrepo import ANNA, BUN_ACTIVITY, BUN_GOAL, PER, Repo, git_identity, make_repo, repo

from styr.app.pipeline import analyse
from styr.history import gitio
from styr.history.log import ItemNotFound, item_kind, item_log, last_changes, unit_folder
from styr.load.source import WorkTree

__all__ = ["git_identity", "repo"]  # pytest fixtures, used by name

MOVED = "kommun/nämnd/verksamhet/mål/bun-m1.yaml"


def history(repo: Repo) -> None:
    """Edits to BUN-M1 by three people over a year, a rename inside the unit and a move to another unit."""
    repo.replace(BUN_GOAL, "utfall: {2023: 82, 2024: 83, 2025: 84}", "utfall: {2023: 82, 2024: 83, 2025: 85}")
    repo.commit("Rättat utfall 2025", PER, "2026-02-03T10:00:00+01:00")
    repo.replace(BUN_GOAL, "målvärde: {2023: 81, 2024: 82, 2025: 83, 2026: 84}",
                 "målvärde: {2023: 81, 2024: 82, 2025: 83, 2026: 86}")
    repo.replace(BUN_GOAL, "bidrar_till: [KF-M1]", "bidrar_till: [KF-M1, KF-M3]")
    repo.commit("Nytt målvärde efter nämndens beslut", ANNA, "2026-03-15T14:30:00+01:00")
    repo.move(BUN_GOAL, "kommun/nämnd/mål/kunskap.yaml")
    repo.commit("Tydligare filnamn", PER, "2026-04-01T08:00:00+02:00")
    repo.move("kommun/nämnd/mål/kunskap.yaml", MOVED)
    repo.commit("Målet flyttas till verksamheten", ANNA, "2026-05-05T09:00:00+02:00")
    repo.replace(MOVED, "utfall: {2023: 82, 2024: 83, 2025: 85}", "utfall: {2023: 82, 2024: 83, 2025: 85, 2026-Q1: 86}")
    repo.commit("Utfall kvartal 1", PER, "2026-05-10T09:00:00+02:00")


def test_goal_log_follows_renames_and_moves_with_value_changes(repo: Repo) -> None:
    history(repo)
    log = item_log(repo.root, "BUN-M1")
    assert log.kind == "mål" and log.title == "Eleverna når högre kunskapsresultat i grundskolan"
    assert log.path == MOVED and log.total == 6
    assert [e.event for e in log.entries] == ["ändrad", "flyttad", "flyttad", "ändrad", "ändrad", "skapad"]
    assert [e.commit.author for e in log.entries] == ["Per Lind", "Anna Holm", "Per Lind", "Anna Holm",
                                                      "Per Lind", "Karin Ek"]
    assert log.entries[0].lines == ("I1 utfall 2026-Q1: – → 86",)
    assert log.entries[0].commit.date.date() == date(2026, 5, 10)
    assert log.entries[0].commit.subject == "Utfall kvartal 1"
    assert len(log.entries[0].commit.short) == 8
    assert log.entries[1].lines[0] == f"flyttad från kommun/nämnd/mål/kunskap.yaml till {MOVED}"
    assert set(log.entries[3].lines) == {"bidrar_till: + KF-M3", "I1 målvärde 2026: 84 → 86"}
    assert log.entries[4].lines == ("I1 utfall 2025: 84 → 85",)
    assert log.entries[5].lines == (f"skapad i {BUN_GOAL}",)


def test_indicator_log_shows_only_the_indicator(repo: Repo) -> None:
    history(repo)
    log = item_log(repo.root, "BUN-M1/I1")
    assert log.kind == "indikator" and log.title == "Andel elever i årskurs 9 med godkända betyg"
    texts = [line for e in log.entries for line in e.lines]
    assert "utfall 2025: 84 → 85" in texts and "målvärde 2026: 84 → 86" in texts
    assert not any("bidrar_till" in t for t in texts)
    with pytest.raises(ItemNotFound, match="ingen indikator 'I7'"):
        item_log(repo.root, "BUN-M1/I7")


def test_limit_and_activity_log(repo: Repo) -> None:
    history(repo)
    assert len(item_log(repo.root, "BUN-M1", limit=2).entries) == 2
    repo.replace(BUN_ACTIVITY, "status: pågår\nupp", "status: genomförd\nupp")
    repo.replace(BUN_ACTIVITY, "2026-Q3: {status: pågår, kommentar: Arbetet följer planen.}",
                 "2026-Q3: {status: genomförd, kommentar: Klart.}")
    repo.commit("Aktiviteten klar", ANNA, "2026-06-20T12:00:00+02:00")
    log = item_log(repo.root, "BUN-A1")
    assert log.kind == "aktivitet"
    assert log.entries[0].lines == ("status: pågår → genomförd", "uppföljning 2026-Q3 status: pågår → genomförd",
                                    "uppföljning 2026-Q3 kommentar: ”Arbetet följer planen.” → Klart.")


def test_unit_log_collects_its_own_files(repo: Repo) -> None:
    history(repo)
    repo.replace("kommun/nämnd/styrkort.yaml", "namn: Per Lind", "namn: Åsa Öberg")
    repo.commit("Ny samordnare", KARIN_LIKE, "2026-06-01T10:00:00+02:00")
    log = item_log(repo.root, "BUN")
    assert log.kind == "enhet" and log.title == "Barn- och utbildningsnämnden"
    assert log.entries[0].lines == ("samordnare namn: ”Per Lind” → ”Åsa Öberg”",)
    moved_out = [e for e in log.entries if e.commit.subject == "Målet flyttas till verksamheten"]
    assert moved_out and moved_out[0].lines == (f"mål BUN-M1: flyttad från kommun/nämnd/mål/kunskap.yaml till {MOVED}",)
    assert any(line == "mål BUN-M1: I1 utfall 2025: 84 → 85" for e in log.entries for line in e.lines)
    assert log.entries[-1].event == "skapad"


KARIN_LIKE = ("Karin Ek", "karin.ek@testby.se")


def test_deleted_item_and_move_that_git_cannot_pair(repo: Repo) -> None:
    # a move with a rewrite is no rename for Git (too little in common): styr pairs the files by id
    text = repo.read(BUN_GOAL)
    repo.delete(BUN_GOAL)
    rewritten = text.split("bedömning:")[0].replace("Målet beskriver vad", "Målet, omskrivet, beskriver vad")
    repo.write("kommun/nämnd/verksamhet/mål/omskrivet.yaml", rewritten + "# flyttat och omskrivet\n")
    repo.commit("Flytta och skriv om", PER, "2026-03-01T10:00:00+01:00")
    repo.delete(BUN_ACTIVITY)
    repo.commit("Aktiviteten stryks", ANNA, "2026-03-02T10:00:00+01:00")
    goal = item_log(repo.root, "BUN-M1")
    assert [e.event for e in goal.entries] == ["flyttad", "skapad"]
    assert goal.entries[0].lines[0] == f"flyttad från {BUN_GOAL} till kommun/nämnd/verksamhet/mål/omskrivet.yaml"
    assert any(line.startswith("bedömning 2025 färg: grön → –") for line in goal.entries[0].lines)
    gone = item_log(repo.root, "BUN-A1")
    assert gone.path is None
    assert [e.event for e in gone.entries] == ["borttagen", "skapad"]
    assert gone.entries[0].lines == (f"borttagen ur {BUN_ACTIVITY}",)
    assert gone.title


def test_unknown_id_suggests_a_near_one(repo: Repo) -> None:
    with pytest.raises(ItemNotFound, match="Menade du 'BUN-M1'"):
        item_log(repo.root, "BUN-M11")
    with pytest.raises(ItemNotFound, match="inget id"):
        item_log(repo.root, "BUN-M1/")


def test_goal_repository_in_a_subfolder(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, sub="styrning")
    repo.replace(BUN_GOAL, "2025: 84}", "2025: 87}")
    repo.commit("Utfall", PER, "2026-02-01T10:00:00+01:00")
    log = item_log(repo.root, "BUN-M1")
    assert log.path == BUN_GOAL
    assert log.entries[0].lines == ("I1 utfall 2025: 84 → 87",)
    changes = last_changes(repo.root)
    assert changes["BUN-M1"].author == "Per Lind" and changes["KF-M1"].author == "Karin Ek"


def test_last_changes_of_goals_activities_and_units(repo: Repo) -> None:
    history(repo)
    first = repo.git("rev-list", "--max-parents=0", "HEAD")
    changes = last_changes(repo.root)
    assert changes.reason is None
    bun = changes["BUN-M1"]
    assert (bun.author, bun.message, bun.date.date()) == ("Per Lind", "Utfall kvartal 1", date(2026, 5, 10))
    assert bun.short == repo.git("rev-parse", "HEAD")[:8]
    assert changes["KF-M1"].sha == first and changes["BUN-A1"].sha == first
    # the unit's last change: its own files (the move out of BUN touched BUN's mål/ folder)
    assert changes["BUN"].message == "Målet flyttas till verksamheten"
    assert changes["BUN-V"].message == "Utfall kvartal 1"
    assert changes["KF"].sha == first
    assert changes.by_path[MOVED].author == "Per Lind"


def test_last_changes_from_a_loaded_model(repo: Repo) -> None:
    history(repo)
    model = analyse(WorkTree(repo.root), date(2026, 11, 29)).repo
    changes = last_changes(repo.root, model)
    assert changes["BUN-M1"].message == "Utfall kvartal 1"
    assert {u.id for u in model.units} <= set(changes)
    assert {g.id for g in model.goals} <= set(changes)


def test_last_changes_without_history(tmp_path: Path) -> None:
    plain = make_repo(tmp_path, commit=False)
    empty = last_changes(plain.root)
    assert empty == {} and empty.reason is not None and "inga commits" in empty.reason
    folder = tmp_path / "utan-git"
    folder.mkdir()
    outside = last_changes(folder)
    assert outside == {} and outside.reason is not None and "Git-repo" in outside.reason


def test_log_needs_history(tmp_path: Path) -> None:
    plain = make_repo(tmp_path, commit=False)
    with pytest.raises(gitio.NoCommits):
        item_log(plain.root, "BUN-M1")


@pytest.mark.parametrize(("path", "kind", "folder"), [
    ("styrmodell.yaml", "styrmodell", None), ("vision.yaml", "vision", None), ("läsmig.yaml", None, None),
    ("kommun/styrkort.yaml", "enhet", "kommun"), ("kommun/mål/a.yaml", "mål", "kommun"),
    ("kommun/bun/gr/mål/b.yml", "mål", "kommun/bun/gr"), ("kommun/aktiviteter/a.yaml", "aktivitet", "kommun"),
    ("kommun/verksamhetsplan/ekonomi.md", "avsnitt", "kommun"), ("kommun/verksamhetsplan/x.yaml", None, None),
    ("kommun/mål/a.md", None, None), ("mål/a.yaml", None, None), ("kommun/_arkiv/mål/a.yaml", None, None),
    ("kommun/.git/styrkort.yaml", None, None), ("kommun/bun.yaml", None, None)])
def test_what_a_path_holds(path: str, kind: str | None, folder: str | None) -> None:
    assert item_kind(path) == kind
    assert unit_folder(path) == folder


def test_item_only_in_the_working_tree(repo: Repo) -> None:
    repo.write("kommun/nämnd/mål/bun-m9.yaml", repo.read(BUN_GOAL).replace("id: BUN-M1", "id: BUN-M9"))
    with pytest.raises(ItemNotFound, match="ingen incheckad historik"):
        item_log(repo.root, "BUN-M9")


def test_last_changes_at_a_revision(repo: Repo) -> None:
    history(repo)
    assert last_changes(repo.root, rev="HEAD~2")["BUN-M1"].message == "Tydligare filnamn"
    changes = last_changes(repo.root, rev="HEAD~3")
    assert changes["BUN-M1"].message == "Nytt målvärde efter nämndens beslut"  # found by its path at HEAD~3
    bad = last_changes(repo.root, rev="finns-inte")
    assert bad == {} and bad.reason is not None and "Okänd Git-revision" in bad.reason
