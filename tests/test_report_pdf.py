"""`styr report --format pdf`: one tagged PDF per unit and report kind and one of the whole report, checked with
pypdf: PDF/UA identification, the structure tree (headings, tables, figures with alternative text), document
language sv, title, bookmarks, page numbers and running header in the text. Needs WeasyPrint and Pango
(scripts/install-test-tools.sh); a picture of a PDF page needs pdftoppm (poppler-utils)."""

from __future__ import annotations

import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pypdf
import pytest
import typer
from typer.testing import CliRunner

from styr.commands import report as report_cmd

EXAMPLE = Path(__file__).resolve().parent.parent / "example-repo"

app = typer.Typer()
app.command()(report_cmd.report)


@app.command()
def _other() -> None:  # a second command keeps typer from folding `report` into the app itself
    """Unused."""


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The PDFs of Förskola (a unit without units below: quick to make) from the example, delårsbokslut 2026."""
    out = tmp_path_factory.mktemp("pdf") / "ut"
    result = CliRunner().invoke(app, ["report", str(EXAMPLE), "--format", "pdf", "--unit", "BUN-FS", "--date",
                                      "2026-12-06", "--out", str(out), "--no-history"])
    assert result.exit_code == 0, result.output
    assert "Skrev 4 PDF-filer (delår (halvår 1) 2026)" in result.output
    return out


def structure(node: Any, counts: Counter[str], alts: list[str]) -> None:
    node = node.get_object() if hasattr(node, "get_object") else node
    if isinstance(node, dict):
        kind = node.get("/S")
        if kind is not None:
            counts[str(kind)] += 1
            if kind == "/Figure":
                alts.append(str(node.get("/Alt", "")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else ([kids] if kids is not None else []):
            structure(kid, counts, alts)


def outline_titles(items: list[Any]) -> list[str]:
    out: list[str] = []
    for item in items:
        if isinstance(item, list):
            out.extend(outline_titles(item))
        else:
            out.append(str(item["/Title"]))
    return out


def test_one_pdf_per_unit_and_kind_and_one_of_the_whole_report(pdfs: Path) -> None:
    files = sorted(p.relative_to(pdfs).as_posix() for p in pdfs.rglob("*.pdf"))
    assert files == ["hela-rapporten.pdf", "malrapport/bun-fs.pdf", "styrkort/bun-fs.pdf",
                     "verksamhetsplan/bun-fs.pdf"]
    assert not list(pdfs.rglob("*.html"))


@pytest.mark.parametrize("name", ["styrkort/bun-fs.pdf", "malrapport/bun-fs.pdf", "hela-rapporten.pdf"])
def test_the_pdf_is_tagged_with_language_title_bookmarks_and_alt_texts(pdfs: Path, name: str) -> None:
    reader = pypdf.PdfReader(pdfs / name)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "sv"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()  # PDF/UA identification
    title = str(reader.metadata.title)
    assert "Förskola" in title or "hela rapporten" in title
    counts: Counter[str] = Counter()
    alts: list[str] = []
    structure(root["/StructTreeRoot"], counts, alts)
    assert counts["/H1"] >= 1 and counts["/Table"] >= 1 and counts["/TH"] >= 1 and counts["/L"] >= 1
    assert counts["/Figure"] >= 1 and all(alt.strip() for alt in alts), alts  # every picture has a text
    titles = outline_titles(reader.outline)
    assert len(titles) > 3
    assert any(t.startswith("BUN-FS-M1") for t in titles)  # the goals are bookmarks


def test_the_text_has_page_numbers_running_header_and_the_content(pdfs: Path) -> None:
    reader = pypdf.PdfReader(pdfs / "malrapport" / "bun-fs.pdf")
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 2
    for i, text in enumerate(pages, 1):
        assert f"Sida {i} av {len(pages)}" in text
        assert "Ekeby kommun · Målrapport Förskola · Delårsbokslut 2026-H1" in text
    whole = " ".join(" ".join(pages).split())
    assert "Delårsbokslut 2026-H1, den senast avslutade rapportperioden" in whole
    assert "Barnens språkutveckling stärks i förskolan" in whole
    assert "Indikatorer för BUN-FS-M1" in whole  # the folded details are printed
    assert "◆ svart" in whole or "● grön" in whole or "▲ gul" in whole


def test_the_whole_report_holds_the_start_page_and_every_malrapport(pdfs: Path) -> None:
    reader = pypdf.PdfReader(pdfs / "hela-rapporten.pdf")
    titles = outline_titles(reader.outline)
    assert titles[0] == "Ekeby kommun: mål och resultat"
    assert "Målrapport, delårsbokslut 2026: Förskola" in titles
    assert reader.metadata.title == "Ekeby kommun: mål och resultat, delår (halvår 1) 2026 (hela rapporten)"


def test_a_picture_of_a_pdf_page(pdfs: Path, tmp_path: Path) -> None:
    """For a person to look at: the first page of the målrapport as PNG in the test's folder."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.fail("pdftoppm saknas: installera Debians paket poppler-utils (scripts/install-test-tools.sh).",
                    pytrace=False)
    subprocess.run([tool, "-r", "60", "-f", "1", "-l", "1", "-png", str(pdfs / "malrapport" / "bun-fs.pdf"),
                    str(tmp_path / "pdf-sida")], check=True)
    pictures = list(tmp_path.glob("pdf-sida*.png"))
    assert len(pictures) == 1 and pictures[0].read_bytes().startswith(b"\x89PNG")
    print(f"Bild av en PDF-sida: {pictures[0]}")
