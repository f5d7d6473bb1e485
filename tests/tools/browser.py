"""Launch Debian's chromium with playwright, run axe-core, and run the Nu HTML Checker (vnu.jar).

The tools are required, not optional: a missing tool fails the test with a message saying how to install
it (CI installs them). Never run `playwright install`: the system chromium is used.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

TOOLS = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("STYR_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]
VNU = TOOLS / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def require_chromium() -> str:
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"chromium saknas ({CHROMIUM}): installera Debians paket 'chromium' "
                    "(kör inte 'playwright install'), eller peka ut det med STYR_CHROMIUM.", pytrace=False)
    try:
        import axe_playwright_python  # noqa: F401
        import playwright  # noqa: F401
    except ImportError as exc:
        pytest.fail(f"{exc.name} saknas: pip install playwright axe-playwright-python "
                    "(eller pip install -e '.[test]').", pytrace=False)
    return CHROMIUM


@contextmanager
def browser() -> Iterator[Any]:
    """One headless chromium for a whole test module."""
    path = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def axe_context(b: Any) -> Any:
    """A browser context that has axe-core in every page it loads (injected once, not per call)."""
    from axe_playwright_python.sync_playwright import Axe

    context = b.new_context()
    context.add_init_script(script=Axe().axe_script)
    return context


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A and AA violations on a page loaded in an `axe_context`."""
    options = json.dumps({"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    violations: list[dict[str, Any]] = page.evaluate(f"axe.run(document, {options}).then(r => r.violations)")
    return violations


def require_vnu() -> list[str]:
    java = shutil.which("java")
    if java is None:
        pytest.fail("java saknas: Nu HTML Checker (vnu.jar) behöver Java (apt install default-jre-headless).",
                    pytrace=False)
    if not VNU.is_file():
        pytest.fail(f"vnu.jar saknas ({VNU}): kör 'npm ci' i {TOOLS}.", pytrace=False)
    return [java, "-jar", str(VNU)]


def start_vnu(files: Sequence[Path]) -> subprocess.Popen[str]:
    """Start the Nu HTML Checker on the files (one Java start for all of them) and return at once, so it can
    run while the browser works; `vnu_errors` collects the result."""
    command = [*require_vnu(), "--errors-only", "--format", "json", *map(str, files)]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def vnu_errors(proc: subprocess.Popen[str]) -> list[dict[str, Any]]:
    """The errors the checker found (it reports on stderr)."""
    out, err = proc.communicate(timeout=600)
    try:
        messages: list[dict[str, Any]] = json.loads(err or out or "{}").get("messages", [])
    except json.JSONDecodeError:
        pytest.fail(f"vnu.jar gav inget JSON (kod {proc.returncode}): {err[:2000]}", pytrace=False)
    return [m for m in messages if m.get("type") in ("error", "non-document-error")]
