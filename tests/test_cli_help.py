"""Every help screen, at 50, 80 and 120 columns: Swedish names for every value, whole sentences, nothing cut."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from styr.cli import app
from styr.commands import swedish
from styr.commands.helptext import MAX_WIDTH, MIN_WIDTH

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
# What typer and click write on their own: type names, English argument names and headings.
ENGLISH = re.compile(r"<[a-z][a-z \[\]]*>|\b(PATH|ITEM|INTEGER|BOOLEAN|FILE|DIRECTORY|REF|CODE|KIND|VALUE|"
                     r"REVISIONS|PARENT|UNIT_ID|Usage|Options|Arguments|Commands|default|required|Show this)\b")
WIDTHS = (50, 80, 120)


def commands() -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every command and group of the command line with its path, hidden aliases too."""
    root = typer.main.get_command(app)
    stack: list[tuple[tuple[str, ...], Any]] = [((), root)]
    while stack:
        path, command = stack.pop()
        yield path, command
        for name, sub in getattr(command, "commands", {}).items():
            stack.append(((*path, name), sub))


ALL = sorted(path for path, _ in commands())


def help_text(path: tuple[str, ...], columns: int) -> str:
    result = runner.invoke(app, [*path, "--help"], env={"COLUMNS": str(columns)}, prog_name="styr")
    assert result.exit_code == 0, result.output
    return result.output


def description(text: str) -> list[list[str]]:
    """The paragraphs of the description: between the usage line and the first heading."""
    lines = text.splitlines()
    body: list[str] = []
    for line in lines[1:]:
        if line.endswith(":") and not line.startswith(" "):
            break
        body.append(line)
    paragraphs: list[list[str]] = [[]]
    for line in body:
        if line.startswith("    ") and not paragraphs[-1]:
            continue  # the usage line's continuation
        if line.strip():
            paragraphs[-1].append(line.strip())
        elif paragraphs[-1]:
            paragraphs.append([])
    return [p for p in paragraphs if p]


@pytest.mark.parametrize("columns", WIDTHS)
@pytest.mark.parametrize("path", ALL, ids=lambda p: " ".join(p) or "styr")
def test_help_fits_is_swedish_and_names_every_option(path: tuple[str, ...], columns: int) -> None:
    text = help_text(path, columns)
    width = max(MIN_WIDTH, min(columns, MAX_WIDTH))
    assert text.startswith(f"Användning: styr {' '.join(path)}".rstrip() + " ")
    too_long = [line for line in text.splitlines() if len(line) > width]
    assert not too_long, too_long
    assert not ENGLISH.search(text), ENGLISH.search(text)
    command = dict(commands())[path]
    ctx = typer.main.get_command(app).make_context("styr", [], resilient_parsing=True) if not path else None
    for param in command.get_params(ctx or _context(command)):
        if getattr(param, "hidden", False):
            continue
        if param.param_type_name == "option":
            first = next(opt for opt in param.opts if opt.startswith("--"))
            assert re.search(rf"(^|[ ,]){re.escape(first)}( |$)", text, re.M), (first, text)  # whole, never cut
        else:
            assert param.metavar, f"argumentet {param.name} har inget svenskt namn (metavar)"
            assert param.metavar in text


def _context(command: Any) -> Any:
    return command.make_context(command.name, [], resilient_parsing=True)


@pytest.mark.parametrize("path", [("log",), ("import",), ("export", "mall"), ("kolada", "hämta"), ("new", "enhet")])
def test_no_sentence_is_broken_in_the_middle_of_a_line(path: tuple[str, ...]) -> None:
    """A line ends early only where its paragraph ends: the next line's first word would not have fitted."""
    for columns in WIDTHS:
        width = max(MIN_WIDTH, min(columns, MAX_WIDTH))
        for paragraph in description(help_text(path, columns)):
            for line, following in itertools.pairwise(paragraph):
                assert len(line) + 1 + len(following.split()[0]) + 2 > width, (line, following)


def test_log_help_keeps_its_sentence_whole() -> None:
    text = " ".join(" ".join(p) for p in description(help_text(("log",), 80)))
    assert "Följer målet när filen byter namn eller flyttas till en annan enhet." in text


