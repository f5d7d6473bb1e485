"""`styr import`: many outcomes from one CSV file, all rows checked before any goal file is written once."""

from __future__ import annotations

import difflib
import errno
import itertools
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from styr.commands.importera import import_outcomes
from styr.edit import files
from styr.exchange import outcomes
from styr.load.repo import load
from styr.load.source import WorkTree
from styr.model.build import build
from styr.model.types import Indicator

EXAMPLE = Path(__file__).resolve().parents[1] / "example-repo"
BUN = "kommun/barn-och-utbildningsnamnden/mål/trygghet.yaml"  # BUN-M2: I1 and I2, flow-style utfall
KF = "kommun/mål/god-ekonomisk-hushallning.yaml"  # KF-M6: I2 is ja/nej
SN = "kommun/socialnamnden/mål/effektiv-aldreomsorg.yaml"  # SN-M4: I2 in kronor

app = typer.Typer()
app.command(name="import")(import_outcomes)


@app.command()
def _other() -> None:  # a second command makes typer keep the command name in the arguments
    """Inget."""


runner = CliRunner()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    return root


def run(repo: Path, csv_text: str | bytes, *options: str, name: str = "utfall.csv") -> tuple[int, str, str]:
    csv_file = repo.parent / name
    if isinstance(csv_text, str):
        csv_file.write_text(csv_text, encoding="utf-8", newline="")
    else:
        csv_file.write_bytes(csv_text)
    result = runner.invoke(app, ["import", str(csv_file), str(repo), *options])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    # messages name the CSV file as given; the tests compare with just its name
    return result.exit_code, result.stdout.replace(str(csv_file), name), result.stderr.replace(str(csv_file), name)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def indicator(root: Path, goal_id: str, ind_id: str) -> Indicator:
    model = build(load(WorkTree(root)))
    return next(i for i in model.goal_by_id[goal_id].indicators if i.id == ind_id)


def changed_lines(old: str, new: str) -> list[tuple[str, list[str], list[str]]]:
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    ops = difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes()
    return [(tag, a[i1:i2], b[j1:j2]) for tag, i1, i2, j1, j2 in ops if tag != "equal"]


# --- happy paths ---------------------------------------------------------------------------------------

def test_semicolon_file_with_bom_and_decimal_comma(repo: Path) -> None:
    before = (repo / BUN).read_text(encoding="utf-8")
    code, out, err = run(repo, "\ufeffIndikator;Period;Utfall\r\n"
                               "BUN-M2/I1;2026;87,5\r\n"
                               "BUN-M2/I2;2026;96\r\n"
                               "SN-M4/I2;2026;1 250\r\n")
    assert (code, err) == (0, "")
    assert out == "Förde in 3 utfall i 2 filer.\n"
    after = (repo / BUN).read_text(encoding="utf-8")
    assert changed_lines(before, after) == [
        ("replace", ["    utfall: {2023: 84.5, 2024: 86.0, 2025: 85.2}\n"],
         ["    utfall: {2023: 84.5, 2024: 86.0, 2025: 85.2, 2026: 87.5}\n"]),
        ("replace", ["    utfall: {2023: 95, 2024: 94, 2025: 96}\n"],
         ["    utfall: {2023: 95, 2024: 94, 2025: 96, 2026: 96}\n"]),
    ]
    assert indicator(repo, "BUN-M2", "I1").outcomes["2026"] == 87.5
    assert indicator(repo, "SN-M4", "I2").outcomes["2026"] == 1250


