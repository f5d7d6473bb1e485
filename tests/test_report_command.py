"""`styr report` end to end: options and usage errors, kinds, --unit, --templates, golden Markdown, and an
injection corpus in every free-text field of a goal repository."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import typer
from lxml import html as lxml_html
from test_report_markdown import INJECTIONS, assert_markdown_inert
from typer.testing import CliRunner

from styr import parallel as parallel_module
from styr.commands import report as report_cmd
from styr.render.site import render as render_module
from styr.render.site.progress import Bar, Silent, progress_for
from styr.render.site.site import MANIFEST

GOLDEN = Path(__file__).parent / "golden" / "report"
REPO = GOLDEN / "repo"
UPDATE = os.environ.get("STYR_UPDATE_GOLDEN") == "1"

app = typer.Typer()
app.command()(report_cmd.report)


@app.command()
def _other() -> None:  # a second command keeps typer from folding `report` into the app itself
    """Unused."""


runner = CliRunner()


def run(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["report", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def render(out: Path, *args: str) -> None:
    # REPO lies inside styr's own Git repository: its history must not reach golden files (test_report_history)
    code, output = run(REPO, "--out", out, "--date", "2026-11-29", "--quiet", "--no-history", *args)
    assert code == 0, output


# -- usage errors -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "ange en utmapp med --out"),
        (["--format", "docx"], "okänt format 'docx'"),
        (["--kind", "malrapprot"], "Menade du 'malrapport'?"),
        (["--period", "2026-H3"], "Ogiltig period '2026-H3'"),
        (["--unit", "BNU"], "Menade du 'BUN'?"),
        (["--templates", "/finns/inte"], "mallmappen '/finns/inte' finns inte"),
    ],
)
def test_usage_errors_exit_2_in_swedish(tmp_path: Path, args: list[str], message: str) -> None:
    out = ["--out", str(tmp_path / "ut")] if args else []
    code, output = run(REPO, *out, *args)
    assert code == 2
    assert message in output
    assert "Traceback" not in output
    assert not (tmp_path / "ut").exists()


def test_not_a_goal_repository(tmp_path: Path) -> None:
    code, output = run(tmp_path, "--out", tmp_path / "ut")
    assert code == 2 and "målrepo" in output


def test_foreign_folder_is_refused_then_forced(tmp_path: Path) -> None:
    (tmp_path / "viktig.txt").write_text("rör ej", encoding="utf-8")
    code, output = run(REPO, "--out", tmp_path, "--quiet")
    assert code == 2 and "--force" in output
    assert [p.name for p in tmp_path.iterdir()] == ["viktig.txt"]
    code, output = run(REPO, "--out", tmp_path, "--quiet", "--force")
    assert code == 0, output
    assert (tmp_path / "index.html").is_file() and (tmp_path / "viktig.txt").is_file()


def test_summary_line_and_rerun(tmp_path: Path) -> None:
    code, output = run(REPO, "--out", tmp_path / "ut", "--date", "2026-11-29", "--period", "2026-H1")
    assert code == 0
    assert "Skrev 11 sidor (delår (halvår 1) 2026)" in output
    code, output = run(REPO, "--out", tmp_path / "ut", "--date", "2026-11-29", "--kind", "styrkort")
    assert code == 0 and "gamla filer borttagna" in output  # the other kinds' pages are gone again
    assert not (tmp_path / "ut" / "malrapport").exists()


# -- kinds, units, periods ----------------------------------------------------------------------------------


def test_kind_accepts_ascii_spelling(tmp_path: Path) -> None:
    render(tmp_path, "--kind", "malrapport", "--period", "2026-H1")
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html"))
    assert written == ["alla-mal/index.html", "index.html", "malrapport/bun-sk.html", "malrapport/bun.html",
                       "malrapport/kf.html"]


def test_unit_renders_that_unit_and_the_units_below_it(tmp_path: Path) -> None:
    # as `styr status --unit`: the unit's subtree, in any letter case
    render(tmp_path, "--unit", "bun", "--period", "2026-H1")
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html"))
    assert written == ["alla-mal/index.html", "index.html", "malrapport/bun-sk.html", "malrapport/bun.html",
                       "styrkort/bun-sk.html", "styrkort/bun.html", "verksamhetsplan/bun-sk.html",
                       "verksamhetsplan/bun.html"]
    page = (tmp_path / "styrkort" / "bun.html").read_text(encoding="utf-8")
    assert 'href="kf.html' not in page  # the unit above was not written
    assert "Provby kommun" in page and "Skolan" in page


def test_unit_without_units_below_renders_only_itself(tmp_path: Path) -> None:
    render(tmp_path, "--unit", "BUN-SK", "--period", "2026-H1")
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.html"))
    assert written == ["alla-mal/index.html", "index.html", "malrapport/bun-sk.html", "styrkort/bun-sk.html",
                       "verksamhetsplan/bun-sk.html"]
    page = (tmp_path / "styrkort" / "bun-sk.html").read_text(encoding="utf-8")
    assert 'href="kf.html' not in page and 'href="bun.html' not in page  # pages that were not written


def test_malrapport_assembles_the_level_below(tmp_path: Path) -> None:
    render(tmp_path, "--kind", "målrapport", "--period", "2026-H1")
    kf = (tmp_path / "malrapport" / "kf.html").read_text(encoding="utf-8")
    assert 'id="mal-bun-m1"' in kf and "Alla elever är trygga i skolan" in kf  # the nämnd's part is in it
    # two levels down: counted in the summary (and in the goal chain), reported in the nämnd's report
    assert 'id="enhet-bun-sk"' not in kf and 'id="mal-bun-sk-m1"' not in kf
    assert "Prognos för helåret" in kf
    assert 'class="figur trend"' in kf  # the målrapport has the indicators' charts too


def test_delar_shows_forecast_and_bokslut_the_previous_year(tmp_path: Path) -> None:
    render(tmp_path / "h1", "--period", "2026-H1", "--format", "md")
    render(tmp_path / "ar", "--period", "2025", "--format", "md")
    h1 = (tmp_path / "h1" / "malrapport" / "kf.md").read_text(encoding="utf-8")
    year = (tmp_path / "ar" / "malrapport" / "kf.md").read_text(encoding="utf-8")
    assert "Prognos för helåret:** ● grön" in h1 and "Föregående år" not in h1
    assert "Föregående år (2024):**" in year and "Utfall föregående år" in year and "Prognos" not in year


def test_hidden_people(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REPO, repo)
    model = repo / "styrmodell.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("visa_ansvarig: true", "visa_ansvarig: false"),
                     encoding="utf-8")
    code, output = run(repo, "--out", tmp_path / "ut", "--quiet", "--date", "2026-11-29")
    assert code == 0, output
    text = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "ut").rglob("*.html"))
    assert "Karin Ek" not in text and "Rektorerna" not in text and "Ansvarig" not in text


def test_own_templates_override_single_files(tmp_path: Path) -> None:
    own = tmp_path / "mallar" / "html"
    own.mkdir(parents=True)
    (own / "style.css.j2").write_text("body { font-family: 'Provby Sans', serif; }\n", encoding="utf-8")
    render(tmp_path / "ut", "--templates", str(tmp_path / "mallar"), "--period", "2026-H1")
    page = (tmp_path / "ut" / "index.html").read_text(encoding="utf-8")
    assert "Organisationen" in page and '<link rel="stylesheet" href="stil.css">' in page
    assert "Provby Sans" in (tmp_path / "ut" / "stil.css").read_text(encoding="utf-8")


def test_a_file_that_cannot_be_read_is_named_not_silently_left_out(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(REPO, repo)
    (repo / "kommun" / "mål" / "ekonomi.yaml").write_text("id: KF-M2\ntitel: [trasig\n", encoding="utf-8")
    code, output = run(repo, "--out", tmp_path / "ut", "--date", "2026-11-29", "--no-history")
    assert code == 0, output
    assert "1 fil gick inte att läsa och saknas i rapporten (kommun/mål/ekonomi.yaml)" in output
    assert "styr validate" in output
    code, output = run(repo, "--out", tmp_path / "ut2", "--date", "2026-11-29", "--no-history", "--quiet")
    assert code == 0 and "gick inte att läsa" not in output


def _own_small_template(tmp_path: Path, name: str, field: str, gets: str, own_text: str) -> Path:
    """A kommun's own small template that reads the page is refused with what it gets; `own_text` is then used.
    Returns the folder written with it."""
    own = tmp_path / "mallar" / "html"
    own.mkdir(parents=True)
    (own / name).write_text(f"<p>{{{{ {field} }}}} på {{{{ page.title }}}}</p>\n", encoding="utf-8")
    code, output = run(REPO, "--out", tmp_path / "ut", "--quiet", "--templates", tmp_path / "mallar")
    assert code == 2
    assert f"mallen 'html/{name}'" in output and f"bara {gets}" in output
    (own / name).write_text(own_text, encoding="utf-8")
    code, output = run(REPO, "--out", tmp_path / "ut2", "--quiet", "--templates", tmp_path / "mallar")
    assert code == 0, output
    return tmp_path / "ut2"


def test_own_goal_template_gets_only_the_goal(tmp_path: Path) -> None:
    """_goal is rendered once per goal and shared between pages (docs/mallar.md), so it cannot see the page."""
    out = _own_small_template(tmp_path, "_goal.html.j2", "goal.id", "goal", '<p class="eget">{{ goal.id }}</p>\n')
    assert '<p class="eget">BUN-M1</p>' in (out / "styrkort" / "bun.html").read_text(encoding="utf-8")


def test_own_part_template_gets_the_part_the_site_and_the_overview(tmp_path: Path) -> None:
    """_part is made once and shown on two målrapport pages (docs/mallar.md): it gets part, site and overview."""
    out = _own_small_template(tmp_path, "_part.html.j2", "part.id", "part, site, overview",
                              '<p class="egen">{{ part.id }} · {{ site.municipality }}'
                              '{% if overview %} · {{ overview.heading }}{% endif %}</p>\n')
    styrkort = (out / "styrkort" / "bun.html").read_text(encoding="utf-8")
    malrapport = (out / "malrapport" / "bun.html").read_text(encoding="utf-8")
    assert re.search(r'<p class="egen">BUN · [^<·]+ · [^<]+</p>', styrkort)
    assert re.search(r'<p class="egen">BUN · [^<·]+</p>', malrapport)


def test_a_goal_looks_the_same_on_styrkort_and_malrapport_and_the_plan_links_to_it(tmp_path: Path) -> None:
    render(tmp_path, "--period", "2026-H1")
    goal = re.compile(r'<article class="mal".*?</article>', re.S)
    on_card = goal.findall((tmp_path / "styrkort" / "bun.html").read_text(encoding="utf-8"))
    in_report = goal.findall((tmp_path / "malrapport" / "bun.html").read_text(encoding="utf-8"))
    # the same goal, with its charts, rendered once for both pages; the goal chain is the styrkort's own block
    # after the goal (a large kommun's would weigh megabytes in the målrapport)
    assert on_card and on_card == in_report[:len(on_card)]
    assert 'class="figur trend"' in in_report[0]
    card = (tmp_path / "styrkort" / "bun.html").read_text(encoding="utf-8")
    assert '<section class="kedja" aria-labelledby="mal-bun-m1-kedja">' in card
    assert 'class="kedja"' not in (tmp_path / "malrapport" / "bun.html").read_text(encoding="utf-8")
    plan = (tmp_path / "verksamhetsplan" / "bun.html").read_text(encoding="utf-8")
    in_plan = goal.findall(plan)
    assert len(in_plan) == len(on_card)
    # the plan holds the goals with their activities and links to the styrkort for indicators and analysis
    assert 'class="indikatorer"' not in plan and 'class="figur trend"' not in plan
    assert all('href="../styrkort/bun.html#mal-' in g for g in in_plan)
    assert 'class="aktiviteter"' in plan


def test_own_template_cannot_escape_the_sandbox(tmp_path: Path) -> None:
    own = tmp_path / "mallar" / "html"
    own.mkdir(parents=True)
    (own / "index.html.j2").write_text("{{ page.__class__.__mro__[1].__subclasses__() }}", encoding="utf-8")
    code, output = run(REPO, "--out", tmp_path / "ut", "--quiet", "--templates", tmp_path / "mallar")
    assert code == 2 and "mallen" in output


def test_broken_template_is_reported_before_writing(tmp_path: Path) -> None:
    own = tmp_path / "mallar" / "md"
    own.mkdir(parents=True)
    (own / "index.md.j2").write_text("{% for x in %}", encoding="utf-8")
    code, output = run(REPO, "--out", tmp_path / "ut", "--format", "md", "--templates", tmp_path / "mallar")
    assert code == 2 and "syntaxfel i mallen" in output
    assert not (tmp_path / "ut").exists()


def test_progress_bar_only_on_a_terminal() -> None:
    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    assert isinstance(progress_for(quiet=False, stream=io.StringIO()), Silent)
    assert isinstance(progress_for(quiet=True, stream=Tty()), Silent)
    stream = Tty()
    with progress_for(quiet=False, stream=stream) as bar:
        bar.start(3)
        for _ in range(3):
            bar.advance()
    assert isinstance(progress_for(quiet=False, stream=Tty()), Bar)


@pytest.mark.parametrize("period", ["2026-H1", "2025"])  # a bokslut compares with the year before as well
def test_parallel_rendering_gives_the_same_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, period: str
                                                 ) -> None:
    """Pages made by several processes, and the open data by a helper in the background (styr.parallel.Background),
    are the files one process makes."""
    monkeypatch.setattr(render_module, "PARALLEL_FROM", 1)
    monkeypatch.setenv(render_module.JOBS_ENV, "2")
    background: list[bool] = []

    class Watched(parallel_module.Background[tuple[str, str]]):
        def __init__(self, *args: Any) -> None:
            super().__init__(*args)
            background.append(self.started)

        @property
        def ready(self) -> bool:
            return True  # taken at once (then waited for): the open data is written while pages are still made

    written_during_map: list[bool] = []
    mapping: list[bool] = []
    real_render, real_map = render_module._Job.render, parallel_module.map_shared

    def watched_render(job: Any, piece: Any) -> Any:
        if isinstance(piece, render_module.ExtraFiles) and piece.late:
            written_during_map.append(bool(mapping))
        return real_render(job, piece)

    def watched_map(*args: Any, **kwargs: Any) -> Any:
        mapping.append(True)
        try:
            return real_map(*args, **kwargs)
        finally:
            mapping.clear()

    monkeypatch.setattr(parallel_module, "Background", Watched)
    monkeypatch.setattr(render_module._Job, "render", watched_render)
    monkeypatch.setattr(parallel_module, "map_shared", watched_map)
    render(tmp_path / "parallel", "--period", period)
    assert background == [parallel_module.can_fork()]
    # Written by this process between its pieces of pages, not by it alone after all of them.
    assert written_during_map == [True]
    monkeypatch.undo()
    monkeypatch.setattr(render_module, "PARALLEL_FROM", 1)
    monkeypatch.setenv(render_module.JOBS_ENV, "1")
    render(tmp_path / "serial", "--period", period)
    files = sorted(p.relative_to(tmp_path / "serial") for p in (tmp_path / "serial").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "parallel") for p in (tmp_path / "parallel").rglob("*")
                           if p.is_file())
    for rel in files:
        serial, parallel = (tmp_path / "serial" / rel).read_bytes(), (tmp_path / "parallel" / rel).read_bytes()
        if rel.name == MANIFEST:  # what each page was made from, and its file's identity (inode, times): per folder
            serial, parallel = (json.loads(data)["filer"] for data in (serial, parallel))
        assert serial == parallel, rel


# -- golden Markdown ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("period", ["2026-H1", "2025"])
def test_markdown_matches_golden_files(tmp_path: Path, period: str) -> None:
    render(tmp_path, "--format", "md", "--period", period)
    expected_dir = GOLDEN / f"md-{period}"
    got = {p.relative_to(tmp_path).as_posix(): p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.md")}
    if UPDATE:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for rel, text in got.items():
            (expected_dir / rel).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / rel).write_text(text, encoding="utf-8")
    expected = {p.relative_to(expected_dir).as_posix(): p.read_text(encoding="utf-8")
                for p in expected_dir.rglob("*.md")}
    assert sorted(got) == sorted(expected)
    for rel, text in got.items():
        assert text == expected[rel], f"{rel} skiljer sig från {expected_dir / rel} (STYR_UPDATE_GOLDEN=1 skriver om)"
    for text in got.values():
        assert_markdown_inert(text)


# -- an injection corpus in every free-text field -----------------------------------------------------------


def q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML scalar


def block(text: str, indent: int = 2) -> str:
    pad = " " * indent
    return "|\n" + "\n".join(pad + line for line in text.splitlines()) + "\n"


def hostile_repo(root: Path, payload: str) -> None:
    p = q(payload)
    vision_text = block("Vision\n\n" + payload)
    files = {
        "styrmodell.yaml": f"""kommun: {q("Ond kommun " + payload)}
