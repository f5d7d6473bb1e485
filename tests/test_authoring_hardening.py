"""Authoring commands on hostile or unusual input: canonical numbers, huge numbers, negative values, CR-only files,
names with control characters, arguments that are not UTF-8, spreadsheets saved as Windows-1252."""

from __future__ import annotations

import os
import shutil
import unicodedata
from pathlib import Path

import pytest
from typer.testing import CliRunner

from styr.cli import app
from styr.load.repo import load
from styr.load.source import WorkTree
from styr.load.yamlio import parse_yaml
from styr.model.build import build

ROOT = Path(__file__).resolve().parent
MINIMAL = ROOT / "fixtures" / "minimal"
EXAMPLE = ROOT.parent / "example-repo"
GOAL = "kommun/nämnd/mål/bun-m1.yaml"
runner = CliRunner()


def styr(*args: str | Path) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    return root


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def outcomes(root: Path) -> dict[str, object]:
    return dict(build(load(WorkTree(root))).goal_by_id["BUN-M1"].indicators[0].outcomes)


# --- numbers -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "stored"), [("00042", "42"), ("042,50", "42.5"), ("-0", "0"), ("+0007", "7")])
def test_numbers_are_written_canonically(repo: Path, typed: str, stored: str) -> None:
    code, out, err = styr("utfall", "BUN-M1/I1", "2026", typed, repo)
    assert code == 0, err
    # The file holds the canonical YAML number; the message speaks Swedish (a decimal comma).
    assert f"Skrev utfallet {stored.replace('.', ',')} för 2026" in out
    assert f"2026: {stored}}}" in (repo / GOAL).read_text(encoding="utf-8")


@pytest.mark.parametrize("args", [("2026-Q3", "-5"), ("2026-Q3", "-5,5", "--ersätt"), ("--ersätt", "2026-Q3", "-2")])
def test_a_negative_value_is_an_argument_not_an_option(repo: Path, args: tuple[str, ...]) -> None:
    positional = [a for a in args if not a.startswith("--")]
    options = [a for a in args if a.startswith("--")]
    code, _, err = styr("utfall", "BUN-M1/I1", *options, *positional, repo)
    assert code == 0, err
    assert outcomes(repo)["2026-Q3"] == float(positional[1].replace(",", "."))


def test_a_negative_number_as_an_options_value_is_left_alone(repo: Path) -> None:
    # --analys takes a value: '-5' is that value, not an argument, and is stored as written
    code, _, err = styr("bedömning", "BUN-M1", "2026-Q3", repo, "--färg", "gul", "--analys", "-5")
    assert code == 0, err
    entry = build(load(WorkTree(repo))).goal_by_id["BUN-M1"].assessments["2026-Q3"]
    assert entry.analysis == "-5"


@pytest.mark.parametrize("digits", [16, 400, 5000])
def test_huge_numbers_are_refused_in_swedish(repo: Path, digits: int) -> None:
    before = snapshot(repo)
    code, _, err = styr("utfall", "BUN-M1/I1", "2026-Q3", "9" * digits, repo)
    assert code == 2 and "för många siffror" in err and "Traceback" not in err
    assert len(err) < 300  # the value is quoted cut short
    assert snapshot(repo) == before


