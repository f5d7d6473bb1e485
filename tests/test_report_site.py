"""The report output folder: slugs, the manifest, refusing foreign files, --force, stale files, atomic writes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from styr.render.site.site import MANIFEST, OutputFolder, OutputRefused, Slugs, check_relative, slug


@given(st.text())
def test_slug_never_leaves_the_folder(text: str) -> None:
    s = slug(text)
    assert s
    assert "/" not in s and "\\" not in s and "." not in s
    assert s == s.strip("-")
    assert all(c.isascii() and (c.isalnum() or c == "-") for c in s)
    check_relative(f"styrkort/{s}.html")  # every slug makes a path the writer accepts


@pytest.mark.parametrize(
    ("text", "expected"),
    [("BUN-GR-CS", "bun-gr-cs"), ("Förskola Åsen", "forskola-asen"), ("../../etc/passwd", "etc-passwd"),
     ("..", "x"), ("CON", "con-x"), ("a/b\\c", "a-b-c"), ("", "x")],
)
def test_slug_examples(text: str, expected: str) -> None:
    assert slug(text) == expected


def test_slugs_are_unique_per_key() -> None:
    slugs = Slugs()
    assert slugs.get("a", "BUN") == "bun"
    assert slugs.get("b", "bun") == "bun-2"  # a duplicated id still gets its own file
    assert slugs.get("a", "whatever") == "bun"


@pytest.mark.parametrize("rel", ["../x.html", "/etc/x.html", "a/../b.html", "x.sh", "styrkort/.x.html", "a\\b.html"])
def test_check_relative_refuses_odd_paths(rel: str) -> None:
    with pytest.raises(ValueError):
        check_relative(rel)


def write(folder: OutputFolder, files: dict[str, str]) -> list[str]:
    folder.begin(list(files))
    for rel, text in files.items():
        folder.write(rel, text)
    return folder.finish()


def test_new_folder_gets_files_and_manifest(tmp_path: Path) -> None:
    out = tmp_path / "public"
    write(OutputFolder.open(out), {"index.html": "a", "styrkort/kf.html": "b"})
    assert (out / "styrkort" / "kf.html").read_text(encoding="utf-8") == "b"
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert sorted(manifest["filer"]) == ["index.html", "styrkort/kf.html"]
    assert not [p for p in out.rglob("*") if "styr-tmp" in p.name]


def test_foreign_folder_is_refused_and_untouched(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("privat", encoding="utf-8")
    with pytest.raises(OutputRefused, match="inte tom"):
        OutputFolder.open(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt"]


def test_force_writes_but_never_deletes_foreign_files(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("privat", encoding="utf-8")
    (tmp_path / "index.html").write_text("någon annans", encoding="utf-8")
    write(OutputFolder.open(tmp_path, force=True), {"index.html": "styr"})
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "styr"
    write(OutputFolder.open(tmp_path), {"styrkort/kf.html": "ny"})  # index.html is styr's now: it may go
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "privat"
    assert not (tmp_path / "index.html").exists()


def test_rerun_overwrites_own_files_and_removes_stale_ones(tmp_path: Path) -> None:
    write(OutputFolder.open(tmp_path), {"index.html": "1", "styrkort/gammal.html": "x"})
    (tmp_path / "egen.txt").write_text("kvar", encoding="utf-8")
    removed = write(OutputFolder.open(tmp_path), {"index.html": "2"})
    assert removed == ["styrkort/gammal.html"]
    assert not (tmp_path / "styrkort").exists()  # the emptied folder went too
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "2"
    assert (tmp_path / "egen.txt").exists()


def test_a_file_changed_by_hand_is_not_overwritten(tmp_path: Path) -> None:
    write(OutputFolder.open(tmp_path), {"index.html": "1"})
    (tmp_path / "index.html").write_text("ändrad för hand", encoding="utf-8")
    with pytest.raises(OutputRefused, match=r"index\.html"):
        OutputFolder.open(tmp_path).begin(["index.html"])
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "ändrad för hand"


def test_a_file_changed_by_hand_is_not_deleted(tmp_path: Path) -> None:
    write(OutputFolder.open(tmp_path), {"index.html": "1", "styrkort/a.html": "a"})
    (tmp_path / "styrkort" / "a.html").write_text("ändrad", encoding="utf-8")
    assert write(OutputFolder.open(tmp_path), {"index.html": "2"}) == []
    assert (tmp_path / "styrkort" / "a.html").exists()


def test_a_new_file_over_a_foreign_file_is_refused(tmp_path: Path) -> None:
    write(OutputFolder.open(tmp_path), {"index.html": "1"})
    (tmp_path / "styrkort").mkdir()
    (tmp_path / "styrkort" / "kf.html").write_text("någon annans", encoding="utf-8")
    with pytest.raises(OutputRefused, match=r"styrkort/kf\.html"):
        OutputFolder.open(tmp_path).begin(["index.html", "styrkort/kf.html"])


def test_unchanged_files_keep_their_time_stamp(tmp_path: Path) -> None:
    write(OutputFolder.open(tmp_path), {"index.html": "samma"})
    os.utime(tmp_path / "index.html", (1_000_000, 1_000_000))
    folder = OutputFolder.open(tmp_path)
    write(folder, {"index.html": "samma"})
    assert folder.skipped == 1
    assert (tmp_path / "index.html").stat().st_mtime == 1_000_000


def test_a_hostile_manifest_cannot_delete_outside(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim.html"
    victim.write_text("x", encoding="utf-8")
    body = {"verktyg": "styr report", "filer": {"../victim.html": "0" * 64}}
    (out / MANIFEST).write_text(json.dumps(body), encoding="utf-8")
    with pytest.raises(OutputRefused):
        OutputFolder.open(out)
    write(OutputFolder.open(out, force=True), {"index.html": "a"})
    assert victim.exists()


def test_symlinked_subfolder_is_refused(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "styrkort").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OutputRefused, match="utanför"):
        OutputFolder.open(out, force=True).begin(["styrkort/kf.html"])
    assert list(elsewhere.iterdir()) == []


def test_out_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "fil"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(OutputRefused, match="ingen mapp"):
        OutputFolder.open(target)


def test_interrupted_run_can_be_resumed(tmp_path: Path) -> None:
    folder = OutputFolder.open(tmp_path)
    folder.begin(["index.html", "styrkort/kf.html"])
    folder.write("index.html", "halv")  # the run stops here: no finish()
    write(OutputFolder.open(tmp_path), {"index.html": "hel", "styrkort/kf.html": "b"})
    assert (tmp_path / "index.html").read_text(encoding="utf-8") == "hel"
