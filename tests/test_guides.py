"""The guides for chefs and samordnare are executed: every command in a ```sh block runs as written, in order,
and every ```yaml block is written into the repository it names and checked.

The stage is a temporary folder with a stand-in for the municipality's GitLab: `https://gitlab.ekeby.se/…` is
rewritten by Git's own `url.insteadOf` to bare repositories on disk (push options on, as GitLab has them), so
`git clone`, `git push -o merge_request.create` and tags run as written. `styr` runs this checkout. Three things
stand in for the world: STYR_DATUM fixes the day (the guides say "slutet av november 2026"), a form that
`styr export mall --out FIL` writes is filled in the way a chef fills it (each outcome its target), and
`styr kolada hämta` is given `--fil` with a saved answer from Kolada instead of the network.

Conventions in the guides: a command line ending in `# slutkod N` must exit with N (else 0); a YAML block opens
with `# <path>` (a whole file) or `# utdrag ur <path>` (keys merged into that file); inline `styr …` in the
prose names commands and options that exist.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema
import openpyxl
import pytest
import typer
import yaml

from styr.app.pipeline import analyse
from styr.cli import app
from styr.diagnostics import Severity
from styr.load.source import WorkTree, find_root

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
TODAY = "2026-11-29"
GITLAB = "https://gitlab.ekeby.se/"
FENCE = re.compile(r"^```([^\n`]*)\n(.*?)^```[ \t]*$", re.M | re.S)
LANGUAGES = {"sh", "yaml", "text", "json", "markdown"}


@dataclass
class Stage:
    """Where a guide runs: a working folder, the environment of its commands, and what they did."""

    work: Path
    env: dict[str, str]
    cwd: Path
    ran: list[str] = field(default_factory=list)
    checked_yaml: list[str] = field(default_factory=list)


def fenced(text: str) -> list[tuple[str, str]]:
    """The fenced blocks of a Markdown text, in order: (language, body)."""
    return [(m.group(1).strip(), m.group(2)) for m in FENCE.finditer(text)]


def git(cwd: Path, env: dict[str, str], *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def stage(tmp_path: Path, remote_from: Path | None) -> Stage:
    """The folder the guide starts in, a Git configuration of its own and the stand-in GitLab with the
    repository `styrning/mal` (empty, or holding a copy of `remote_from`)."""
    home, work, bin_dir = tmp_path / "hem", tmp_path / "arbete", tmp_path / "bin"
    for folder in (home, work, bin_dir):
        folder.mkdir()
    remote = tmp_path / "gitlab" / "styrning" / "mal.git"
    config = home / "gitconfig"
    config.write_text(f'[user]\n\tname = Per Lind\n\temail = per.lind@ekeby.se\n[init]\n\tdefaultBranch = main\n'
                      f'[url "{(tmp_path / "gitlab").as_uri()}/"]\n\tinsteadOf = {GITLAB}\n'
                      '[protocol "file"]\n\tallow = always\n[commit]\n\tgpgsign = false\n[tag]\n\tgpgsign = false\n',
                      encoding="utf-8")
    shim = bin_dir / "styr"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -P -m styr "$@"\n', encoding="utf-8")
    shim.chmod(0o755)
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "STYR_")) and k not in
            ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    env = {**keep, "HOME": str(home), "GIT_CONFIG_GLOBAL": str(config), "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_CEILING_DIRECTORIES": str(tmp_path), "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": str(ROOT), "STYR_DATUM": TODAY, "COLUMNS": "100"}
    git(tmp_path, env, "init", "-q", "--bare", str(remote))
    git(remote, env, "config", "receive.advertisePushOptions", "true")
    if remote_from is not None:
        seed = tmp_path / "forsta"
        shutil.copytree(remote_from, seed)
        for args in (("init", "-q"), ("add", "-A"), ("commit", "-qm", "Målrepot för Ekeby kommun"),
                     ("push", "-q", str(remote), "main")):
            git(seed, env, *args)
    (work / "styr").symlink_to(ROOT)  # "en klon av styr bredvid målrepot"
    return Stage(work, env, work)


# -- commands --------------------------------------------------------------------------------------------------

def commands(body: str) -> list[tuple[str, int]]:
    """The command lines of an sh block (a trailing backslash continues a line) with the exit code each must
    give: `# slutkod N` at the end of the line, else 0."""
    out: list[tuple[str, int]] = []
    pending = ""
    for raw in body.splitlines():
        line = pending + raw
        if line.rstrip().endswith("\\"):
            pending = line.rstrip()[:-1] + " "
            continue
        pending = ""
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        expected = re.search(r"#\s*slutkod\s+(\d+)\s*$", line)
        out.append((line, int(expected.group(1)) if expected else 0))
    return out


def run_command(st: Stage, line: str, expected: int, kolada: Path) -> None:
    words = shlex.split(line, comments=True)
    if words[0] == "cd":
        st.cwd = (st.cwd / words[1]).resolve()
        assert st.cwd.is_dir(), line
        return
    if words[:3] == ["styr", "kolada", "hämta"]:
        line = f"{line} --fil {shlex.quote(str(kolada))}"  # the saved answer instead of the network
    done = subprocess.run(["bash", "-c", line], cwd=st.cwd, env=st.env, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == expected, f"{line}\n(slutkod {done.returncode})\n{done.stdout}\n{done.stderr}"
    assert "Traceback" not in done.stderr, done.stderr
    st.ran.append(line)
    if words[:3] == ["styr", "export", "mall"]:
        fill_form(st.cwd / words[words.index("--out") + 1])


def fill_form(form: Path) -> None:
    """What the chefs do with the form: write each indicator's target as its outcome."""
    book = openpyxl.load_workbook(form)
    sheet = book.active
    assert sheet is not None
    rows = list(sheet.iter_rows())
    header = [str(c.value) for c in rows[0]]
    filled = 0
    for row in rows[1:]:
        target = row[header.index("målvärde")].value
        if isinstance(target, int | float):
            row[header.index("utfall")].value = target
            filled += 1
    assert filled, "blanketten har inga rader att fylla i"
    book.save(form)