def test_options_are_listed_by_their_first_name_and_aliases_still_work(tmp_path: Path) -> None:
    text = help_text(("new", "mål"), 80)
    assert "--enhet ENHET" in text and "--titel TEXT" in text and "--perspektiv PERSPEKTIV" in text
    assert "--unit" not in text and "--title" not in text  # the first version's names: accepted, not shown


def run_styr(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, COLUMNS="80", PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "styr", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, check=False)


@pytest.mark.parametrize("args", [(), ("new",), ("export",), ("kolada",)])
def test_a_group_without_a_command_shows_its_help_once(args: tuple[str, ...]) -> None:
    done = run_styr(*args)
    assert done.returncode == 2
    both = done.stdout + done.stderr
    assert both.count("Användning:") == 1, both
    assert "Kommandon:" in both


def test_completion_is_offered_and_says_so_in_swedish() -> None:
    text = help_text((), 80)
    assert "--install-completion" in text and "Installera komplettering" in text
    env = dict(os.environ, _STYR_COMPLETE="complete_bash", COMP_WORDS="styr new akt", COMP_CWORD="2",
               PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "styr"], capture_output=True, text=True, env=env, cwd=ROOT,
                          check=False)
    assert done.stdout.split() == ["aktivitet"], done.stdout + done.stderr
    env = dict(os.environ, _STYR_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="styr new aktivitet --st",
               PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, "-m", "styr"], capture_output=True, text=True, env=env, cwd=ROOT,
                          check=False)
    assert '"--start":"Första dagen' in done.stdout, done.stdout  # the completion's help is Swedish too


@pytest.mark.parametrize(("args", "unwanted"), [(("new", "enhet", "kommun", "--start", "2026-01-01"), "--date"),
                                                (("new", "mål", "--titl", "x"), "--title")])
def test_an_unknown_option_is_never_answered_with_an_unrelated_one(args: tuple[str, ...], unwanted: str) -> None:
    done = run_styr(*args)
    assert done.returncode == 2
    assert "okänt alternativ" in done.stderr and unwanted not in done.stderr, done.stderr


def test_a_misspelt_option_is_answered_with_the_shown_name() -> None:
    done = run_styr("new", "aktivitet", "--titl", "x")
    assert "Menade du '--titel'?" in done.stderr


@pytest.mark.parametrize(("value", "said"), [("abc", "skriv ett heltal, t.ex. 5."), ("0", "talet ska vara minst 1.")])
def test_a_refused_number_is_explained_in_swedish(value: str, said: str) -> None:
    done = run_styr("log", "BUN-M1", "example-repo", "-n", value)
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == f"styr: ogiltigt värde för --max-count/-n: {said}"


def test_install_completion_says_what_it_did_in_swedish(tmp_path: Path) -> None:
    env = dict(os.environ, HOME=str(tmp_path), PYTHONPATH=str(ROOT), _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    done = subprocess.run([sys.executable, "-m", "styr", "--install-completion", "bash"], capture_output=True,
                          text=True, env=env, cwd=ROOT, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Kompletteringen för bash installerades i ")
    assert "_STYR_COMPLETE" in "".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("*") if p.is_file())


@pytest.mark.parametrize(("english", "said"), [
    ("Input should be a valid integer, unable to parse string as an integer", "skriv ett heltal, t.ex. 5."),
    ("'abc' is not a valid integer.", "skriv ett heltal, t.ex. 5."),
    ("Input should be greater than or equal to 1", "talet ska vara minst 1."),
    ("0 is not in the range x>=1.", "talet ska vara minst 1."),
    ("Input should be less than or equal to 10", "talet får vara högst 10."),
    ("11 is not in the range x<=10.", "talet får vara högst 10."),
    ("'x' is not a valid float.", "skriv ett tal, t.ex. 2.5."),
])
def test_typer_and_click_refusals_read_the_same_in_swedish(english: str, said: str) -> None:
    # typer from 0.20 words a refused number as pydantic does, click before it in its own words: one Swedish text.
    assert swedish._translated(english, swedish._VALUES) == said
