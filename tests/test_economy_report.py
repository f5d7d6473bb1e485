"""The economy beside the goals in the reports: each nämnd's budget, utfall (prognos) and avvikelse next to its goal
fulfilment in the målrapport and on the start page, the kommun's sum, and who lacks figures. Expected values are
read from the example repository's YAML and from `styr status --format json`, never written into the test."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from styr.cli import app

EXAMPLE = Path(__file__).resolve().parents[1] / "example-repo"
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
DATE = "2026-12-06"
runner = CliRunner()


def report(repo: Path, out: Path, period: str, fmt: str = "html", *extra: str) -> Path:
    result = runner.invoke(app, ["report", str(repo), "--format", fmt, "--period", period, "--date", DATE, "--out",
                                 str(out), "--kind", "målrapport", "--no-history", "--quiet", *extra])
    assert result.exit_code == 0, result.output
    return out


def namnder(repo: Path) -> list[dict[str, Any]]:
    """The styrkort of each unit one level below the kommun, as YAML reads it."""
    cards = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((repo / "kommun").glob("*/styrkort.yaml"))]
    return sorted(cards, key=lambda c: c["namn"])


def kommun(repo: Path) -> dict[str, Any]:
    card: dict[str, Any] = yaml.safe_load((repo / "kommun" / "styrkort.yaml").read_text(encoding="utf-8"))
    return card


def colours(repo: Path, period: str, unit_id: str) -> Counter[str]:
    """The colours of a unit's own goals, as `styr status` computes them."""
    result = runner.invoke(app, ["status", str(repo), "--period", period, "--date", DATE, "--format", "json",
                                 "--unit", unit_id])
    assert result.exit_code in (0, 1), result.output
    return Counter(g["färg"] for g in json.loads(result.stdout)["mål"] if g["enhet"] == unit_id)


class EconomyTable(HTMLParser):
    """The first economy table's rows as (section, cells); a cell's text leaves out its detail (a comment, a word)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[str, list[str]]] = []
        self.details: list[str] = []
        self._in_table = False
        self._section = ""
        self._cell: list[str] | None = None
        self._detail: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "table" and "ekonomitabell" in classes and not self.rows:
            self._in_table = True  # the first one: the page's own unit (the parts below have theirs too)
        elif self._in_table and tag in ("thead", "tbody", "tfoot"):
            self._section = tag
        elif self._in_table and tag == "tr":
            self.rows.append((self._section, []))
        elif self._in_table and tag in ("th", "td"):
            self._cell = []
        elif self._cell is not None and tag == "span" and "detalj" in classes:
            self._detail = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = False
        elif tag in ("th", "td") and self._cell is not None:
            self.rows[-1][1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "span" and self._detail is not None:
            self.details.append("".join(self._detail))
            self._detail = None

    def handle_data(self, data: str) -> None:
        if self._detail is not None:
            self._detail.append(data)
        elif self._cell is not None:
            self._cell.append(data)


def table(page: Path) -> EconomyTable:
    parser = EconomyTable()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def amount(text: str) -> float:
    """'303 500' → 303500, '−1 200' → -1200, '+2 300' → 2300: as a reader reads the cell."""
    return float(text.replace("\u00a0", "").replace(" ", "").replace("\u2212", "-").replace(",", ".").lstrip("+"))


def counted(text: str) -> Counter[str]:
    """'● 1 grön ▲ 2 gul' → {grön: 1, gul: 2}."""
    words = text.replace("\u00a0", " ").split()
    return Counter({words[i + 1]: int(w) for i, w in enumerate(words[:-1]) if w.isdigit()})


@pytest.fixture(scope="module")
def bokslut(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return report(EXAMPLE, tmp_path_factory.mktemp("bokslut") / "site", "2025")


def test_the_bokslut_shows_each_namnd_beside_its_goals_and_the_kommuns_sum(bokslut: Path) -> None:
    """issue 13: on example-repo the 2025 bokslut målrapport shows each nämnd's budget, utfall and avvikelse beside
    its goal fulfilment, and the kommun's sum."""
    parsed = table(bokslut / "malrapport" / "kf.html")
    head = next(cells for section, cells in parsed.rows if section == "thead")
    assert head == ["Nämnd", "Måluppfyllelse", "Budget", "Utfall", "Avvikelse"]
    body = [cells for section, cells in parsed.rows if section == "tbody"]
    cards = namnder(EXAMPLE)
    assert [cells[0] for cells in body] == [c["namn"] for c in cards]
    for card, cells in zip(cards, body, strict=True):
        figures = card["ekonomi"][2025]
        assert counted(cells[1]) == colours(EXAMPLE, "2025", card["id"]), card["id"]
        assert [amount(c) for c in cells[2:]] == [figures["budget"], figures["utfall"], figures["avvikelse"]]
    foot = [cells for section, cells in parsed.rows if section == "tfoot"]
    assert [cells[0] for cells in foot] == ["Summa nämnderna", "Ekeby kommun (egna siffror)"]
    sums = [sum(c["ekonomi"][2025][key] for c in cards) for key in ("budget", "utfall", "avvikelse")]
    assert [amount(c) for c in foot[0][2:]] == sums
    assert counted(foot[0][1]) == sum((counted(cells[1]) for cells in body), Counter())
    own = kommun(EXAMPLE)["ekonomi"][2025]
    assert [amount(c) for c in foot[1][2:]] == [own["budget"], own["utfall"], own["avvikelse"]]
    assert counted(foot[1][1]) == colours(EXAMPLE, "2025", "KF")
    # the words beside the signs, and the comments
    assert {"överskott", "underskott"} <= set(parsed.details)
    assert all(c["ekonomi"][2025].get("kommentar", "") in parsed.details for c in cards if "kommentar" in
               c["ekonomi"][2025])


