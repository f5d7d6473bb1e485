"""`styr import` of an economy table: units' budget, utfall, prognos and avvikelse into their styrkort.yaml, every row
checked first (against E01, E02, E04), closed periods guarded as for outcomes, and only the `ekonomi:` lines touched."""

from __future__ import annotations

import difflib
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from styr.app.pipeline import analyse
from styr.cli import app
from styr.load.repo import load
from styr.load.source import WorkTree
from styr.model.build import build
from styr.model.types import Economy

EXAMPLE = Path(__file__).resolve().parents[1] / "example-repo"
BUN = "kommun/barn-och-utbildningsnamnden/styrkort.yaml"
SN = "kommun/socialnamnden/styrkort.yaml"
TODAY = date(2026, 12, 6)

runner = CliRunner()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    return root


def run(repo: Path, text: str | bytes, *options: str) -> tuple[int, str, str]:
    table = repo.parent / "ekonomi.csv"
    if isinstance(text, str):
        table.write_text(text, encoding="utf-8", newline="")
    else:
        table.write_bytes(text)
    result = runner.invoke(app, ["import", str(table), str(repo), *options])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr.replace(str(table), "ekonomi.csv")


def economy(root: Path, unit_id: str) -> dict[str, Economy]:
    return build(load(WorkTree(root))).unit_by_id[unit_id].economy


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def economy_findings(root: Path) -> list[str]:
    return [f"{d.code} {d.path}:{d.line} {d.message}" for d in analyse(WorkTree(root), TODAY).diagnostics
            if d.code.startswith("E")]


def test_a_delar_for_every_namnd_with_spreadsheet_numbers(repo: Path) -> None:
    before = (repo / BUN).read_text(encoding="utf-8")
    code, out, err = run(repo, "\ufeffEnhet;Period;Budget;Utfall;Prognos;Avvikelse;Ansvarig\r\n"
                               "BUN;2026-T2;312 000;205 100;311 500;500;Karin\r\n"
                               "Kommunstyrelsen;2026-T2;84\u00a0000;55 900;84 400;;\r\n"
                               "SBN;2026-T2;58000;38 700;58 600;;\r\n"
                               "sn;2026-T2;268 000 tkr;180 100;270 500,5;\u22122 500,5;\r\n")
    assert (code, err) == (0, ""), err
    assert out == "Förde in 4 ekonomiposter i 4 filer.\n"
    bun = economy(repo, "BUN")["2026-T2"]
    assert (bun.budget, bun.outcome, bun.forecast, bun.deviation) == (312000, 205100, 311500, 500)
    sn = economy(repo, "SN")["2026-T2"]
    assert (sn.forecast, sn.deviation) == (270500.5, -2500.5)
    assert economy(repo, "KS")["2026-T2"].deviation == -400  # computed: budget − prognos
    # Only lines were added, inside ekonomi:, after the delår 2026-H1 (by end date) and nothing else moved.
    after = (repo / BUN).read_text(encoding="utf-8")
    ops = [op for op in difflib.SequenceMatcher(a=before.splitlines(), b=after.splitlines()).get_opcodes()
           if op[0] != "equal"]
    assert [op[0] for op in ops] == ["insert"]
    assert after.splitlines()[ops[0][3]:ops[0][4]] == [
        "  2026-T2:", "    budget: 312000", "    utfall: 205100", "    prognos: 311500", "    avvikelse: 500"]
    assert after.index("2026-H1:") < after.index("2026-T2:")
    # The kommun's own figures exist only for 2025 and 2026-H1, so the new period raises nothing.
    assert economy_findings(repo) == []


def test_every_row_is_checked_and_nothing_is_written_on_any_error(repo: Path) -> None:
    before = snapshot(repo)
    code, out, err = run(repo, "enhet,period,budget,utfall,prognos,avvikelse\n"
                               "BUN,2024,300000,297000,,2000\n"  # avvikelse is 3000
                               "SN,2026-T2,268000,180000,,\n"  # a delår without prognos
                               "XYZ,2026-Q4,abc,,,\n"  # unknown unit, a period that is no report, no number
                               "KS,2024,81000,80000,81000,\n")  # a prognos in a bokslut
    assert (code, out) == (1, "")
    assert snapshot(repo) == before
    lines = err.splitlines()
    assert lines[0].startswith("ekonomi.csv:2: kolumn avvikelse: avvikelsen +2 000 tkr stämmer inte: budget − "
                               "utfall är +3 000 tkr")
    assert "ekonomi.csv:3: kolumn prognos: delåret 2026-T2 behöver en prognos" in err
    assert "ekonomi.csv:4: kolumn enhet: enheten 'XYZ' finns inte" in err
    assert "ekonomi.csv:4: kolumn period: 2026-Q4 är varken ett bokslut" in err
    assert "ekonomi.csv:4: kolumn budget:" in err and "ekonomi.csv:4: kolumn utfall: utfallet saknas." in err
    assert "ekonomi.csv:5: kolumn prognos: bokslutet 2024 har ingen prognos" in err
    assert lines[-1] == "styr: 7 fel i ekonomi.csv; inget skrevs. Rätta filen och kör styr import igen."


