"""An id without its unit's prefix is a finding (K10), and "Menade du …?" never offers it back."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from styr.app.pipeline import analyse
from styr.cli import app
from styr.load.source import WorkTree

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
runner = CliRunner()


@pytest.fixture
def misnamed(tmp_path: Path) -> Path:
    """The minimal repository with BUN's goal renamed BNU-M1 (the links to BUN-M1 now point at nothing)."""
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    goal = root / "kommun/nämnd/mål/bun-m1.yaml"
    goal.write_text(goal.read_text(encoding="utf-8").replace("id: BUN-M1", "id: BNU-M1"), encoding="utf-8")
    return root


def test_the_finding_names_the_prefix_and_a_free_id(misnamed: Path) -> None:
    found = [d for d in analyse(WorkTree(misnamed), date(2026, 5, 1)).diagnostics if d.code == "K10"]
    assert len(found) == 1
    assert found[0].path == "kommun/nämnd/mål/bun-m1.yaml" and (found[0].line, found[0].column) == (1, 5)
    assert "'BUN-'" in found[0].message and "Barn- och utbildningsnämnden" in found[0].message
    assert "Byt id till 'BUN-M1'" in found[0].hint


def test_validate_never_suggests_the_misnamed_goal(misnamed: Path) -> None:
    hints = [d.hint for d in analyse(WorkTree(misnamed), date(2026, 5, 1)).diagnostics if d.code in ("K01", "A02")]
    assert len(hints) == 2
    assert not [h for h in hints if "BNU-M1" in h], hints


@pytest.mark.parametrize("args", [
    ("utfall", "BUN-M1/I1", "2025", "84"),
    ("bedömning", "BUN-M1", "2026-H1", "--färg", "gul"),
    ("status", "--explain", "BUN-M1", "--date", "2026-05-01"),
    ("new", "aktivitet", "--enhet", "BUN", "--mål", "BUN-M1", "--titel", "X"),
    ("new", "mål", "--enhet", "BUN-V", "--titel", "X", "--perspektiv", "Ekonomi", "--bidrar-till", "BUN-M1"),
])
def test_commands_never_suggest_the_misnamed_goal(misnamed: Path, args: tuple[str, ...],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(misnamed)
    result = runner.invoke(app, list(args), prog_name="styr")
    assert result.exit_code == 2, result.output
    assert "BUN-M1" in result.output and "BNU-M1" not in result.output, result.output


def test_the_import_never_suggests_the_misnamed_goal(misnamed: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    table = tmp_path / "utfall.csv"
    table.write_text("indikator;period;utfall\nBUN-M1/I1;2025;84\n", encoding="utf-8")
    monkeypatch.chdir(misnamed)
    result = runner.invoke(app, ["import", str(table)], prog_name="styr")
    assert result.exit_code == 1, result.output
    assert "'BUN-M1' finns inte" in result.output and "BNU-M1" not in result.output
