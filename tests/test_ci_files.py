"""Tests of the ready-to-copy CI files and the pre-commit hook manifest, checked against their schemas."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from copy import deepcopy
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GITLAB = ROOT / "docs" / "ci" / "gitlab-ci.yml"
GITHUB = ROOT / "docs" / "ci" / "github-workflow.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
# GitLab's own check of artifacts:expose_as (Ruby's \w is ASCII): letters, digits, '-', '_' and spaces.
GITLAB_EXPOSE_AS = re.compile(r"\w[-\w ]*", re.ASCII)


pytestmark = pytest.mark.usefixtures("no_network")


def load_yaml(path: Path) -> Any:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    # PyYAML follows YAML 1.1 and reads the key `on` as True; GitHub reads it as the string "on".
    if isinstance(data, dict) and True in data:
        data["on"] = data.pop(True)
    return data


def validator(specs: Path, name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((specs / name).read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    jsonschema.Draft7Validator.check_schema(schema)
    return jsonschema.Draft7Validator(schema)


# --- pre-commit -----------------------------------------------------------------------------------------


def test_pre_commit_manifest_is_valid() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-manifest", str(HOOKS)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_hook_runs_styr_on_goal_files() -> None:
    (hook,) = load_yaml(HOOKS)
    assert hook["id"] == "styr-validate"
    assert hook["entry"] == "styr validate"
    assert hook["args"] == ["--only-files"]
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    assert hook["require_serial"] is True
    pattern = re.compile(hook["files"])
    for name in ("styrmodell.yaml", "kommun/mål/trygghet.yml", "kommun/verksamhetsplan/ekonomi.md"):
        assert pattern.search(name), name
    for name in ("schemas/mal.json", "kommun/mål/trygghet.yaml.orig", "README.markdown"):
        assert not pattern.search(name), name


# --- GitLab ---------------------------------------------------------------------------------------------


def test_gitlab_ci_matches_schema(specs: Path) -> None:
    validator(specs, "gitlab-ci.schema.json").validate(load_yaml(GITLAB))


def _merge(base: dict[str, Any], job: dict[str, Any]) -> dict[str, Any]:
    """GitLab's `extends`: mappings merge deeply, everything else (lists too) is replaced."""
    out = deepcopy(base)
    for key, value in job.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = deepcopy(value)
    return out


def test_gitlab_ci_jobs_match_schema_with_extends_resolved(specs: Path) -> None:
    # The schema does not look inside hidden jobs, so check what the real jobs become after `extends`.
    ci = load_yaml(GITLAB)
    resolved: dict[str, Any] = {}
    for name, job in ci.items():
        if isinstance(job, dict) and "extends" in job:
            job = _merge(ci[job["extends"]], {k: v for k, v in job.items() if k != "extends"})
        if not name.startswith("."):
            resolved[name] = job
    validator(specs, "gitlab-ci.schema.json").validate(resolved)
    broken = deepcopy(resolved)
    broken["styr-validera"]["artifacts"]["when"] = "ibland"
    assert not validator(specs, "gitlab-ci.schema.json").is_valid(broken)


def test_gitlab_ci_schema_is_not_vacuous(specs: Path) -> None:
    broken = deepcopy(load_yaml(GITLAB))
    # Hidden jobs (".styr") are free-form to the schema, so break a real job.
    broken["styr-validera"]["rules"] = [{"om": "$CI_COMMIT_BRANCH"}]
    assert not validator(specs, "gitlab-ci.schema.json").is_valid(broken)


