"""The YAML reader: positions, duplicate keys, aliases, encodings, YAML 1.1 traps, and never an exception."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from styr.load.schema_files import SchemaProblem
from styr.load.yamlio import YamlProblem, YList, YMap, parse_yaml
from styr.rules import all_rules
from styr.rules.registry import REPORTED_BY


def code_of(problem: YamlProblem | SchemaProblem) -> str:
    """The code of the rule that reports this kind of loading problem."""
    all_rules.load()
    return REPORTED_BY[problem.kind].code


def codes(data: bytes) -> list[str]:
    return [code_of(p) for p in parse_yaml(data).problems]


def test_positions_of_keys_and_values() -> None:
    doc = parse_yaml(b"id: BUN-M2\nindikatorer:\n  - id: I1\n    utfall: {2023: 83}\n").doc
    assert isinstance(doc, YMap)
    assert doc.where_key("id") == (1, 1)
    assert doc.where("id") == (1, 5)
    inds = doc["indikatorer"]
    assert isinstance(inds, YList)
    assert inds.where(0) == (3, 5)
    ind = inds[0]
    assert ind.where("utfall") == (4, 13)
    assert ind["utfall"] == {"2023": 83}
    assert ind["utfall"].where("2023") == (4, 20)


def test_duplicate_key_is_reported_at_second_occurrence_and_first_kept() -> None:
    parsed = parse_yaml(b"id: A\nutfall: {2023: 1}\nutfall: {2023: 2}\n")
    assert [(code_of(p), p.line, p.column) for p in parsed.problems] == [("Y02", 3, 1)]
    assert "rad 2" in parsed.problems[0].message
    assert parsed.doc is not None and parsed.doc["utfall"] == {"2023": 1}


def test_alias_is_refused() -> None:
    parsed = parse_yaml(b"a: &x [1, 2]\nb: *x\n")
    assert parsed.doc is None
    assert [code_of(p) for p in parsed.problems] == ["Y03"]
    assert parsed.problems[0].line == 2


def test_alias_bomb_is_refused_at_once() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 12):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    parsed = parse_yaml(("\n".join(lines) + "\n").encode())
    assert parsed.doc is None and code_of(parsed.problems[0]) == "Y03"


def test_ampersand_in_text_is_fine() -> None:
    parsed = parse_yaml(b"titel: Barn & unga *viktigt*\n")
    assert parsed.problems == () and parsed.doc == {"titel": "Barn & unga *viktigt*"}


def test_invalid_utf8_has_position() -> None:
    parsed = parse_yaml(b"id: A\ntitel: Sk" + b"\xe5la\n")
    assert [(code_of(p), p.line, p.column) for p in parsed.problems] == [("Y04", 2, 10)]


def test_root_must_be_mapping_and_not_empty() -> None:
    assert codes(b"- a\n- b\n") == ["Y05"]
    assert codes(b"just text\n") == ["Y05"]
    assert codes(b"") == ["Y07"]
    assert codes(b"# bara en kommentar\n") == ["Y07"]


def test_size_limit() -> None:
    parsed = parse_yaml(b"a: " + b"x" * 2000 + b"\n", max_bytes=1000)
    assert [code_of(p) for p in parsed.problems] == ["Y06"]


def test_syntax_error_position() -> None:
    parsed = parse_yaml(b"id: A\ntitel: [oavslutad\nbeskrivning: x\n")
    assert code_of(parsed.problems[0]) == "Y01"
    assert parsed.problems[0].line >= 2


def test_yaml11_traps_handled_deliberately() -> None:
    doc = parse_yaml(b"a: no\nb: ja\nc: on\nd: 2023-01-01\ne: 1:20\nf: true\ng: 2026\nh: 1.5\ni: ~\n").doc
    assert doc == {"a": "no", "b": "ja", "c": "on", "d": "2023-01-01", "e": "1:20", "f": True, "g": 2026,
                   "h": 1.5, "i": None}


def test_quoted_numbers_stay_text_and_period_keys_are_text() -> None:
    doc = parse_yaml(b'a: "2026"\nm: {2026: 1, 2026-Q1: 2, 2025/26: 3}\n').doc
    assert doc is not None
    assert doc["a"] == "2026"
    assert list(doc["m"]) == ["2026", "2026-Q1", "2025/26"]


def test_keys_and_values_are_nfc_normalised() -> None:
    nfd = unicodedata.normalize("NFD", "målvärde")
    doc = parse_yaml(f"{nfd}: {nfd}\n".encode()).doc
    assert doc == {"målvärde": "målvärde"}


def test_bom_is_accepted() -> None:
    assert parse_yaml("\ufeffid: A\n".encode()).doc == {"id": "A"}


def test_complex_key_is_reported() -> None:
    parsed = parse_yaml(b"? [a, b]\n: 1\nid: A\n")
    assert [code_of(p) for p in parsed.problems] == ["F02"]
    assert parsed.doc == {"id": "A"}


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    parsed = parse_yaml(data)
    assert parsed.doc is not None or parsed.problems


yaml_text = st.lists(
    st.sampled_from(["id: A\n", "a: [1, 2\n", "  - x\n", "b: &q 1\n", "c: *q\n", "? x\n", "d: {e: f}\n",
                     "'\n", "e: |\n  text\n", "\t- tab\n", "f: 2026-13-45\n", "- item\n", "g: !!binary x\n",
                     "h: !custom 1\n", "---\n", "i: j: k\n", "%YAML 1.1\n"]),
    max_size=12,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(yaml_text)
def test_yaml_shaped_text_never_raises(text: str) -> None:
    parsed = parse_yaml(text.encode())
    assert parsed.doc is not None or parsed.problems


def test_control_characters_in_texts_and_keys_are_read_as_replacements_at_their_places() -> None:
    """Y14: what an escape writes that no output can carry is read as U+FFFD, in values, list items and keys, and
    each is reported where it stands. Keys that would then have one name keep apart (their escapes written out),
    or one is left out, as its finding says; every other key keeps its place."""
    parsed = parse_yaml(b'a: "x\\ay"\nb: [ok, "\\e[2J"]\n"k\\x07": 1\n"k\\x08": 2\n"k\\uFFFD": 3\n"z\\x07": 4\n'
                        b'"z\\\\x07": 5\n"z\\ufffd": 6\nc: "rad\\nrad\\tslut"\n')
    doc = parsed.doc
    assert doc is not None
    assert {k: (v, doc.where_key(k)) for k, v in doc.items()} == {
        "a": ("x\ufffdy", (1, 1)), "b": (["ok", "\ufffd[2J"], (2, 1)),
        "k\\x07": (1, (3, 1)), "k\\x08": (2, (4, 1)), "k\ufffd": (3, (5, 1)),  # U+FFFD itself is a character
        # line 6, "z\x07": both "z\ufffd" and its spelled-out name are taken by lines 7 and 8: left out
        "z\\x07": (5, (7, 1)), "z\ufffd": (6, (8, 1)),
        "c": ("rad\nrad\tslut", (9, 1)),  # line breaks and tabs are text
    }
    assert all(p.kind.value == "control" for p in parsed.problems)
    assert sorted((p.line, p.column) for p in parsed.problems) == [(1, 4), (2, 9), (3, 1), (4, 1), (6, 1)]
