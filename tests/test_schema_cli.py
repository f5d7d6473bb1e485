"""`styr schema`: list, print and write the schemas for editors."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from styr.cli import app

runner = CliRunner()


def test_lists_kinds() -> None:
    result = runner.invoke(app, ["schema"])
    assert result.exit_code == 0
    assert "mal.schema.json" in result.output and "**/mål/*.yaml" in result.output


def test_prints_one_schema_as_json() -> None:
    result = runner.invoke(app, ["schema", "mål"])
    assert result.exit_code == 0
    body = json.loads(result.output)
    assert body["$schema"].endswith("2020-12/schema")
    assert "indikatorer" in body["properties"]


def test_unknown_kind_is_usage_error() -> None:
    result = runner.invoke(app, ["schema", "budget"])
    assert result.exit_code == 2
    assert "okänd filtyp" in result.output


def test_writes_all_and_refuses_to_overwrite_changed_files(tmp_path: Path) -> None:
    out = tmp_path / "schemas"
    assert runner.invoke(app, ["schema", "--out", str(out)]).exit_code == 0
    written = sorted(p.name for p in out.iterdir())
    assert "gemensamt.schema.json" in written and len(written) == 6
    assert '"yaml.schemas"' in runner.invoke(app, ["schema", "--out", str(out)]).output  # identical: fine
    (out / "mal.schema.json").write_text("{}", encoding="utf-8")
    refused = runner.invoke(app, ["schema", "--out", str(out)])
    assert refused.exit_code == 2
    assert (out / "mal.schema.json").read_text(encoding="utf-8") == "{}"
    assert runner.invoke(app, ["schema", "--out", str(out), "--force"]).exit_code == 0
    assert json.loads((out / "mal.schema.json").read_text(encoding="utf-8"))["title"]


def test_example_repo_vscode_settings_point_at_existing_schemas() -> None:
    root = Path(__file__).resolve().parents[1]
    settings = json.loads((root / "example-repo" / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema_path in settings["yaml.schemas"]:
        assert (root / "example-repo" / ".vscode" / schema_path).resolve().is_file() or (
            root / "example-repo" / schema_path
        ).resolve().is_file(), schema_path


def test_unwritable_output_is_a_swedish_usage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "fil"
    blocker.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["schema", "--out", str(blocker / "schemas")])
    assert result.exit_code == 2
    assert "kunde inte skriva" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_date_is_a_swedish_usage_error() -> None:
    root = Path(__file__).resolve().parents[1]
    result = runner.invoke(app, ["validate", str(root / "tests" / "fixtures" / "minimal"), "--date", "2026-13-01"])
    assert result.exit_code == 2
    assert "ÅÅÅÅ-MM-DD" in result.output
