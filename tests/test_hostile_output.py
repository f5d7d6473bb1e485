"""The output folder never loses a user's file: after a run that was killed half-way, nothing but what styr
wrote (and recorded after writing) counts as styr's; no path made from the repository's content leaves the
folder; no symbolic link in the folder is followed when writing or deleting."""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath

import pytest
from hostile import ROOT, TODAY, styr
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.generate import generate
from styr.render.site import nofollow, site
from styr.render.site.site import JOURNAL, MANIFEST, OutputFolder, OutputRefused

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
MINE = "Min egen sida, inte styrs.\n"


def files_in(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and not p.is_symlink()}


def journal(folder: Path) -> set[str]:
    path = folder / JOURNAL
    if not path.exists():
        return set()
    return {json.loads(line)["fil"] for line in path.read_text(encoding="utf-8").splitlines()
            if line.endswith("}")}


# --- a run killed half-way -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def big_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stort") / "repo"
    generate(root, 600)
    return root


def kill_half_way(repo: Path, out: Path) -> None:
    """Start a real `styr report` and kill it (SIGKILL: no clean-up runs) once it has written a few pages."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STYR_JOBS": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "styr", "report", str(repo), "--format", "md", "--out", str(out),
                             "--quiet", "--no-history", "--date", TODAY], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while len(files_in(out) - {MANIFEST, JOURNAL}) < 5 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "rapporten hann bli klar: den avbröts aldrig"


def test_a_killed_run_never_makes_a_users_file_styrs(big_repo: Path, tmp_path: Path) -> None:
    complete = tmp_path / "hel"
    assert styr("report", big_repo, "--format", "md", "--out", complete, "--no-history", "--date", TODAY).clean
    planned = files_in(complete) - {MANIFEST}
    out = tmp_path / "public"
    kill_half_way(big_repo, out)
    written = files_in(out) - {MANIFEST, JOURNAL}
    assert written and written < planned
    # The user puts their own files where the killed run never got to write: one among the pages a full run
    # writes, one among the pages only the full run has (målrapporter), which a smaller run would clean away.
    not_written = sorted(planned - written)
    theirs = [next(p for p in not_written if p.startswith("styrkort/")),
              next(p for p in not_written if p.startswith("malrapport/"))]
    for rel in theirs:
        (out / rel).parent.mkdir(parents=True, exist_ok=True)
        (out / rel).write_text(MINE, encoding="utf-8")
    smaller = styr("report", big_repo, "--format", "md", "--out", out, "--no-history", "--date", TODAY,
                   "--kind", "verksamhetsplan")
    assert smaller.code == 0, smaller.describe()
    full = styr("report", big_repo, "--format", "md", "--out", out, "--no-history", "--date", TODAY)
    assert full.code == 2 and theirs[0] in full.output, full.describe()
    for rel in theirs:
        assert (out / rel).read_text(encoding="utf-8") == MINE, rel
    # What the killed run did write is styr's: moving the user's files away lets the full run finish.
    for rel in theirs:
        (out / rel).unlink()
    again = styr("report", big_repo, "--format", "md", "--out", out, "--no-history", "--date", TODAY)
    assert again.code == 0, again.describe()
    assert files_in(out) - {MANIFEST} == planned


def test_an_interrupted_run_in_the_api(tmp_path: Path) -> None:
    first = OutputFolder.open(tmp_path)
    first.begin(["index.html", "styrkort/kf.html", "styrkort/bun.html"])
    first.write("index.html", "halv")  # killed here: no finish()
    (tmp_path / "styrkort").mkdir(exist_ok=True)
    (tmp_path / "styrkort" / "bun.html").write_text(MINE, encoding="utf-8")
    with pytest.raises(OutputRefused, match=r"bun\.html"):
        OutputFolder.open(tmp_path).begin(["index.html", "styrkort/kf.html", "styrkort/bun.html"])
    second = OutputFolder.open(tmp_path)
    second.begin(["index.html"])
    second.write("index.html", "hel")
    assert second.finish() == []
    assert (tmp_path / "styrkort" / "bun.html").read_text(encoding="utf-8") == MINE
    assert not (tmp_path / JOURNAL).exists()


def test_an_older_manifest_with_pending_entries_proves_nothing(tmp_path: Path) -> None:
    body = {"verktyg": "styr report", "filer": {"index.html": "väntar", "styrkort/kf.html": "väntar"}}
    (tmp_path / MANIFEST).write_text(json.dumps(body), encoding="utf-8")
    (tmp_path / "styrkort").mkdir()
    (tmp_path / "styrkort" / "kf.html").write_text(MINE, encoding="utf-8")
    folder = OutputFolder.open(tmp_path)
    folder.begin(["index.html"])
    folder.write("index.html", "x")
    assert folder.finish() == []
    assert (tmp_path / "styrkort" / "kf.html").read_text(encoding="utf-8") == MINE


# --- paths made from the repository's content ---------------------------------------------------------------------


HOSTILE_IDS = ["../../../utanför", "a/b/c", "..", "/etc/passwd", "x\\u0000y", "CON", "Å" * 300, "-" * 80,
               "\\u202e.html", "id\\nmed radbrytning"]


def test_ids_never_make_a_path_outside_the_folder(tmp_path: Path) -> None:
    repo = Path(shutil.copytree(MINIMAL, tmp_path / "repo"))
    for n, hostile_id in enumerate(HOSTILE_IDS):
        unit = repo / "kommun" / f"enhet{n}"
        unit.mkdir()
        (unit / "styrkort.yaml").write_text(f'id: "{hostile_id}"\nnamn: "{hostile_id}"\nnivå: nämnd\n',
                                            encoding="utf-8")
        (unit / "mål").mkdir()
        (unit / "mål" / "m.yaml").write_text(f'id: "{hostile_id}-M1"\ntitel: Mål\nperspektiv: Verksamhet\n',
                                             encoding="utf-8")
    before = set(tmp_path.rglob("*"))
    for fmt in ("html", "md"):
        out = tmp_path / "ut" / fmt
        run = styr("report", repo, "--format", fmt, "--out", out, "--date", TODAY, "--no-history")
        assert run.clean, run.describe()
        written = files_in(out) - {MANIFEST}
        assert written, run.describe()
        for rel in written:
            site.check_relative(rel)
            assert len(rel) < 200
    outside = {p for p in set(tmp_path.rglob("*")) - before if not p.is_relative_to(tmp_path / "ut")}
    assert outside == set()


# --- links in the output folder -----------------------------------------------------------------------------------


def test_a_linked_page_is_neither_written_through_nor_replaced(tmp_path: Path) -> None:
    victim = tmp_path / "offer.html"
    victim.write_text("offret", encoding="utf-8")
    out = tmp_path / "ut"
    OutputFolder.open(out).begin([])
    (out / "index.html").symlink_to(victim)
    for force in (False, True):
        with pytest.raises(OutputRefused, match="symbolisk länk"):
            OutputFolder.open(out, force=force).begin(["index.html"])
    assert victim.read_text(encoding="utf-8") == "offret"
    assert (out / "index.html").is_symlink()


def test_a_link_planted_during_the_run_stops_it(tmp_path: Path) -> None:
    elsewhere = tmp_path / "annanstans"
    elsewhere.mkdir()
    out = tmp_path / "ut"
    folder = OutputFolder.open(out)
    folder.begin(["index.html", "styrkort/a.html", "styrkort/b.html"])
    folder.write("index.html", "i")
    folder.write("styrkort/a.html", "a")
    shutil.rmtree(out / "styrkort")
    (out / "styrkort").symlink_to(elsewhere, target_is_directory=True)  # between two pages
    with pytest.raises(OutputRefused, match="symbolisk länk"):
        folder.write("styrkort/b.html", "b")
    assert list(elsewhere.iterdir()) == []


def test_deleting_stale_pages_never_goes_through_a_link(tmp_path: Path) -> None:
    elsewhere = tmp_path / "annanstans"
    (elsewhere / "styrkort").mkdir(parents=True)
    out = tmp_path / "ut"
    first = OutputFolder.open(out)
    first.begin(["index.html", "styrkort/gammal.html"])
    first.write("index.html", "i")
    first.write("styrkort/gammal.html", "g")
    first.finish()
    # Someone replaces the folder with a link to a folder holding a file of the same name and content.
    (elsewhere / "styrkort" / "gammal.html").write_text("g", encoding="utf-8")
    shutil.rmtree(out / "styrkort")
    (out / "styrkort").symlink_to(elsewhere / "styrkort", target_is_directory=True)
    second = OutputFolder.open(out)
    with pytest.raises(OutputRefused):
        second.begin(["index.html"])
        second.write("index.html", "i")
        second.finish()
    assert (elsewhere / "styrkort" / "gammal.html").exists()


def test_a_linked_manifest_is_replaced_not_written_through(tmp_path: Path) -> None:
    victim = tmp_path / "offer.json"
    victim.write_text("offret", encoding="utf-8")
    out = tmp_path / "ut"
    out.mkdir()
    (out / MANIFEST).symlink_to(victim)
    (out / JOURNAL).symlink_to(victim)
    with pytest.raises(OutputRefused):
        OutputFolder.open(out)
    folder = OutputFolder.open(out, force=True)
    folder.begin(["index.html"])
    folder.write("index.html", "i")
    folder.finish()
    assert victim.read_text(encoding="utf-8") == "offret"
    assert not (out / MANIFEST).is_symlink() and json.loads((out / MANIFEST).read_text(encoding="utf-8"))["filer"]


def test_a_folder_or_fifo_where_a_page_goes_is_refused_before_and_during_the_run(tmp_path: Path) -> None:
    out = tmp_path / "ut"
    (out / "styrkort" / "a.html").mkdir(parents=True)
    OutputFolder.open(out, force=True).begin([])
    with pytest.raises(OutputRefused, match="ingen vanlig fil"):
        OutputFolder.open(out, force=True).begin(["styrkort/a.html"])
    folder = OutputFolder.open(out, force=True)
    folder.begin(["styrkort/b.html", "styrkort/c.html"])
    folder.write("styrkort/b.html", "b")
    os.mkfifo(out / "styrkort" / "c.html")  # planted between the check and the write
    with pytest.raises(OutputRefused, match="ingen vanlig fil"):
        folder.write("styrkort/c.html", "c")
    assert stat.S_ISFIFO((out / "styrkort" / "c.html").lstat().st_mode)


def test_pages_are_checked_folder_by_folder_and_a_linked_folder_stops_the_check(tmp_path: Path) -> None:
    elsewhere = tmp_path / "annanstans"
    elsewhere.mkdir()
    (elsewhere / "a.html").write_text("offret", encoding="utf-8")
    out = tmp_path / "ut"
    OutputFolder.open(out).begin([])
    (out / "styrkort").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(OutputRefused, match="symbolisk länk"):
        OutputFolder.open(out, force=True).begin(["index.html", "styrkort/a.html", "malrapport/a.html"])
    assert (elsewhere / "a.html").read_text(encoding="utf-8") == "offret"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["", ".", "..", "a", "sida-2.html", "b c", "å"]), min_size=1, max_size=5))
def test_a_path_is_taken_apart_as_pathlib_does(names: list[str]) -> None:
    # The output folder splits the paths of its files itself (thousands a report); the parts must be pathlib's,
    # or a check of the path would look at other folders than the ones written to.
    rel = "/".join(names)
    assert nofollow._parts(rel) == PurePosixPath(rel).parts
