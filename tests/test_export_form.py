"""`styr export mall` and the spreadsheet round trip: the form lists what is due, locks what must not change,
and a filled form read back by `styr import` (xlsx or CSV) changes exactly the outcome lines."""

from __future__ import annotations

import difflib
import io
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from styr.cli import app
from styr.exchange.form import FORM_COLUMNS
from styr.load.repo import load
from styr.load.source import WorkTree
from styr.model.build import build

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
EXAMPLE = Path(__file__).resolve().parents[1] / "example-repo"
DATE = ["--date", "2026-12-06"]
runner = CliRunner()
COL = {name: i for i, name in enumerate(FORM_COLUMNS)}


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def copy(source: Path, target: Path) -> Path:
    shutil.copytree(source, target)
    return target


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*.yaml"))}


def outcome(root: Path, ref: str, period: str) -> Any:
    goal_id, ind_id = ref.split("/")
    model = build(load(WorkTree(root)))
    return next(i for i in model.goal_by_id[goal_id].indicators if i.id == ind_id).outcomes.get(period)


# --- the form ---------------------------------------------------------------------------------------------


def test_the_xlsx_form_locks_everything_but_outcome_and_comment(tmp_path: Path) -> None:
    out = tmp_path / "mall.xlsx"
    code, stdout, err = run("export", "mall", str(EXAMPLE), "--period", "2026-Q3", "--out", str(out), *DATE)
    assert code == 0, err
    assert "styr import" in stdout
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None and sheet.protection.sheet
    rows = list(sheet.iter_rows())
    assert tuple(c.value for c in rows[0]) == FORM_COLUMNS
    assert len(rows) > 1
    for row in rows[1:]:
        for name, cell in zip(FORM_COLUMNS, row, strict=True):
            assert cell.protection.locked == (name not in ("utfall", "kommentar")), (name, cell.coordinate)
        assert row[COL["utfall"]].value is None
    due = {(r[COL["indikator"]].value, r[COL["period"]].value) for r in rows[1:]}
    # quarterly indicators are due in the quarter, a läsår ending in July too; yearly ones are not
    assert ("SN-M2/I1", "2026-Q3") in due and ("BUN-GR-CS-M1/I1", "2025/26") in due
    assert not any(ref == "KF-M1/I1" for ref, _ in due)


def test_the_bokslut_form_has_the_yearly_indicators_with_target_and_last_outcome(tmp_path: Path) -> None:
    out = tmp_path / "mall.csv"
    code, _, err = run("export", "mall", str(EXAMPLE), "--period", "2026", "--format", "csv",
                       "--out", str(out), *DATE)
    assert code == 0, err
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0] == ";".join(FORM_COLUMNS)
    kf = next(line.split(";") for line in lines if line.startswith("KF-M1/I1;"))
    # 2026: "högre än rikets värde samma år", a target in words until Kolada has the year's value
    assert kf[COL["period"]] == "2026" and kf[COL["målvärde"]] == "bättre än riket"
    assert kf[COL["senaste utfall"]] == "84,1"
    assert kf[COL["senaste utfallets period"]] == "2025"
    run("export", "mall", str(EXAMPLE), "--period", "2026", "--unit", "sn", "--format", "csv", "--out",
        str(tmp_path / "sn.csv"), *DATE)
    units = {line.split(";")[1] for line in (tmp_path / "sn.csv").read_text(encoding="utf-8-sig").splitlines()[1:]}
    assert "SN" in units and all(u.startswith("SN") for u in units)  # the unit and the units below it


def test_a_file_that_differs_is_kept_without_force(tmp_path: Path) -> None:
    out = tmp_path / "mall.xlsx"
    out.write_bytes(b"min egen fil")
    code, _, err = run("export", "mall", str(EXAMPLE), "--period", "2026", "--out", str(out), *DATE)
    assert code == 2 and "--force" in err
    assert out.read_bytes() == b"min egen fil"
    assert run("export", "mall", str(EXAMPLE), "--period", "2026", "--out", str(out), "--force", *DATE)[0] == 0


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    repo = copy(MINIMAL, tmp_path / "repo")
    goal = repo / "kommun/nämnd/verksamhet/mål/bun-v-m1.yaml"
    goal.write_text(goal.read_text(encoding="utf-8").replace("titel: Alla elever känner sig trygga i skolan",
                                                             'titel: "=HYPERLINK(\\"http://x\\")"'), encoding="utf-8")
    run("export", "mall", str(repo), "--period", "2026", "--out", str(tmp_path / "m.xlsx"), *DATE)
    run("export", "mall", str(repo), "--period", "2026", "--format", "csv", "--out", str(tmp_path / "m.csv"), *DATE)
    book = openpyxl.load_workbook(tmp_path / "m.xlsx")
    sheet = book.active
    assert sheet is not None
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
    assert "'=HYPERLINK" in (tmp_path / "m.csv").read_text(encoding="utf-8-sig")


