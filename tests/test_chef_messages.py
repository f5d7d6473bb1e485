"""What a samordnare is told: adopt refuses an unknown organ and an open period, CODEOWNERS names who is left
out, and the årshjul shows no meaningless number."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import typer
from history_gitrepo import Repo, git_identity, make_repo  # noqa: F401 - git_identity: autouse fixture
from typer.testing import CliRunner

from styr.commands import codeowners, history
from styr.render.site import svg

runner = CliRunner()


def cli() -> typer.Typer:
    app = typer.Typer()
    app.command()(history.adopt)
    app.command()(codeowners.codeowners)
    return app


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli(), list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def goals(tmp_path: Path) -> Repo:
    """The minimal goal repository under Git, one commit."""
    return make_repo(tmp_path)


def tags(repo: Repo) -> str:
    return repo.git("tag", "--list")


@pytest.mark.parametrize(("organ", "message"), [
    ("KFF", "organet 'KFF' finns inte i målrepot. Menade du 'KF'?"),
    ("Kommunfullmäktige", "Organen i styrmodellen och styrkorten: BUN, KF."),
])
def test_adopt_refuses_an_organ_the_model_does_not_know(goals: Repo, organ: str, message: str) -> None:
    code, _, err = run("adopt", str(goals.root), "--organ", organ, "--date", "2026-04-20")
    assert code == 2 and message in err, err
    assert tags(goals) == ""


def test_adopt_takes_the_organ_in_any_letter_case_and_tags_it_as_the_model_spells_it(goals: Repo) -> None:
    code, out, err = run("adopt", str(goals.root), "--organ", "bun", "--date", "2026-04-20", "--period", "2025")
    assert code == 0, err
    assert "beslut/BUN/2026-04-20" in out and tags(goals) == "beslut/BUN/2026-04-20"


@pytest.mark.parametrize(("period", "day"), [("2026", "2026-10-23"), ("2026-H1", "2026-06-30"),
                                             ("2099", "2100-02-01")])
def test_adopt_refuses_a_period_that_has_not_ended(goals: Repo, period: str, day: str) -> None:
    code, _, err = run("adopt", str(goals.root), "--organ", "KF", "--date", day, "--period", period)
    assert code == 2 and f"perioden {period} slutar" in err and "har slutat" in err, err
    assert tags(goals) == ""


def test_codeowners_names_a_chef_without_a_git_handle(goals: Repo) -> None:
    goals.replace("kommun/nämnd/styrkort.yaml", '  git: "@karin"\n', "")
    code, out, err = run("codeowners", str(goals.root), "--out", "-")
    assert code == 0
    assert "@karin" not in out and "@per" in out  # the samordnare still owns the folder: no O08, yet a chef less
    assert err.splitlines() == ["obs! Karin Ek (chef för Barn- och utbildningsnämnden) har inget git-namn och blir "
                                "inte ägare i CODEOWNERS; lägg till git: \"@namn\" i kommun/nämnd/styrkort.yaml."]


def test_codeowners_is_quiet_when_everyone_has_a_handle(goals: Repo) -> None:
    code, _, err = run("codeowners", str(goals.root), "--out", "-")
    assert code == 0 and err == ""


def numbers_in(figure: str) -> list[str]:
    return re.findall(r">(\d+)</text>", figure)


def test_the_wheel_shows_a_count_only_where_a_month_has_several_items() -> None:
    months = [svg.WheelMonth(f"m{n}", 2 if n == 10 else 1, n == 3) for n in range(1, 13)]
    figure = str(svg.wheel("arshjul", "Årshjul", "Tolv månader", months, ("2026", "Ekeby")))
    assert numbers_in(figure) == ["2", "2026"]


def test_the_report_wheel_of_the_example_has_no_meaningless_ones(tmp_path: Path) -> None:
    from styr.cli import app

    out = tmp_path / "site"
    example = Path(__file__).resolve().parents[1] / "example-repo"
    result = runner.invoke(app, ["report", str(example), "--out", str(out), "--kind", "styrkort", "--unit", "KF",
                                 "--quiet", "--no-history", "--date", "2026-11-29"])
    assert result.exit_code == 0, result.output
    page = (out / "index.html").read_text(encoding="utf-8")
    wheel = re.search(r'<svg[^>]*figur arshjul.*?</svg>', page, re.S)
    assert wheel is not None
    assert "1" not in numbers_in(wheel.group(0))
