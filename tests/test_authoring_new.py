"""`styr new enhet|mål|aktivitet`: templates that load, fit the model and never overwrite."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from styr.app.pipeline import Analysis, analyse
from styr.commands.init import init
from styr.commands.new import new_app
from styr.diagnostics import Severity
from styr.load.source import WorkTree

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
TODAY = "2026-05-01"

app = typer.Typer()
app.command()(init)
app.add_typer(new_app, name="new")
runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def checked(root: Path) -> Analysis:
    return analyse(WorkTree(root), date(2026, 5, 1))


def errors_in(analysis: Analysis, path: str) -> list[str]:
    return [d.code for d in analysis.diagnostics if d.path == path and d.severity is Severity.ERROR]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(MINIMAL, target)
    return target


def test_new_unit_gets_level_from_depth(repo: Path) -> None:
    code, out = run("new", "enhet", str(repo / "kommun" / "nämnd"), "--id", "BUN-GR", "--namn", "Grundskola Öst",
                    "--chef", "Lena Ås", "--date", TODAY)
    assert code == 0, out
    created = repo / "kommun/nämnd/grundskola-ost/styrkort.yaml"
    assert str(created) in out
    analysis = checked(repo)
    unit = analysis.repo.unit_by_id["BUN-GR"]
    assert (unit.level, unit.name, unit.chef and unit.chef.name) == ("verksamhet", "Grundskola Öst", "Lena Ås")
    assert errors_in(analysis, "kommun/nämnd/grundskola-ost/styrkort.yaml") == []


def test_new_unit_refusals(repo: Path) -> None:
    deepest = repo / "kommun/nämnd/verksamhet/enhet"
    cases = [
        ((str(deepest), "--id", "E2", "--namn", "För djup"), "lägsta nivån"),
        ((str(repo / "kommun"), "--id", "BUN", "--namn", "Dubblett"), "används redan"),
        ((str(repo / "kommun"), "--id", "bun2", "--namn", "Gemener"), "ogiltigt id"),
        ((str(repo / "kommun"), "--id", "SN", "--namn", "Nämnd", "--mapp", "nämnd"), "finns redan"),
        ((str(repo / "kommun"), "--id", "SN", "--namn", "Mål", "--mapp", "mål"), "ogiltigt mappnamn"),
        ((str(repo / "kommun" / "mål"), "--id", "SN", "--namn", "Socialnämnden"), "ingen enhet"),
    ]
    for args, message in cases:
        code, out = run("new", "enhet", *args)
        assert code == 2, (args, out)
        assert message in out, (args, out)
    assert (repo / "kommun/nämnd/styrkort.yaml").read_text(encoding="utf-8").startswith("id: BUN\n")


def test_new_goal_next_id_mandate_and_chain(repo: Path) -> None:
    code, out = run("new", "mål", str(repo), "--unit", "BUN", "--titel", "Eleverna är trygga i skolan",
                    "--perspektiv", "arbetsmiljö", "--bidrar-till", "KF-M1", "--date", TODAY)
    assert code == 0, out
    path = "kommun/nämnd/mål/eleverna-ar-trygga-i-skolan.yaml"
    assert "Skapade målet BUN-M2" in out and path in out
    analysis = checked(repo)
    goal = analysis.repo.goal_by_id["BUN-M2"]
    assert goal.path == path
    assert goal.perspective == "Arbetsmiljö"
    assert goal.contributes_to == ("KF-M1",)
    assert (goal.start, goal.end) == (date(2023, 1, 1), date(2026, 12, 31))
    assert [(i.id, i.measure, i.direction) for i in goal.indicators] == [("I1", "procent", "öka")]
    # Only the decision is missing among the errors: the goal is not adopted yet.
    assert errors_in(analysis, path) == ["S05"]
    assert "S05" in out  # the hints name what is left to do


def test_new_goal_twice_gets_new_id_and_file(repo: Path) -> None:
    for _ in range(2):
        code, out = run("new", "mal", str(repo), "--unit", "BUN", "--titel", "Samma titel", "--perspektiv",
                        "Ekonomi", "--bidrar-till", "KF-M1", "--date", TODAY)
        assert code == 0, out
    goals = checked(repo).repo.goal_by_id
    assert goals["BUN-M2"].path.endswith("/samma-titel.yaml")
    assert goals["BUN-M3"].path.endswith("/bun-m3.yaml")


def test_new_root_goal_links_to_vision(repo: Path) -> None:
    code, out = run("new", "mål", str(repo), "--unit", "KF", "--titel", "Ett hållbart samhälle", "--perspektiv",
                    "Hållbar utveckling", "--bidrar-till", "V1", "--date", TODAY)
    assert code == 0, out
    assert checked(repo).repo.goal_by_id["KF-M2"].contributes_to == ("V1",)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--unit", "BNU", "--titel", "T", "--perspektiv", "Ekonomi"), "Menade du 'BUN'?"),
        (("--unit", "BUN", "--titel", "T", "--perspektiv", "Ekonomin"), "Menade du 'Ekonomi'?"),
        (("--unit", "BUN", "--titel", "T", "--perspektiv", "Ekonomi", "--bidrar-till", "KF-M2"),
         "Menade du 'KF-M1'?"),
        (("--unit", "KF", "--titel", "T", "--perspektiv", "Ekonomi", "--bidrar-till", "V9"),
         "Välj bland visionens målområden: V1"),
        (("--unit", "BUN", "--titel", " ", "--perspektiv", "Ekonomi"), "--titel"),
        (("--titel", "T", "--perspektiv", "Ekonomi"), "--enhet"),
    ],
)
def test_new_goal_refusals(repo: Path, args: tuple[str, ...], message: str) -> None:
    code, out = run("new", "mål", str(repo), *args)
    assert code == 2, out
    assert message in out
    assert sorted(p.name for p in (repo / "kommun/nämnd/mål").iterdir()) == ["bun-m1.yaml"]


def test_new_activity(repo: Path) -> None:
    code, out = run("new", "aktivitet", str(repo), "--unit", "BUN", "--mål", "BUN-M1", "--titel", "Läxhjälp",
                    "--ansvarig", "Rektor", "--date", TODAY)
    assert code == 0, out
    analysis = checked(repo)
    activity = analysis.repo.activity_by_id["BUN-A2"]
    assert (activity.status, activity.goals, activity.responsible) == ("planerad", ("BUN-M1",), "Rektor")
    assert activity.path == "kommun/nämnd/aktiviteter/laxhjalp.yaml"
    assert errors_in(analysis, activity.path) == []  # start today, slut at the end of the year (A01)
    assert (activity.start, activity.end) == (date(2026, 5, 1), date(2026, 12, 31))


def test_new_activity_refusals(repo: Path) -> None:
    code, out = run("new", "aktivitet", str(repo), "--unit", "BUN", "--mal", "KF-M1", "--titel", "X")
    assert code == 2 and "inget mål i" in out
    code, out = run("new", "aktivitet", str(repo), "--unit", "BUN", "--mål", "BUN-M2", "--titel", "X")
    assert code == 2 and "Menade du 'BUN-M1'?" in out
    code, out = run("new", "aktivitet", str(repo), "--unit", "BUN", "--titel", "X")
    assert code == 2 and "--mål" in out


def test_init_then_new_chain_validates(tmp_path: Path) -> None:
    root = tmp_path / "ny"
    assert run("init", str(root), "--kommun", "Ekeby kommun", "--chef", "Anna", "--git", "@anna",
               "--mandatperiod", "2023-2026")[0] == 0
    assert run("new", "enhet", str(root / "kommun"), "--id", "BUN", "--namn", "Barn- och utbildningsnämnden",
               "--date", TODAY)[0] == 0
    assert run("new", "mål", str(root), "--unit", "KF", "--titel", "Alla barn lyckas i skolan", "--perspektiv",
               "Verksamhet", "--bidrar-till", "V1", "--date", TODAY)[0] == 0
    assert run("new", "mål", str(root), "--unit", "BUN", "--titel", "Eleverna når kunskapskraven",
               "--perspektiv", "Verksamhet", "--bidrar-till", "KF-M1", "--date", TODAY)[0] == 0
    assert run("new", "aktivitet", str(root), "--unit", "BUN", "--mål", "BUN-M1", "--titel", "Lovskola",
               "--ansvarig", "Rektor", "--date", TODAY)[0] == 0
    analysis = checked(root)
    # Only the decisions are missing: a new activity has what A01 asks for.
    assert sorted({d.code for d in analysis.diagnostics if d.severity is Severity.ERROR}) == ["S05"]
    assert [u.level for u in analysis.repo.walk()] == ["kommun", "nämnd"]


def test_relative_paths_from_inside_the_repository(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A chef standing in the repository types relative paths; that must never end in a traceback."""
    monkeypatch.chdir(repo)
    code, out = run("new", "enhet", "kommun", "--id", "SN", "--name", "Socialnämnden", "--chef", "Per Lind",
                    "--date", TODAY)
    assert code == 0, out
    assert (repo / "kommun" / "socialnamnden" / "styrkort.yaml").is_file()
    monkeypatch.chdir(repo / "kommun")
    code, out = run("new", "mål", "--unit", "SN", "--title", "Fler får stöd i hemmet", "--perspective",
                    "Verksamhet", "--contributes-to", "KF-M1", "--date", TODAY)
    assert code == 0, out
    assert "SN-M1" in out


def test_new_goal_names_every_missing_option_at_once(repo: Path) -> None:
    # A newcomer who types `styr new mål` learns everything the command needs in one go, with a command that works.
    code, out = run("new", "mål", str(repo), "--date", TODAY)
    assert code != 0
    assert "--enhet, --titel och --perspektiv" in " ".join(out.split())
    example = " ".join(out.split()).split("t.ex. ", 1)[1].removeprefix("styr ").split()
    unit, perspective = example[example.index("--enhet") + 1], example[-1]
    code, out = run("new", "mål", str(repo), "--enhet", unit, "--titel", "Alla elever når målen",
                    "--perspektiv", perspective, "--date", TODAY)
    assert code == 0, out
    # One missing: its own message, which lists the perspectives to choose from.
    code, out = run("new", "mål", str(repo), "--enhet", unit, "--titel", "Ett mål till", "--date", TODAY)
    assert code != 0 and "ange målets perspektiv med --perspektiv" in out and perspective in out
    assert "okänt perspektiv ''" not in out
