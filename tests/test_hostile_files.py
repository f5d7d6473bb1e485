"""Symbolic links and special files in a goal repository: nothing outside the repository is ever read or shown,
loops and FIFOs never hang or crash styr, and nothing is skipped in silence (each is a finding)."""

from __future__ import annotations

import os
import shutil
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from history_gitrepo import git_identity
from hostile import TODAY, as_ordinary_user, git, styr

__all__ = ["git_identity"]

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
SECRET = "topphemlig-token-4711"
GOAL = "kommun/nämnd/mål/bun-m1.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return Path(shutil.copytree(MINIMAL, tmp_path / "repo"))


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    """A YAML file outside the repository, as a link could reach (another repository's secrets, a home folder)."""
    path = tmp_path / "utanför" / "hemlig.yaml"
    path.parent.mkdir()
    path.write_text(f"id: BUN-M9\ntitel: Hemligt mål {SECRET}\nperspektiv: Verksamhet\nbidrar_till: [KF-M1]\n"
                    f"token: {SECRET}\n", encoding="utf-8")
    return path


def everything_styr_shows(root: Path, out: Path, *extra: str) -> Iterator[tuple[str, str, int]]:
    """(command, everything it printed or wrote, exit code) for the commands that show repository content."""
    for args in (["validate", root, "--date", TODAY, *extra], ["validate", root, "--format", "json", *extra],
                 ["validate", root, "--format", "github", *extra], ["status", root, "--date", TODAY, *extra]):
        run = styr(*args)
        assert run.clean, run.describe()
        yield " ".join(str(a) for a in args), run.output, run.code
    for fmt in ("md", "html"):
        target = out / fmt
        run = styr("report", root, "--format", fmt, "--out", target, "--date", TODAY, "--quiet", *extra)
        assert run.clean, run.describe()
        written = "".join(p.read_text(encoding="utf-8", errors="replace") for p in target.rglob("*") if p.is_file())
        yield f"report {fmt}", run.output + written, run.code


def codes(root: Path, *extra: str) -> dict[str, list[str]]:
    import json

    run = styr("validate", root, "--format", "json", "--date", TODAY, *extra)
    assert run.clean, run.describe()
    found: dict[str, list[str]] = {}
    for d in json.loads(run.output)["diagnostics"]:
        found.setdefault(d["code"], []).append(d["path"])
    return found


# --- links out of the repository -----------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["/proc/self/environ", "/etc/passwd", "secret"])
def test_a_link_out_of_the_repository_is_named_never_read(repo: Path, secret_file: Path, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch, target: str) -> None:
    monkeypatch.setenv("CI_JOB_TOKEN", SECRET)
    real = str(secret_file) if target == "secret" else target
    (repo / "kommun/nämnd/mål/läcka.yaml").symlink_to(real)
    (repo / "kommun/nämnd/verksamhetsplan").mkdir()
    (repo / "kommun/nämnd/verksamhetsplan/ekonomi.md").symlink_to(real)
    (repo / "kommun/nämnd/extern").symlink_to(secret_file.parent, target_is_directory=True)
    for command, shown, code in everything_styr_shows(repo, tmp_path / "ut"):
        assert SECRET not in shown, command
        assert "root:x:0:0" not in shown, command
        if command.startswith("validate"):
            assert code == 1 and "läcka.yaml" in shown and "ekonomi.md" in shown and "extern" in shown, command
    assert set(codes(repo)["Y08"]) == {"kommun/nämnd/mål/läcka.yaml", "kommun/nämnd/verksamhetsplan/ekonomi.md",
                                       "kommun/nämnd/extern"}


def test_a_committed_link_is_never_followed_when_reading_git(repo: Path, secret_file: Path, tmp_path: Path) -> None:
    (repo / "kommun/nämnd/mål/läcka.yaml").symlink_to(secret_file)
    (repo / "kommun/nämnd/mål/inne.yaml").symlink_to("bun-m1.yaml")  # inside: the work tree follows it
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "länkar")
    for command, shown, _ in everything_styr_shows(repo, tmp_path / "ut", "--rev", "HEAD"):
        assert SECRET not in shown, command
    at_rev = codes(repo, "--rev", "HEAD")
    assert set(at_rev["Y08"]) == {"kommun/nämnd/mål/läcka.yaml", "kommun/nämnd/mål/inne.yaml"}
    assert "K06" not in at_rev  # the inside link was not read as a second copy of the goal at the revision
    (repo / "kommun/nämnd/mål/bun-m1.yaml").unlink()
    git(repo, "commit", "-q", "-am", "målet borta, länken kvar")
    diff = styr("diff", "HEAD~1..HEAD", repo)
    assert diff.clean and SECRET not in diff.output, diff.describe()


def test_an_untracked_link_out_is_not_read_by_diff(repo: Path, secret_file: Path) -> None:
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    (repo / "kommun/nämnd/mål/läcka.yaml").symlink_to(secret_file)
    for fmt in ("text", "md", "json"):
        run = styr("diff", "HEAD", repo, "--format", fmt)
        assert run.clean and SECRET not in run.output, run.describe()
    log = styr("log", "BUN-M9", repo)
    assert log.clean and SECRET not in log.output, log.describe()


# --- links inside the repository, loops ---------------------------------------------------------------------------


