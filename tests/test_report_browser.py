"""The example repository's HTML reports in a real browser, as the README makes them (6 December 2026, no
--period): axe-core (WCAG 2.1 A/AA) at 1280 and 390 px and the Nu HTML Checker on every page, no network, links
that reach every unit, keyboard navigation, legible goal chains on a phone, A4 print with page numbers and a
running header, and screenshots for a person to look at. The tools are required: a missing chromium, playwright,
axe or vnu.jar fails these tests with a message (tests/tools)."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdf
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
    """The example repository's HTML reports as the README makes them (no --period: the delårsbokslut 2026-H1),
    rendered once for the session as an internal site, so the checked pages hold every line a kommun may choose
    to show (authors and commit messages too). The repository is a copy under a Git history of its own (fixed
    authors and dates), so nothing of styr's own history reaches the pages."""
    base = tmp_path_factory.mktemp("rapport")
    example_with_history(base / "repo", 'Utfall Q3 & "prognos" <inlagt>\n\nMer text.')
    out = base / "public"
    result = CliRunner().invoke(app, ["report", str(base / "repo"), "--format", "html", "--date", "2026-12-06",
                                      "--out", str(out), "--quiet", "--internal"])
    assert result.exit_code == 0, result.output
    return out


WIDTHS = (1280, 390)  # a desktop and a phone


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
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for path in pages_of(site):
            page.goto(path.as_uri())
            for v in axe_violations(page):
                targets = [n.get("target") for n in v.get("nodes", [])][:3]
                found.violations.append(f"{path.relative_to(site)} ({width} px): {v['id']} ({v.get('impact')}) "
                                        f"{v.get('help')} {targets}")
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


def print_preview(chromium: Any, page_path: Path) -> tuple[bytes, list[str]]:
    """The page as Chromium prints it (A4, the page's own @page rules) and the text of each printed page."""
    page = chromium.new_page()
    page.goto(page_path.as_uri())
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('nav.slag')).display") == "none"
    data = page.pdf(prefer_css_page_size=True, display_header_footer=False)
    page.close()
    return data, [p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages]


def test_print_preview_is_a4_with_page_numbers_and_a_running_header(site: Path, chromium: Any) -> None:
    data, pages = print_preview(chromium, site / "malrapport" / "bun.html")
    reader = pypdf.PdfReader(io.BytesIO(data))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    assert len(pages) > 2
    for i, text in enumerate(pages, 1):
        assert f"Sida {i} av {len(pages)}" in text
        assert "Ekeby kommun · Målrapport Barn- och utbildningsnämnden · Delårsbokslut 2026-H1" in text
    joined = " ".join(" ".join(pages).split())
    assert "Indikatorer för BUN-M1" in joined  # folded details are printed


def test_print_has_no_forced_page_breaks_that_leave_white_gaps(site: Path, chromium: Any) -> None:
    page = chromium.new_page()
    page.goto((site / "malrapport" / "kf.html").as_uri())
    page.emulate_media(media="print")
    breaks = page.eval_on_selector_all("section, article", "els => els.map(e => getComputedStyle(e).breakBefore)")
    page.close()
    assert breaks and set(breaks) == {"auto"}


def test_the_goal_chain_is_legible_on_a_phone(site: Path, chromium: Any) -> None:
    """At 390 px the chain picture keeps its size and scrolls sideways: its text is at least 12 px."""
    page = chromium.new_page(viewport={"width": 390, "height": 800})
    page.goto((site / "styrkort" / "kf.html").as_uri())
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    sizes = page.eval_on_selector_all(
        ".kedjebild svg text", "els => els.map(e => e.getBoundingClientRect().height)")
    focusable = page.eval_on_selector_all(".kedjebild", "els => els.map(e => e.tabIndex)")
    page.close()
    assert sizes and min(sizes) >= 12, sizes
    assert set(focusable) == {0}  # a region that scrolls can be reached with the keyboard


def test_folded_details_open_for_the_reader(site: Path, chromium: Any) -> None:
    page = chromium.new_page()
    page.goto((site / "styrkort" / "bun.html").as_uri())
    summary = page.locator("article.mal details.detaljer > summary").first
    table = page.locator("article.mal details.detaljer table.indikatorer").first
    assert not table.is_visible()
    summary.focus()
    page.keyboard.press("Enter")
    assert table.is_visible()
    page.close()


def test_screenshots_for_a_person_to_look_at(site: Path, chromium: Any, tmp_path: Path) -> None:
    """Start page, a styrkort and a målrapport at 1280 and 390 px, and the målrapport's first printed page."""
    shots = []
    for width in WIDTHS:
        page = chromium.new_page(viewport={"width": width, "height": 1100})
        for name in ("index.html", "styrkort/bun.html", "malrapport/bun.html"):
            page.goto((site / name).as_uri())
            target = tmp_path / f"{name.replace('/', '-').removesuffix('.html')}-{width}.png"
            page.screenshot(path=str(target), full_page=False)
            shots.append(target)
        page.close()
    data, _ = print_preview(chromium, site / "malrapport" / "bun.html")
    (tmp_path / "malrapport-bun-utskrift.pdf").write_bytes(data)
    for shot in shots:
        assert shot.read_bytes().startswith(b"\x89PNG")
    print(f"Skärmbilder: {tmp_path}")