def test_the_start_page_shows_the_kommun_and_its_namnder(bokslut: Path) -> None:
    parsed = table(bokslut / "index.html")
    body = [cells for section, cells in parsed.rows if section == "tbody"]
    assert [cells[0] for cells in body] == [c["namn"] for c in namnder(EXAMPLE)]
    assert [cells[0] for section, cells in parsed.rows if section == "tfoot"] == [
        "Summa nämnderna", "Ekeby kommun (egna siffror)"]


def test_a_namnd_without_figures_below_it_shows_its_own(bokslut: Path) -> None:
    parsed = table(bokslut / "malrapport" / "bun.html")
    card = next(c for c in namnder(EXAMPLE) if c["id"] == "BUN")
    rows = [(section, cells) for section, cells in parsed.rows if section != "thead"]
    assert [(section, cells[0]) for section, cells in rows] == [("tbody", card["namn"])]
    assert amount(rows[0][1][-1]) == card["ekonomi"][2025]["avvikelse"]


def test_the_delar_in_markdown_has_the_prognos_and_the_utfall_so_far(tmp_path: Path) -> None:
    site = report(EXAMPLE, tmp_path / "md", "2026-H1", "md")
    text = (site / "malrapport" / "kf.md").read_text(encoding="utf-8")
    assert "| Nämnd | Måluppfyllelse | Budget | Utfall hittills | Prognos helår | Avvikelse |" in text
    lines = {line.split(" | ")[0].split("](")[0].strip("|[ "): line for line in text.splitlines()
             if line.startswith("| ")}
    for card in namnder(EXAMPLE):
        figures = card["ekonomi"]["2026-H1"]
        cells = [c.strip() for c in lines[card["namn"]].strip("|").split("|")]
        assert [amount(c.split(" (")[0].replace("\\", "")) for c in cells[2:]] == [
            figures["budget"], figures["utfall"], figures["prognos"], figures["avvikelse"]]
    total = [c.strip() for c in lines["Summa nämnderna"].strip("|").split("|")]
    assert amount(total[4]) == sum(c["ekonomi"]["2026-H1"]["prognos"] for c in namnder(EXAMPLE))


def test_the_kommun_page_names_the_namnder_that_lack_figures(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo)
    card = repo / "kommun" / "socialnamnden" / "styrkort.yaml"
    text = card.read_text(encoding="utf-8")
    card.write_text(text[:text.index("ekonomi:\n")], encoding="utf-8")
    parsed = table(report(repo, tmp_path / "site", "2025") / "malrapport" / "kf.html")
    rows = {cells[0]: cells for _, cells in parsed.rows}
    assert rows["Socialnämnden"][2:] == ["Siffror saknas"]
    assert "Summa nämnderna" not in rows and "Ekeby kommun (egna siffror)" in rows
    page = (tmp_path / "site" / "malrapport" / "kf.html").read_text(encoding="utf-8")
    assert "Siffror för bokslut 2025 saknas för Socialnämnden, så summan för nämnderna kan inte räknas fram" in page


def test_no_figures_no_economy_section(tmp_path: Path) -> None:
    # a period without figures in the example, and a repository that keeps no economy at all
    quarter = report(EXAMPLE, tmp_path / "q3", "2026-Q3")
    minimal = report(MINIMAL, tmp_path / "minimal", "2025", "md")
    assert "ekonomitabell" not in (quarter / "malrapport" / "kf.html").read_text(encoding="utf-8")
    assert "Ekonomi och måluppfyllelse" not in (minimal / "malrapport" / "kf.md").read_text(encoding="utf-8")
    assert "Ekonomi och måluppfyllelse" not in (minimal / "README.md").read_text(encoding="utf-8")


def test_user_text_in_the_economy_is_escaped(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(MINIMAL, repo)
    card = repo / "kommun" / "nämnd" / "styrkort.yaml"
    card.write_text(card.read_text(encoding="utf-8") + "ekonomi:\n  2025:\n    budget: 1000\n    utfall: 900\n"
                    "    kommentar: '<script>x()</script> *fet* [länk](http://a.se)'\n", encoding="utf-8")
    html = (report(repo, tmp_path / "html", "2025") / "malrapport" / "kf.html").read_text(encoding="utf-8")
    assert "<script>x()" not in html and "&lt;script&gt;x()&lt;/script&gt;" in html
    md = (report(repo, tmp_path / "md", "2025", "md") / "malrapport" / "kf.md").read_text(encoding="utf-8")
    assert "\\*fet\\*" in md and "\\[länk\\]" in md
