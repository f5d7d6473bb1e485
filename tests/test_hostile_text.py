"""No traceback, ever, and nothing unsafe in what styr prints or publishes: enormous numbers, enormous
arguments, a cp1252 terminal, a closed pipe; Markdown reports without script links or tracking pixels; control
characters in file names shown, not obeyed; a huge text section kept from eating memory."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from history_gitrepo import git_identity
from hostile import ROOT, TODAY, assert_no_traceback, git, styr, styr_process
from markdown_it import MarkdownIt

__all__ = ["git_identity"]

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
EXAMPLE = ROOT / "example-repo"
GOAL = "kommun/nämnd/mål/bun-m1.yaml"
_NOT_SHOWN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
KF_GOAL = "kommun/mål/kf-m1.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return Path(shutil.copytree(MINIMAL, tmp_path / "repo"))


def replace(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def every_reading_command(repo: Path, out: Path) -> list[list[str | Path]]:
    return [["validate", repo, "--format", "json", "--date", TODAY], ["status", repo, "--date", TODAY],
            ["status", repo, "--date", TODAY, "--explain", "KF-M1"],
            ["report", repo, "--format", "md", "--out", out / "md", "--date", TODAY, "--no-history"]]


# --- numbers ----------------------------------------------------------------------------------------------------


PLACES = {
    "utfall": ("utfall: {2023: 82,", "utfall: {2023: N,"),
    "målvärde": ("målvärde: {2023: 81,", "målvärde: {2023: N,"),
    "baslinje": ("baslinje: {period: 2022, värde: 80}", "baslinje: {period: N, värde: N}"),
    "vikt": ("    mätfrekvens: helår", "    vikt: N\n    mätfrekvens: helår"),
    "periodnyckel": ("utfall: {2023: 82,", "utfall: {N: 82, 2023: 82,"),
}


@pytest.mark.parametrize("number", ["1" + "0" * 400, "-" + "9" * 400, "1" + "0" * 5000, "1e999", "-1e999",
                                    "1.5e308", "0." + "0" * 400 + "1"])
@pytest.mark.parametrize("place", sorted(PLACES))
def test_enormous_numbers_in_files(repo: Path, tmp_path: Path, number: str, place: str) -> None:
    old, new = PLACES[place]
    replace(repo, KF_GOAL, old, new.replace("N", number))
    runs = [styr(*args) for args in every_reading_command(repo, tmp_path / "ut")]
    assert all(r.clean for r in runs), "\n".join(r.describe() for r in runs if not r.clean)


# --- arguments --------------------------------------------------------------------------------------------------


LONG = "a" * 300


@pytest.mark.parametrize("args", [
    ["diff", LONG], ["diff", f"{LONG}..HEAD"], ["log", LONG], ["validate", LONG], ["status", LONG],
    ["report", LONG, "--out", "ut"], ["report", ".", "--out", LONG + "/" + LONG], ["validate", ".", "--rev", LONG],
    ["validate", ".", "--base", LONG], ["status", ".", "--period", LONG], ["status", ".", "--unit", LONG],
    ["status", ".", "--explain", LONG], ["explain", LONG], ["schema", LONG], ["utfall", LONG, "2026", "1"],
    ["bedömning", LONG, "2026", "--färg", "gul"], ["import", LONG], ["codeowners", LONG],
    ["årshjul", LONG], ["diff", ".", "--output", LONG + "/x.md"], ["validate", ".", "--output", LONG + "/x"],
])
def test_enormous_arguments_end_in_a_message(repo: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    monkeypatch.chdir(repo)
    run = styr(*args)
    assert run.clean, run.describe()
    assert "Traceback" not in run.output


def test_a_long_revision_for_diff_is_a_revision(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "start")
    monkeypatch.chdir(repo)
    run = styr("diff", LONG)
    assert run.code == 2 and "Okänd Git-revision" in run.output, run.describe()


# --- the terminal ---------------------------------------------------------------------------------------------


STATUS = ["status", str(EXAMPLE), "--date", TODAY]


@pytest.mark.parametrize(("encoding", "args"), [
    *(("cp1252", args) for args in (STATUS, ["validate", str(EXAMPLE), "--date", TODAY],
                                    [*STATUS, "--explain", "KF-M1"], ["explain"],
                                    ["årshjul", str(EXAMPLE), "--date", TODAY], ["--help"])),
    ("ascii", STATUS), ("ascii", ["--help"]), ("latin-1", STATUS)])
def test_an_output_that_cannot_show_every_symbol(encoding: str, args: list[str]) -> None:
    done = styr_process(*args, env={"PYTHONIOENCODING": encoding, "COLUMNS": "100"})
    assert_no_traceback(done)
    # click writes UTF-8 when a stream claims ASCII (it takes that for a misconfigured locale); others as asked.
    text = done.stdout.decode("utf-8" if encoding == "ascii" else encoding)
    assert text.strip()
    if args[0] == "status" and len(args) == 3:
        assert "->" in text or "*" in text  # the symbols are there, in plain characters


@pytest.mark.parametrize("args", [["explain"], ["status", str(EXAMPLE), "--date", TODAY]])
def test_a_closed_pipe_is_no_traceback(args: list[str]) -> None:
    """`styr status | head -1`: the reader has gone before styr writes."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run([sys.executable, "-m", "styr", *args], stdout=write_end, stderr=subprocess.PIPE,
                              env=env, timeout=120, check=False)
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr.decode("utf-8", "replace"), done.stderr.decode("utf-8", "replace")
    assert done.returncode in (0, 1, 2)


