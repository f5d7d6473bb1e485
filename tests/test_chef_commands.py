"""The commands a chef meets first: the new repository's README runs as written, `styr new` speaks one language
and every new activity passes A01."""

from __future__ import annotations

import re
import shlex
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from styr.app.pipeline import analyse
from styr.cli import app
from styr.load.source import WorkTree

MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"
runner = CliRunner()


def styr(cwd: Path, *args: str) -> tuple[int, str]:
    """`styr ARGS` run in the folder `cwd`, as a user in a terminal there would."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        result = runner.invoke(app, list(args), prog_name="styr")
    return result.exit_code, result.output


def test_the_new_repositorys_readme_runs_as_written(tmp_path: Path) -> None:
    assert styr(tmp_path, "init", "ekeby", "--kommun", "Ekeby kommun", "--chef", "Helena Strand", "--git",
                "@helena.strand")[0] == 0
    repo = tmp_path / "ekeby"
    readme = (repo / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Kom igång.*?```\n(.*?)```", readme, re.S)
    assert block is not None
    lines = [line for line in block.group(1).splitlines() if line.strip()]
    assert any(line.startswith("styr new enhet") for line in lines)
    for line in lines:
        words = shlex.split(line)
        assert words[0] == "styr"
        code, out = styr(repo, *words[1:])
        if words[1] == "validate":
            assert code in (0, 1) and "styr:" not in out, out  # findings to fill in, never a usage error
        else:
            assert code == 0, (line, out)
    model = analyse(WorkTree(repo), date.today()).repo
    assert "BUN" in model.unit_by_id and "KF-M1" in model.goal_by_id and "KF-A1" in model.activity_by_id
    assert model.unit_by_id["BUN"].depth == 1
    assert "styr new enhet kommun --id" in (repo / "kommun" / "styrkort.yaml").read_text(encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    target = tmp_path / "repo"
    shutil.copytree(MINIMAL, target)
    return target


NEW_OPTIONS = {
    ("enhet",): ["--id", "--namn", "--chef", "--git", "--mapp", "--date"],
    ("mål",): ["--enhet", "--titel", "--perspektiv", "--bidrar-till", "--start", "--slut", "--date"],
    ("aktivitet",): ["--enhet", "--titel", "--mål", "--ansvarig", "--start", "--slut", "--date"],
}


@pytest.mark.parametrize("command", sorted(NEW_OPTIONS))
def test_the_new_commands_share_their_option_names(command: tuple[str, ...]) -> None:
    import typer

    group = typer.main.get_command(app).commands["new"]  # type: ignore[attr-defined]
    shown = [next(o for o in p.opts if o.startswith("--")) for p in group.commands[command[0]].params
             if p.param_type_name == "option" and not p.hidden and "--help" not in p.opts]
    assert sorted(shown) == sorted(NEW_OPTIONS[command])


def test_the_first_versions_option_names_still_work(repo: Path) -> None:
    code, out = styr(repo, "new", "mål", "--unit", "BUN", "--title", "Eleverna är trygga", "--perspective",
                     "Verksamhet", "--contributes-to", "KF-M1", "--date", "2026-05-01")
    assert code == 0, out
    code, out = styr(repo, "new", "aktivitet", "--unit", "BUN", "--goal", "BUN-M2", "--title", "Rastvakter",
                     "--responsible", "Rektor", "--date", "2026-05-01")
    assert code == 0, out


def test_new_activity_takes_start_and_slut(repo: Path) -> None:
    code, out = styr(repo, "new", "aktivitet", "--enhet", "BUN", "--mål", "BUN-M1", "--titel", "Läsfrämjande",
                     "--ansvarig", "Bibliotekarie", "--start", "2026-02-01", "--slut", "2026-06-15", "--date",
                     "2026-01-10")
    assert code == 0, out
    activity = analyse(WorkTree(repo), date(2026, 1, 10)).repo.activity_by_id["BUN-A2"]
    assert (activity.start, activity.end, activity.responsible) == (date(2026, 2, 1), date(2026, 6, 15),
                                                                    "Bibliotekarie")


@pytest.mark.parametrize(("args", "message"), [
    (("--start", "2026-13-01"), "ogiltigt datum för --start"),
    (("--start", "2026-06-01", "--slut", "2026-02-01"), "ligger före"),
])
def test_wrong_dates_are_refused_before_anything_is_written(repo: Path, args: tuple[str, ...], message: str) -> None:
    code, out = styr(repo, "new", "aktivitet", "--enhet", "BUN", "--mål", "BUN-M1", "--titel", "X", *args)
    assert code == 2 and message in out, out
    assert sorted(p.name for p in (repo / "kommun/nämnd/aktiviteter").iterdir()) == ["bun-a1.yaml"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(today=st.dates(date(2024, 1, 1), date(2028, 12, 31)),
       start=st.none() | st.dates(date(2024, 1, 1), date(2028, 12, 31)),
       end=st.none() | st.dates(date(2024, 1, 1), date(2028, 12, 31)),
       responsible=st.booleans())
def test_every_new_activity_passes_a01(tmp_path_factory: pytest.TempPathFactory, today: date, start: date | None,
                                       end: date | None, responsible: bool) -> None:
    repo = tmp_path_factory.mktemp("a01") / "repo"
    shutil.copytree(MINIMAL, repo)
    args = ["new", "aktivitet", "--enhet", "BUN", "--mål", "BUN-M1", "--titel", "Läxhjälp", "--date",
            today.isoformat()]
    args += ["--start", start.isoformat()] if start else []
    args += ["--slut", end.isoformat()] if end else []
    args += ["--ansvarig", "Rektor"] if responsible else []  # else the unit's chef
    code, out = styr(repo, *args)
    if start and end and end < start:
        assert code == 2 and "ligger före" in out
        return
    assert code == 0, out
    found = analyse(WorkTree(repo), today)
    made = found.repo.activity_by_id["BUN-A2"]
    assert not [d for d in found.diagnostics if d.path == made.path and d.code in ("A01", "A06")], out
    assert made.start is not None and made.end is not None and made.start <= made.end
    assert made.start == (start or made.start) and made.end == (end or made.end)


def test_init_ignores_generated_output_and_offers_git(tmp_path: Path) -> None:
    code, out = styr(tmp_path, "init", "ekeby", "--kommun", "Ekeby kommun")
    assert code == 0, out
    assert 'Lägg målrepot i Git: cd ekeby && git init -b main && git add . && git commit -m "Målrepot skapas"' in out
    ignored = (tmp_path / "ekeby" / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert {"public/", "utfall-*.xlsx", "*.ics", ".styr-cache/"} <= set(ignored)  # .styr-cache/: the CI cache
    (tmp_path / "dokument" / ".git").mkdir(parents=True)  # a Git work tree that the goal repository joins
    code, out = styr(tmp_path / "dokument", "init", "mål", "--kommun", "Ekeby kommun")
    assert code == 0 and "git init" not in out, out