def test_an_unknown_format_is_refused(tmp_path: Path) -> None:
    code, _, err = run("export", "mall", str(EXAMPLE), "--format", "ods", "--out", str(tmp_path / "x"), *DATE)
    assert code == 2 and err == "styr: okänt format 'ods'. Välj xlsx eller csv.\n"


# --- reading workbooks ----------------------------------------------------------------------------------------


def test_import_refuses_a_broken_workbook_in_swedish(tmp_path: Path) -> None:
    repo = copy(MINIMAL, tmp_path / "repo")
    bad = tmp_path / "utfall.xlsx"
    bad.write_bytes(b"PK\x03\x04 inte en riktig zip")
    code, _, err = run("import", str(bad), str(repo))
    assert code == 2 and "ingen xlsx-fil som går att läsa" in err and "Traceback" not in err
    old = tmp_path / "utfall.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    code, _, err = run("import", str(old), str(repo))
    assert code == 2 and ".xlsx" in err


def test_import_refuses_a_workbook_that_unpacks_too_large(tmp_path: Path) -> None:
    repo = copy(MINIMAL, tmp_path / "repo")
    bomb = tmp_path / "utfall.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (201 * 2**20))
    bomb.write_bytes(buffer.getvalue())
    code, _, err = run("import", str(bomb), str(repo))
    assert code == 2 and "packas upp till mer än 200 MiB" in err


def test_import_reads_the_sheet_that_has_the_columns(tmp_path: Path) -> None:
    repo = copy(MINIMAL, tmp_path / "repo")
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Instruktioner"
    first.append(["Fyll i bladet Utfall."])
    sheet = book.create_sheet("Utfall")
    sheet.append(["indikator", "period", "utfall", "kommentar"])
    sheet.append([None])
    sheet.append(["BUN-V-M1/I2", 2026, 14.0, "klart"])
    sheet.append(["BUN-V-M1/I1", "2026-Q4", "85,5", None])
    path = tmp_path / "utfall.xlsx"
    book.save(path)
    code, _, err = run("import", str(path), str(repo))
    assert code == 0, err
    assert outcome(repo, "BUN-V-M1/I2", "2026") == 14 and outcome(repo, "BUN-V-M1/I1", "2026-Q4") == 85.5
    assert "UTF-8" not in err  # a workbook is never "not UTF-8"
    sheet.append(["BUN-V-M1/I9", "2026", 1])
    book.save(path)
    code, _, err = run("import", str(path), str(repo))
    assert code == 1 and "utfall.xlsx:5: kolumn indikator: indikatorn 'I9' finns inte" in err


# --- the round trip, property-tested ----------------------------------------------------------------------------

_OUTCOME_KEY = re.compile(r"^\s*(utfall:|[0-9]{4}(?:/[0-9]{2})?(?:-[A-Z0-9]+)?:)")


def _only_outcome_lines(before: dict[str, str], after: dict[str, str]) -> None:
    assert before.keys() == after.keys()
    for path in before:
        ops = difflib.SequenceMatcher(a=before[path].splitlines(), b=after[path].splitlines(), autojunk=False)
        for tag, i1, i2, j1, j2 in ops.get_opcodes():
            if tag == "equal":
                continue
            for line in before[path].splitlines()[i1:i2] + after[path].splitlines()[j1:j2]:
                assert _OUTCOME_KEY.match(line), (path, line)


_NUMBERS = st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False)
_YES_NO = ("  - id: I3\n    namn: Handlingsplan antagen\n    enhet: ja/nej\n    riktning: uppnått\n"
           "    målvärde: {2026: ja}\n")


def _draw(data: st.DataObject, ref: str, fmt: str) -> tuple[object, object]:
    """A valid outcome for the row's indicator: what is typed in the form, and what the model reads back."""
    if ref.endswith("/I3"):
        flag = data.draw(st.booleans(), label=ref)
        word = "ja" if flag else "nej"
        typed = data.draw(st.sampled_from([word, word.upper(), flag] if fmt == "xlsx" else [word, word.upper()]))
        return typed, flag
    value = data.draw(_NUMBERS, label=ref)
    as_text = fmt == "csv" or data.draw(st.booleans(), label="som text")
    # what a chef types: a number Excel keeps as a number, or text with a decimal comma
    return (str(value).replace(".", ",") if as_text else float(value)), float(value)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), fmt=st.sampled_from(["xlsx", "csv"]))