def kolada_answer(where: Path, municipality: str, kpis: dict[str, float]) -> Path:
    """A saved answer from Kolada (v3, one page), for `styr kolada hämta --fil`."""
    values = [{"kpi": kpi, "municipality": municipality, "period": 2025,
               "values": [{"gender": "T", "value": value, "count": 1, "status": ""}]} for kpi, value in kpis.items()]
    path = where / "kolada-svar.json"
    path.write_text(json.dumps([{"values": values}]), encoding="utf-8")
    return path


# -- YAML ------------------------------------------------------------------------------------------------------

def merged(old: Any, new: Any) -> Any:
    """An excerpt pasted into a file: mappings merge; a list of items with `id` merges item by item (an excerpt
    shows only the indicator it changes); anything else is replaced."""
    if isinstance(old, dict) and isinstance(new, dict):
        return {**old, **{k: merged(old.get(k), v) for k, v in new.items()}}
    if isinstance(old, list) and isinstance(new, list) and all(isinstance(i, dict) and "id" in i for i in old + new):
        changed = {i["id"]: i for i in new}
        kept = [merged(i, changed.pop(i["id"])) if i["id"] in changed else i for i in old]
        return kept + list(changed.values())
    return new


def apply_yaml(st: Stage, body: str) -> None:
    first = body.lstrip().splitlines()[0]
    found = re.fullmatch(r"#\s*(utdrag ur\s+)?(\S+)\s*", first)
    assert found, f"ett YAML-exempel börjar med '# <fil>' eller '# utdrag ur <fil>': {first}"
    target = st.cwd / found.group(2)
    parsed = yaml.safe_load(body)
    assert isinstance(parsed, dict), body
    if found.group(1):
        assert target.is_file(), f"{target} finns inte att klistra in i"
        parsed = merged(yaml.safe_load(target.read_text(encoding="utf-8")), parsed)
        text = yaml.safe_dump(parsed, allow_unicode=True, sort_keys=False)
    else:
        text = body
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    st.checked_yaml.append(found.group(2))
    if target.name == ".gitlab-ci.yml":
        schema = json.loads((ROOT / "tests" / "specs" / "gitlab-ci.schema.json").read_text(encoding="utf-8"))
        jsonschema.Draft7Validator(schema).validate(yaml.safe_load(target.read_text(encoding="utf-8")))
        return
    root = find_root(target)
    rel = target.resolve().relative_to(root.resolve()).as_posix()
    found_there = [d for d in analyse(WorkTree(root), date.fromisoformat(TODAY)).diagnostics
                   if d.path == rel and d.severity is Severity.ERROR]
    assert not found_there, [f"{d.code} {d.line}: {d.message}" for d in found_there]