def test_comma_file_with_quotes_goal_column_and_spreadsheet_numbers(repo: Path) -> None:
    code, out, err = run(repo, 'mål,indikator,period,utfall\n'
                               'BUN-M2,I1,2026,"87,5 %"\n'
                               'SN-M4,I2,2026,"1\u00a0250,5"\n'
                               'KF-M6,KF-M6/I2,2026,Ja\n'
                               'KF-M6,I1,2026,\u22121\n')
    assert (code, err) == (0, ""), err
    assert out == "Förde in 4 utfall i 3 filer.\n"
    assert indicator(repo, "BUN-M2", "I1").outcomes["2026"] == 87.5
    assert indicator(repo, "SN-M4", "I2").outcomes["2026"] == 1250.5
    assert indicator(repo, "KF-M6", "I2").outcomes["2026"] in ("ja", True)
    assert indicator(repo, "KF-M6", "I1").outcomes["2026"] == -1


def test_the_spreadsheets_own_columns_are_left_alone(repo: Path) -> None:
    text = "namn;indikator;period;utfall;kommentar\nTrygghet;BUN-M2/I1;2026-Q3;88;från enkäten\n"
    code, out, _ = run(repo, text)
    assert (code, out) == (0, "Förde in 1 utfall i 1 fil.\n")
    assert indicator(repo, "BUN-M2", "I1").outcomes["2026-Q3"] == 88


def test_tab_delimited_file(repo: Path) -> None:
    code, out, _ = run(repo, "indikator\tperiod\tutfall\nBUN-M2/I1\t2026-Q3\t88\n")
    assert (code, out) == (0, "Förde in 1 utfall i 1 fil.\n")
    assert indicator(repo, "BUN-M2", "I1").outcomes["2026-Q3"] == 88


def test_comments_key_order_and_quoting_stay(repo: Path) -> None:
    goal = repo / BUN
    text = goal.read_text(encoding="utf-8").replace(
        "    utfall: {2023: 84.5, 2024: 86.0, 2025: 85.2}\n",
        "    # utfallen kommer från elevenkäten\n"
        "    utfall:\n"
        "      '2023': 84.5   # första mätningen\n"
        "      # värdet för 2024 kommer senare\n"
        "      '2025': 85.2\n")
    goal.write_text(text, encoding="utf-8")
    code, out, err = run(repo, "indikator;period;utfall\n"
                               "BUN-M2/I1;2026;87\n"
                               "BUN-M2/I1;2024;86\n"
                               "BUN-M2/I1;2023;84,6\n", "--ersätt", "--force")  # 2023 is closed
    assert code == 0, err
    assert out == "Förde in 3 utfall i 1 fil (1 ersatt).\n"
    after = goal.read_text(encoding="utf-8")
    # every other line is byte for byte the same; the comment stays with the entry below it
    assert changed_lines(text, after) == [
        ("replace", ["      '2023': 84.5   # första mätningen\n"],
         ["      '2023': 84.6   # första mätningen\n", "      '2024': 86\n"]),
        ("insert", [], ["      '2026': 87\n"]),
    ]
    lines = after.splitlines()
    assert lines.index("      '2024': 86") == lines.index("      # värdet för 2024 kommer senare") - 1
    assert indicator(repo, "BUN-M2", "I1").outcomes == {"2023": 84.6, "2024": 86, "2025": 85.2, "2026": 87}