nivåer:
  - {{id: kommun, namn: {p}, beslut_krävs: false}}
  - {{id: nämnd, namn: Nämnd, beslut_krävs: false}}
perspektiv:
  - {{namn: Verksamhet, beskrivning: {p}}}
mandatperiod: {{start: 2023-01-01, slut: 2026-12-31}}
årshjul:
  - {{månad: 11, titel: {p}, beskrivning: {p}}}
publicering:
  tillgänglighetsredogörelse: "javascript:alert(1)"
""",
        "vision.yaml": f"""titel: {p}
text: {vision_text}ledord: [{p}]
målområden:
  - {{id: V1, namn: {p}, beskrivning: {p}}}
""",
        "kommun/styrkort.yaml": f"""id: KF
namn: {p}
nivå: kommun
chef: {{namn: {p}, roll: {p}}}
samordnare: {{namn: {p}, roll: {p}}}
vision: {block(payload)}""",
        "kommun/mål/a.yaml": f"""id: KF-M1
titel: {q("Mål " + payload)}
beskrivning: {p}
perspektiv: Verksamhet
bidrar_till: [V1]
ansvarig: {p}
start: 2023-01-01
slut: 2026-12-31
beslut: {{organ: {p}, datum: 2022-10-01, paragraf: {p}}}
indikatorer:
  - id: I1
    namn: {p}
    beskrivning: {p}
    enhet: procent
    riktning: öka
    källa: {p}
    baslinje: {{period: 2022, värde: 50}}
    målvärde: {{2025: 60, 2026: 70}}
    utfall: {{2025: 55, 2026-Q2: 65}}
