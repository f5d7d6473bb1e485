"""The JSON of validate, status, log and diff: one key language (Swedish), a format version, and a published
JSON Schema that real outputs are checked against, with every key they write described in it."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
from history_gitrepo import BUN_GOAL, PER, Repo, git_identity, make_repo  # noqa: F401 - git_identity: autouse fixture
from jsonschema import Draft202012Validator
from typer.testing import CliRunner

from styr.cli import app
from styr.render.json import FORMAT_VERSION

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "example-repo"
runner = CliRunner()
DATE = ("--date", "2026-11-29")
ENGLISH_KEYS = {"diagnostics", "summary", "code", "severity", "message", "path", "line", "column", "hint", "rule",
                "units", "goals", "errors", "warnings", "failed", "items", "entries", "changes", "author", "kind",
                "title", "old", "new", "notes", "from", "to", "label", "category", "total", "date", "event"}


def schema(name: str) -> dict[str, Any]:
    result = runner.invoke(app, ["schema", "utdata", name])
    assert result.exit_code == 0, result.output
    published: dict[str, Any] = json.loads(result.stdout)
    on_disk = json.loads((ROOT / "schemas" / "utdata" / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert published == on_disk
    Draft202012Validator.check_schema(published)
    return published


def closed(node: Any) -> Any:
    """The schema with no key beyond those it describes: what styr writes must all be documented."""
    if isinstance(node, dict):
        out = {k: closed(v) for k, v in node.items()}
        if "properties" in node and "additionalProperties" not in node:
            out["additionalProperties"] = False
        return out
    if isinstance(node, list):
        return [closed(v) for v in node]
    return node


def keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in keys(v)}
    if isinstance(node, list):
        return {k for v in node for k in keys(v)}
    return set()


def check(name: str, text: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(text)
    validator = Draft202012Validator(closed(copy.deepcopy(schema(name))),
                                     format_checker=Draft202012Validator.FORMAT_CHECKER)
    problems = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert not problems, problems[:5]
    assert next(iter(document)) == "formatversion" and document["formatversion"] == FORMAT_VERSION
    assert not keys(document) & ENGLISH_KEYS - {"id", "status", "text", "commit"}, keys(document) & ENGLISH_KEYS
    return document


def run(*args: str, code: int | tuple[int, ...] = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code in ((code,) if isinstance(code, int) else code), result.output
    return result.stdout


def test_validate_json_of_a_repository_with_findings(tmp_path: Path) -> None:
    broken = tmp_path / "repo"
    import shutil

    shutil.copytree(EXAMPLE, broken)
    goal = broken / "kommun/barn-och-utbildningsnamnden/mål/kunskapskrav.yaml"
    goal.write_text(goal.read_text(encoding="utf-8").replace("perspektiv: Verksamhet", "perspektiv: Verksamheten")
                    .replace("id: BUN-M1", "id: BNU-M1"), encoding="utf-8")
    whole = check("validate", run("validate", str(broken), *DATE, "--format", "json", code=1))
    assert {f["kod"] for f in whole["fynd"]} >= {"F04", "K10", "K01"}
    assert whole["omfattning"]["filer"] is None and whole["sammanfattning"]["misslyckades"] is True
    scoped = check("validate", run("validate", str(goal), *DATE, "--format", "json", code=1))
    assert scoped["omfattning"]["filer"] == ["kommun/barn-och-utbildningsnamnden/mål/kunskapskrav.yaml"]


@pytest.mark.parametrize("args", [("--period", "2025"), ("--period", "2026-H1", "--unit", "BUN"),
                                  ("--explain", "BUN-GR-CS-M1", "--period", "2026")])
def test_status_json_of_the_example(args: tuple[str, ...]) -> None:
    document = check("status", run("status", str(EXAMPLE), *DATE, "--format", "json", *args))
    assert document["mål"]
    assert sum(document["fördelning"].values()) == len(document["mål"])


def test_log_and_diff_json_of_a_history(tmp_path: Path) -> None:
    repo: Repo = make_repo(tmp_path)
    repo.replace(BUN_GOAL, "2025: 84}", "2025: 85}")
    repo.replace(BUN_GOAL, "titel: Eleverna når högre kunskapsresultat i grundskolan",
                 "titel: Eleverna når högre kunskapsresultat")
    repo.commit("Rättat utfall och titel", PER, "2026-02-03T10:00:00+01:00")
    log = check("log", run("log", "BUN-M1", str(repo.root), "--format", "json"))
    assert log["poster"][0]["författare"] == "Per Lind"
    assert {c["kategori"] for c in log["poster"][0]["ändringar"]} >= {"utfall"}
    repo.delete("kommun/nämnd/aktiviteter/bun-a1.yaml")
    diff = check("diff", run("diff", "HEAD~1", str(repo.root), "--format", "json"))
    assert {p["status"] for p in diff["poster"]} >= {"borttagen"}
    assert diff["till"] == "arbetskopian"


def test_the_compatibility_note_names_every_old_key() -> None:
    note = (ROOT / "docs" / "utdata.md").read_text(encoding="utf-8")
    for key in ("diagnostics", "summary", "severity", "hint", "entries", "changes", "items", "from_commit"):
        assert re.search(rf"`{key}`", note), key
    assert "formatversion" in note and "styr schema utdata" in note
