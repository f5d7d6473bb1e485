"""A report's open data kept per goal for the next report (styr.app.opendata_kept): the tables joined from kept
parts are the tables made whole, a changed goal's part alone is made again, a memo that is not of styr's shape or
from another styr is not used, and the site's goal tables are those of `styr export data`."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from styr.app.opendata import site_files
from styr.app.opendata_kept import NAME, SUFFIX, goal_parts
from styr.app.workspace import Opened, open_repository, settings_for
from styr.cli import app
from styr.exchange.opendata import GOAL_TABLES
from styr.fulfilment.evaluate import evaluate
from styr.model.periods import parse_period

EXAMPLE = Path(__file__).resolve().parents[1] / "example-repo"
TODAY = "2026-12-06"
PERIOD = parse_period("2026-H1")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("STYR_CACHE_DIR", str(tmp_path / "cache"))  # this test's own memo
    dest = tmp_path / "repo"
    shutil.copytree(EXAMPLE, dest)
    return dest


def opened(repo: Path) -> Opened:
    found = open_repository(settings_for(repo, TODAY), model_only=True)
    assert found.memos is not None
    return found


def files(found: Opened, reuse: bool = True, kept: bool = True) -> dict[str, str]:
    """The site's open data; not `kept`: as without a cache, every table made whole."""
    results = evaluate(found.repo, PERIOD)
    return dict(site_files(found.repo, date.fromisoformat(TODAY), PERIOD, results, found.loaded.digests,
                           found.memos if kept else None, reuse))


def change_outcome(repo: Path) -> Path:
    goal = next(p for p in sorted(repo.rglob("mål/*.yaml")) if re.search(r"utfall: \{[^}]*?: \d", p.read_text()))
    text = goal.read_text(encoding="utf-8")
    goal.write_text(re.sub(r"(utfall: \{[^}]*?: )-?\d+(?:\.\d+)?", r"\g<1>4711", text, count=1), encoding="utf-8")
    return goal


def test_kept_parts_make_the_same_tables_and_only_a_changed_goal_is_made_again(repo: Path) -> None:
    first = opened(repo)
    goals = len(first.repo.goals)
    assert goal_parts(first.repo, True, first.loaded.digests, first.memos).made == goals
    again = goal_parts(first.repo, True, first.loaded.digests, first.memos)
    assert again.made == 0
    assert again.parts == goal_parts(first.repo, True, first.loaded.digests, first.memos, reuse=False).parts
    change_outcome(repo)
    second = opened(repo)
    assert goal_parts(second.repo, True, second.loaded.digests, second.memos).made == 1
    kept = files(second)
    assert "4711" in kept["oppna-data/utfall.csv"] and "4711" in kept["oppna-data/utfall.json"]
    assert kept == files(second, reuse=False) == files(second, kept=False)


def test_whether_names_are_shown_is_part_of_what_a_part_is_made_from(repo: Path) -> None:
    found = opened(repo)
    shown = goal_parts(found.repo, True, found.loaded.digests, found.memos)
    hidden = goal_parts(found.repo, False, found.loaded.digests, found.memos)
    assert hidden.made == len(found.repo.goals)
    assert shown.parts != hidden.parts


@pytest.mark.parametrize("memo", [
    {"code": "en annan styr", "parts": {}},
    "inte en ordbok",
    {"code": None, "parts": ["inte", "en", "ordbok"]},
])
def test_a_memo_from_another_styr_or_of_another_shape_is_not_used(repo: Path, memo: object) -> None:
    found = opened(repo)
    assert found.memos is not None
    whole = files(found, reuse=False)
    found.memos.remember(NAME, memo, keep=1, suffix=SUFFIX)
    assert files(found) == whole


def test_a_kept_part_of_the_wrong_shape_is_made_again(repo: Path) -> None:
    found = opened(repo)
    assert found.memos is not None
    whole = files(found)
    remembered = found.memos.recall(NAME, SUFFIX)
    for key in remembered["parts"]:
        remembered["parts"][key] = (("för", "få"), (1,))
    found.memos.remember(NAME, remembered, keep=1, suffix=SUFFIX)
    assert goal_parts(found.repo, True, found.loaded.digests, found.memos).made == len(found.repo.goals)
    assert files(found) == whole


def test_the_sites_goal_tables_are_those_of_export_data(repo: Path, tmp_path: Path) -> None:
    site = files(opened(repo))
    for fmt in ("csv", "json"):
        out = tmp_path / fmt
        result = CliRunner().invoke(app, ["export", "data", str(repo), "--format", fmt, "--out", str(out),
                                          "--date", TODAY])
        assert result.exit_code == 0, result.output
        for entity in GOAL_TABLES:
            assert site[f"oppna-data/{entity.name}.{fmt}"] == (out / f"{entity.name}.{fmt}").read_bytes().decode()


def test_a_damaged_or_forged_memo_file_is_not_used(repo: Path) -> None:
    found = opened(repo)
    assert found.memos is not None
    whole = files(found)
    memo = found.memos.path.with_suffix(SUFFIX)
    assert memo.is_file()
    data = memo.read_bytes()
    for damaged in (data[: len(data) // 2], data[:-1] + bytes([data[-1] ^ 1]), b"inte en minnesfil"):
        memo.write_bytes(damaged)
        assert goal_parts(found.repo, True, found.loaded.digests, found.memos).made == len(found.repo.goals)
        assert files(found) == whole