def test_each_goal_file_is_written_once(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    plans: list[list[Path]] = []
    write_plan = files.write_plan

    def recording(plan: files.Plan) -> None:
        plans.append([p.target for p in plan.files])
        write_plan(plan)

    monkeypatch.setattr(files, "write_plan", recording)
    code, _, _ = run(repo, "indikator;period;utfall\n"
                           "BUN-M2/I1;2026-Q1;80\nBUN-M2/I2;2026-Q1;90\nSN-M4/I2;2026;1\nBUN-M2/I1;2026-Q2;81\n")
    assert code == 0
    assert len(plans) == 1  # all files in one plan: written together or not at all
    assert sorted(p.relative_to(repo).as_posix() for p in plans[0]) == sorted([BUN, SN])
    assert indicator(repo, "BUN-M2", "I1").outcomes["2026-Q2"] == 81


def test_dry_run_lists_rows_in_csv_order_across_files(repo: Path) -> None:
    code, out, _ = run(repo, "indikator;period;utfall\nBUN-M2/I1;2026;1\nSN-M4/I2;2026;2\nBUN-M2/I2;2026;3\n",
                       "--dry-run")
    assert code == 0
    assert out.splitlines()[:3] == ["BUN-M2/I1 2026: – → 1", "SN-M4/I2 2026: – → 2", "BUN-M2/I2 2026: – → 3"]


THREE_FILES = "indikator;period;utfall\nBUN-M2/I1;2026;1\nSN-M4/I2;2026;2\nKF-M6/I1;2026;3\n"


def failing_on(n: int, error: int, real: Callable[..., Any]) -> Callable[..., Any]:
    """A stand-in for an os function that fails as the real one would, on its n-th call."""
    calls = itertools.count(1)

    def call(*args: Any, **kwargs: Any) -> Any:
        if next(calls) == n:
            raise OSError(error, os.strerror(error))
        return real(*args, **kwargs)
    return call


@pytest.mark.parametrize("n", [1, 2, 3])
def test_a_full_disk_while_writing_leaves_every_file_as_it_was(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                                n: int) -> None:
    before = snapshot(repo)
    monkeypatch.setattr(files.os, "fsync", failing_on(n, errno.ENOSPC, os.fsync))
    code, out, err = run(repo, THREE_FILES)
    assert code == 2 and out == ""
    assert err.startswith("styr: kunde inte skriva ") and "disken är full; ingen fil ändrades." in err, err
    assert snapshot(repo) == before  # every byte as it was, and no temporary file left behind


@pytest.mark.parametrize("n", [2, 3])
def test_a_failed_rename_puts_back_the_files_already_renamed(repo: Path, monkeypatch: pytest.MonkeyPatch,
                                                             n: int) -> None:
    before = snapshot(repo)
    monkeypatch.setattr(files.os, "replace", failing_on(n, errno.EIO, os.replace))
    code, _, err = run(repo, THREE_FILES)
    assert code == 2 and "ingen fil ändrades" in err, err
    assert snapshot(repo) == before


# --- rows that change nothing --------------------------------------------------------------------------

def test_unchanged_duplicate_and_empty_rows(repo: Path) -> None:
    before = snapshot(repo)
    code, out, err = run(repo, "indikator;period;utfall\n"
                               "BUN-M2/I1;2025;85,2\n"
                               "BUN-M2/I1;2025;85.20\n"
                               "KF-M6/I2;2025;JA\n"
                               "BUN-M2/I2;2026;\n"
                               ";;\n"
                               "\n"
                               "BUN-M2/I9;2026;  \n")
    assert (code, err) == (0, "")
    assert out == "Inga utfall behövde föras in (2 oförändrade, 1 dubblettrad, 2 tomma rader hoppades över).\n"
    assert snapshot(repo) == before


def test_dry_run_lists_changes_and_writes_nothing(repo: Path) -> None:
    before = snapshot(repo)
    code, out, err = run(repo, "indikator;period;utfall\n"
                               "BUN-M2/I1;2026;87,5\n"
                               "BUN-M2/I1;2024;86,5\n"
                               "BUN-M2/I1;2025;85,2\n", "--dry-run", "--replace", "--force")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "BUN-M2/I1 2026: – → 87,5",
        "BUN-M2/I1 2024: 86 → 86,5",
        "Skulle föra in 2 utfall i 1 fil (1 ersatt, 1 oförändrat).",
        "Inget skrevs (--dry-run).",
    ]
    assert snapshot(repo) == before


# --- rows with problems: nothing is written ------------------------------------------------------------

def test_one_bad_row_among_good_ones_writes_nothing(repo: Path) -> None:
    before = snapshot(repo)
    code, out, err = run(repo, "indikator;period;utfall\n"
                               "BUN-M2/I1;2026;87\n"
                               "SN-M4/I2;2026;1000\n"
                               "BUN-M2/I2;2026;åttio\n"
                               "KF-M6/I2;2026;ja\n")
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "utfall.csv:4: kolumn utfall: 'åttio' är inget tal. Skriv t.ex. 87, 87,5 eller 1 250.",
        "styr: 1 fel i utfall.csv; inget skrevs. Rätta filen och kör styr import igen.",
    ]
    assert snapshot(repo) == before


