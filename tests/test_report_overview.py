"""The report a politician reads (issue 13): the latest ended reporting period by default and why, an overview
grid on every styrkort and målrapport and the kommunmål on the start page, the change since the earlier period,
svart drawn black, 'Alla mål A–Ö' in Swedish order, changes since the decision, the kommun's accent colour and
logo, and one shared stylesheet."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
import typer
from lxml import html as lxml_html
from typer.testing import CliRunner

from styr.app.reports import earlier_period, latest_reporting_period
from styr.app.workspace import open_repository, settings_for
from styr.commands import report as report_cmd
from styr.model.periods import parse_period
from styr.model.vocab import Colour
from styr.render.site import overview
from styr.rules.p_publishing import DEFAULT_ACCENT, contrast
from styr.wording.change import change
from styr.wording.collation import sort_key

EXAMPLE = Path(__file__).resolve().parent.parent / "example-repo"
SMALL = Path(__file__).parent / "golden" / "report" / "repo"

app = typer.Typer()
app.command()(report_cmd.report)


@app.command()
def _other() -> None:  # a second command keeps typer from folding `report` into the app itself
    """Unused."""


def run(repo: Path, out: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["report", str(repo), "--out", str(out), "--no-history", *args])
    assert result.exit_code == 0, result.output
    return result.output


def doc(path: Path) -> lxml_html.HtmlElement:
    return lxml_html.document_fromstring(path.read_text(encoding="utf-8"))


def words(el: lxml_html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The README's report: example-repo on 6 December 2026, no --period."""
    out = tmp_path_factory.mktemp("exempel") / "public"
    output = run(EXAMPLE, out, "--date", "2026-12-06", "--quiet")
    assert output == ""
    return out


def copy_small(tmp_path: Path, model_extra: str = "") -> Path:
    repo = tmp_path / "repo"
    shutil.copytree(SMALL, repo)
    if model_extra:
        model = repo / "styrmodell.yaml"
        model.write_text(model.read_text(encoding="utf-8") + model_extra, encoding="utf-8")
    return repo


# -- the period ----------------------------------------------------------------------------------------------


