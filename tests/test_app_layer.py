"""The application layer: one place opens a goal repository and chooses its period and unit scope, so
`report --unit` and `status --unit` take the same spellings and show the same units; the read-side commands
only pass options to it and print what it returns."""

from __future__ import annotations

import ast
import json
import shutil
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from styr.app.errors import AppError
from styr.app.output import write_unless_same
from styr.app.scope import choose_scope, find_unit
from styr.app.status import status
from styr.app.workspace import goal_root, open_repository, settings_for
from styr.cli import app
from styr.fulfilment.evaluate import units_in_scope
from styr.model.repository import Repository
from styr.render.views import StatusView

HERE = Path(__file__).parent
MINIMAL = HERE / "fixtures" / "minimal"
EXAMPLE = HERE.parent / "example-repo"
COMMANDS = HERE.parent / "styr" / "commands"
DATE = ["--date", "2026-11-29"]
runner = CliRunner()


def status_units(unit: str) -> set[str]:
    result = runner.invoke(app, ["status", str(MINIMAL), *DATE, "--period", "2025", "--format", "json",
                                 "--unit", unit])
    assert result.exit_code == 0, result.output
    return {goal["enhet"] for goal in json.loads(result.stdout)["mål"]}


def report_units(unit: str, out: Path) -> set[str]:
    result = runner.invoke(app, ["report", str(MINIMAL), *DATE, "--period", "2025", "--format", "md", "--kind",
                                 "styrkort", "--quiet", "--no-history", "--out", str(out), "--unit", unit])
    assert result.exit_code == 0, result.output
    # one styrkort page per unit, named after the unit's id (KF → kf.md)
    return {page.stem.upper() for page in (out / "styrkort").glob("*.md")}


@pytest.mark.parametrize(("spelling", "expected"), [
    ("BUN-V", {"BUN-V", "BUN-V-E"}),
    ("bun-v", {"BUN-V", "BUN-V-E"}),
    (" Bun-V ", {"BUN-V", "BUN-V-E"}),
    ("bun", {"BUN", "BUN-V", "BUN-V-E"}),
    ("bun-v-e", {"BUN-V-E"}),
    ("kf", {"KF", "BUN", "BUN-V", "BUN-V-E"}),
])
def test_report_and_status_take_the_same_unit_spellings_and_show_the_same_units(
        spelling: str, expected: set[str], tmp_path: Path) -> None:
    assert status_units(spelling) == report_units(spelling, tmp_path / "ut") == expected


@pytest.mark.parametrize("command", ["status", "report"])
def test_an_unknown_unit_is_refused_the_same_way_by_both(command: str, tmp_path: Path) -> None:
    out = ["--out", str(tmp_path / "ut")] if command == "report" else []
    result = runner.invoke(app, [command, str(MINIMAL), *DATE, *out, "--unit", "BUN-X"])
    assert result.exit_code == 2
    assert result.stderr == "styr: okänd enhet 'BUN-X'. Menade du 'BUN-V'?\n"
    assert not (tmp_path / "ut").exists()


