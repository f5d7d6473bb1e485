"""The CI templates' script steps, taken from the YAML and run with bash as the CI runner would, against a
wheel built from this checkout: install (`pip install "$STYR_PAKET"`), validate, diff, on the default branch
and in a merge/pull request. Their outputs are checked against the vendored specs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
GITLAB = ROOT / "docs" / "ci" / "gitlab-ci.yml"
GITHUB = ROOT / "docs" / "ci" / "github-workflow.yml"
GOAL = "kommun/barn-och-utbildningsnamnden/mål/trygghet.yaml"
GIT_ENV = {"GIT_AUTHOR_NAME": "Karin Ek", "GIT_AUTHOR_EMAIL": "karin@example.org",
           "GIT_COMMITTER_NAME": "Karin Ek", "GIT_COMMITTER_EMAIL": "karin@example.org"}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env={**os.environ, **GIT_ENV}, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # A copy, so the build leaves nothing in the checkout.
    src = out / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "build", "dist",
                                                            "*.egg-info", "__pycache__", "public", "tests"))
    proc = subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(src)],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (found,) = out.glob("styr-*.whl")
    return found


@pytest.fixture(scope="module")
def runner_bin(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv standing in for the CI image's Python. It sees this interpreter's packages (a .pth file),
    so `pip install "$STYR_PAKET"` installs styr itself without fetching its dependencies again."""
    target = tmp_path_factory.mktemp("runner") / "venv"
    venv.create(target, with_pip=True)
    (site,) = target.glob("lib/python*/site-packages")
    paths = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (site / "outer.pth").write_text("".join(f"{p}\n" for p in paths), encoding="utf-8")
    return target / "bin"


@pytest.fixture
def checkout(tmp_path: Path, wheel: Path) -> Iterator[Path]:
    """A goal repository as the CI runner checks it out: the example municipality with the pinned wheel under
    .styr/, pushed to an origin whose main the merge request targets, on a branch that changes an outcome."""
    origin = tmp_path / "origin.git"
    work = tmp_path / "work"
    shutil.copytree(ROOT / "example-repo", work)
    (work / ".styr").mkdir(exist_ok=True)
    shutil.copy(wheel, work / ".styr" / wheel.name)
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(work, "init", "-q", "-b", "main")
    git(work, "add", "-A")
    git(work, "commit", "-qm", "Målen för 2026")
    git(work, "remote", "add", "origin", str(origin))
    git(work, "push", "-q", "origin", "main")
    git(work, "checkout", "-q", "-b", "nya-utfall")
    goal = work / GOAL
    text = goal.read_text(encoding="utf-8")
    assert "2025: 85.2}" in text
    goal.write_text(text.replace("2025: 85.2}", "2025: 85.2, 2026-Q1: 91}"), encoding="utf-8")
    git(work, "commit", "-qam", "Utfall Q1")
    clone = tmp_path / "ci"
    git(tmp_path, "clone", "-q", "-b", "nya-utfall", str(origin.parent / "work"), str(clone))
    git(clone, "remote", "set-url", "origin", str(origin))
    git(clone, "fetch", "-q", "origin")
    yield clone


Done = list[subprocess.CompletedProcess[str]]


def run_steps(steps: list[str], cwd: Path, bin_dir: Path, env: dict[str, str]) -> Done:
    # The stand-in runner sees this interpreter's packages, styr perhaps among them in the same version: the
    # pinned wheel is still installed into it (and only the wheel: its dependencies are there already).
    full = {**os.environ, **GIT_ENV, "STYR_DATUM": "2026-11-29", "NO_COLOR": "1", **env,
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}", "PIP_FORCE_REINSTALL": "1", "PIP_NO_DEPS": "1"}
    full.pop("VIRTUAL_ENV", None)
    done = []
    for step in steps:
        proc = subprocess.run(["bash", "-eo", "pipefail", "-c", step], cwd=cwd, env=full, capture_output=True,
                              text=True, check=False)
        done.append(proc)
        assert proc.returncode == 0, f"{step}\n{proc.stdout}\n{proc.stderr}"
    return done


