"""Authoring commands leave a closed period's decided outcomes and assessments alone unless told --force."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from history_gitrepo import BUN_GOAL, Repo, git_identity, make_repo  # noqa: F401 - git_identity: autouse fixture
from typer.testing import CliRunner

from styr.cli import app
from styr.history.adopt import adopt

EXAMPLE = Path(__file__).resolve().parents[1] / "example-repo"  # closes 2023 and 2024 in styrmodell.yaml
KF_M2 = "kommun/mål/service-och-bemotande.yaml"
runner = CliRunner()


def styr(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_utfall_in_a_period_listed_as_closed(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    before = (root / KF_M2).read_bytes()
    code, out = styr("utfall", "KF-M2/I1", "2024", "99", root, "--ersätt")
    assert code == 2 and "2024 är en stängd period" in out and "stängda_perioder" in out
    assert (root / KF_M2).read_bytes() == before
    # a late outcome for a closed period is not a change of what was decided
    code, out = styr("utfall", "KF-M2/I2", "2024", "84", root)
    assert code == 0, out
    code, out = styr("utfall", "KF-M2/I1", "2024", "99", root, "--ersätt", "--force")
    assert code == 0 and "Ersatte utfallet" in out


def test_bedomning_in_a_period_listed_as_closed(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    before = (root / KF_M2).read_bytes()
    code, out = styr("bedömning", "KF-M2", "2023", root, "--färg", "röd", "--analys", "Omprövad.", "--ersätt")
    assert code == 2 and "2023 är en stängd period" in out
    assert (root / KF_M2).read_bytes() == before
    code, out = styr("bedömning", "KF-M2", "2023", root, "--färg", "röd", "--analys", "Omprövad.", "--ersätt",
                     "--force")
    assert code == 0 and "Ersatte bedömningen med röd" in out


def test_an_adopted_bokslut_closes_its_year(tmp_path: Path) -> None:
    repo: Repo = make_repo(tmp_path)
    adopt(repo.root, "KF", date(2026, 4, 20), "§ 45", period="2025")
    code, out = styr("utfall", "BUN-M1/I1", "2025", "90", repo.root, "--ersätt")
    assert code == 2 and "bokslut 2025 antaget av KF 2026-04-20" in out
    code, out = styr("utfall", "BUN-M1/I1", "2026", "85", repo.root)  # 2026 is open
    assert code == 0, out
    code, out = styr("utfall", "BUN-M1/I1", "2025", "90", repo.root, "--ersätt", "--force")
    assert code == 0, out
    assert "2025: 90" in repo.read(BUN_GOAL)