# -- the prose ---------------------------------------------------------------------------------------------------

def check_inline(text: str) -> int:
    """Every `styr …` in the prose names a command that exists, with options it has."""
    root = typer.main.get_command(app)
    count = 0
    for span in re.findall(r"(?<!`)`(styr [^`]+)`(?!`)", FENCE.sub("", text)):
        words = shlex.split(span.replace("…", ""))
        command: Any = root
        for word in words[1:]:
            sub = getattr(command, "commands", {}).get(word)
            if sub is None:
                break
            command = sub
        if command is root and len(words) > 1 and not words[1].startswith("-"):
            raise AssertionError(f"okänt kommando i `{span}`")
        names = {o for p in command.params for o in (*p.opts, *p.secondary_opts)}
        for word in words[1:]:
            if word.startswith("--"):
                assert word.split("=")[0] in names, f"`{span}`: {word} finns inte"
        count += 1
    return count


def run_guide(st: Stage, name: str, kolada: Path) -> None:
    text = (DOCS / name).read_text(encoding="utf-8")
    blocks = fenced(text)
    assert blocks
    for language, body in blocks:
        assert language in LANGUAGES, f"ett kodblock utan känt språk: ```{language}"
        if language == "sh":
            for line, expected in commands(body):
                run_command(st, line, expected, kolada)
        elif language == "yaml":
            apply_yaml(st, body)
    assert check_inline(text) >= 1


def test_the_samordnare_guide_runs_as_written(tmp_path: Path) -> None:
    st = stage(tmp_path, None)
    run_guide(st, "guide-samordnare.md", kolada_answer(tmp_path, "9901", {"N15428": 84.1}))
    assert len(st.ran) >= 25 and len(st.checked_yaml) >= 7
    remote = tmp_path / "gitlab" / "styrning" / "mal.git"
    assert {"main", "utfall-2026-q3"} <= set(git(remote, st.env, "branch", "--format=%(refname:short)").split())
    assert "beslut/KF/2026-10-26" in git(remote, st.env, "tag")
    repo = tmp_path / "arbete" / "mal"
    model = analyse(WorkTree(repo), date.fromisoformat(TODAY)).repo
    indicator = model.goal_by_id["BUN-M1"].indicators[0]
    assert indicator.outcomes["2026-Q3"] == 94  # the form, filled in and read back
    assert model.goal_by_id["KF-M1"].indicators[0].outcomes["2025"] == 84.1  # from Kolada
    assert (repo / "public" / "index.html").is_file() and (repo / "arshjul-2027.ics").is_file()
    assert "public/" not in git(repo, st.env, "ls-files")


def test_the_chef_guide_runs_as_written(tmp_path: Path) -> None:
    st = stage(tmp_path, ROOT / "example-repo")
    run_guide(st, "guide-chef.md", kolada_answer(tmp_path, "9901", {}))
    assert len(st.ran) >= 12 and len(st.checked_yaml) >= 4
    remote = tmp_path / "gitlab" / "styrning" / "mal.git"
    assert "lasforstaelse" in git(remote, st.env, "branch", "--format=%(refname:short)").split()
    model = analyse(WorkTree(tmp_path / "arbete" / "mal"), date.fromisoformat(TODAY)).repo
    goal = model.goal_by_id["BUN-M4"]
    assert goal.indicators[1].outcomes["2026-Q3"] == 77 and goal.assessments["2026-H1"].colour == "gul"
    assert model.activity_by_id["BUN-A7"].goals == ("BUN-M4",)
    pushed = git(remote, st.env, "show", "lasforstaelse:kommun/barn-och-utbildningsnamnden/aktiviteter/"
                 "lasombud-pa-alla-skolor.yaml")
    assert "Läsombud utsedda på fyra av fem skolor." in pushed


@pytest.mark.parametrize("name", ["guide-chef.md", "guide-samordnare.md"])
def test_every_block_in_the_guide_has_a_language_and_every_yaml_names_its_file(name: str) -> None:
    for language, body in fenced((DOCS / name).read_text(encoding="utf-8")):
        assert language in LANGUAGES
        if language == "yaml":
            assert re.match(r"#\s*(utdrag ur\s+)?\S+\s*$", body.lstrip().splitlines()[0]), body