def validator(specs: Path, name: str) -> Any:
    schema = json.loads((specs / name).read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


# --- GitLab ---------------------------------------------------------------------------------------------


def gitlab_job(name: str) -> tuple[dict[str, str], list[str]]:
    ci = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    job = ci[name]
    base = ci[job["extends"]] if "extends" in job else {}
    variables = {**ci.get("variables", {}), **base.get("variables", {}), **job.get("variables", {})}
    return variables, [*base.get("before_script", []), *job["script"]]


def check_code_quality(report: Path, specs: Path) -> list[dict[str, Any]]:
    issues = json.loads(report.read_text(encoding="utf-8"))
    validator(specs, "gitlab-codequality-report.strict.schema.json").validate(issues)
    for issue in issues:
        validator(specs, "gitlab-codeclimate-validator.schema.json").validate(issue)
    return list(issues)


def test_gitlab_default_branch_job(checkout: Path, runner_bin: Path, specs: Path) -> None:
    variables, steps = gitlab_job("styr-validera")
    git(checkout, "checkout", "-q", "-B", "main", "origin/main")
    run_steps(steps, checkout, runner_bin, {**variables, "CI_COMMIT_BRANCH": "main", "CI_DEFAULT_BRANCH": "main"})
    assert (runner_bin / "styr").is_file()  # installed from the pinned wheel
    issues = check_code_quality(checkout / "gl-code-quality-report.json", specs)
    assert all((checkout / i["location"]["path"]).exists() for i in issues)


def test_gitlab_merge_request_job(checkout: Path, runner_bin: Path, specs: Path) -> None:
    variables, steps = gitlab_job("styr-validera-mr")
    env = {**variables, "CI_PIPELINE_SOURCE": "merge_request_event", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    run_steps(steps, checkout, runner_bin, env)
    check_code_quality(checkout / "gl-code-quality-report.json", specs)
    changes = (checkout / "styr-andringar.md").read_text(encoding="utf-8")
    assert "BUN-M2" in changes and "2026-Q1" in changes and "91" in changes, changes


# --- GitHub ---------------------------------------------------------------------------------------------

WHEN = {
    "${{ github.event_name != 'pull_request' }}": lambda pr: not pr,
    "${{ github.event_name == 'pull_request' }}": lambda pr: pr,
    "${{ always() && github.event_name == 'pull_request' }}": lambda pr: pr,
}


def github_steps(pull_request: bool) -> tuple[dict[str, str], list[tuple[str, dict[str, str]]]]:
    wf = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    expressions = {"${{ github.base_ref }}": "main" if pull_request else ""}
    out = []
    for step in wf["jobs"]["validera"]["steps"]:
        if "run" not in step:
            continue
        if "if" in step and not WHEN[step["if"]](pull_request):  # an unknown condition is a KeyError: add it
            continue
        env = {k: expressions.get(v, v) for k, v in step.get("env", {}).items()}
        out.append((step["run"], env))
    return dict(wf["env"]), out


@pytest.mark.parametrize("pull_request", [False, True], ids=["push", "pull_request"])
def test_github_workflow_steps(checkout: Path, runner_bin: Path, tmp_path: Path, pull_request: bool) -> None:
    env, steps = github_steps(pull_request)
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    if not pull_request:
        git(checkout, "checkout", "-q", "-B", "main", "origin/main")
    outputs = [run_steps([run], checkout, runner_bin, {**env, **step_env, "GITHUB_STEP_SUMMARY": str(summary),
                                                       "GITHUB_ACTIONS": "true"})[0]
               for run, step_env in steps]
    assert len(outputs) == (3 if pull_request else 2)  # install, validate (and the diff into the summary)
    assert (runner_bin / "styr").is_file()
    text = summary.read_text(encoding="utf-8")
    if pull_request:
        assert "BUN-M2" in text and "2026-Q1" in text and "91" in text, text
    for line in outputs[1].stdout.splitlines():
        if line.startswith("::") and "file=" in line:
            path = line.split("file=", 1)[1].split(",", 1)[0]
            assert (checkout / path).exists(), line