bedömning:
  2026-H1:
    färg: röd
    analys: {block(payload, 6)}    motivering: {block(payload, 6)}    prognos: gul
""",
        "kommun/aktiviteter/a.yaml": f"""id: KF-A1
titel: {p}
beskrivning: {p}
mål: [KF-M1]
ansvarig: {p}
start: 2026-01-01
slut: 2026-12-31
status: pågår
uppföljning:
  2026-Q1: {{status: pågår, kommentar: {p}}}
""",
        "kommun/verksamhetsplan/omvärldsanalys.md": f"# {payload}\n\n{payload}\n",
        "kommun/verksamhetsplan/övrigt.md": f"# Övrigt\n\n{payload}\n",
        "kommun/namnd/styrkort.yaml": f"""id: N1
namn: {p}
nivå: nämnd
""",
        "kommun/namnd/mål/b.yaml": f"""id: N1-M1
titel: {p}
perspektiv: Verksamhet
bidrar_till: [KF-M1]
start: 2023-01-01
slut: 2026-12-31
indikatorer:
  - {{id: I1, namn: {p}, enhet: antal, riktning: minska, målvärde: {{2026: 3}}, utfall: {{2026-Q2: 4}}}}
""",
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def assert_safe_page(text: str, name: str) -> None:
    doc = lxml_html.document_fromstring(text)
    assert doc.get("lang") == "sv", name
    assert len(doc.xpath("//style")) == 1 and doc.xpath("//head/style"), name
    links = doc.xpath("//link")
    assert [(x.get("rel"), x.get("href")) for x in links] in ([("stylesheet", "stil.css")],
                                                              [("stylesheet", "../stil.css")]), name
    style = doc.xpath("string(//style)")
    assert style.startswith("@page { @top-left { content: \"") and "<" not in style and "\n" not in style, name
    for el in doc.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.split("}")[-1].lower()
        assert tag not in ("script", "iframe", "img", "object", "embed", "link", "math", "foreignobject", "image",
                           "base", "form", "meta") or (tag in ("meta", "link") and el.getparent().tag == "head"), \
            (name, tag)
        for attr, value in el.attrib.items():
            low = attr.lower().split("}")[-1]
            assert not low.startswith("on"), (name, attr)
            assert low not in ("src", "srcset", "data", "formaction", "background", "poster"), (name, attr)
            if low == "href" and tag != "link":
                assert tag == "a", (name, tag, value)  # no <link>, <use>, <image> or <base> pointing anywhere
                assert not EXTERNAL.match(value) or re.match(r"^(https?:|mailto:)", value), (name, value)
            if low == "style":
                assert tag == "span" and re.fullmatch(r"flex-grow: [0-9]+", value), (name, "style attribute", value)
    assert "javascript:" not in " ".join(doc.xpath("//@href")).lower(), name
    assert "url(" not in doc.xpath("string(//style)"), name


@pytest.mark.parametrize("payload", INJECTIONS)
def test_injection_corpus_in_every_free_text_field(tmp_path: Path, payload: str) -> None:
    repo = tmp_path / "repo"
    hostile_repo(repo, payload)
    for fmt in ("html", "md"):
        code, output = run(repo, "--out", tmp_path / fmt, "--format", fmt, "--quiet", "--period", "2026-H1",
                           "--date", "2026-11-29")
        assert code == 0, output
    pages = list((tmp_path / "html").rglob("*.html"))
    assert len(pages) == 8
    for page in pages:
        assert_safe_page(page.read_text(encoding="utf-8"), page.name)
    for page in (tmp_path / "md").rglob("*.md"):
        assert_markdown_inert(page.read_text(encoding="utf-8"))
    if "<script" in payload:  # the text itself is still there for the reader, as text
        kf = (tmp_path / "html" / "styrkort" / "kf.html").read_text(encoding="utf-8")
        assert "&lt;script&gt;" in kf
