"""bench.ab: two styr trees on one command, their runs alternating; a repository it edits is left as it was."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ is not part of the installed package
    sys.path.insert(0, str(ROOT))

from bench.ab import main  # noqa: E402


def test_two_trees_alternate_and_the_edited_repository_is_restored(tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "tests" / "fixtures" / "minimal", repo)
    before = {p: p.read_bytes() for p in repo.rglob("*.yaml")}
    main(["--rounds", "2", "--repo", str(repo), "--edit", "outcome", f"gammal={ROOT}", f"ny={ROOT}", "--",
          "report", "{repo}", "--out", "{out}", "--date", "2026-11-29"])
    out = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in out] == ["gammal", "ny"]
    assert all("väggklocka min" in line and "processortid" in line for line in out)
    assert {p: p.read_bytes() for p in repo.rglob("*.yaml")} == before


def test_a_tree_without_styr_and_a_missing_command_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["--repo", str(tmp_path), f"a={tmp_path}", "--", "validate"])
    with pytest.raises(SystemExit):
        main(["--repo", str(tmp_path), f"a={ROOT}"])


def test_each_tree_runs_its_own_styr_wherever_bench_ab_is_started(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    # `python -m` puts the current folder first on sys.path: started in another styr tree, every run would be
    # that tree's (as bench.ab once ran both "versions" of a comparison from the folder it was started in).
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in ("a", "b"):
        package = tmp_path / name / "styr"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("")
        (package / "__main__.py").write_text(f"import pathlib, sys\nwith open(pathlib.Path(sys.argv[1]) / 'körde', "
                                             f"'a') as f:\n    f.write('{name}\\n')\n")
    monkeypatch.chdir(ROOT)
    main(["--rounds", "2", "--repo", str(repo), f"a={tmp_path / 'a'}", f"b={tmp_path / 'b'}", "--", "{repo}"])
    capsys.readouterr()
    assert (repo / "körde").read_text().split() == ["a", "b", "a", "b"]
