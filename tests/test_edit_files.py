"""edit/files: all files or none, mode and owner kept, symlinks written through inside the repository only, fsync."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from styr.cli import app
from styr.edit import files

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
GOAL = "kommun/nämnd/mål/bun-m1.yaml"
runner = CliRunner()


def styr(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    return root


def leftovers(folder: Path) -> list[str]:
    return [p.name for p in folder.rglob("*styr-tmp*")]


def test_mode_and_owner_are_kept(repo: Path) -> None:
    goal = repo / GOAL
    os.chmod(goal, 0o640)
    if os.geteuid() == 0:  # as root the test can give the file another owner; otherwise it stays ours
        os.chown(goal, 4321, 4321)
    before = goal.stat()
    code, out = styr("utfall", "BUN-M1/I1", "2026", "85", repo)
    assert code == 0, out
    after = goal.stat()
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert "2026: 85}" in goal.read_text(encoding="utf-8")
    assert not leftovers(repo)


def test_a_symlinked_goal_file_is_written_through_to_its_target(repo: Path) -> None:
    goal = repo / GOAL
    shared = repo / "_delat" / "bun-m1.yaml"
    shared.parent.mkdir()
    goal.rename(shared)
    goal.symlink_to(Path("../../../_delat/bun-m1.yaml"))
    code, out = styr("utfall", "BUN-M1/I1", "2026", "85", repo)
    assert code == 0, out
    assert goal.is_symlink() and os.readlink(goal) == "../../../_delat/bun-m1.yaml"
    assert "2026: 85}" in shared.read_text(encoding="utf-8")


def test_a_symlink_out_of_the_repository_is_refused(repo: Path, tmp_path: Path) -> None:
    goal = repo / GOAL
    outside = tmp_path / "utanför.yaml"
    goal.rename(outside)
    goal.symlink_to(outside)
    before = outside.read_bytes()
    code, out = styr("bedömning", "BUN-M1", "2026", repo, "--färg", "gul")
    # The loader does not read a file whose real path lies outside (Y08), so the goal is not there to edit; the
    # message names the file it could not read. The writer refuses such a link too (defence in depth, below).
    assert code == 2 and f"Obs: {GOAL} kunde inte läsas" in out, out
    assert outside.read_bytes() == before and goal.is_symlink()
    assert not leftovers(repo) and not leftovers(tmp_path)


def test_the_writer_refuses_a_link_out_of_the_repository(tmp_path: Path) -> None:
    # Defence in depth: even a caller that reached such a file never writes through the link.
    root = tmp_path / "repo"
    root.mkdir()
    outside = tmp_path / "utanför.yaml"
    outside.write_text("id: X\n", encoding="utf-8")
    link = root / "mål.yaml"
    link.symlink_to(outside)
    plan = files.Plan(root)
    plan.replace(link, "id: Y\n", outside.read_bytes())
    with pytest.raises(files.WriteFailed, match="utanför målrepot"):
        plan.write()
    assert outside.read_text(encoding="utf-8") == "id: X\n" and link.is_symlink()


def test_file_and_folder_are_fsynced(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    synced: list[str] = []
    real = os.fsync

    def recording(fd: int) -> None:
        synced.append(os.readlink(f"/proc/self/fd/{fd}") if os.path.exists("/proc/self/fd") else str(fd))
        real(fd)

    monkeypatch.setattr(files.os, "fsync", recording)
    code, out = styr("uppföljning", "BUN-A1", "2026-Q4", repo, "--status", "pågår")
    assert code == 0, out
    assert len(synced) == 2  # the new text before its rename, then its folder after
    if os.path.exists("/proc/self/fd"):
        assert ".styr-tmp-" in synced[0] and synced[1] == str((repo / "kommun/nämnd/aktiviteter").resolve())


def test_a_new_file_never_replaces_one_that_appeared_meanwhile(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "ny" / "fil.yaml"
    stage = files._stage

    def racing(planned: files.Planned, root: Path | None) -> object:
        staged = stage(planned, root)
        target.write_text("någon annans\n", encoding="utf-8")  # written between the check and the rename
        return staged

    monkeypatch.setattr(files, "_stage", racing)
    with pytest.raises(files.WriteFailed, match="finns redan"):
        files.create_all({target: "id: X\n"}, tmp_path)
    assert target.read_text(encoding="utf-8") == "någon annans\n"
    assert not leftovers(tmp_path)


def test_a_failed_plan_removes_the_folders_it_created(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plan = files.Plan(tmp_path)
    plan.create(tmp_path / "a" / "b" / "en.yaml", "id: A\n")
    plan.create(tmp_path / "c" / "två.yaml", "id: B\n")
    plan.create(tmp_path / "tre.yaml", "id: C\n")
    calls = []

    def failing(*args: object) -> None:
        calls.append(args)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", failing)
    with pytest.raises(files.WriteFailed, match=r"kunde inte skriva tre\.yaml: disken är full; ingen fil ändrades"):
        plan.write()
    assert list(tmp_path.iterdir()) == []


def test_a_file_changed_since_it_was_read_is_not_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "mål.yaml"
    target.write_text("id: X\n", encoding="utf-8")
    plan = files.Plan(tmp_path)
    plan.replace(target, "id: Y\n", before=b"id: W\n")
    with pytest.raises(files.WriteFailed, match="ändrades medan styr arbetade"):
        plan.write()
    assert target.read_text(encoding="utf-8") == "id: X\n"
