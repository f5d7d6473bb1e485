"""The example repository's HTML reports in a real browser: axe-core (WCAG 2.1 A/AA) and the Nu HTML Checker
on every page, no network, links that reach every unit, keyboard navigation, print layout. The tools are
required: a missing chromium, playwright, axe or vnu.jar fails these tests with a message (tests/tools)."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import typer
from test_report_history import example_with_history
from tools.browser import axe_context, axe_violations, browser, start_vnu, vnu_errors
from typer.testing import CliRunner

from styr.commands import report as report_cmd

app = typer.Typer()
app.command()(report_cmd.report)


@app.command()
def _other() -> None:
    """Unused: keeps `report` a subcommand."""


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example repository's HTML reports for the delårsbokslut, rendered once for the session. The
    repository is a copy under a Git history of its own (fixed authors and dates), so the pages show when each
    goal and unit last changed, and nothing of styr's own history."""
    base = tmp_path_factory.mktemp("rapport")
    example_with_history(base / "repo", 'Utfall Q3 & "prognos" <inlagt>\n\nMer text.')
    out = base / "public"
    result = CliRunner().invoke(app, ["report", str(base / "repo"), "--format", "html", "--period", "2026-H1",
                                      "--date", "2026-11-29", "--out", str(out), "--quiet"])
    assert result.exit_code == 0, result.output
    return out


def pages_of(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


@dataclass
class Visit:
    """What one pass over every page in the browser found."""

    violations: list[str] = field(default_factory=list)
    links: dict[Path, list[str]] = field(default_factory=dict)
    outside: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def vnu(site: Path) -> Iterator[subprocess.Popen[str]]:
    """The Nu HTML Checker, started before the browser so that both work at the same time."""
    proc = start_vnu(pages_of(site))
    yield proc
    if proc.poll() is None:
        proc.kill()
        proc.communicate()


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    with browser() as b:
        yield b


@pytest.fixture(scope="module")
def visit(site: Path, chromium: Any, vnu: subprocess.Popen[str]) -> Visit:
    """Load every page once, offline (only file:// may load), run axe on it and collect its links."""
    found = Visit()
    context = axe_context(chromium)

    def guard(route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            found.outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    for path in pages_of(site):
        page.goto(path.as_uri())
        for v in axe_violations(page):
            targets = [n.get("target") for n in v.get("nodes", [])][:3]
            found.violations.append(f"{path.relative_to(site)}: {v['id']} ({v.get('impact')}) {v.get('help')} "
                                    f"{targets}")
        found.links[path] = page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
    context.close()
    return found


def test_axe_finds_no_wcag_violations_on_any_page(visit: Visit) -> None:
    assert visit.violations == []


def test_the_checked_pages_show_last_changes(site: Path) -> None:
    """So axe and the Nu HTML Checker see the lines with author and commit message too."""
    for path in pages_of(site):
        if path.name != "index.html":
            assert '<p class="andrad">' in path.read_text(encoding="utf-8"), path.name


def test_nothing_is_loaded_from_the_network(visit: Visit) -> None:
    assert visit.outside == []


def test_the_start_page_reaches_every_unit(site: Path, visit: Visit) -> None:
    """Following links from index.html reaches every page, and no local link is broken (works from file://)."""
    seen, queue = {site / "index.html"}, [site / "index.html"]
    while queue:
        here = queue.pop()
        for href in visit.links[here]:
            if href.startswith("file://"):
                target = Path(href.split("#")[0].removeprefix("file://"))
                assert target.is_file(), f"{here.name}: trasig länk {href}"
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
    assert seen == set(pages_of(site))


def test_nu_html_checker_finds_no_errors(vnu: subprocess.Popen[str]) -> None:
    errors = vnu_errors(vnu)
    shown = [f"{e.get('url', '').rsplit('/', 2)[-2:]}:{e.get('lastLine')}: {e.get('message')}" for e in errors]
    assert shown == []


def test_skip_link_is_the_first_tab_stop_and_moves_focus(site: Path, chromium: Any) -> None:
    page = chromium.new_page()
    page.goto((site / "styrkort" / "bun.html").as_uri())
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hoppa till innehållet"
    assert page.evaluate("getComputedStyle(document.activeElement).width") != "1px"  # visible on focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "innehall"
    page.keyboard.press("Tab")  # the next stop is inside the content
    assert page.evaluate("!!document.activeElement.closest('main')")
    page.close()


def test_every_picture_has_a_text_alternative(site: Path, chromium: Any) -> None:
    page = chromium.new_page()
    page.goto((site / "styrkort" / "kf.html").as_uri())
    pictures = page.eval_on_selector_all(
        "svg", "els => els.map(s => [s.getAttribute('role'), s.querySelector('title')?.textContent,"
               " s.querySelector('desc')?.textContent])")
    page.close()
    assert len(pictures) > 5  # distribution, trends, goal chains
    for role, title, desc in pictures:
        assert role == "img" and title and desc


def test_print_layout_is_a4_with_one_unit_a_page(site: Path, chromium: Any) -> None:
    page = chromium.new_page()
    page.goto((site / "malrapport" / "kf.html").as_uri())
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('nav.slag')).display") == "none"
    breaks = page.eval_on_selector_all("section.enhet", "els => els.map(e => getComputedStyle(e).breakBefore)")
    assert len(breaks) > 1 and set(breaks) == {"page"}  # the summary, then one unit a page
    assert page.pdf(prefer_css_page_size=True).startswith(b"%PDF")
    page.close()
