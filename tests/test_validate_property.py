"""Whatever is written into a goal file, `analyse` returns findings: it never raises and never reports X01."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_rule_cases import MINIMAL

from styr.app.pipeline import analyse
from styr.diagnostics import Diagnostic
from styr.load.source import WorkTree
from styr.rules import all_rules
from styr.rules.registry import RULES

TODAY = date(2026, 11, 29)
TARGETS = (
    "kommun/nämnd/mål/bun-m1.yaml",
    "kommun/mål/kf-m1.yaml",
    "kommun/nämnd/styrkort.yaml",
    "kommun/nämnd/aktiviteter/bun-a1.yaml",
    "styrmodell.yaml",
    "vision.yaml",
)

# Keys of every file type, so that generated documents often get past the schema and reach the rules.
REAL_KEYS = (
    "id", "titel", "beskrivning", "perspektiv", "bidrar_till", "ansvarig", "start", "slut", "beslut", "organ",
    "datum", "paragraf", "indikatorer", "namn", "enhet", "riktning", "källa", "kolada", "baslinje", "period",
    "värde", "vikt", "mätfrekvens", "värdeområde", "min", "max", "målvärde", "utfall", "bedömning", "färg",
    "analys", "prognos", "motivering", "nivå", "chef", "samordnare", "roll", "git", "vision", "verksamhetsår",
    "mål", "status", "uppföljning", "kommentar", "kommun", "kolada_id", "nivåer", "beslut_krävs",
    "beslutsorgan", "mandatperiod", "färgmodell", "modell", "gul_marginal", "poäng", "gränser", "grön", "gul",
    "röd", "andel_gul", "årshjul", "månad", "regler", "publicering", "stängda_perioder", "text", "ledord",
    "målområden",
)
WRONG_KEYS = ("målvärden", "Titel", "perspektiven", "utfal", "bidrar-till", "x", "\"\"", "S07", "s07", "K99", "1")
PERIODS = ("2022", "2023", "2026", "2027", "2026-H1", "2026-H2", "2026-T3", "2026-Q1", "2026-Q4", "2026-M01",
           "2026-M12", "2025/26", "2025/26-HT", "2026/27-VT", "2026-q1", "2026-Q5", "2026-M13", "2026/2027",
           "1999", "9999", "2026-H3", "0", "-1")
DATES = ("2023-01-01", "2026-12-31", "2026-11-29", "2027-06-30", "2022-12-31", "2023-02-30", "2026-13-01",
         "31/12/2026", "2026-1-1", "2026", "0001-01-01", "9999-12-31")
WORDS = ("Verksamhet", "Verksamheten", "Ekonomi", "kommun", "nämnd", "verksamhet", "enhet", "grupp", "KF-M1",
         "BUN-M1", "BUN-V-M1", "BUN-V-E-M1", "V1", "V9", "I1", "öka", "minska", "intervall", "uppnått", "ökar",
         "procent", "antal", "ja", "nej", "no", "on", "true", "false", "grön", "gul", "röd", "svart", "blå",
         "pågår", "genomförd", "avbruten", "klar", "kvartal", "helår", "läsår", "månad", "av", "error",
         "warning", "info", "kalenderår", "KF", "BUN", "~", "null", "''", '""', "Å", "§ 12", "@per")

scalars = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(DATES),
    st.sampled_from(PERIODS),
    st.integers(min_value=-10**6, max_value=10**6).map(str),
    st.sampled_from(("0", "1", "100", "120", "-5", "0.5", "1e9", "1e400", ".nan", "-.inf", "84,5", "82 %")),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=12)
    .map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'),
)
flow_values = st.one_of(
    scalars,
    st.lists(scalars, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]"),
    st.lists(st.tuples(st.sampled_from(REAL_KEYS + PERIODS), scalars), max_size=4)
    .map(lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}"),
    st.just(""),
)
keys = st.one_of(st.sampled_from(REAL_KEYS), st.sampled_from(WRONG_KEYS), st.sampled_from(PERIODS))


Node = str | list["Node"] | dict[str, "Node"]

trees: st.SearchStrategy[Node] = st.recursive(
    flow_values,
    lambda children: st.one_of(
        st.lists(children, min_size=1, max_size=4),
        st.dictionaries(keys, children, min_size=1, max_size=4),
    ),
    max_leaves=12,
)


def _emit(node: Node, depth: int) -> list[str]:
    """Block YAML for a tree; leaves are already written as flow text (scalars, [..], {..})."""
    pad = "  " * depth
    out: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, str):
                out.append(f"{pad}{key}: {value}".rstrip())
            else:
                out.append(f"{pad}{key}:")
                out.extend(_emit(value, depth + 1))
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, str):
                out.append(f"{pad}- {item}".rstrip())
            elif isinstance(item, dict):
                inner = _emit(item, depth + 1)
                out.append(f"{pad}- {inner[0].lstrip()}")
                out.extend(inner[1:])
            else:
                out.append(f"{pad}-")
                out.extend(_emit(item, depth + 1))
    else:
        out.append(f"{pad}{node}")
    return out


@st.composite
def line_soup(draw: st.DrawFn) -> str:
    """Loosely indented key/value lines: often not valid YAML, which exercises the syntax paths."""
    lines: list[str] = []
    depth = 0
    for _ in range(draw(st.integers(min_value=0, max_value=20))):
        depth = draw(st.integers(min_value=0, max_value=min(depth + 1, 4)))
        pad = "  " * depth
        kind = draw(st.sampled_from(("pair", "open", "item", "item-pair", "comment")))
        key = draw(keys)
        if kind == "pair":
            lines.append(f"{pad}{key}: {draw(flow_values)}")
        elif kind == "open":
            lines.append(f"{pad}{key}:")
        elif kind == "item":
            lines.append(f"{pad}- {draw(flow_values)}")
        elif kind == "item-pair":
            lines.append(f"{pad}- {key}: {draw(flow_values)}")
        else:
            lines.append(f"{pad}# {draw(scalars)}")
    return "\n".join(lines) + "\n"


# Mostly well-formed mappings (they reach the schema, the model and the rules), some loose line soup.
_mappings = st.dictionaries(keys, trees, min_size=1, max_size=8).map(lambda d: "\n".join(_emit(d, 0)) + "\n")
yaml_documents = st.integers(min_value=0, max_value=3).flatmap(lambda i: line_soup() if i == 0 else _mappings)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy of the minimal repository for all examples; each example restores what it overwrote."""
    return Path(shutil.copytree(MINIMAL, tmp_path_factory.mktemp("egenskap") / "repo"))


