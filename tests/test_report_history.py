"""`styr report` with Git history: per goal and per unit when it last changed, by whom and in which commit
(HTML and Markdown, an internal site), what a public site shows of it (`publicering: historik`), one note on the
start page when the history is missing, `--no-history`, escaping."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import typer
from lxml import html as lxml_html
from test_report_command import assert_safe_page
from test_report_markdown import assert_markdown_inert
from typer.testing import CliRunner

from styr.commands import report as report_cmd
from styr.history import log as history_log

EXAMPLE = Path(__file__).resolve().parent.parent / "example-repo"
SMALL = Path(__file__).parent / "golden" / "report" / "repo"
SBN_M1 = "kommun/samhallsbyggnadsnamnden/mål/snabba-bygglov.yaml"
KARIN = ("Karin Ek", "karin.ek@ekeby.se")
PER = ("Per Lind", "per.lind@ekeby.se")
FIRST_DATE = "2026-09-01T09:00:00+02:00"
# Half past midnight in Sweden is the day before in UTC: the report shows the author's own date.
SECOND_DATE = "2026-10-03T00:30:00+02:00"

app = typer.Typer()
app.command()(report_cmd.report)


@app.command()
def _other() -> None:  # a second command keeps typer from folding `report` into the app itself
    """Unused."""


def git(top: Path, *args: str, author: tuple[str, str] | None = None, when: str | None = None) -> str:
    """Git with no configuration of the machine's own, and no repository above `top` to be found."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_CEILING_DIRECTORIES=str(top.parent))
    if author is not None:
        env.update(GIT_AUTHOR_NAME=author[0], GIT_AUTHOR_EMAIL=author[1], GIT_COMMITTER_NAME=author[0],
                   GIT_COMMITTER_EMAIL=author[1])
    if when is not None:
        env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    proc = subprocess.run(["git", *args], cwd=top, env=env, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, f"git {' '.join(args)}: {proc.stderr}"
    return proc.stdout.strip()


def commit(top: Path, message: str, author: tuple[str, str], when: str) -> str:
    git(top, "add", "-A")
    git(top, "commit", "-q", "--no-verify", "-m", message, author=author, when=when)
    return git(top, "rev-parse", "HEAD")


def example_with_history(dest: Path, second_message: str = "Utfall Q3 inlagt\n\nKommentarer från bygglov.",
                         second_author: tuple[str, str] = PER) -> tuple[str, str]:
    """The example repository under Git: everything by Karin Ek, then one change to SBN-M1 by someone else.
    Returns both commit ids."""
    shutil.copytree(EXAMPLE, dest)
    git(dest, "init", "-q")
    first = commit(dest, "Styrkort och mål för 2026", KARIN, FIRST_DATE)
    goal = dest / SBN_M1
    goal.write_text(goal.read_text(encoding="utf-8") + "# Utfallet för kvartal 3 är inlagt.\n", encoding="utf-8")
    second = commit(dest, second_message, second_author, SECOND_DATE)
    return first, second


def report(repo: Path, out: Path, *args: str) -> str:
    result = CliRunner().invoke(app, ["report", str(repo), "--out", str(out), "--period", "2026-H1", "--date",
                                      "2026-11-29", *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(autouse=True)
def no_repository_above(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """styr's own Git calls must not find a repository around the temporary folder either."""
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """The example repository with history, rendered once as HTML and once as Markdown, as an internal site."""
    base = tmp_path_factory.mktemp("historik")
    first, second = example_with_history(base / "repo")
    for fmt in ("html", "md"):
        report(base / "repo", base / fmt, "--format", fmt, "--quiet", "--internal")
    return base, first, second


def html_lines(page: Path, xpath: str) -> list[str]:
    doc = lxml_html.document_fromstring(page.read_text(encoding="utf-8"))
    return [" ".join(el.text_content().split()) for el in doc.xpath(xpath)]


def md_block(page: Path, heading: str) -> str:
    """The Markdown from a heading line up to the next heading."""
    text = page.read_text(encoding="utf-8")
    start = next(i for i, line in enumerate(text.splitlines()) if line.lstrip("#").strip().startswith(heading))
    lines = text.splitlines()[start + 1:]
    end = next((i for i, line in enumerate(lines) if line.startswith("#")), len(lines))
    return "\n".join(lines[:end])


def test_goals_show_their_last_change_in_html(rendered: tuple[Path, str, str]) -> None:
    base, first, second = rendered
    page = base / "html" / "styrkort" / "sbn.html"
    changed = html_lines(page, "//article[@aria-labelledby='mal-sbn-m1']/p[@class='andrad']")
    assert changed == [f"Senast ändrad 2026-10-03 av Per Lind ({second[:8]}): Utfall Q3 inlagt"]
    other = html_lines(page, "//article[@aria-labelledby='mal-sbn-m2']/p[@class='andrad']")
    assert other == [f"Senast ändrad 2026-09-01 av Karin Ek ({first[:8]}): Styrkort och mål för 2026"]
    doc = lxml_html.document_fromstring(page.read_text(encoding="utf-8"))
    assert doc.xpath("//article[@aria-labelledby='mal-sbn-m1']/p[@class='andrad']/time/@datetime") == ["2026-10-03"]


def test_units_show_the_last_change_of_their_own_files_in_html(rendered: tuple[Path, str, str]) -> None:
    base, first, second = rendered
    unit_line = "//section[@aria-labelledby='enhet-{}']/p[@class='andrad']"
    sbn = html_lines(base / "html" / "styrkort" / "sbn.html", unit_line.format("sbn"))
    assert sbn == [f"Styrkortet senast ändrat 2026-10-03 av Per Lind ({second[:8]}): Utfall Q3 inlagt"]
    # the kommun above is not changed by a change to a nämnd's goal
    kf = html_lines(base / "html" / "styrkort" / "kf.html", unit_line.format("kf"))
    assert kf == [f"Styrkortet senast ändrat 2026-09-01 av Karin Ek ({first[:8]}): Styrkort och mål för 2026"]
    plan = html_lines(base / "html" / "verksamhetsplan" / "sbn.html", "//p[@class='andrad']")
    assert plan[0].startswith(f"Verksamhetsplanen senast ändrad 2026-10-03 av Per Lind ({second[:8]})")
    # the målrapport has a part for each unit one level down, each with its own line
    report_page = base / "html" / "malrapport" / "sbn.html"
    parts = html_lines(report_page, "//section[@class='enhet']/p[@class='andrad']")
    assert len(parts) == len(lxml_html.document_fromstring(report_page.read_text(encoding="utf-8"))
                             .xpath("//section[@class='enhet']")) > 1
    index = (base / "html" / "index.html").read_text(encoding="utf-8")
    assert "Ändringshistorik" not in index and 'class="historik"' not in index


def test_goals_and_units_show_their_last_change_in_markdown(rendered: tuple[Path, str, str]) -> None:
    base, first, second = rendered
    page = base / "md" / "styrkort" / "sbn.md"
    assert f"_Senast ändrad 2026-10-03 av Per Lind ({second[:8]}): Utfall Q3 inlagt_" in md_block(page, "SBN-M1")
    first_line = f"_Senast ändrad 2026-09-01 av Karin Ek ({first[:8]}): Styrkort och mål för 2026_"
    assert first_line in md_block(page, "SBN-M2")
    unit = md_block(page, "Styrkort: Samhällsbyggnadsnämnden")
    assert f"_Styrkortet senast ändrat 2026-10-03 av Per Lind ({second[:8]}): Utfall Q3 inlagt_" in unit
    assert "Ändringshistorik" not in (base / "md" / "README.md").read_text(encoding="utf-8")
    for md in (base / "md").rglob("*.md"):
        assert_markdown_inert(md.read_text(encoding="utf-8"))


def test_a_report_at_a_revision_shows_the_history_up_to_it(rendered: tuple[Path, str, str], tmp_path: Path) -> None:
    base, first, _ = rendered
    report(base / "repo", tmp_path / "md", "--format", "md", "--quiet", "--rev", first, "--internal")
    block = md_block(tmp_path / "md" / "styrkort" / "sbn.md", "SBN-M1")
    assert f"_Senast ändrad 2026-09-01 av Karin Ek ({first[:8]}): Styrkort och mål för 2026_" in block


def test_hidden_names_hide_the_authors_too(tmp_path: Path) -> None:
    _, second = example_with_history(tmp_path / "repo")
    model = tmp_path / "repo" / "styrmodell.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("visa_ansvarig: true", "visa_ansvarig: false"),
                     encoding="utf-8")
    for fmt in ("html", "md"):
        report(tmp_path / "repo", tmp_path / fmt, "--format", fmt, "--quiet")
    text = "".join(p.read_text(encoding="utf-8") for p in tmp_path.glob("*/**/*.*") if p.suffix in (".html", ".md"))
    assert "Per Lind" not in text and "Karin Ek" not in text
    assert "Senast ändrad 2026-10-03" in text and second[:8] not in text and "Utfall Q3 inlagt" not in text


def test_no_history_option_reads_no_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    example_with_history(tmp_path / "repo")

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("--no-history läser ändå historiken")

    monkeypatch.setattr(history_log, "last_changes", refuse)
    for fmt in ("html", "md"):
        output = report(tmp_path / "repo", tmp_path / fmt, "--format", fmt, "--no-history")
        assert "ändringshistoriken" not in output
    text = "".join(p.read_text(encoding="utf-8") for p in tmp_path.glob("*/**/*.*") if p.suffix in (".html", ".md"))
    assert "enast ändra" not in text and "Ändringshistorik" not in text


def test_one_history_pass_for_the_whole_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    example_with_history(tmp_path / "repo")
    calls: list[Path] = []
    real = history_log.last_changes

    def counting(root: Path, *args: object, **kwargs: object) -> history_log.LastChanges:
        calls.append(root)
        return real(root, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(history_log, "last_changes", counting)
    report(tmp_path / "repo", tmp_path / "ut", "--quiet")
    assert calls == [(tmp_path / "repo").resolve()]


@pytest.mark.parametrize("git_init", [False, True])
def test_without_history_the_start_page_says_why(tmp_path: Path, git_init: bool) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(SMALL, repo)
    if git_init:
        git(repo, "init", "-q")  # a repository without commits
    outputs = [report(repo, tmp_path / fmt, "--format", fmt) for fmt in ("html", "md")]
    said = "Git-repot har inga commits ännu" if git_init else "ligger inte i ett Git-repo"
    assert all("ändringshistoriken i rapporterna saknas: " in output and said in output for output in outputs)
    why = "Git-repot har inga commits ännu" if git_init else "målrepots mapp ligger inte i ett Git-repo"
    index = lxml_html.document_fromstring((tmp_path / "html" / "index.html").read_text(encoding="utf-8"))
    notes = [" ".join(p.text_content().split()) for p in index.xpath("//footer/p[@class='historik']")]
    assert len(notes) == 1 and notes[0].startswith(f"Ändringshistorik saknas: {why}")
    readme = (tmp_path / "md" / "README.md").read_text(encoding="utf-8")
    assert readme.count("Ändringshistorik saknas") == 1 and why in readme
    for page in [*(tmp_path / "html").rglob("*.html"), *(tmp_path / "md").rglob("*.md")]:
        text = page.read_text(encoding="utf-8")
        assert "enast ändra" not in text  # no line per goal or unit
        assert str(tmp_path) not in text  # the machine's folders stay off a public page
        if page.name not in ("index.html", "README.md"):
            assert "Ändringshistorik" not in text


def test_author_and_message_are_escaped(tmp_path: Path) -> None:
    payload = '"><img src=x onerror=alert(1)> <script>alert(2)</script> [klick](javascript:alert(3)) *fet* | & _x_'
    # Git drops '<' and '>' from names; everything else of the payload reaches the author's name
    author = ('Eva "><svg onload=alert(1)> [a](javascript:alert(1)) & | Co', "eva@ekeby.se")
    example_with_history(tmp_path / "repo", payload, author)
    for fmt in ("html", "md"):
        report(tmp_path / "repo", tmp_path / fmt, "--format", fmt, "--quiet", "--internal")
    for page in (tmp_path / "html").rglob("*.html"):
        assert_safe_page(page.read_text(encoding="utf-8"), page.name)
    sbn = (tmp_path / "html" / "styrkort" / "sbn.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in sbn and "<script" not in sbn
    lines = html_lines(tmp_path / "html" / "styrkort" / "sbn.html",
                       "//article[@aria-labelledby='mal-sbn-m1']/p[@class='andrad']")
    assert len(lines) == 1 and "<img src=x onerror=alert(1)>" in lines[0]  # shown to the reader as text
    assert 'Eva "' in lines[0] and "svg onload=alert(1)" in lines[0]
    for page in (tmp_path / "md").rglob("*.md"):
        assert_markdown_inert(page.read_text(encoding="utf-8"))
    block = md_block(tmp_path / "md" / "styrkort" / "sbn.md", "SBN-M1")
    line = next(line for line in block.splitlines() if line.startswith("_Senast ändrad"))
    assert "&lt;script&gt;" in line and r"\[klick\]" in line and r"\|" in line and r"\_x\_" in line


def test_a_shallow_clone_says_so_on_the_start_page(tmp_path: Path) -> None:
    """CI often checks out one commit: it cannot tell when anything changed, and the start page says why."""
    example_with_history(tmp_path / "repo")
    git(tmp_path, "clone", "-q", "--depth", "1", (tmp_path / "repo").as_uri(), str(tmp_path / "klon"))
    report(tmp_path / "klon", tmp_path / "md", "--format", "md", "--quiet")
    readme = (tmp_path / "md" / "README.md").read_text(encoding="utf-8")
    assert "Ändringshistorik saknas: Repot är en grund klon" in readme and "git fetch --unshallow" in readme
    page = (tmp_path / "md" / "styrkort" / "sbn.md").read_text(encoding="utf-8")
    assert "enast ändra" not in page  # the clone's one commit shows every file as new: no real change


# -- what a public site shows of the history (publicering: historik) -----------------------------------------------

OLLE = ("Olle Okänd", "olle.okand@ekeby.se")  # in no styrkort: his name is in the history and nowhere else


def site_text(out: Path) -> str:
    return "".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.suffix in (".html", ".md"))


def with_history_setting(repo: Path, setting: str | None) -> None:
    model = repo / "styrmodell.yaml"
    text = model.read_text(encoding="utf-8")
    if setting is not None:
        text = text.replace("publicering:\n", f"publicering:\n  historik: {setting}\n")
    model.write_text(text, encoding="utf-8")


def test_a_public_site_shows_no_author_or_message_by_default(tmp_path: Path) -> None:
    """Names of officials are the kommun's choice: by default a public page shows when, not who or why."""
    _, second = example_with_history(tmp_path / "repo", "Utfall Q3 inlagt av Olle", OLLE)
    for fmt in ("html", "md"):
        report(tmp_path / "repo", tmp_path / fmt, "--format", fmt, "--quiet")
    text = site_text(tmp_path)
    assert "Olle" not in text and "Okänd" not in text and "Utfall Q3 inlagt" not in text
    assert "Styrkort och mål för 2026" not in text and second[:8] not in text
    lines = html_lines(tmp_path / "html" / "styrkort" / "sbn.html",
                       "//article[@aria-labelledby='mal-sbn-m1']/p[@class='andrad']")
    assert lines == ["Senast ändrad 2026-10-03"]


def test_the_internal_site_shows_everything(tmp_path: Path) -> None:
    _, second = example_with_history(tmp_path / "repo", "Utfall Q3 inlagt av Olle", OLLE)
    report(tmp_path / "repo", tmp_path / "html", "--quiet", "--internal")
    lines = html_lines(tmp_path / "html" / "styrkort" / "sbn.html",
                       "//article[@aria-labelledby='mal-sbn-m1']/p[@class='andrad']")
    assert lines == [f"Senast ändrad 2026-10-03 av Olle Okänd ({second[:8]}): Utfall Q3 inlagt av Olle"]


@pytest.mark.parametrize(("setting", "expected"), [
    ("ingen", None),
    ("datum", "Senast ändrad 2026-10-03"),
    ("roll", "Senast ändrad 2026-10-03 av Förvaltningschef samhällsbyggnadsförvaltningen"),
    ("allt", "Senast ändrad 2026-10-03 av T. Wik ({sha}): Utfall Q3 inlagt"),
])
def test_publicering_historik_decides_what_is_shown(tmp_path: Path, setting: str, expected: str | None) -> None:
    tomas = ("T. Wik", "tomas.wik@ekeby.se")  # the chef of Samhällsbyggnadsnämnden, known by his Git handle
    _, second = example_with_history(tmp_path / "repo", "Utfall Q3 inlagt", tomas)
    with_history_setting(tmp_path / "repo", setting)
    report(tmp_path / "repo", tmp_path / "html", "--quiet")
    lines = html_lines(tmp_path / "html" / "styrkort" / "sbn.html",
                       "//article[@aria-labelledby='mal-sbn-m1']/p[@class='andrad']")
    assert lines == ([] if expected is None else [expected.format(sha=second[:8])])
    if setting != "allt":
        assert "Utfall Q3 inlagt" not in site_text(tmp_path)
