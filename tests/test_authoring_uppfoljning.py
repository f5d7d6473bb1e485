"""`styr uppföljning`: an activity's status and comment for a period, written without touching anything else."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from test_authoring_utfall import changes, only_inserted
from typer.testing import CliRunner

from styr.cli import app
from styr.load.repo import load
from styr.load.source import WorkTree
from styr.model.build import build

EXAMPLE = Path(__file__).resolve().parents[1] / "example-repo"
A2 = "kommun/barn-och-utbildningsnamnden/aktiviteter/studiehandledning.yaml"  # BUN-A2, 2026-Q1..Q3, pågår
runner = CliRunner()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(EXAMPLE, root)
    return root


def styr(root: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["uppföljning", *args[:2], str(root), *args[2:]])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def follow_up(root: Path, activity: str, period: str) -> tuple[str | None, str]:
    entry = build(load(WorkTree(root))).activity_by_id[activity].follow_ups[period]
    return entry.status, entry.comment


def test_a_new_period_is_added_after_the_last_and_nothing_else_changes(repo: Path) -> None:
    before = (repo / A2).read_text(encoding="utf-8")
    code, out, err = styr(repo, "BUN-A2", "2026-Q4", "--status", "pågår", "--kommentar", "Tre nya språk: klart.")
    assert code == 0, err
    assert out.startswith("Skrev uppföljningen pågår för 2026-Q4 i BUN-A2")
    assert only_inserted(before, (repo / A2).read_text(encoding="utf-8")) == [
        "  2026-Q4:\n", "    status: pågår\n", '    kommentar: "Tre nya språk: klart."\n']
    assert follow_up(repo, "BUN-A2", "2026-Q4") == ("pågår", "Tre nya språk: klart.")


def test_an_existing_period_needs_replace_and_identical_values_change_nothing(repo: Path) -> None:
    before = (repo / A2).read_bytes()
    code, _, err = styr(repo, "BUN-A2", "2026-Q3", "--status", "försenad")
    assert code == 2 and "har redan en uppföljning för 2026-Q3" in err and "--ersätt" in err
    assert (repo / A2).read_bytes() == before
    code, out, err = styr(repo, "BUN-A2", "2026-Q3", "--status", "forsenad", "--kommentar", "Handledare saknas.",
                          "--ersatt")
    assert code == 0, err
    assert out.startswith("Ersatte uppföljningen med försenad för 2026-Q3")
    diff = changes(before.decode("utf-8"), (repo / A2).read_text(encoding="utf-8"))
    assert [tag for tag, _, _ in diff] == ["replace"]
    assert follow_up(repo, "BUN-A2", "2026-Q3") == ("försenad", "Handledare saknas.")
    code, out, _ = styr(repo, "BUN-A2", "2026-Q3", "--status", "försenad", "--kommentar", "Handledare saknas.")
    assert code == 0 and "inget ändrades" in out


def test_flow_style_entries_and_an_activity_without_follow_ups(repo: Path) -> None:
    path = repo / A2
    text = path.read_text(encoding="utf-8")
    head = text[:text.index("uppföljning:")]
    path.write_text(head + "uppföljning:\n  2026-Q1: {status: pågår, kommentar: I gång.}  # första\n",
                    encoding="utf-8")
    code, _, err = styr(repo, "BUN-A2", "2026-Q2", "--status", "pågår")
    assert code == 0, err
    assert path.read_text(encoding="utf-8").endswith(
        "  2026-Q1: {status: pågår, kommentar: I gång.}  # första\n  2026-Q2:\n    status: pågår\n")
    path.write_text(head, encoding="utf-8")
    code, _, err = styr(repo, "BUN-A2", "2026-Q1", "--status", "planerad")
    assert code == 0, err
    assert path.read_text(encoding="utf-8") == head + "uppföljning:\n  2026-Q1:\n    status: planerad\n"


def test_a_finished_follow_up_reminds_of_the_activitys_own_status(repo: Path) -> None:
    code, _, err = styr(repo, "BUN-A2", "2026-Q4", "--status", "genomförd")
    assert code == 0
    assert "obs! aktivitetens status är fortfarande 'pågår'" in err and "(A04)" in err


@pytest.mark.parametrize(("args", "message"), [
    (("BUN-A2", "2026-Q4", "--status", "klar"), "okänd status 'klar'"),
    (("BUN-A2", "2026-Q4"), "ange aktivitetens status"),
    (("BUN-A9", "2026-Q4", "--status", "pågår"), "aktiviteten 'BUN-A9' finns inte. Menade du"),
    (("BUN-A2", "2026-Q5", "--status", "pågår"), "Ogiltig period '2026-Q5'"),
])
def test_refusals_are_swedish_and_write_nothing(repo: Path, args: tuple[str, ...], message: str) -> None:
    before = (repo / A2).read_bytes()
    code, _, err = styr(repo, *args)
    assert code == 2 and message in err
    assert (repo / A2).read_bytes() == before