# --- Markdown reports ---------------------------------------------------------------------------------------------


def _analysis(repo: Path, rel: str, text: str) -> None:
    """Put `text` as the analysis of the goal's first assessment (a literal block keeps it as written)."""
    body = "\n".join("      " + line for line in text.splitlines())
    replace(repo, rel, "    analys: Utvecklingen följer planen för året.\n",
            f"    analys: |\n{body}\n")


def _all_tokens(md: MarkdownIt, text: str) -> list[object]:
    out: list[object] = []
    stack = list(md.parse(text))
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(getattr(tok, "children", None) or [])
    return out


def test_markdown_reports_carry_no_script_links_or_remote_images(repo: Path, tmp_path: Path) -> None:
    _analysis(repo, KF_GOAL, "Bra år.\n\n[r]: javascript:alert(document.cookie)\n[bild]: https://spårare.example/p.png\n"
              "[ok]: https://kolada.se\n\n> [citat]: data:text/html,<script>alert(1)</script>\n\n- [lista]: vbscript:x")
    _analysis(repo, GOAL, "Se ![tack][bild] och [klicka här][r], [citera][citat], [listan][lista] och [Kolada][ok].\n\n"
              "```mermaid\ngraph TD; A-->B\n```")
    out = tmp_path / "ut"
    run = styr("report", repo, "--format", "md", "--out", out, "--date", TODAY, "--period", "2023-H1", "--no-history")
    assert run.clean and run.code == 0, run.describe()
    # Read every page as GitLab and GitHub do: CommonMark, tables, any link the renderer would keep.
    reader = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    reader.validateLink = lambda url: True  # type: ignore[method-assign]
    pages = [p for p in out.rglob("*.md")]
    assert pages
    seen_text = False
    for page in pages:
        text = page.read_text(encoding="utf-8")
        seen_text = seen_text or "klicka här" in text
        for tok in _all_tokens(reader, text):
            kind = getattr(tok, "type", "")
            assert kind != "image", (page, text)
            assert kind not in ("html_inline", "html_block"), (page, getattr(tok, "content", ""))
            if kind == "link_open":
                href = str(tok.attrGet("href") or "")  # type: ignore[attr-defined]
                assert re.match(r"(https?:|mailto:|[^:]*$)", href, re.IGNORECASE), (page, href)
        assert "```mermaid" not in text
    assert seen_text  # the texts themselves are in the report


# --- control characters in names -----------------------------------------------------------------------------------


def test_file_names_with_escape_and_newline_are_shown_not_obeyed(repo: Path, tmp_path: Path) -> None:
    name = "kommun/nämnd/mål/\x1b]0;pwned\x07\x1b[2J\nny.yaml"
    (repo / name).write_text('id: "BUN-M\\e[31m"\ntitel: "\\e[2J"\nperspektiv: Okänt\n', encoding="utf-8")
    for fmt in ("text", "github", "gitlab", "json", "sarif", "junit"):
        run = styr("validate", repo, "--format", fmt, "--date", TODAY)
        assert run.clean and run.code == 1, run.describe()
        assert "\x1b" not in run.output and "\x07" not in run.output, fmt
        if fmt == "text":
            assert "\\e]0;pwned\\x07\\e[2J\\nny.yaml" in run.output
        if fmt == "github":
            assert all(line.startswith("::") for line in run.output.splitlines()), run.output
    status = styr("status", repo, "--date", TODAY)
    assert status.clean, status.describe()


# --- a huge text ------------------------------------------------------------------------------------------------