def test_new_takes_the_same_unit_spellings_and_refuses_an_unknown_unit_alike(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    goal = ["new", "mål", str(root), *DATE, "--titel", "Fler elever läser varje dag", "--perspektiv", "Verksamhet",
            "--bidrar-till", "KF-M1"]
    unknown = runner.invoke(app, [*goal, "--unit", "BUN-X"])
    assert unknown.exit_code == 2
    assert unknown.stderr == "styr: okänd enhet 'BUN-X'. Menade du 'BUN-V'?\n"
    created = runner.invoke(app, [*goal, "--unit", "bun"])
    assert created.exit_code == 0, created.output
    (new_file,) = [p for p in (root / "kommun/nämnd/mål").glob("*.yaml") if p.name != "bun-m1.yaml"]
    assert new_file.read_text(encoding="utf-8").startswith("id: BUN-M2\n")  # BUN's next goal id


def test_a_unit_is_found_by_its_name_or_folder_too(tmp_path: Path) -> None:
    # A samordnare types what the styrkort says: the unit's name, or the folder it lies in.
    repo = open_repository(settings_for(MINIMAL, "2026-11-29")).repo
    unit = repo.unit_by_id["BUN"]
    assert find_unit(repo, unit.name.upper()) is unit
    assert find_unit(repo, unit.folder + "/") is unit and find_unit(repo, "./" + unit.folder) is unit
    # Two units of the same name: neither is guessed.
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    other = root / "kommun" / "annan"
    other.mkdir()
    (other / "styrkort.yaml").write_text(f"id: ANN\nnamn: {unit.name}\nnivå: nämnd\n", encoding="utf-8")
    twins = open_repository(settings_for(root, "2026-11-29")).repo
    with pytest.raises(AppError, match=r"flera enheter heter .*ANN, BUN"):
        find_unit(twins, unit.name)
    assert find_unit(twins, "ann") is twins.unit_by_id["ANN"]


@cache
def example() -> Repository:
    return open_repository(settings_for(EXAMPLE, "2026-11-29")).repo


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_any_letter_case_of_a_unit_id_finds_the_unit_and_its_subtree(data: st.DataObject) -> None:
    repo = example()
    unit = data.draw(st.sampled_from(sorted(repo.units, key=lambda u: u.id)))
    flips = data.draw(st.lists(st.booleans(), min_size=len(unit.id), max_size=len(unit.id)))
    spelling = "".join(c.swapcase() if flip else c for c, flip in zip(unit.id, flips, strict=True))
    assert find_unit(repo, spelling) is unit
    scope = choose_scope(repo, "2026", spelling, example_today())
    assert scope.unit is unit
    assert scope.units == tuple(units_in_scope(repo, unit))
    assert scope.units[0] is unit and all(u.folder.startswith(unit.folder) for u in scope.units)


def example_today() -> date:
    return settings_for(EXAMPLE, "2026-11-29").today


def test_without_a_unit_the_scope_is_every_unit_and_the_default_period() -> None:
    repo = example()
    scope = choose_scope(repo, None, None, example_today())
    assert scope.unit is None and scope.units == tuple(repo.walk())
    assert scope.period.text == "2026-Q3"  # the latest quarter that had ended on 2026-11-29


@pytest.mark.parametrize(("args", "message"), [
    (("finns-inte", None), "finns-inte' finns inte."),
    ((".", "2026-13-01"), "ogiltigt datum"),
])
def test_opening_refuses_in_swedish(args: tuple[str, str | None], message: str, tmp_path: Path) -> None:
    path, today = args
    with pytest.raises(AppError) as info:
        settings_for(tmp_path / path if path != "." else MINIMAL, today)
    assert message in str(info.value) and info.value.exit_code == 2


def test_a_folder_outside_a_goal_repository_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(AppError, match=r"ingen styrmodell\.yaml hittades") as info:
        settings_for(tmp_path, "2026-11-29")
    assert info.value.exit_code == 2


def test_a_file_or_a_folder_deep_inside_finds_the_goal_repository() -> None:
    goal = MINIMAL / "kommun" / "nämnd" / "mål" / "bun-m1.yaml"
    assert goal_root(goal) == goal_root(goal.parent) == MINIMAL.resolve()


def test_status_renders_its_scope_and_notes_what_reading_found(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    goal = root / "kommun/mål/kf-m1.yaml"
    goal.write_text(goal.read_text(encoding="utf-8").replace("riktning: öka", "riktning: uppåt"), encoding="utf-8")
    seen: list[StatusView] = []

    def render(view: StatusView) -> str:
        seen.append(view)
        return "utdata"

    shown = status(root, render, today="2026-11-29", period="2025", unit="bun")
    assert shown.text == "utdata"
    assert shown.notes == ("obs! målrepots filer har 1 fel; färgerna kan vara ofullständiga. Kör 'styr validate'.",)
    (view,) = seen
    assert [g.id for g in view.goals] == ["BUN-M1", "BUN-V-M1", "BUN-V-E-M1"]
    assert view.unit is not None and view.unit.id == "BUN" and view.period.text == "2025"
    assert view.explained is None
    explained = status(root, render, today="2026-11-29", explain="bun-v-m1")
    assert seen[-1].explained is not None and seen[-1].explained.goal.id == "BUN-V-M1"
    assert explained.text == "utdata"
    with pytest.raises(AppError, match=r"okänt mål 'BUN-V-M9'\. Menade du 'BUN-V-M1'\?"):
        status(root, render, today="2026-11-29", explain="BUN-V-M9")


def test_an_output_file_is_written_unless_it_is_the_same_and_replaced_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "ut" / "arshjul.ics"
    assert write_unless_same(target, "a\r\nb\r\n", force=False, example="x.ics")
    assert target.read_bytes() == b"a\r\nb\r\n"  # line ends as they are
    assert not write_unless_same(target, "a\r\nb\r\n", force=False, example="x.ics")
    with pytest.raises(AppError, match="finns redan och skiljer sig; använd --force"):
        write_unless_same(target, "c\n", force=False, example="x.ics")
    assert target.read_bytes() == b"a\r\nb\r\n"
    assert write_unless_same(target, "c\n", force=True, example="x.ics")
    assert target.read_text(encoding="utf-8") == "c\n"
    with pytest.raises(AppError, match=r"är en mapp; ange en fil, t\.ex\. .*x\.ics"):
        write_unless_same(tmp_path, "c\n", force=True, example="x.ics")


# -- the read-side commands only pass options on -----------------------------------------------------------------

READ_SIDE = ("validate", "status", "report", "history", "arshjul", "codeowners", "schema")
# A command reaches the repository, the pipeline, Git and the file formats only through styr.app and the registry.
FORBIDDEN = ("styr.load", "styr.model", "styr.rules", "styr.fulfilment", "styr.history", "styr.edit",
             "styr.exchange", "styr.app.pipeline", "yaml", "json", "git")


def _imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
    return out


@pytest.mark.parametrize("name", READ_SIDE)
def test_a_read_side_command_calls_the_application_layer_and_nothing_below(name: str) -> None:
    path = COMMANDS / f"{name}.py"
    wrong = sorted(m for m in _imports(path) if any(m == f or m.startswith(f + ".") for f in FORBIDDEN))
    assert not wrong, f"{name}.py imports {wrong}"
    assert any(m.startswith("styr.app") for m in _imports(path))
    assert len(path.read_text(encoding="utf-8").splitlines()) < 150


def test_the_import_check_sees_a_command_that_reads_the_repository_itself(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text('"""Probe."""\nfrom styr.load.repo import load\nfrom styr.app import status\n', encoding="utf-8")
    assert "styr.load.repo" in _imports(probe)
