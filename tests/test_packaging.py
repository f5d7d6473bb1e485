"""Packaging: the sdist carries everything the tests need and pytest runs from it unpacked; the licence is an
SPDX expression with its file; the version has one source; the README's commands are what CI runs."""

from __future__ import annotations

import email
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import pytest

import styr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
from minimum_versions import pins  # noqa: E402
from readme_command import commands  # noqa: E402

NEEDED = ["tests/conftest.py", "tests/fixtures/minimal/styrmodell.yaml", "tests/golden", "tests/rule_cases",
          "tests/specs/sarif-schema-2.1.0.json", "tests/specs/README.md", "tests/tools/package-lock.json",
          "example-repo/styrmodell.yaml", "example-repo/.gitlab-ci.yml", "example-repo/.vscode/settings.json",
          "bench/run.py", "docs/ci/gitlab-ci.yml", "schemas", "templates", "LICENSE", "pyproject.toml",
          "setup.py", "scripts/install.sh", ".pre-commit-hooks.yaml", ".gitignore", ".ci/run"]


@pytest.fixture(scope="module")
def sdist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sdist")
    src = out / "src"  # a copy, so the build leaves nothing in the checkout
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".git", ".venv", "node_modules", "build", "dist",
                                                            "*.egg-info", "__pycache__", "public",
                                                            ".hypothesis", ".pytest_cache"))
    proc = subprocess.run([sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", str(out),
                           str(src)], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (archive,) = out.glob("styr-*.tar.gz")
    with tarfile.open(archive) as tar:
        # The "data" filter arrived in Python 3.11.4; Debian 12 has 3.11.2. The archive is our own.
        if hasattr(tarfile, "data_filter"):
            tar.extractall(out / "unpacked", filter="data")
        else:
            tar.extractall(out / "unpacked")
    (top,) = (out / "unpacked").iterdir()
    return top


def test_sdist_has_what_the_tests_need(sdist: Path) -> None:
    for rel in NEEDED:
        assert (sdist / rel).exists(), rel
    assert not (sdist / "tests" / "tools" / "node_modules").exists()
    assert not list(sdist.rglob("__pycache__"))


def test_sdist_metadata_has_the_spdx_licence_and_the_version(sdist: Path) -> None:
    meta = email.message_from_string((sdist / "PKG-INFO").read_text(encoding="utf-8"))
    assert meta["License-Expression"] == "EUPL-1.2"
    assert meta["License-File"] == "LICENSE"
    assert meta["Version"] == styr.__version__
    assert "EUROPEAN UNION PUBLIC LICENCE v. 1.2" in (sdist / "LICENSE").read_text(encoding="utf-8")


def test_pytest_runs_from_the_unpacked_sdist(sdist: Path) -> None:
    # A meaningful subset (CI runs the whole suite from the sdist): specs, formats, rules, reports, packaging.
    subset = ["tests/test_vendored_specs.py", "tests/test_formats.py", "tests/test_rule_cases.py",
              "tests/test_report_markdown.py", "tests/test_ci_files.py", "tests/test_schemas.py"]
    proc = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-x", *subset],
                          cwd=sdist, capture_output=True, text=True, check=False, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert re.search(r"\d+ passed", proc.stdout), proc.stdout[-500:]


def test_version_has_one_source() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"] and "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "styr.__version__"}
    proc = subprocess.run([sys.executable, "-m", "styr", "--version"], capture_output=True, text=True, check=False)
    assert (proc.returncode, proc.stdout) == (0, f"styr {styr.__version__}\n")


def test_every_runtime_dependency_has_a_lower_bound_for_the_minimum_run() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pinned = pins(project["dependencies"])
    assert len(pinned) == len(project["dependencies"])
    assert "typer==0.16.0" in pinned and "nh3==0.2.22" in pinned  # 0.12.0–0.12.3 and nh3 < 0.2.22 crash
    assert project["license"] == "EUPL-1.2" and project["license-files"] == ["LICENSE"]


def test_ci_runs_the_readme_commands_exactly_as_written() -> None:
    first, second = commands((ROOT / "README.md").read_text(encoding="utf-8"))[:2]
    assert first.startswith("bash scripts/install.sh && ") and "validate example-repo" in first
    assert "--out public/" in first
    assert second == "bash scripts/install-test-tools.sh && .venv/bin/python -m pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "readme_command.py 1" in ci and "readme_command.py 2" in ci
    assert "public/" in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()


def test_a_crash_does_not_print_local_variables() -> None:
    # One crash printed 26,700 lines of locals (a whole goal repository): tracebacks show code, not values.
    program = (
        "import sys\n"
        "import styr.cli as cli\n"
        "@cli.app.command('krasch')\n"
        "def krasch() -> None:\n"
        "    hemligt = 'LOKALT-VÄRDE-' * 3\n"
        "    raise RuntimeError('krasch ' + str(len(hemligt)))\n"
        "sys.argv = ['styr', 'krasch']\n"
        "cli.main()\n"
    )
    proc = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, check=False,
                          env={**os.environ, "COLUMNS": "120"})
    assert proc.returncode != 0
    assert "RuntimeError" in proc.stderr and "krasch 39" in proc.stderr, proc.stderr
    assert "LOKALT-VÄRDE" not in proc.stderr, proc.stderr