def test_huge_numbers_in_a_spreadsheet_are_row_errors(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    before = snapshot(root)
    table = tmp_path / "utfall.csv"
    table.write_text(f"indikator;period;utfall\nBUN-M2/I1;2026;{'9' * 400}\nBUN-M2/I2;2026;{'1' * 5000}\n",
                     encoding="utf-8")
    code, _, err = styr("import", table, root)
    assert code == 1, err
    assert err.count("för många siffror") == 2 and "Traceback" not in err
    assert snapshot(root) == before


# --- line ends -----------------------------------------------------------------------------------------

def test_a_goal_file_with_cr_only_line_ends(repo: Path) -> None:
    goal = repo / GOAL
    goal.write_bytes(goal.read_bytes().replace(b"\n", b"\r"))
    code, _, err = styr("utfall", "BUN-M1/I1", "2026-Q3", "86", repo)
    assert code == 0, err
    code, _, err = styr("bedömning", "BUN-M1", "2026-Q3", repo, "--färg", "gul", "--analys", "Två\nrader")
    assert code == 0, err
    data = goal.read_bytes()
    assert b"\n" not in data  # every line, old and new, still ends in CR
    assert outcomes(repo)["2026-Q3"] == 86
    parsed = parse_yaml(data)
    assert parsed.doc is not None and parsed.doc["bedömning"]["2026-Q3"]["analys"] == "Två\nrader\n"


# --- names ---------------------------------------------------------------------------------------------

BAD_NAMES = ["Ekeby\x7f", "Ekeby\x85kommun", "Ekeby\u2028kommun", "Ekeby\ufffe", "Ekeby\x00", "Ekeby\x1b[31m",
             "Ekeby\ufdd0", "Ekeby\U0001fffe", "Ekeby\ud8ff"]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_init_refuses_a_name_with_control_or_non_characters(tmp_path: Path, name: str) -> None:
    code, out, err = styr("init", tmp_path / "ny", "--kommun", name)
    assert code == 2 and "Traceback" not in err
    assert ("kommunens namn innehåller" in err and "U+" in err) or "inte är UTF-8" in err, err
    assert not (tmp_path / "ny").exists() and out == ""


@pytest.mark.parametrize("option", ["--chef", "--git", "--nivåer"])
def test_init_checks_every_name_it_writes(tmp_path: Path, option: str) -> None:
    code, _, err = styr("init", tmp_path / "ny", "--kommun", "Ekeby kommun", option, "Anna\u2028Berg")
    assert code == 2 and "radbrytningen U+2028" in err, err
    assert not (tmp_path / "ny").exists()


@pytest.mark.parametrize("name", BAD_NAMES)
def test_new_refuses_names_with_control_or_non_characters(repo: Path, name: str) -> None:
    before = snapshot(repo)
    cases = [
        ("new", "enhet", repo / "kommun", "--id", "SN", "--namn", name),
        ("new", "enhet", repo / "kommun", "--id", "SN", "--namn", "Socialnämnden", "--chef", name),
        ("new", "mål", repo, "--unit", "BUN", "--titel", name, "--perspektiv", "Ekonomi"),
        ("new", "aktivitet", repo, "--unit", "BUN", "--mål", "BUN-M1", "--titel", "Läxhjälp", "--ansvarig", name),
    ]
    for args in cases:
        code, _, err = styr(*args)
        assert code == 2 and "Traceback" not in err and "innehåller" in err, (args, err)
    assert snapshot(repo) == before


def test_arguments_that_are_not_utf8_are_refused_in_swedish(repo: Path) -> None:
    not_utf8 = os.fsdecode(b"Ekeby \xff")  # what Python makes of a byte that is not UTF-8 in argv
    before = snapshot(repo)
    for args in (("utfall", f"BUN-M1/{not_utf8}", "2026", "1", repo),
                 ("utfall", "BUN-M1/I1", "2026", not_utf8, repo),
                 ("bedömning", not_utf8, "2026", repo, "--färg", "gul"),
                 ("bedömning", "BUN-M1", "2026", repo, "--färg", not_utf8),
                 ("uppföljning", "BUN-A1", not_utf8, repo, "--status", "pågår"),
                 ("new", "mål", repo, "--unit", not_utf8, "--titel", "T", "--perspektiv", "Ekonomi")):
        code, _, err = styr(*args)
        assert code == 2 and "inte är UTF-8" in err and "Traceback" not in err, (args, err)
    assert snapshot(repo) == before


def test_names_that_need_quotes_are_written_safely(tmp_path: Path) -> None:
    root = tmp_path / "ny"
    code, _, err = styr("init", root, "--kommun", "Ekeby: kommun #1", "--chef", "Berg, Anna", "--git", "@anna")
    assert code == 0, err
    unit = build(load(WorkTree(root))).unit_by_id["KF"]
    assert unit.name == "Ekeby: kommun #1" and unit.chef is not None
    assert (unit.chef.name, unit.chef.git) == ("Berg, Anna", "@anna")


# --- spreadsheets --------------------------------------------------------------------------------------

def test_import_reads_a_windows_1252_csv_from_swedish_excel(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    table = tmp_path / "utfall.csv"
    table.write_bytes("Mål;Indikator;Period;Utfall;Kommentar\r\n"
                      "BUN-M2;I1;2026;87,5;Höstens enkät – åk 5\r\n".encode("cp1252"))
    code, out, err = styr("import", table, root)
    assert code == 0, err
    assert out == "Förde in 1 utfall i 1 fil.\n"
    assert "läste den som Windows-1252" in err
    indicator = build(load(WorkTree(root))).goal_by_id["BUN-M2"].indicators[0]
    assert indicator.outcomes["2026"] == 87.5


def test_import_reads_excels_unicode_text(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    table = tmp_path / "utfall.txt"
    table.write_bytes("mål\tindikator\tperiod\tutfall\r\nBUN-M2\tI1\t2026\t88\r\n".encode("utf-16"))
    code, _, err = styr("import", table, root)
    assert code == 0, err
    assert build(load(WorkTree(root))).goal_by_id["BUN-M2"].indicators[0].outcomes["2026"] == 88


def test_import_names_spreadsheet_files_it_cannot_read(tmp_path: Path) -> None:
    # xlsx is read since issue 15; a broken workbook and the old .xls format are named, not a traceback
    table = tmp_path / "utfall.xlsx"
    table.write_bytes(b"PK\x03\x04")
    code, _, err = styr("import", table, MINIMAL)
    assert code == 2 and "ingen xlsx-fil som går att läsa" in err
    table = tmp_path / "utfall.xls"
    table.write_bytes(b"\xd0\xcf\x11\xe0")
    code, _, err = styr("import", table, MINIMAL)
    assert code == 2 and "\"CSV UTF-8\"" in err and ".xlsx" in err


def test_a_folder_named_in_decomposed_form_is_edited_where_it_is(repo: Path) -> None:
    # macOS and some copies write 'mål' decomposed (NFD); the model names it composed, the disk does not
    folder = repo / "kommun" / "nämnd" / "mål"
    decomposed = folder.with_name(unicodedata.normalize("NFD", "mål"))
    folder.rename(decomposed)
    code, _, err = styr("utfall", "BUN-M1/I1", "2026-Q3", "86", repo)
    assert code == 0, err
    assert "2026-Q3: 86}" in (decomposed / "bun-m1.yaml").read_text(encoding="utf-8")
    assert sorted(p.name for p in folder.parent.iterdir()) == sorted(["aktiviteter", decomposed.name, "styrkort.yaml",
                                                                      "verksamhet"])