def test_dry_run_shows_the_changes_and_writes_nothing(repo: Path) -> None:
    before = snapshot(repo)
    code, out, _ = run(repo, "enhet;period;budget;utfall\nBUN;2024;295 000;293 500\n", "--dry-run")
    assert code == 0
    assert out.splitlines() == [
        "BUN 2024: – → budget 295 000 tkr, utfall 293 500 tkr, avvikelse +1 500 tkr",
        "Skulle föra in 1 ekonomipost i 1 fil.",
        "Inget skrevs (--dry-run).",
    ]
    assert snapshot(repo) == before


def test_existing_figures_are_replaced_only_when_asked_and_a_comment_stays(repo: Path) -> None:
    table = "enhet;period;budget;utfall\nSN;2025;256 800;260 000\n"
    code, _, err = run(repo, table)
    assert code == 1
    assert ("SN har redan ekonomi för 2025 (kommun/socialnamnden/styrkort.yaml, rad 22: budget 256 800 tkr, "
            "utfall 260 100 tkr, avvikelse −3 300 tkr); använd --ersätt") in err
    code, out, err = run(repo, table, "--ersätt")
    assert (code, err) == (0, "")
    assert out == "Förde in 1 ekonomipost i 1 fil (1 ersatt).\n"
    entry = economy(repo, "SN")["2025"]
    assert (entry.outcome, entry.deviation) == (260000, -3200)
    assert entry.comment == "Fler externa placeringar inom individ- och familjeomsorgen."
    # The kommun's figures now disagree with the sum of the nämnder, and validate says so.
    kommun = (repo / "kommun/styrkort.yaml").read_text(encoding="utf-8").splitlines()
    at = kommun.index("  2025:")
    lines = [at + 1 + kommun[at:].index(f"    {key}") for key in ("utfall: 699600", "avvikelse: -1200")]
    assert [f.split(" ", 2)[:2] for f in economy_findings(repo)] == [
        ["E03", f"kommun/styrkort.yaml:{line}"] for line in lines]


def test_the_same_figures_again_change_nothing(repo: Path) -> None:
    before = snapshot(repo)
    # as in the file, with the avvikelse left to styr and once more as a duplicate row
    code, out, _ = run(repo, "enhet;period;budget;utfall;prognos\nBUN;2026-H1;312000;153900;311200\n"
                             "BUN;2026-H1;312 000;153 900;311 200\n")
    assert (code, out) == (0, "Ingen ekonomi behövde föras in (1 oförändrat, 1 dubblettrad).\n")
    assert snapshot(repo) == before


def test_two_rows_that_disagree_about_one_period(repo: Path) -> None:
    code, _, err = run(repo, "enhet;period;budget;utfall\nBUN;2024;1;1\nBUN;2024;2;1\n")
    assert code == 1
    assert "ekonomi.csv:3: rad 2 ger redan BUN ekonomi för 2024" in err


def test_a_closed_period_takes_missing_figures_but_keeps_decided_ones(repo: Path) -> None:
    # example-repo closes 2023 and 2024 (stängda_perioder); no unit has figures for 2024 yet
    code, out, err = run(repo, "enhet;period;budget;utfall\nBUN;2024;295000;293500\n")
    assert (code, out, err) == (0, "Förde in 1 ekonomipost i 1 fil.\n", "")
    code, _, err = run(repo, "enhet;period;budget;utfall\nBUN;2024;295000;294000\n", "--ersätt")
    assert code == 1
    assert "ekonomi.csv:2: kolumn period: 2024 är en stängd period (2024 står under stängda_perioder" in err
    assert economy(repo, "BUN")["2024"].outcome == 293500
    code, out, err = run(repo, "enhet;period;budget;utfall\nBUN;2024;295000;294000\n", "--ersätt", "--force")
    assert (code, out, err) == (0, "Förde in 1 ekonomipost i 1 fil (1 ersatt).\n", "")
    assert economy(repo, "BUN")["2024"].outcome == 294000


def test_an_economy_table_in_windows_1252_with_a_namnd_column(repo: Path) -> None:
    text = "Nämnd;Period;Budget;Utfall\r\nSocialnämnden;2024;250000;251000\r\n".encode("cp1252")
    code, out, err = run(repo, text)
    assert code == 0, err
    assert "Förde in 1 ekonomipost i 1 fil." in out
    assert "Windows-1252" in err
    assert economy(repo, "SN")["2024"].deviation == -1000


def test_an_outcome_table_is_still_an_outcome_table(repo: Path) -> None:
    code, out, err = run(repo, "indikator;period;utfall\nBUN-M2/I1;2026;87\n")
    assert (code, out, err) == (0, "Förde in 1 utfall i 1 fil.\n", "")


def test_an_economy_workbook(repo: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Enhet", "Period", "Budget", "Utfall", "Prognos"])
    sheet.append(["KS", "2026-T2", 84000, 55900.5, 84400])
    path = repo.parent / "ekonomi.xlsx"
    book.save(path)
    result = runner.invoke(app, ["import", str(path), str(repo)])
    assert (result.exit_code, result.stdout) == (0, "Förde in 1 ekonomipost i 1 fil.\n"), result.output
    entry = economy(repo, "KS")["2026-T2"]
    assert (entry.outcome, entry.forecast, entry.deviation) == (55900.5, 84400, -400)