def test_any_valid_outcome_survives_export_fill_and_import(tmp_path_factory: pytest.TempPathFactory,
                                                           data: st.DataObject, fmt: str) -> None:
    root = tmp_path_factory.mktemp("rundtur")
    repo = copy(MINIMAL, root / "repo")
    goal = repo / "kommun/nämnd/verksamhet/mål/bun-v-m1.yaml"
    goal.write_text(goal.read_text(encoding="utf-8").replace("bedömning:", _YES_NO + "bedömning:", 1),
                    encoding="utf-8")
    form = root / f"mall.{fmt}"
    code, _, err = run("export", "mall", str(repo), "--period", "2026", "--format", fmt, "--out", str(form), *DATE)
    assert code == 0, err
    before = snapshot(repo)
    filled: dict[tuple[str, str], object] = {}
    if fmt == "xlsx":
        book = openpyxl.load_workbook(form)
        sheet = book.active
        assert sheet is not None
        for row in list(sheet.iter_rows())[1:]:
            typed, meant = _draw(data, str(row[COL["indikator"]].value), fmt)
            filled[(str(row[COL["indikator"]].value), str(row[COL["period"]].value))] = meant
            row[COL["utfall"]].value = typed
        book.save(form)
    else:
        lines = form.read_text(encoding="utf-8-sig").splitlines()
        out = [lines[0]]
        for line in lines[1:]:
            cells = line.split(";")
            typed, meant = _draw(data, cells[COL["indikator"]], fmt)
            filled[(cells[COL["indikator"]], cells[COL["period"]])] = meant
            cells[COL["utfall"]] = str(typed)
            out.append(";".join(cells))
        form.write_text("\r\n".join(out) + "\r\n", encoding="utf-8-sig")
    assert any(ref.endswith("/I3") for ref, _ in filled)
    code, _, err = run("import", str(form), str(repo), "--ersätt")
    assert code == 0, err
    for (ref, period), value in filled.items():
        assert outcome(repo, ref, period) == value, (ref, period, value)
    _only_outcome_lines(before, snapshot(repo))


def test_the_same_form_twice_is_the_same_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """openpyxl stamps the clock into the zip entries and the document properties: without a fixed time the second
    export would differ from the first and be refused without --force, though nothing changed."""
    out = tmp_path / "mall.xlsx"
    clock = iter([(2026, 12, 6, 8, 0, 0, 0, 0, 0), (2026, 12, 6, 9, 30, 0, 0, 0, 0)])
    real = zipfile.time.localtime
    monkeypatch.setattr(zipfile.time, "localtime", lambda *a: next(clock, None) or real(*a))
    assert run("export", "mall", str(EXAMPLE), "--period", "2026", "--out", str(out), *DATE)[0] == 0
    first = out.read_bytes()
    code, _, err = run("export", "mall", str(EXAMPLE), "--period", "2026", "--out", str(out), *DATE)
    assert code == 0, err
    assert out.read_bytes() == first
    with zipfile.ZipFile(out) as book:
        assert {info.date_time for info in book.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = book.read("docProps/core.xml").decode("utf-8")
    assert core.count("2026-12-06T00:00:00Z") == 2  # created and modified: the day of the export
    assert openpyxl.load_workbook(out).properties.created.date().isoformat() == "2026-12-06"


def test_the_file_name_chooses_the_format_and_a_contradicting_format_is_refused(tmp_path: Path) -> None:
    # `--out utfall.csv` without --format writes a CSV file (not an Excel workbook under a .csv name, which Excel
    # refuses to open as what its name says); a format the name contradicts writes nothing.
    code, _, err = run("export", "mall", str(EXAMPLE), "--period", "2026-Q3", "--out", str(tmp_path / "u.csv"), *DATE)
    assert code == 0, err
    assert not zipfile.is_zipfile(tmp_path / "u.csv")
    assert (tmp_path / "u.csv").read_text(encoding="utf-8-sig").startswith("indikator;")
    code, _, err = run("export", "mall", str(EXAMPLE), "--period", "2026-Q3", "--out", str(tmp_path / "u.XLSX"), *DATE)
    assert code == 0, err
    assert zipfile.is_zipfile(tmp_path / "u.XLSX")
    code, _, err = run("export", "mall", str(EXAMPLE), "--period", "2026-Q3", "--format", "xlsx",
                       "--out", str(tmp_path / "v.csv"), *DATE)
    assert code == 2 and "--format xlsx passar inte filnamnet" in " ".join(err.split())
    assert not (tmp_path / "v.csv").exists()
    # Any other name: --format, else xlsx as before.
    code, _, err = run("export", "mall", str(EXAMPLE), "--period", "2026-Q3", "--out", str(tmp_path / "blankett"),
                       *DATE)
    assert code == 0, err
    assert zipfile.is_zipfile(tmp_path / "blankett")