def test_every_problem_is_reported_with_row_and_column(repo: Path) -> None:
    before = snapshot(repo)
    code, _, err = run(repo, "indikator;period;utfall\n"
                             "BUN-M9/I1;2026;1\n"
                             "BUN-M2/I3;2026;1\n"
                             "BUN-M2/I1;2026-Q5;1\n"
                             "KF-M6/I2;2026;kanske\n"
                             "BUN-M2/I1;2030;1\n"
                             "BUN-M2/I2;2026;1\n"
                             "BUN-M2/I2;2026;2\n"
                             "BUN-M2/I1;2025;80\n"
                             "I1;2026;1\n"
                             "BUN-M2/I1;2026;1;2\n")
    assert code == 1
    lines = err.splitlines()
    assert lines[0] == "utfall.csv:2: kolumn indikator: målet 'BUN-M9' finns inte. Menade du 'BUN-M3'?"
    assert lines[1] == "utfall.csv:3: kolumn indikator: indikatorn 'I3' finns inte i BUN-M2. Målet har: I1, I2."
    assert lines[2].startswith("utfall.csv:4: kolumn period: ") and "2026-Q5" in lines[2]
    assert lines[3] == ("utfall.csv:5: kolumn utfall: KF-M6/I2 mäter om något är uppnått: ange ja eller nej, "
                        "inte 'kanske'.")
    assert lines[4].startswith("utfall.csv:6: kolumn period: 2030 ligger utanför målets tid") and "--force" in lines[4]
    assert lines[5] == ("utfall.csv:8: kolumn utfall: rad 7 ger redan BUN-M2/I2 för 2026 utfallet 1, "
                        "den här raden 2. Ta bort den ena raden.")
    assert lines[6] == (f"utfall.csv:9: kolumn utfall: BUN-M2/I1 har redan utfallet 85,2 för 2025 ({BUN}, rad 23); "
                        "använd --ersätt för att ersätta det med 80.")
    assert lines[7].startswith("utfall.csv:10: kolumn indikator: ange indikatorn som MÅL-ID/INDIKATOR-ID")
    assert lines[8].startswith("utfall.csv:11: raden har fler fält (4) än rubrikraden (3).")
    assert lines[9] == "styr: 9 fel i utfall.csv; inget skrevs. Rätta filen och kör styr import igen."
    assert snapshot(repo) == before


def test_existing_different_outcome_needs_replace(repo: Path) -> None:
    csv_text = "indikator;period;utfall\nBUN-M2/I1;2025;80\n"
    before = snapshot(repo)
    code, _, err = run(repo, csv_text)
    assert code == 1 and "använd --ersätt" in err and snapshot(repo) == before
    old = (repo / BUN).read_text(encoding="utf-8")
    code, out, _ = run(repo, csv_text, "--ersatt")
    assert (code, out) == (0, "Förde in 1 utfall i 1 fil (1 ersatt).\n")
    assert changed_lines(old, (repo / BUN).read_text(encoding="utf-8")) == [
        ("replace", ["    utfall: {2023: 84.5, 2024: 86.0, 2025: 85.2}\n"],
         ["    utfall: {2023: 84.5, 2024: 86.0, 2025: 80}\n"]),
    ]
    assert indicator(repo, "BUN-M2", "I1").outcomes["2025"] == 80


