"""`styr utfall`, `styr import` and `styr bedömning` refuse what `styr validate` would then reject, before writing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from styr.app.authoring.entries import AssessmentOptions, write_assessment
from styr.app.authoring.importing import import_outcomes
from styr.app.authoring.outcomes import record_outcome
from styr.app.authoring.workspace import AuthoringError

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
GOAL = "kommun/nämnd/mål/bun-m1.yaml"  # BUN-M1/I1 is a share in procent: 0–100


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    return root


def test_utfall_refuses_a_percentage_outside_0_to_100_and_says_how_to_widen_it(repo: Path) -> None:
    before = (repo / GOAL).read_bytes()
    with pytest.raises(AuthoringError) as refused:
        record_outcome(repo, "BUN-M1/I1", "2026", "1 250", replace=False, force=False)
    message = str(refused.value)
    assert "BUN-M1/I1: utfallet 1 250 ligger utanför 0–100" in message and "(S06)" in message
    assert "värdeområde" in message
    assert (repo / GOAL).read_bytes() == before
    # within the range it is written
    assert record_outcome(repo, "BUN-M1/I1", "2026", "85", replace=False, force=False).changed


def test_utfall_accepts_a_value_inside_a_widened_range(repo: Path) -> None:
    goal = repo / GOAL
    widened = "    enhet: procent\n    värdeområde: {min: 0, max: 200}\n"
    goal.write_text(goal.read_text(encoding="utf-8").replace("    enhet: procent\n", widened), encoding="utf-8")
    assert record_outcome(repo, "BUN-M1/I1", "2026", "125", replace=False, force=False).changed
    with pytest.raises(AuthoringError, match="utanför 0–200"):
        record_outcome(repo, "BUN-M1/I1", "2026", "250", replace=True, force=False)


def test_import_refuses_the_row_and_writes_nothing(repo: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "utfall.csv"
    sheet.write_text("indikator;period;utfall\nBUN-M1/I1;2026;85\nBUN-M1/I1;2026-Q3;120\n", encoding="utf-8")
    before = (repo / GOAL).read_bytes()
    result = import_outcomes(str(sheet), repo, replace=False, force=False, dry_run=False)
    assert not result.written
    assert [n for n, _ in result.problems] == [3]
    assert "ligger utanför 0–100" in result.problems[0][1]
    assert (repo / GOAL).read_bytes() == before


@pytest.mark.parametrize(("period", "refused"), [("2026-H1", True), ("2025", True), ("2026-Q3", False)])
def test_bedomning_refuses_a_placeholder_in_a_delar_or_bokslut(repo: Path, period: str, refused: bool) -> None:
    options = AssessmentOptions("gul", forecast="gul", analysis="TODO: skriv analysen")
    if refused:
        with pytest.raises(AuthoringError, match=r"platshållare.*F07"):
            write_assessment(repo, "BUN-M1", period, options, replace=True, force=True)
    else:
        assert write_assessment(repo, "BUN-M1", period, options, replace=True, force=True).changed


@pytest.mark.parametrize("word", ["ej_aktuell", "ej_påbörjat"])
def test_bedomning_takes_only_the_four_colours(repo: Path, word: str) -> None:
    with pytest.raises(AuthoringError, match="ange grön, gul, röd eller svart"):
        write_assessment(repo, "BUN-M1", "2026-Q3", AssessmentOptions(word), replace=True, force=True)


def test_utfall_reads_a_long_form_outcome_by_its_value(repo: Path) -> None:
    goal = repo / GOAL
    goal.write_text(goal.read_text(encoding="utf-8").replace(
        "utfall: {2023: 82, 2024: 83, 2025: 84}", "utfall: {2023: 82, 2024: 83, 2025: {värde: 84, avser: 2024}}"),
        encoding="utf-8")
    before = goal.read_bytes()
    assert not record_outcome(repo, "BUN-M1/I1", "2025", "84", replace=False, force=False).changed
    with pytest.raises(AuthoringError, match=r"redan utfallet 84 \(med uppgifter om utfallet\)"):
        record_outcome(repo, "BUN-M1/I1", "2025", "85", replace=False, force=False)
    assert goal.read_bytes() == before
