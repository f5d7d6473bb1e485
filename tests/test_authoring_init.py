"""`styr init`: the new repository is complete, valid and never overwrites anything."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from styr.app.pipeline import analyse
from styr.commands.init import init
from styr.diagnostics import Severity
from styr.load.source import WorkTree

app = typer.Typer()
app.command()(init)


@app.command()
def _other() -> None:  # a second command makes typer keep the command name in the arguments
    """Inget."""


runner = CliRunner()


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["init", *args])
    return result.exit_code, result.output


def diagnostics(repo: Path) -> list[tuple[str, Severity]]:
    analysis = analyse(WorkTree(repo), date(2026, 5, 1))
    return [(d.code, d.severity) for d in analysis.diagnostics]


def test_new_repository_validates_without_errors(tmp_path: Path) -> None:
    repo = tmp_path / "mål"
    code, out = run(str(repo), "--kommun", "Ekeby kommun", "--mandatperiod", "2023-2026")
    assert code == 0, out
    assert "Skapade målrepot för Ekeby kommun" in out
    found = diagnostics(repo)
    assert not [c for c, s in found if s is Severity.ERROR]
    # Left for the user to fill in: the chef (and so no CODEOWNERS owner) and the vision's placeholder text
    # (F07, in its text and in its focus area's name and description).
    assert sorted(c for c, _ in found) == ["F07", "F07", "F07", "O03", "O08"]
    analysis = analyse(WorkTree(repo), date(2026, 5, 1))
    config = analysis.repo.config
    assert config is not None
    assert [lv.id for lv in config.levels] == ["kommun", "nämnd", "verksamhet", "enhet"]
    assert [lv.decision_required for lv in config.levels] == [True, True, False, False]
    assert config.perspective_names == ("Verksamhet", "Arbetsmiljö", "Hållbar utveckling", "Ekonomi")
    assert all(p.description for p in config.perspectives)
    assert (config.mandate_start, config.mandate_end) == (date(2023, 1, 1), date(2026, 12, 31))
    assert config.follow_up == "kvartal"
    assert [w.month for w in config.wheel] == list(range(1, 13))
    assert analysis.repo.vision is not None and [a.id for a in analysis.repo.vision.areas] == ["V1"]
    assert [(u.id, u.level, u.folder) for u in analysis.repo.units] == [("KF", "kommun", "kommun")]


def test_chef_and_git_leave_no_warnings_but_the_vision_to_write(tmp_path: Path) -> None:
    code, out = run(str(tmp_path), "--kommun", "Ekeby kommun", "--chef", "Anna Berg", "--git", "@anna.berg")
    assert code == 0, out
    # The vision's TODO text, and its focus area's name and description.
    assert diagnostics(tmp_path) == [("F07", Severity.WARNING)] * 3


def test_schemas_and_editor_settings(tmp_path: Path) -> None:
    assert run(str(tmp_path), "--kommun", "Ekeby kommun")[0] == 0
    settings = json.loads((tmp_path / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping[".styr/schemas/mal.schema.json"][0] == "**/mål/*.yaml"
    for name in mapping:
        assert (tmp_path / name).is_file()
    assert (tmp_path / ".styr/schemas/gemensamt.schema.json").is_file()
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Mål och resultat för Ekeby kommun")
    assert "public/" in (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()  # styr report's output


def test_custom_levels_and_odd_names(tmp_path: Path) -> None:
    code, out = run(str(tmp_path), "--kommun", "Å: kommun #1", "--nivaer", "kommun,förvaltning,enhet",
                    "--mandatperiod", "2027–2030")
    assert code == 0, out
    analysis = analyse(WorkTree(tmp_path), date(2028, 1, 1))
    assert not [d for d in analysis.diagnostics if d.severity is Severity.ERROR]
    config = analysis.repo.config
    assert config is not None
    assert config.municipality == "Å: kommun #1"
    assert [lv.id for lv in config.levels] == ["kommun", "förvaltning", "enhet"]
    assert config.mandate_start == date(2027, 1, 1)


def test_refuses_to_overwrite_anything(tmp_path: Path) -> None:
    (tmp_path / "kommun").mkdir()
    (tmp_path / "kommun" / "styrkort.yaml").write_text("id: X\n", encoding="utf-8")
    code, out = run(str(tmp_path), "--kommun", "Ekeby kommun")
    assert code == 2
    assert "finns redan" in out
    assert not (tmp_path / "styrmodell.yaml").exists()  # nothing written at all
    assert (tmp_path / "kommun" / "styrkort.yaml").read_text(encoding="utf-8") == "id: X\n"


def test_second_init_refuses(tmp_path: Path) -> None:
    assert run(str(tmp_path), "--kommun", "Ekeby kommun")[0] == 0
    before = (tmp_path / "styrmodell.yaml").read_bytes()
    code, out = run(str(tmp_path), "--kommun", "Annan kommun")
    assert code == 2 and "finns redan" in out
    assert (tmp_path / "styrmodell.yaml").read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "--kommun"),
        (("--kommun", "Ekeby", "--mandatperiod", "2026"), "ogiltig mandatperiod"),
        (("--kommun", "Ekeby", "--mandatperiod", "2026-2023"), "ogiltig mandatperiod"),
        (("--kommun", "Ekeby", "--nivåer", "kommun,kommun"), "två gånger"),
        (("--kommun", "Ekeby", "--nivåer", " , "), "minst en nivå"),
    ],
)
def test_usage_errors(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    code, out = run(str(tmp_path), *args)
    assert code == 2
    assert message in out
    assert not any(tmp_path.iterdir())


def test_default_mandate_period_is_the_current_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STYR_DATUM", "2028-03-01")
    assert run(str(tmp_path), "--kommun", "Ekeby kommun")[0] == 0
    config = analyse(WorkTree(tmp_path), date(2028, 3, 1)).repo.config
    assert config is not None
    assert (config.mandate_start, config.mandate_end) == (date(2027, 1, 1), date(2030, 12, 31))