def test_gitlab_ci_reports_code_quality_on_mr_and_default_branch() -> None:
    ci = load_yaml(GITLAB)
    base = ci[".styr"]
    assert base["artifacts"]["when"] == "always"
    assert base["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert base["before_script"] == ['pip install "$STYR_PAKET"']

    default, mr = ci["styr-validera"], ci["styr-validera-mr"]
    assert default["extends"] == mr["extends"] == ".styr"
    assert default["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert mr["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert default["script"] == ["styr validate --format gitlab --output gl-code-quality-report.json ."]
    fetch, diff, validate = mr["script"]
    assert fetch.startswith("git fetch origin ") and "CI_MERGE_REQUEST_TARGET_BRANCH_NAME" in fetch
    assert diff.startswith("styr diff --format md ") and "> styr-andringar.md" in diff
    assert GITLAB_EXPOSE_AS.fullmatch(mr["artifacts"]["expose_as"])
    assert mr["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert "--format gitlab --output gl-code-quality-report.json" in validate
    assert '--base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"' in validate


# --- GitHub ---------------------------------------------------------------------------------------------


def test_github_workflow_matches_schema(specs: Path) -> None:
    validator(specs, "github-workflow.schema.json").validate(load_yaml(GITHUB))


def test_github_workflow_schema_is_not_vacuous(specs: Path) -> None:
    broken = deepcopy(load_yaml(GITHUB))
    broken["jobs"]["validera"]["runs_on"] = broken["jobs"]["validera"].pop("runs-on")
    assert not validator(specs, "github-workflow.schema.json").is_valid(broken)


def test_github_workflow_validates_and_summarises_pull_requests() -> None:
    wf = load_yaml(GITHUB)
    assert set(wf["on"]) == {"push", "pull_request"}
    steps = wf["jobs"]["validera"]["steps"]
    checkout = next(s for s in steps if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    assert any(s.get("uses", "").startswith("actions/setup-python@") for s in steps)
    runs = [s.get("run", "") for s in steps]
    assert 'pip install "$STYR_PAKET"' in runs
    assert "styr validate --format github ." in runs
    diff = next(s for s in steps if s.get("run", "").startswith("styr diff"))
    assert diff["run"] == 'styr diff --format md "origin/${BASE_REF}..HEAD" >> "$GITHUB_STEP_SUMMARY"'
    assert diff["env"]["BASE_REF"] == "${{ github.base_ref }}"
    assert "github.event_name == 'pull_request'" in diff["if"]


def test_example_repo_uses_the_documented_ci_files() -> None:
    """The example repository runs exactly the CI configuration the documentation tells people to copy."""
    example = ROOT / "example-repo"
    assert (example / ".gitlab-ci.yml").read_text(encoding="utf-8") == GITLAB.read_text(encoding="utf-8")
    workflow = example / ".github" / "workflows" / "styr.yml"
    assert workflow.read_text(encoding="utf-8") == GITHUB.read_text(encoding="utf-8")


# --- both templates -------------------------------------------------------------------------------------


def test_gitlab_expose_as_is_what_gitlab_accepts() -> None:
    assert not GITLAB_EXPOSE_AS.fullmatch("Ändringar i målen")  # GitLab refused this one
    exposed = [job["artifacts"]["expose_as"] for job in load_yaml(GITLAB).values()
               if isinstance(job, dict) and "expose_as" in job.get("artifacts", {})]
    assert exposed
    for name in exposed:
        assert GITLAB_EXPOSE_AS.fullmatch(name), name


@pytest.mark.parametrize("path", [GITLAB, GITHUB])
def test_the_styr_to_install_is_one_pinned_variable(path: Path) -> None:
    from styr import __version__

    text = path.read_text(encoding="utf-8")
    data = load_yaml(path)
    variables = data["variables"] if path == GITLAB else data["env"]
    # Pinned to the wheel of this very version (a release updates the templates with it).
    assert variables["STYR_PAKET"] == f".styr/styr-{__version__}-py3-none-any.whl"
    lines = [line.strip() for line in text.splitlines()]
    installs = [line for line in lines if "pip install" in line and not line.startswith("#")]
    assert installs and all(line.endswith('pip install "$STYR_PAKET"') for line in installs), installs
    assert "pip install styr" not in text