def test_the_default_period_is_the_latest_ended_reporting_period_and_every_page_says_why(example: Path) -> None:
    pages = sorted(example.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        lines = [words(p) for p in doc(page).xpath("//header/p[@class='period']")]
        assert lines == ["Rapportperiod: Delårsbokslut 2026-H1, den senast avslutade rapportperioden "
                         "(per 6 december 2026)."], page.name


@pytest.mark.parametrize(("today", "codes", "expected", "before"), [
    ("2026-12-06", None, "2026-H1", "2025"),
    ("2026-06-30", None, "2025", "2025-H1"),
    ("2027-01-01", None, "2026", "2026-H1"),
    ("2026-12-06", "[T1, T2, helår]", "2026-T2", "2026-T1"),
    ("2026-04-30", "[T1, T2, helår]", "2025", "2025-T2"),
])
def test_rapportperioder_decide_the_default(tmp_path: Path, today: str, codes: str | None, expected: str,
                                            before: str) -> None:
    repo = copy_small(tmp_path, f"rapportperioder: {codes}\n" if codes else "")
    opened = open_repository(settings_for(repo, today))
    latest = latest_reporting_period(opened.repo, date.fromisoformat(today))
    assert latest.text == expected
    found = earlier_period(opened.repo, latest)
    assert found is not None and found.text == before


def test_a_follow_up_period_compares_with_the_one_before(tmp_path: Path) -> None:
    opened = open_repository(settings_for(copy_small(tmp_path), "2026-12-06"))
    found = earlier_period(opened.repo, parse_period("2026-Q3"))
    assert found is not None and found.text == "2026-Q2"


def test_the_page_says_when_the_period_is_not_the_latest(tmp_path: Path) -> None:
    repo = copy_small(tmp_path, "rapportperioder: [T2, helår]\n")
    run(repo, tmp_path / "t2", "--date", "2026-12-06", "--quiet")
    assert "Tertialrapport 2026-T2, den senast avslutade rapportperioden" in words(
        doc(tmp_path / "t2" / "index.html").xpath("//p[@class='period']")[0])
    run(repo, tmp_path / "q3", "--date", "2026-12-06", "--quiet", "--period", "2026-Q3")
    line = words(doc(tmp_path / "q3" / "index.html").xpath("//p[@class='period']")[0])
    assert "Kvartalsuppföljning 2026-Q3, en uppföljningsperiod mellan rapporterna" in line


# -- the overview --------------------------------------------------------------------------------------------


def test_every_styrkort_and_malrapport_opens_with_an_overview_grid(example: Path) -> None:
    for kind in ("styrkort", "malrapport"):
        for page in sorted((example / kind).glob("*.html")):
            d = doc(page)
            grid = d.xpath("//section[@class='oversikt']")
            assert len(grid) == 1, page
            first_goal = d.xpath("//article[@class='mal']")
            if first_goal:  # the grid comes before the goals' details
                assert grid[0].getparent().index(grid[0]) >= 0
                assert d.getroottree().getpath(grid[0]) < d.getroottree().getpath(first_goal[0]) or \
                    page.read_text(encoding="utf-8").index('class="oversikt"') < \
                    page.read_text(encoding="utf-8").index('class="mal"')
            cells = grid[0].xpath(".//section[@class='ruta']/h3 | .//section[@class='ruta']/h2")
            assert [words(c) for c in cells] == ["Verksamhet", "Arbetsmiljö", "Hållbar utveckling", "Ekonomi"]
            for item in grid[0].xpath(".//ul[@class='rutmal']/li"):
                text = words(item)
                assert item.xpath(".//span[contains(@class, 'farg ')]"), text  # symbol and word
                assert item.xpath(".//a[starts-with(@href, '#mal-')]"), text


def test_the_start_page_shows_the_kommun_goals_with_the_colours_below_them(example: Path) -> None:
    grid = doc(example / "index.html").xpath("//section[@class='oversikt']")[0]
    items = grid.xpath(".//ul[@class='rutmal']/li")
    assert [words(i.xpath(".//a")[0]).split()[0] for i in items] == [f"KF-M{n}" for n in (1, 2, 3, 4, 5, 6)]
    svart = [i for i in items if i.xpath(".//span[@class='rutfarg']/span[contains(@class, 'farg-svart')]")]
    assert len(svart) <= 1
    for item in items:
        below = words(item.xpath(".//span[@class='under']")[0])
        assert re.search(r"Målen under i målkedjan: \d+ mål: \d+ grön, \d+ gul, \d+ röd, \d+ svart", below), below


def test_the_grid_shows_the_change_since_the_earlier_period(tmp_path: Path) -> None:
    run(SMALL, tmp_path, "--date", "2026-11-29", "--period", "2026-H1", "--quiet")
    grid = doc(tmp_path / "styrkort" / "bun.html").xpath("//section[@class='oversikt']")[0]
    assert "↑ bättre sedan bokslut 2025 (gul)" in words(grid)
    assert "Pilen visar förändringen sedan bokslut 2025" in words(grid)


@pytest.mark.parametrize(("before", "now", "expected"), [
    (Colour.GUL, Colour.GRON, ("↑", "bättre")), (Colour.GRON, Colour.ROD, ("↓", "sämre")),
    (Colour.GUL, Colour.GUL, ("→", "oförändrad")), (Colour.SVART, Colour.GRON, ("–", "kan inte jämföras")),
    (Colour.GRON, Colour.SVART, ("–", "kan inte jämföras")), (None, Colour.GRON, ("–", "kan inte jämföras")),
])
def test_change_words(before: Colour | None, now: Colour, expected: tuple[str, str]) -> None:
    found = change(before, now, "sedan bokslut 2025", "gul")
    assert (found.symbol, found.word) == expected


# -- svart, symbols, stylesheet -----------------------------------------------------------------------------


def test_svart_reads_as_black_and_markdown_uses_the_same_symbols(tmp_path: Path, example: Path) -> None:
    css = (example / "stil.css").read_text(encoding="utf-8")
    rule = re.search(r"\.farg-svart \{([^}]*)\}", css)
    assert rule is not None and "background: #1a1a1a" in rule.group(1) and "color: #ffffff" in rule.group(1)
    run(SMALL, tmp_path, "--date", "2026-11-29", "--format", "md", "--quiet")
    text = "".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.md"))
    assert "◆ svart" in text and "● grön" in text
    assert not re.search("[\U0001F7E0-\U0001F7FF\u26AB]", text)  # no coloured emoji circles


def test_one_shared_stylesheet_instead_of_css_in_every_page(example: Path) -> None:
    css = (example / "stil.css").read_text(encoding="utf-8")
    assert ".farg-gron" in css and "@page" in css
    for page in example.rglob("*.html"):
        d = doc(page)
        assert [x.get("href") for x in d.xpath("//link[@rel='stylesheet']")] in (["stil.css"], ["../stil.css"])
        assert len(d.xpath("string(//style)")) < 300  # only the page's running header for print


# -- Alla mål A–Ö -----------------------------------------------------------------------------------------------


def test_swedish_order_puts_a_ring_a_umlaut_o_umlaut_after_z() -> None:
    titles = ["Östra", "Zon", "Äldre", "Åtgärd", "apa", "Öl", "Banan", "Ärende", "éclair", "Ede"]
    assert sorted(titles, key=sort_key) == ["apa", "Banan", "éclair", "Ede", "Zon", "Åtgärd", "Äldre",
                                               "Ärende", "Öl", "Östra"]


def test_alla_mal_lists_every_goal_a_to_o(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = copy_small(tmp_path)
    for rel, title in (("kommun/mål/ekonomi.yaml", "Ökad ekonomisk balans"),
                       ("kommun/mål/trygghet.yaml", "Ärliga och trygga skolor"),
                       ("kommun/namnd/mål/trygg-skola.yaml", "Zonindelning av skolgården")):
        path = repo / rel
        path.write_text(re.sub(r"(?m)^titel: .*$", f"titel: {title}", path.read_text(encoding="utf-8")),
                        encoding="utf-8")
    run(repo, tmp_path / "ut", "--date", "2026-11-29", "--quiet")
    rows = doc(tmp_path / "ut" / "alla-mal" / "index.html").xpath("//table[@class='allamal']/tbody/tr")
    titles = [words(r.xpath("./th")[0]).split(" ", 1)[1] for r in rows]
    assert titles == ["Trygga raster", "Zonindelning av skolgården", "Ärliga och trygga skolor",
                      "Ökad ekonomisk balans"]
    assert words(rows[0].xpath("./td")[0]) == "Skolan"  # the unit
    assert rows[0].xpath(".//span[contains(@class, 'farg ')]")
    monkeypatch.setattr(overview, "ALL_GOALS_PAGE", 3)  # a long list is split into pages
    run(repo, tmp_path / "sidor", "--date", "2026-11-29", "--quiet")
    second = doc(tmp_path / "sidor" / "alla-mal" / "sida-2.html")
    assert [words(a) for a in second.xpath("//nav[@class='sidor']//li")] == ["T–Ä", "Ö–Ö"]
    assert len(second.xpath("//table[@class='allamal']/tbody/tr")) == 1


# -- changes since the decision ---------------------------------------------------------------------------------


def git(top: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_CEILING_DIRECTORIES=str(top.parent),
               GIT_AUTHOR_NAME="Karin Ek", GIT_AUTHOR_EMAIL="karin@ekeby.se", GIT_COMMITTER_NAME="Karin Ek",
               GIT_COMMITTER_EMAIL="karin@ekeby.se")
    proc = subprocess.run(["git", *args], cwd=top, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def test_changes_since_the_decision(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    repo = copy_small(tmp_path)
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Mål 2026")
    git(repo, "tag", "-a", "beslut/KF/2026-10-23", "-m",
        "KF antog målen\n\norgan: KF\ndatum: 2026-10-23\nparagraf: § 9")
    goal = repo / "kommun" / "mål" / "trygghet.yaml"
    goal.write_text(goal.read_text(encoding="utf-8").replace("2026: 88}", "2026: 92}"), encoding="utf-8")
    result = CliRunner().invoke(app, ["report", str(repo), "--out", str(tmp_path / "ut"), "--date", "2026-11-29",
                                      "--quiet"])
    assert result.exit_code == 0, result.output
    section = doc(tmp_path / "ut" / "styrkort" / "kf.html").xpath("//section[@class='beslut']")
    assert len(section) == 1
    text = words(section[0])
    assert text.startswith("Förändringar sedan beslutet Sedan KF antog målen 2026-10-23 § 9 har 1 mål ändrats")
    assert "KF-M1" in text and "målvärde 2026: 88 → 92" in text
    # BUN's organ has decided nothing: no section that would claim it did
    assert not doc(tmp_path / "ut" / "styrkort" / "bun.html").xpath("//section[@class='beslut']")


# -- the kommun's own look -------------------------------------------------------------------------------------


def test_accent_colour_with_enough_contrast_is_used(tmp_path: Path) -> None:
    repo = copy_small(tmp_path)
    model = repo / "styrmodell.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("publicering:\n", "publicering:\n  accentfärg: "
                                                                                 '"#00507a"\n'), encoding="utf-8")
    run(repo, tmp_path / "ut", "--date", "2026-11-29", "--quiet")
    assert "--lank: #00507a;" in (tmp_path / "ut" / "stil.css").read_text(encoding="utf-8")


def test_accent_colour_below_wcag_aa_is_refused(tmp_path: Path) -> None:
    repo = copy_small(tmp_path)
    model = repo / "styrmodell.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("publicering:\n", "publicering:\n  accentfärg: "
                                                                                 '"#ffcc00"\n'), encoding="utf-8")
    output = run(repo, tmp_path / "ut", "--date", "2026-11-29")
    assert "Accentfärgen #ffcc00 har bara 1,39:1 i kontrast" in output
    assert f"--lank: {DEFAULT_ACCENT};" in (tmp_path / "ut" / "stil.css").read_text(encoding="utf-8")
    assert contrast(DEFAULT_ACCENT, "#ffffff") >= 4.5