def test_links_inside_the_repository_are_followed_once(repo: Path) -> None:
    shared = repo / "_delat" / "enhet"
    shutil.move(str(repo / "kommun/nämnd/verksamhet/enhet"), str(shared))
    (repo / "kommun/nämnd/verksamhet/enhet").symlink_to("../../../_delat/enhet", target_is_directory=True)
    (repo / "kommun/nämnd/verksamhet/igen").symlink_to("enhet", target_is_directory=True)  # the same folder again
    (repo / "kommun/nämnd/verksamhet/upp").symlink_to("../..", target_is_directory=True)  # a loop
    found = codes(repo)
    assert found.get("Y09") == ["kommun/nämnd/verksamhet/igen", "kommun/nämnd/verksamhet/upp"]
    assert "K06" not in found and "O02" not in found  # the unit behind the link was read, and only once
    status = styr("status", repo, "--date", TODAY, "--unit", "BUN-V-E")
    assert status.clean and "BUN-V-E-M1" in status.output, status.describe()


def test_links_that_point_at_each_other_or_nowhere(repo: Path) -> None:
    (repo / "kommun/a").symlink_to("b")
    (repo / "kommun/b").symlink_to("a")
    (repo / "kommun/mål/själv.yaml").symlink_to("själv.yaml")
    (repo / "kommun/mål/borta.yaml").symlink_to("finns-inte.yaml")
    found = codes(repo)
    assert found["Y09"] == ["kommun/a", "kommun/b", "kommun/mål/själv.yaml"]
    assert found["Y08"] == ["kommun/mål/borta.yaml"]


# --- special files, unreadable folders, odd names ------------------------------------------------------------------


def _make_special(path: Path, kind: str) -> object:
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        return server
    else:  # a character device like /dev/zero: only root may make one
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 5))
    return None


SPECIALS = ["fifo", "socket", *(["device"] if os.geteuid() == 0 else [])]


@pytest.mark.parametrize("kind", SPECIALS)
def test_special_files_are_findings_and_never_read(repo: Path, tmp_path: Path, kind: str) -> None:
    keep = [_make_special(repo / "kommun/nämnd/mål/special.yaml", kind),
            _make_special(repo / "kommun/nämnd/special.md", kind)]
    (repo / "kommun/nämnd/aktiviteter/till-special.yaml").symlink_to("../mål/special.yaml")
    try:
        for command, _, code in everything_styr_shows(repo, tmp_path / "ut"):
            assert code in (0, 1), command
        found = codes(repo)
        assert set(found["Y10"]) == {"kommun/nämnd/mål/special.yaml", "kommun/nämnd/special.md",
                                     "kommun/nämnd/aktiviteter/till-special.yaml"}
    finally:
        for thing in keep:
            if isinstance(thing, socket.socket):
                thing.close()


def test_an_unreadable_folder_is_an_error_not_a_silent_gap(repo: Path) -> None:
    folder = repo / "kommun/nämnd/verksamhet"
    before = codes(repo)
    folder.chmod(0)
    try:
        with as_ordinary_user():
            run = styr("validate", repo, "--date", TODAY)
            found = codes(repo)
    finally:
        folder.chmod(0o755)
    assert before == {}
    assert run.code == 1, run.describe()
    assert found["Y11"] == ["kommun/nämnd/verksamhet"]
    assert "kunde inte läsas" in run.output


def test_an_unreadable_file_is_an_error(repo: Path) -> None:
    path = repo / GOAL
    real_open = os.open

    def refusing_open(name: str | Path, flags: int, *args: int, **kwargs: object) -> int:
        if str(name).endswith("bun-m1.yaml"):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, flags, *args, **kwargs)  # type: ignore[arg-type]

    assert path.is_file()
    mp = pytest.MonkeyPatch()
    mp.setattr(os, "open", refusing_open)
    try:
        found = codes(repo)
    finally:
        mp.undo()
    assert found["Y11"] == [GOAL]


def test_names_that_are_not_utf8(repo: Path, tmp_path: Path) -> None:
    folder = os.fsencode(repo / "kommun/nämnd/mål")
    with open(os.path.join(folder, b"m\xe5l.yaml"), "wb") as fh:  # Latin-1 'å' in the name
        fh.write(b"id: X\n")
    os.mkdir(os.path.join(os.fsencode(repo / "kommun"), b"n\xe4mnd2"))
    for command, shown, _ in everything_styr_shows(repo, tmp_path / "ut"):
        assert "\udce5" not in shown, command
    found = codes(repo)
    assert set(found["Y04"]) == {"kommun/nämnd/mål/m\\xe5l.yaml", "kommun/n\\xe4mnd2"}


def test_a_huge_file_is_refused_before_it_is_read(repo: Path) -> None:
    with open(repo / "kommun/nämnd/mål/stor.yaml", "wb") as fh:
        fh.truncate(3 * 1024 * 1024 * 1024)  # sparse: 3 GiB that take no room, and would not fit in memory
    (repo / "kommun/mål/noll.yaml").symlink_to("/dev/zero")
    found = codes(repo)
    assert found["Y06"] == ["kommun/nämnd/mål/stor.yaml"]
    assert found["Y08"] == ["kommun/mål/noll.yaml"]


def test_authoring_commands_on_a_repository_with_hostile_entries(repo: Path, secret_file: Path,
                                                                 tmp_path: Path) -> None:
    (repo / "kommun/mål/läcka.yaml").symlink_to(secret_file)
    os.mkfifo(repo / "kommun/nämnd/mål/rör.yaml")
    (repo / "kommun/nämnd/upp").symlink_to("..", target_is_directory=True)
    csv = tmp_path / "utfall.csv"
    csv.write_text("indikator;period;utfall\nBUN-M1/I1;2026-Q2;81\n", encoding="utf-8")
    for args in (["utfall", "BUN-M1/I1", "2026-Q3", "82", repo, "--date", TODAY], ["import", csv, repo],
                 ["bedömning", "BUN-M1", "2026-H1", repo, "--färg", "gul", "--analys", "Text.", "--prognos", "gul",
                  "--date", TODAY], ["utfall", "BUN-M9/I1", "2026", "1", repo]):
        run = styr(*args)
        assert run.clean and SECRET not in run.output, run.describe()