def test_a_huge_markdown_table_keeps_memory_bounded(repo: Path, tmp_path: Path) -> None:
    rows = ["| a | b | c | d | e | f | g | h |", "|---|---|---|---|---|---|---|---|"]
    rows += [f"| {i} | x | y | z | 1 | 2 | 3 | 4 |" for i in range(26_000)]
    table = "\n".join(rows)
    assert 800_000 < len(table.encode()) < 1024 * 1024
    (repo / "kommun/verksamhetsplan").mkdir()
    (repo / "kommun/verksamhetsplan/ekonomi.md").write_text("# Ekonomi\n\n" + table + "\n", encoding="utf-8")
    found = json.loads(styr("validate", repo, "--format", "json", "--date", TODAY).output)["fynd"]
    assert [d["kod"] for d in found if d["fil"].endswith("ekonomi.md")] == ["Y12"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STYR_JOBS": "1"}
    for fmt in ("md", "html"):
        cmd = [sys.executable, "-m", "styr", "report", str(repo), "--format", fmt, "--out", str(tmp_path / fmt),
               "--date", TODAY, "--no-history", "--quiet"]
        code, peak_kib = _peak_rss(cmd, env)
        assert code == 0
        assert peak_kib < 200 * 1024, f"{fmt}: {peak_kib // 1024} MB"  # ~800 MB before texts were capped
        page = next((tmp_path / fmt).glob("verksamhetsplan/kf.*"))
        assert "Texten visas inte" in page.read_text(encoding="utf-8")


def test_commit_messages_and_titles_with_escapes_stay_text(repo: Path) -> None:
    replace(repo, GOAL, "titel: ", 'titel: "\\e[8mdold\\e[0m " \n# ')
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Utfall\x1b]0;ny fönstertitel\x07\x1b[2J")
    replace(repo, GOAL, "utfall: {", "utfall: {2026-Q1: 80, ")
    for args in (["log", "BUN-M1", repo], ["diff", "HEAD", repo], ["status", repo, "--date", TODAY],
                 ["status", repo, "--explain", "BUN-M1", "--date", TODAY]):
        run = styr(*args)
        assert run.clean and "\x1b" not in run.output and "\x07" not in run.output, run.describe()
    assert "\\e]0;ny fönstertitel\\x07\\e[2J" in styr("log", "BUN-M1", repo).output
    # The internal site shows each unit's last commit, its author and message: as text a page can carry.
    out = repo.parent / "intern"
    run = styr("report", repo, "--format", "html", "--internal", "--out", out, "--quiet", "--date", TODAY)
    assert run.clean, run.describe()
    pages = [path.read_text(encoding="utf-8") for path in out.rglob("*.html")]
    assert any("Utfall\ufffd]0;ny fönstertitel\ufffd\ufffd[2J" in page for page in pages)
    assert not any(_NOT_SHOWN.search(page) for page in pages)


_LAUNCHER = """
import os, subprocess, sys
proc = subprocess.Popen(sys.argv[1:])
_, status, usage = os.wait4(proc.pid, 0)
print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)
"""


def _peak_rss(cmd: list[str], env: dict[str, str]) -> tuple[int, int]:
    """Exit code and peak resident memory (KiB) of `cmd`. Started from a small launcher process: a child forked
    straight from this test process would count the test process's own memory (hundreds of MB late in a full
    run) in its peak, as Linux keeps the peak across the fork and exec."""
    out = subprocess.run([sys.executable, "-c", _LAUNCHER, *cmd], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    return int(out[-2]), int(out[-1])


def test_an_id_with_escapes_is_shown_not_obeyed(repo: Path) -> None:
    """Found by the fuzzer: a goal id written with YAML's escapes held ESC and BEL, and `styr status` printed them
    raw (the screen cleared, the window retitled). They are read as U+FFFD (Y14), and an argument given on the
    command line is shown with escapes."""
    replace(repo, GOAL, "id: BUN-M1", 'id: "BUN-M1\\e[2J\\e]0;titel\\a"')
    for args in (["status", repo, "--date", TODAY], ["validate", repo, "--date", TODAY, "--format", "text"],
                 ["status", repo, "--date", TODAY, "--explain", "BUN-M1\x1b[2J\x1b]0;titel\x07"]):
        run = styr(*args)
        assert run.clean and "\x1b" not in run.output and "\x07" not in run.output, run.describe()
    assert "BUN-M1\ufffd[2J\ufffd]0;titel\ufffd" in styr("status", repo, "--date", TODAY).output


def test_the_terminal_console_shows_what_a_renderer_forgot_to_escape() -> None:
    """The net under every renderer's own escaping: text put in any renderable as it is comes out as escapes, while
    the colours the console adds itself stay codes."""
    from io import StringIO

    from rich.table import Table
    from rich.text import Text
    from rich.tree import Tree

    from styr.render.terminal.console import text_console

    out = StringIO()
    console = text_console(out, color=True, width=80)
    tree = Tree(Text("rot\x1b[2J", style="bold"))
    tree.add("gren\x1b]0;titel\x07")
    table = Table("kolumn")
    table.add_row(Text("cell\x9b31m", style="red"))
    console.print(tree)
    console.print(table)
    shown = out.getvalue()
    # Escaped after the layout, a value may be cut at the column's width ("cell\\x9…"): the renderers escape first.
    assert "rot\\e[2J" in shown and "gren\\e]0;titel" in shown and "cell\\x9" in shown
    assert "\x07" not in shown and "\x9b" not in shown
    codes = re.findall(r"\x1b[^m]*m?", shown)
    assert codes and all(re.fullmatch(r"\x1b\[[0-9;]*m", code) for code in codes), codes  # only rich's styles


def test_escapes_in_texts_reach_no_page_workbook_or_xml(repo: Path, tmp_path: Path) -> None:
    """Found by fuzzing: a title written with escapes ("\\a", "\\e", "\\x85", "\\uFFFE", "\\0") ended
    `styr export data --format xlsx` in a traceback (openpyxl refuses control characters), and went raw into the
    HTML pages (not valid HTML) and the open data. Every text is read with them as U+FFFD, and validate says where
    (Y14); no output carries one."""
    import xml.etree.ElementTree as ET
    import zipfile

    replace(repo, GOAL, "titel: Eleverna når högre kunskapsresultat i grundskolan",
            'titel: "Eleverna\\a\\e[2J når \\x85högre\\uFFFE kunskapsresultat\\0"')
    (repo / "kommun" / "verksamhetsplan").mkdir(exist_ok=True)
    (repo / "kommun" / "verksamhetsplan" / "ekonomi.md").write_text("# Ekonomi\n\nBudgeten \x1b[31mär\x07 i balans.\n",
                                                                     encoding="utf-8")
    found = json.loads(styr("validate", repo, "--format", "json", "--date", TODAY).output)["fynd"]
    assert {(d["kod"], d["fil"]) for d in found if d["kod"] == "Y14"} == {
        ("Y14", GOAL), ("Y14", "kommun/verksamhetsplan/ekonomi.md")}
    out = tmp_path / "ut"
    for args in (["report", repo, "--format", "html", "--out", out / "html", "--no-history", "--quiet"],
                 ["report", repo, "--format", "md", "--out", out / "md", "--no-history"],
                 ["export", "data", repo, "--out", out / "xlsx", "--format", "xlsx"],
                 ["export", "data", repo, "--out", out / "json", "--format", "json"],
                 ["export", "mall", repo, "--period", "2026", "--out", out / "mall.xlsx"],
                 ["validate", repo, "--format", "junit", "--output", out / "junit.xml"]):
        run = styr(*args, "--date", TODAY)
        assert run.clean, run.describe()
    for path in out.rglob("*"):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                parts = {name: book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xml")}
            for name, xml in parts.items():
                ET.fromstring(xml)  # parses: XML 1.0 throughout
                assert not _NOT_SHOWN.search(xml), (path, name)
        elif path.is_file():
            text = path.read_text(encoding="utf-8")
            assert not _NOT_SHOWN.search(text), path
            if path.suffix in (".xml", ".rdf"):
                ET.fromstring(text)
    page = (out / "html" / "styrkort" / "bun.html").read_text(encoding="utf-8")
    assert "Eleverna\ufffd\ufffd[2J når \ufffdhögre\ufffd kunskapsresultat\ufffd" in page
    titles = (out / "json" / "mal.json").read_text(encoding="utf-8")
    assert "Eleverna\\ufffd\\ufffd[2J" in titles or "Eleverna\ufffd\ufffd[2J" in titles


def test_a_workbook_shows_a_control_character_it_is_given_as_a_replacement() -> None:
    """The workbook writer's own net, for a text that did not come through the loader."""
    import io

    from openpyxl import load_workbook

    from styr.exchange.xlsx import Sheet, write_xlsx

    data = write_xlsx(Sheet("Mål", ("id", "titel"), [["M1", "Fler\x07 läser\x1b[2J\x00"]]))
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None and sheet["B2"].value == "Fler\ufffd läser\ufffd[2J\ufffd"
