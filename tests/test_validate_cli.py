"""`styr validate` and `styr explain` from the outside: exit codes, formats, --output, pre-commit style paths."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
from test_rule_cases import MINIMAL, apply_case, copy_repo
from typer.testing import CliRunner

from styr.cli import app

runner = CliRunner()
DATE = ["--date", "2026-11-29"]
# Outside GitHub Actions `--format auto` is text; make sure a CI runner's environment does not change that.
ENV = {"GITHUB_ACTIONS": "false", "NO_COLOR": "1", "STYR_DATUM": ""}

BAD_GOAL = "kommun/nämnd/mål/bun-m1.yaml"
BROKEN = {"byt": [{"fil": BAD_GOAL, "från": "perspektiv: Verksamhet", "till": "perspektiv: Verksamheten"}]}
WARNING_ONLY = {"byt": [{"fil": "kommun/nämnd/verksamhet/mål/bun-v-m1.yaml", "från": "2026: 14}",
                         "till": "2026: 40}"}]}


def validate(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["validate", *args], env=ENV)
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_repo(MINIMAL, tmp_path / "repo")


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    root = copy_repo(MINIMAL, tmp_path / "broken")
    apply_case(root, BROKEN)
    return root


def test_minimal_repository_passes() -> None:
    code, out, _ = validate(str(MINIMAL), *DATE)
    assert code == 0, out
    assert "0 fel" in out and "Kontrollerade 4 enheter, 4 mål" in out


def test_default_path_is_the_current_folder(repo: Path) -> None:
    cwd = os.getcwd()
    os.chdir(repo / "kommun" / "nämnd")  # from inside the repository: the root is found upwards
    try:
        code, out, _ = validate(*DATE)
    finally:
        os.chdir(cwd)
    assert code == 0, out


def test_broken_copy_fails(broken: Path) -> None:
    code, out, _ = validate(str(broken), *DATE)
    assert code == 1
    assert "F04" in out and "Valideringen misslyckades" in out


def test_warnings_fail_only_with_strict(repo: Path) -> None:
    apply_case(repo, WARNING_ONLY)
    code, out, _ = validate(str(repo), *DATE, "--format", "json")
    body = json.loads(out)
    assert code == 0
    assert {d["allvar"] for d in body["fynd"]} == {"warning"}
    strict_code, strict_out, _ = validate(str(repo), *DATE, "--strict")
    assert strict_code == 1
    assert "--strict" in strict_out


def test_folder_that_is_not_a_goal_repository_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "tom").mkdir()
    code, out, err = validate(str(tmp_path / "tom"), *DATE)
    assert code == 2
    assert "styrmodell.yaml" in err and out == ""


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = validate(str(tmp_path / "finns-inte"), *DATE)
    assert code == 2
    assert "finns inte" in err


def test_unknown_format_is_a_usage_error() -> None:
    code, _, err = validate(str(MINIMAL), *DATE, "--format", "yaml")
    assert code == 2
    assert "yaml" in err and "Traceback" not in err


def test_bad_date_is_a_usage_error() -> None:
    code, _, err = validate(str(MINIMAL), "--date", "2026-13-01")
    assert code == 2
    assert "datum" in err


def test_json_items_have_every_field(broken: Path) -> None:
    apply_case(broken, WARNING_ONLY)
    code, out, _ = validate(str(broken), *DATE, "--format", "json")
    assert code == 1
    items = json.loads(out)["fynd"]
    assert {d["kod"] for d in items} >= {"F04", "S07"}
    for d in items:
        assert {"kod", "allvar", "meddelande", "fil", "rad", "kolumn", "tips"} <= set(d)
        assert d["allvar"] in ("error", "warning", "info")
        assert isinstance(d["rad"], int) and d["rad"] >= 1 and isinstance(d["kolumn"], int) and d["kolumn"] >= 1
        assert d["meddelande"] and d["tips"]
        path = PurePosixPath(d["fil"])
        assert not path.is_absolute() and "\\" not in d["fil"] and ".." not in path.parts
        assert (broken / path).is_file()
    f04 = next(d for d in items if d["kod"] == "F04")
    assert (f04["fil"], f04["rad"], f04["kolumn"]) == (BAD_GOAL, 5, 13)
    assert "Verksamhet" in f04["tips"]


def test_text_shows_source_line_and_hint(broken: Path) -> None:
    code, out, _ = validate(str(broken), *DATE, "--format", "text")
    assert code == 1
    assert BAD_GOAL in out
    assert "perspektiv: Verksamheten" in out  # the offending line itself
    assert "5:13" in out
    assert "tips: Menade du 'Verksamhet'?" in out
    assert "\x1b[" not in out  # no colour codes when not at a terminal


def test_output_file_is_written_and_stdout_has_the_summary(broken: Path, tmp_path: Path) -> None:
    target = tmp_path / "rapporter" / "styr.json"
    code, out, _ = validate(str(broken), *DATE, "--format", "json", "--output", str(target))
    assert code == 1
    body = json.loads(target.read_text(encoding="utf-8"))
    assert any(d["kod"] == "F04" for d in body["fynd"])
    assert "Kontrollerade" in out and str(target) in out and "Valideringen misslyckades" in out
    assert not out.lstrip().startswith("{")  # the report went to the file, not to stdout
    assert sorted(p.name for p in target.parent.iterdir()) == ["styr.json"]  # no temporary file left behind


def test_output_replaces_an_existing_file(repo: Path, tmp_path: Path) -> None:
    target = tmp_path / "rapport.sarif"
    target.write_text("gammalt innehåll som är längre än det nya kanske är " * 200, encoding="utf-8")
    code, _, _ = validate(str(repo), *DATE, "--format", "sarif", "--output", str(target))
    assert code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["version"] == "2.1.0"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rapport.sarif", "repo"]


def test_file_paths_with_only_files_report_only_those_files(broken: Path) -> None:
    # A second problem in another file; pre-commit passes only the staged files.
    apply_case(broken, {"byt": [{"fil": "kommun/nämnd/aktiviteter/bun-a1.yaml", "från": "status: pågår\n",
                                 "till": "status: klar\n"}]})
    everything = json.loads(validate(str(broken), *DATE, "--format", "json")[1])["fynd"]
    assert {d["fil"] for d in everything} == {BAD_GOAL, "kommun/nämnd/aktiviteter/bun-a1.yaml"}
    code, out, _ = validate(str(broken / BAD_GOAL), str(broken / "kommun/nämnd/styrkort.yaml"), *DATE,
                            "--only-files", "--format", "json")
    assert code == 1
    assert {d["fil"] for d in json.loads(out)["fynd"]} == {BAD_GOAL}
    clean_code, clean_out, _ = validate(str(broken / "kommun/nämnd/styrkort.yaml"), *DATE, "--only-files",
                                        "--format", "json")
    assert clean_code == 0
    assert json.loads(clean_out)["fynd"] == []


def test_file_paths_relative_to_the_working_folder(broken: Path) -> None:
    cwd = os.getcwd()
    os.chdir(broken)
    try:
        code, out, _ = validate(BAD_GOAL, *DATE, "--only-files", "--format", "json")
    finally:
        os.chdir(cwd)
    assert code == 1
    assert {d["fil"] for d in json.loads(out)["fynd"]} == {BAD_GOAL}


def test_explain_prints_the_explanation() -> None:
    result = runner.invoke(app, ["explain", "K02"])
    assert result.exit_code == 0
    assert "K02" in result.stdout and "nivå" in result.stdout and "Tips:" in result.stdout
    assert "regler:" in result.stdout
    lower = runner.invoke(app, ["explain", "k02"])
    assert lower.exit_code == 0 and lower.stdout == result.stdout


def test_explain_lists_every_rule() -> None:
    result = runner.invoke(app, ["explain"])
    assert result.exit_code == 0
    for code in ("Y01", "F04", "K09", "S10", "A06", "O07", "X01"):
        assert code in result.stdout


def test_explain_takes_a_rules_readable_name_too() -> None:
    # SARIF, JSON and GitLab name a rule beside its code: either one explains it.
    by_code = runner.invoke(app, ["explain", "Y13"])
    by_name = runner.invoke(app, ["explain", "YAML-tagg"])
    assert by_code.exit_code == by_name.exit_code == 0 and by_name.stdout == by_code.stdout
    near = runner.invoke(app, ["explain", "yaml-tag"])
    assert near.exit_code == 2 and "Menade du 'yaml-tagg'?" in near.stderr


def test_explain_unknown_code_is_a_usage_error() -> None:
    result = runner.invoke(app, ["explain", "XYZ"])
    assert result.exit_code == 2
    assert "XYZ" in result.stderr and "Traceback" not in result.output


def _styr(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **ENV}
    return subprocess.run([sys.executable, "-m", "styr", *args], capture_output=True, text=True, encoding="utf-8",
                          env=env, cwd=cwd, timeout=120, check=False)


def test_real_process_exit_codes_and_json(broken: Path, tmp_path: Path) -> None:
    ok = _styr("validate", str(MINIMAL), *DATE)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "0 fel" in ok.stdout
    bad = _styr("validate", str(broken), *DATE, "--format", "json")
    assert bad.returncode == 1, bad.stderr
    assert any(d["kod"] == "F04" for d in json.loads(bad.stdout)["fynd"])
    (tmp_path / "inget").mkdir()
    usage = _styr("validate", str(tmp_path / "inget"), *DATE)
    assert usage.returncode == 2
    assert "Traceback" not in usage.stderr and usage.stderr.startswith("styr:")
    unknown = _styr("explain", "XYZ")
    assert unknown.returncode == 2 and "Traceback" not in unknown.stderr


def test_links_to_a_goal_in_an_unreadable_file_point_at_that_file(tmp_path: Path) -> None:
    """A syntax error takes the whole goal with it; the K01/A02 findings it causes must say so."""
    import shutil
    from datetime import date

    from styr.app.pipeline import analyse
    from styr.load.source import WorkTree

    root = tmp_path / "repo"
    shutil.copytree(Path(__file__).resolve().parents[1] / "example-repo", root)
    broken = root / "kommun" / "mål" / "kunskapsresultat.yaml"  # KF-M1, which many goals contribute to
    broken.write_text("id: [trasig\n", encoding="utf-8")
    found = analyse(WorkTree(root), date(2026, 11, 29)).diagnostics
    links = [d for d in found if d.code in ("K01", "A02")]
    assert links and all("kommun/mål/kunskapsresultat.yaml" in d.hint for d in links)
    assert any(d.code == "Y01" and d.path == "kommun/mål/kunskapsresultat.yaml" for d in found)


@pytest.mark.parametrize(("name", "starts"), [("styr.sarif", '{\n  "$schema": "https://json.schemastore.org/sarif'),
                                              ("styr.xml", "<?xml"), ("styr.json", '{\n  "formatversion"'),
                                              ("styr.txt", "kommun/")])
def test_output_file_ending_chooses_the_format_of_auto(broken: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       name: str, starts: str) -> None:
    # Even inside GitHub Actions (where auto means annotations on stdout): a file called .sarif gets SARIF.
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    target = tmp_path / name
    code, _, _ = validate(str(broken), *DATE, "--output", str(target))
    assert code == 1
    assert target.read_text(encoding="utf-8").startswith(starts)


def test_named_format_wins_over_the_file_ending(broken: Path, tmp_path: Path) -> None:
    # GitLab's Code Quality report is a .json file: the format named is written, whatever the ending says.
    target = tmp_path / "gl-code-quality-report.json"
    code, _, _ = validate(str(broken), *DATE, "--format", "gitlab", "--output", str(target))
    assert code == 1
    assert isinstance(json.loads(target.read_text(encoding="utf-8")), list)
