"""A structure-aware fuzzer over the example repository: values of every type in every kind of file, keys renamed,
dropped and doubled, whole files replaced (other encodings, binary, huge, not a mapping), and file-system
entries made hostile (links out, loops, FIFOs, unreadable folders, names with control characters or not UTF-8).
Then validate, status, report and the authoring commands run in this process; any traceback, an internal rule
error (X01) or an exit code other than 0, 1 or 2 fails.

The seed is fixed and the budget small in the normal test run. A longer run (see CONTRIBUTING.md):

    STYR_FUZZ_EXAMPLES=2000 python3 -m pytest tests/test_hostile_fuzz.py -p no:cacheprovider

`STYR_FUZZ_SEED` picks another fixed sequence of examples.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from hostile import ROOT, TODAY, Run, as_ordinary_user, styr
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

BUDGET = int(os.environ.get("STYR_FUZZ_EXAMPLES", "12"))
SEED = int(os.environ.get("STYR_FUZZ_SEED", "20261129"))
EXAMPLE = ROOT / "example-repo"
OUTSIDE_SECRET = "utanför-hemlighet-9931"
ENV_SECRET = "miljö-hemlighet-5512"
os.environ["STYR_FUZZ_TOKEN"] = ENV_SECRET  # what a link to /proc/self/environ would show

KINDS: dict[str, Callable[[str], bool]] = {
    "styrmodell": lambda p: p == "styrmodell.yaml",
    "vision": lambda p: p == "vision.yaml",
    "styrkort": lambda p: p.endswith("/styrkort.yaml"),
    "mål": lambda p: "/mål/" in p,
    "aktivitet": lambda p: "/aktiviteter/" in p,
    "avsnitt": lambda p: p.endswith(".md") and "/verksamhetsplan/" in p,
}
FILES = sorted(p.relative_to(EXAMPLE).as_posix() for p in EXAMPLE.rglob("*") if p.is_file())
BY_KIND = {kind: [f for f in FILES if test(f)] for kind, test in KINDS.items()}
FOLDERS = sorted({f.rsplit("/", 1)[0] for f in FILES if "/" in f})

# --- values ---------------------------------------------------------------------------------------------------

PERIODS = ["2025", "2026", "2026-H1", "2026-Q3", "2026-T2", "2026-M07", "2025/26", "2025/26-HT", "2026-Q5",
           "1", "0", "-2026", "99999", "2026-H1-Q1", "året"]
WORDS = ["grön", "gul", "röd", "svart", "blå", "öka", "minska", "intervall", "uppnått", "procent", "kronor",
         "ja", "nej", "no", "on", "true", "~", "null", "KF-M1", "BUN-M2", "BUN-M2/I1", "V1", "KF", "nämnd",
         "Verksamhet", "pågår", "helår", "kvartal", "läsår", "av", "error", "§ 12", "@per.lind", "2026-02-30"]
NUMBERS = ["0", "-1", "87,5", "1e9", "1e400", "-1e999", ".nan", ".inf", "0x1F", "0o17", "1_000", "007",
           "1" + "0" * 350, "9" * 5000, "1.5e308", "-0", "3.", "+5", "12:30"]
CONTROL = ["\\e[2J\\e]0;titel\\a", "rad\\nrad", "\\0", "\\x85", "\\u2028", "\\u202e", "\\uFFFE", "\\t", "\\x7f"]

scalars = st.one_of(
    st.sampled_from(PERIODS), st.sampled_from(WORDS), st.sampled_from(NUMBERS),
    st.integers(min_value=-10**12, max_value=10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(CONTROL).map(lambda c: f'"{c}"'),
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=20).map(json.dumps),
    st.integers(min_value=1, max_value=4).map(lambda n: '"' + "långt ord " * (2000 * n) + '"'),
    st.sampled_from(["[]", "{}", "[1, [2, [3]]]", "{a: {b: {c: d}}}", "!!binary aGVq", "!ny tagg", "&a 1",
                     "*a", "|\n  block", ">-\n  vikt", "''", '""', "[" * 60 + "]" * 60]),
)
flows = st.one_of(scalars, st.lists(scalars, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
                  st.lists(st.tuples(st.sampled_from(PERIODS + WORDS), scalars), max_size=3)
                  .map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"))

# --- mutations of a file's text ----------------------------------------------------------------------------------

_PAIR = re.compile(r"^(\s*(?:- )?)([^\s:#][^:#]*?):(\s.*)?$")


def lines_of(text: str) -> list[str]:
    return text.split("\n")


@st.composite
def text_mutation(draw: st.DrawFn, text: str) -> str:
    lines = lines_of(text)
    pairs = [i for i, line in enumerate(lines) if _PAIR.match(line)] or [0]
    i = draw(st.sampled_from(pairs))
    how = draw(st.sampled_from(["value", "value", "value", "key", "drop", "double", "indent", "insert"]))
    m = _PAIR.match(lines[i])
    if how == "value" and m:
        lines[i] = f"{m.group(1)}{m.group(2)}: {draw(flows)}"
    elif how == "key" and m:
        key = draw(st.sampled_from(["id", "titel", "utfall", "målvärde", "bedömning", "färg", "nivå", "x", "Id",
                                    "ïd", "utfall ", "2026", "'id'", "? id", "<<", "mål/x", m.group(2)]))
        lines[i] = f"{m.group(1)}{key}:{m.group(3) or ''}"
    elif how == "drop":
        del lines[i]
    elif how == "double":
        lines.insert(i, lines[i])
    elif how == "indent":
        lines[i] = draw(st.sampled_from(["  ", "\t", " ", ""])) + lines[i].lstrip(" ")
    else:
        lines.insert(i, draw(st.sampled_from(["okänd: 1", "id: X-9", "- lös", "---", "...", "%YAML 1.1",
                                               "# kommentar", "bedömning:", "  2026-H1: {färg: röd}"])))
    return "\n".join(lines)


# --- mutations of a file's structure -------------------------------------------------------------------------------

_RAW = re.compile(r'"\\0RAW(.*?)\\0"')


def _paths(node: object, prefix: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield (*prefix, i)
            yield from _paths(value, (*prefix, i))


def _at(doc: object, path: tuple[object, ...]) -> object:
    for step in path:
        doc = doc[step]  # type: ignore[index]
    return doc


def _raw(text: str) -> str:
    """A value written into the YAML as it stands (unquoted), whatever the dumper would make of it."""
    return f"\0RAW{text}\0"


@st.composite
def structure_mutation(draw: st.DrawFn, text: str) -> str:
    """Parse the file, change one node anywhere in it (a value of any type, a key, its place), write it back."""
    doc = yaml.safe_load(text)
    if not isinstance(doc, dict) or not doc:
        return text
    path = draw(st.sampled_from(list(_paths(doc))))
    parent, key = _at(doc, path[:-1]), path[-1]
    how = draw(st.sampled_from(["value", "value", "value", "value", "delete", "rename", "list", "map"]))
    if how == "value":
        parent[key] = _raw(draw(flows))  # type: ignore[index]
    elif how == "delete":
        del parent[key]  # type: ignore[attr-defined]
    elif how == "rename" and isinstance(parent, dict):
        new = draw(st.one_of(st.sampled_from(PERIODS + WORDS), st.integers(-10**400, 10**400)))
        parent[new] = parent.pop(key)
    elif how == "list":
        parent[key] = [_at(doc, path)] * draw(st.integers(0, 3))  # type: ignore[index]
    else:
        parent[key] = {draw(st.sampled_from(PERIODS)): _at(doc, path)}  # type: ignore[index]
    dumped = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=1 << 30)
    return _RAW.sub(lambda m: m.group(1).replace("\\\\", "\\").replace('\\"', '"'), dumped)


WHOLE = {
    "empty": lambda t: b"",
    "binary": lambda t: bytes(range(256)) * 4,
    "list": lambda t: b"- a\n- b\n",
    "scalar": lambda t: b"bara text\n",
    "bom": lambda t: b"\xef\xbb\xbf" + t.encode(),
    "utf16": lambda t: t.encode("utf-16"),
    "latin1": lambda t: t.encode("latin-1", "replace"),
    "crlf": lambda t: t.replace("\n", "\r\n").encode(),
    "cr": lambda t: t.replace("\n", "\r").encode(),
    "nul": lambda t: t.encode()[:40] + b"\x00" + t.encode()[40:],
    "huge": lambda t: t.encode() + b"# " + b"x" * (1100 * 1024) + b"\n",
    "deep": lambda t: ("a:\n" + "".join("  " * i + "b:\n" for i in range(1, 400))).encode(),
    "anchors": lambda t: b"a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n",
    "many-documents": lambda t: (t + "\n---\n" + t).encode(),
    "markdown-refs": lambda t: (t + "\n\n[r]: javascript:alert(1)\n[b]: https://spårare.example/p.png\n"
                                "![x][b] [y][r] <script>alert(1)</script>\n").encode(),
}

# --- mutations of the file system ---------------------------------------------------------------------------------


def _link(target: str) -> Callable[[Path, str, Path], None]:
    def apply(root: Path, rel: str, outside: Path) -> None:
        path = root / rel
        path.unlink()
        path.symlink_to(target.replace("OUTSIDE", str(outside)))

    return apply


def _fifo(root: Path, rel: str, outside: Path) -> None:
    (root / rel).unlink()
    os.mkfifo(root / rel)


def _folder(root: Path, rel: str, outside: Path) -> None:
    (root / rel).unlink()
    (root / rel).mkdir()
    (root / rel / "i-en-mapp.yaml").write_text("id: X\n", encoding="utf-8")


def _unreadable(root: Path, rel: str, outside: Path) -> None:
    (root / rel).parent.chmod(0)


def _rename(new: bytes) -> Callable[[Path, str, Path], None]:
    def apply(root: Path, rel: str, outside: Path) -> None:
        folder = os.fsencode(root / rel).rsplit(b"/", 1)[0]
        os.rename(os.fsencode(root / rel), folder + b"/" + new)

    return apply


def _loop(root: Path, rel: str, outside: Path) -> None:
    link = (root / rel).parent.joinpath("slinga")
    if not link.is_symlink():  # two files of one folder may both draw the loop: it is made once
        link.symlink_to("..", target_is_directory=True)


FS: dict[str, Callable[[Path, str, Path], None]] = {
    "link-outside": _link("OUTSIDE/hemlig.yaml"),
    "link-proc": _link("/proc/self/environ"),
    "link-dev-zero": _link("/dev/zero"),
    "link-dangling": _link("finns-inte.yaml"),
    "link-self": _link("själv"),
    "link-folder-outside": _link("OUTSIDE"),
    "fifo": _fifo,
    "folder": _folder,
    "unreadable-folder": _unreadable,
    "name-escape": _rename(b"\x1b[31mr\xc3\xb6d\n.yaml"),
    "name-latin1": _rename(b"m\xe5l.yaml"),
    "name-long": _rename(b"a" * 250 + b".yaml"),
    "loop": _loop,
}


@st.composite
def mutations(draw: st.DrawFn) -> list[tuple[str, str, object]]:
    """1–4 changes: (what, which file, how)."""
    out: list[tuple[str, str, object]] = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        kind = draw(st.sampled_from(sorted(BY_KIND)))
        rel = draw(st.sampled_from(BY_KIND[kind]))
        family = draw(st.sampled_from(["text", "text", "structure", "structure", "structure", "whole", "fs",
                                       "fs"]))
        if family in ("text", "structure"):
            original = (EXAMPLE / rel).read_text(encoding="utf-8")
            mutate = text_mutation if family == "text" or rel.endswith(".md") else structure_mutation
            out.append(("text", rel, draw(mutate(original))))
        elif family == "whole":
            out.append(("whole", rel, draw(st.sampled_from(sorted(WHOLE)))))
        else:
            out.append(("fs", rel, draw(st.sampled_from(sorted(FS)))))
    return out


def apply(root: Path, outside: Path, changes: list[tuple[str, str, object]]) -> None:
    for family, rel, how in changes:
        path = root / rel
        if not path.is_file() or path.is_symlink():
            continue  # an earlier change took the file away
        if family == "text":
            path.write_text(str(how), encoding="utf-8")
        elif family == "whole":
            path.write_bytes(WHOLE[str(how)](path.read_bytes().decode("utf-8", "replace")))
        else:
            FS[str(how)](root, rel, outside)


def readable_again(root: Path) -> None:
    """Undo chmod 000, so the folder can be removed."""
    if root.exists() and stat.S_IMODE(root.stat().st_mode) == 0:
        root.chmod(0o755)
    for folder, dirs, _ in os.walk(root):
        for d in dirs:
            p = Path(folder) / d
            if not p.is_symlink() and stat.S_IMODE(p.lstat().st_mode) == 0:
                p.chmod(0o755)


@contextmanager
def restorable(root: Path) -> Iterator[None]:
    try:
        yield
    finally:
        readable_again(root)


# --- commands -------------------------------------------------------------------------------------------------


def commands(root: Path, out: Path, csv: Path) -> dict[str, list[str | Path]]:
    return {
        "report-md": ["report", root, "--format", "md", "--out", out / "md", "--date", TODAY, "--no-history"],
        "report-html": ["report", root, "--format", "html", "--out", out / "html", "--date", TODAY,
                        "--no-history", "--quiet"],
        "utfall": ["utfall", "BUN-M2/I1", "2026-Q3", "87,5", root, "--date", TODAY],
        "bedömning": ["bedömning", "BUN-M2", "2026-H1", root, "--färg", "gul", "--prognos", "grön", "--analys",
                      "Analys\n\n[r]: javascript:x", "--date", TODAY],
        "uppföljning": ["uppföljning", "BUN-A1", "2026-Q3", root, "--status", "pågår", "--kommentar", "Halvvägs.",
                        "--date", TODAY],
        "import": ["import", csv, root, "--date", TODAY],
        "new-mål": ["new", "mål", root, "--unit", "BUN", "--title", "Fler läser", "--perspective", "Verksamhet",
                    "--contributes-to", "KF-M1", "--date", TODAY],
        "codeowners": ["codeowners", root],
        "årshjul": ["årshjul", root, "--date", TODAY, "--format", "md"],
        "explain": ["status", root, "--explain", "KF-M1", "--date", TODAY],
        "export-data": ["export", "data", root, "--format", "xlsx", "--out", out / "data", "--date", TODAY],
        "export-mall": ["export", "mall", root, "--period", "2026", "--out", out / "mall.xlsx", "--date", TODAY],
    }


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("fuzz")
    (base / "utanför").mkdir()
    (base / "utanför" / "hemlig.yaml").write_text(f"id: BUN-M9\ntitel: {OUTSIDE_SECRET}\n", encoding="utf-8")
    (base / "utfall.csv").write_text("indikator;period;utfall\nBUN-M2/I1;2026-Q2;81\nKF-M1/I1;2026;ja\n",
                                     encoding="utf-8")
    return base


def check(run: Run, seen: list[str]) -> None:
    seen.append(run.describe())
    assert run.clean, run.describe()
    assert OUTSIDE_SECRET not in run.output and ENV_SECRET not in run.output, run.describe()
    assert "\x1b" not in run.output, run.describe()  # styr prints no colour here: any ESC came from the repository


@settings(max_examples=BUDGET, deadline=None, database=None, derandomize=False,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@seed(SEED)
@given(changes=mutations(), extra=st.lists(st.sampled_from(sorted(commands(Path(), Path(), Path()))),
                                            min_size=1, max_size=2, unique=True),
       fmt=st.sampled_from(["text", "json", "github", "gitlab", "sarif", "junit"]))
def test_no_mutation_of_the_example_repository_breaks_styr(pristine: Path, changes: list[tuple[str, str, object]],
                                                            extra: list[str], fmt: str) -> None:
    work = pristine / "arbete"
    if work.exists():
        readable_again(work)
        shutil.rmtree(work)
    root = Path(shutil.copytree(EXAMPLE, work / "repo", symlinks=True))
    seen: list[str] = []
    with restorable(root), as_ordinary_user():
        apply(root, pristine / "utanför", changes)
        validated = styr("validate", root, "--format", fmt, "--date", TODAY)
        check(validated, seen)
        if fmt == "json" and validated.code in (0, 1):
            internal = [d for d in json.loads(validated.output)["fynd"] if d["kod"] == "X01"]
            assert not internal, internal
        check(styr("status", root, "--date", TODAY), seen)
        table = commands(root, work / "ut", pristine / "utfall.csv")
        for name in extra:
            check(styr(*table[name]), seen)
        written_carry_no_control_character(work / "ut", seen)


NOT_SHOWN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def written_carry_no_control_character(out: Path, seen: list[str]) -> None:
    """No page, open-data file or workbook part holds a control character: HTML and XML do not allow them, and a
    reader's browser or spreadsheet would show garbage or refuse the file."""
    if not out.is_dir():
        return
    for path in out.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                texts = [book.read(name).decode("utf-8") for name in book.namelist() if name.endswith(".xml")]
        elif path.suffix in (".html", ".md", ".csv", ".json", ".rdf", ".ics", ".css"):
            texts = [path.read_text(encoding="utf-8")]
        else:
            continue
        assert not any(NOT_SHOWN.search(text) for text in texts), (path, seen)