def with_logo_setting(repo: Path) -> None:
    model = repo / "styrmodell.yaml"
    text = model.read_text(encoding="utf-8")
    model.write_text(text.replace("publicering:\n", "publicering:\n  logotyp: bilder/vapen.svg\n"), encoding="utf-8")


LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 12"><path d="M0 0h10v8l-5 4-5-4z" '
        'fill="#1a4fa0"/></svg>')


def test_the_logo_is_copied_into_the_site(tmp_path: Path) -> None:
    repo = copy_small(tmp_path, "")
    (repo / "bilder").mkdir()
    (repo / "bilder" / "vapen.svg").write_text(LOGO, encoding="utf-8")
    with_logo_setting(repo)
    run(repo, tmp_path / "ut", "--date", "2026-11-29", "--quiet")
    assert (tmp_path / "ut" / "logotyp.svg").read_text(encoding="utf-8") == LOGO
    imgs = doc(tmp_path / "ut" / "styrkort" / "kf.html").xpath("//header//img[@class='logotyp']")
    assert [(i.get("src"), i.get("alt")) for i in imgs] == [("../logotyp.svg", "Provby kommuns logotyp")]


@pytest.mark.parametrize(("make", "said"), [
    (lambda repo: (repo / "bilder" / "vapen.svg").write_text(LOGO.replace("<path", "<script>alert(1)</script><path"),
                                                             encoding="utf-8"), "skript"),
    (lambda repo: (repo / "bilder" / "vapen.svg").symlink_to("/etc/hostname"), "vanlig fil i målrepot"),
    (lambda repo: (repo / "bilder" / "vapen.svg").write_bytes(b"<svg>" + b" " * 600_000 + b"</svg>"), "512 kB"),
])
def test_an_unsafe_logo_is_refused_with_a_note(tmp_path: Path, make: object, said: str) -> None:
    repo = copy_small(tmp_path)
    (repo / "bilder").mkdir()
    make(repo)  # type: ignore[operator]
    with_logo_setting(repo)
    output = run(repo, tmp_path / "ut", "--date", "2026-11-29")
    assert "logotypen" in output and said in output
    assert not list((tmp_path / "ut").glob("logotyp.*"))
    assert not doc(tmp_path / "ut" / "index.html").xpath("//img")