def _run_with(repo: Path, target: str, content: bytes) -> list[Diagnostic]:
    path = repo / target
    original = path.read_bytes()
    path.write_bytes(content)
    try:
        return list(analyse(WorkTree(repo), TODAY).diagnostics)
    finally:
        path.write_bytes(original)


def _check(diags: list[Diagnostic]) -> None:
    all_rules.load()
    internal = [d for d in diags if d.code == "X01"]
    assert not internal, internal
    for d in diags:
        assert d.code in RULES
        assert d.line >= 1 and d.column >= 1
        assert d.message.strip() and not d.path.startswith("/")


def _lines(repo: Path, target: str) -> Iterator[str]:
    yield from (repo / target).read_text(encoding="utf-8").splitlines()


EXAMPLES = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@EXAMPLES
@given(target=st.sampled_from(TARGETS), text=yaml_documents)
def test_yaml_shaped_text_never_breaks_analyse(repo: Path, target: str, text: str) -> None:
    _check(_run_with(repo, target, text.encode("utf-8")))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.sampled_from(TARGETS), data=st.binary(max_size=300))
def test_arbitrary_bytes_never_break_analyse(repo: Path, target: str, data: bytes) -> None:
    _check(_run_with(repo, target, data))


@EXAMPLES
@given(target=st.sampled_from(TARGETS), data=st.data())
def test_one_changed_line_in_a_valid_file_never_breaks_analyse(repo: Path, target: str, data: st.DataObject) -> None:
    # Starting from a valid file reaches deep into the rules: one value replaced, one line dropped or doubled.
    lines = list(_lines(repo, target))
    edits = data.draw(st.lists(st.tuples(st.integers(0, len(lines) - 1),
                                         st.sampled_from(("value", "value", "drop", "double")), flow_values),
                               min_size=1, max_size=3))
    for index, how, value in edits:
        index = min(index, len(lines) - 1)
        line = lines[index]
        if how == "value" and ":" in line:
            lines[index] = line.split(":", 1)[0] + ": " + value
        elif how == "drop" and len(lines) > 1:
            del lines[index]
        else:
            lines.insert(index, line)
    _check(_run_with(repo, target, ("\n".join(lines) + "\n").encode("utf-8")))