def test_conflict_names_the_line_in_the_file_on_disk(repo: Path) -> None:
    goal = repo / BUN
    text = goal.read_text(encoding="utf-8").replace(
        "    utfall: {2023: 84.5, 2024: 86.0, 2025: 85.2}\n", "    utfall:\n      2023: 84.5\n      2025: 85.2\n")
    goal.write_text(text, encoding="utf-8")
    line = text.splitlines().index("      2025: 85.2") + 1
    # the first row inserts a line above 2025 in memory; the message must still name the line as it is on disk
    code, _, err = run(repo, "indikator;period;utfall\nBUN-M2/I1;2024;86\nBUN-M2/I1;2025;80\n")
    assert code == 1
    assert f"({BUN}, rad {line})" in err
    assert goal.read_text(encoding="utf-8") == text


def test_force_allows_a_period_outside_the_goal(repo: Path) -> None:
    csv_text = "indikator;period;utfall\nBUN-M2/I1;2027;91\n"
    code, _, err = run(repo, csv_text)
    assert code == 1 and "U02" in err
    code, _, _ = run(repo, csv_text, "--force")
    assert code == 0
    assert indicator(repo, "BUN-M2", "I1").outcomes["2027"] == 91


# --- problems with the file as a whole: usage errors ---------------------------------------------------

@pytest.mark.parametrize(("content", "message"), [
    ("indikator;period\nBUN-M2/I1;2026\n", "kolumnen 'utfall' saknas (rubrikraden har: indikator, period)"),
    ("indikator;period;utfal\nBUN-M2/I1;2026;1\n", "okänd kolumn 'utfal'. Menade du 'utfall'?"),
    ("indikator;period;utfall;utfall\n", "kolumnen 'utfall' finns två gånger"),
    (b"indikator;period;utfall\nBUN-M2/I1;2026;\x81ttio\n", "utfall.csv är varken UTF-8 eller Windows-1252 (rad 2)"),
    # broken UTF-8 (a good å, then a lone byte) is not taken for Windows-1252
    (b"indikator;period;utfall\nBUN-M2/I1;2026;\xc3\xa5ttio\n\xe5\n", "utfall.csv är inte UTF-8 (rad 3)"),
    ("", "utfall.csv är tom."),
    ('indikator;period;utfall\n"BUN-M2/I1;2026;87\n', "utfall.csv:2: raden kan inte läsas som CSV"),
])
def test_unreadable_files_are_usage_errors(repo: Path, content: str | bytes, message: str) -> None:
    before = snapshot(repo)
    code, _, err = run(repo, content)
    assert code == 2
    assert err.startswith("styr: ") and message in err, err
    assert "Traceback" not in err
    assert snapshot(repo) == before


def test_missing_csv_file_is_a_usage_error(repo: Path) -> None:
    result = runner.invoke(app, ["import", str(repo.parent / "finns-inte.csv"), str(repo)])
    assert result.exit_code == 2 and "finns inte" in result.stderr


def test_an_oversized_file_is_refused_before_it_is_read(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(outcomes, "MAX_BYTES", 100)
    code, _, err = run(repo, "indikator;period;utfall\n" + "BUN-M2/I1;2026;87\n" * 10)
    assert code == 2 and "större än" in err


def test_a_decided_outcome_in_a_closed_period_is_not_replaced_but_a_late_one_may_arrive(repo: Path) -> None:
    # example-repo closes 2023 and 2024 (stängda_perioder); KF-M2/I2 has no outcome for 2024 yet
    code, _, err = run(repo, "indikator;period;utfall\nBUN-M2/I1;2024;90\n", "--ersätt")
    assert code == 1
    assert "utfall.csv:2: kolumn period: 2024 är en stängd period (2024 står under stängda_perioder" in err
    code, _, err = run(repo, "indikator;period;utfall\nKF-M2/I2;2024;84\n")
    assert code == 0, err
    assert indicator(repo, "KF-M2", "I2").outcomes["2024"] == 84
    code, _, err = run(repo, "indikator;period;utfall\nBUN-M2/I1;2024;90\n", "--ersätt", "--force")
    assert code == 0, err
    assert indicator(repo, "BUN-M2", "I1").outcomes["2024"] == 90
