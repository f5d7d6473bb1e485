"""A file with a mapping of tens of thousands of keys (a hostile one, or a table pasted into a goal file) costs
time in proportion to its size: looking a key's place up, and describing each unknown key, never go through all
the keys again for each one (before, 40,000 unknown keys took `styr validate` two and a half minutes).

Counted, not timed: each check counts the comparisons or passes over the keys that an implementation makes, which
a quadratic one multiplies by the number of keys."""

from __future__ import annotations

import json
import shutil
from collections import deque
from pathlib import Path
from typing import Any

import yaml
from hostile import TODAY, styr

from styr.load import schema_detail, yamlio
from styr.load.schema_files import DocKind
from styr.load.yamlio import YMap, parse_yaml

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
MANY = 3000


class _Key(str):
    """A key that counts how often it is compared."""

    compared = 0

    def __eq__(self, other: object) -> bool:
        _Key.compared += 1
        return str.__eq__(self, other)

    __hash__ = str.__hash__


def test_looking_up_every_place_of_a_large_mapping_compares_each_key_a_few_times() -> None:
    keys = tuple(_Key(f"k{i}") for i in range(MANY))
    doc = parse_yaml("".join(f"k{i}: {i}\n" for i in range(MANY)).encode()).doc
    assert isinstance(doc, YMap)
    places = tuple.__new__(yamlio.Positions, (keys, doc._packed, 8))
    _Key.compared = 0
    found = [places.get(k) for k in keys]
    assert found == [(i + 1, len(f"k{i}: ") + 1) for i in range(MANY)]
    assert "k7" in places and "saknas" not in places
    assert _Key.compared < 4 * MANY  # going through the keys for each lookup: MANY² / 2


def test_the_places_of_a_large_mapping_are_the_parsers_marks() -> None:
    text = "".join(f"nyckel{i}: {{a: {i}, b: [x, y]}}\n" for i in range(MANY)) + "nyckel7: igen\n"
    parsed = parse_yaml(text.encode())
    doc = parsed.doc
    assert isinstance(doc, YMap)
    node = yaml.compose(text, Loader=yaml.SafeLoader)
    assert isinstance(node, yaml.MappingNode)
    for (k, v), key in zip(node.value[:MANY], doc, strict=True):
        assert k.value == key
        assert doc.where_key(key) == (k.start_mark.line + 1, k.start_mark.column + 1)
        assert doc.where(key) == doc.val_pos[key] == (v.start_mark.line + 1, v.start_mark.column + 1)
    assert [(p.line, p.column) for p in parsed.problems] == [(MANY + 1, 1)]
    assert "rad 8" in parsed.problems[0].message  # the first nyckel7, found in the large mapping


class _Counted(dict[str, Any]):
    """A mapping that counts the passes over its keys."""

    passes = 0

    def __iter__(self) -> Any:
        _Counted.passes += 1
        return super().__iter__()


class _Error:
    """What schema_detail reads of jsonschema's error for an unknown key."""

    def __init__(self, instance: dict[str, Any]) -> None:
        self.instance = instance
        self.absolute_path: deque[str | int] = deque(["indikatorer", 0, "utfall"])
        self.schema: dict[str, Any] = {}


def test_describing_many_unknown_keys_goes_through_the_keys_once() -> None:
    instance = _Counted({f"x{i}": i for i in range(MANY)})
    instance["2025"], instance["5"] = 86, None  # `{2025: 86,5}`: a decimal comma
    schema = {"properties": {"2024": {}}, "patternProperties": {"^[0-9]{4}$": {}}}
    _Counted.passes = 0
    problems = schema_detail._unknown_keys(_Error(instance), DocKind.MAL, ("utfall",), schema)  # type: ignore[arg-type]
    assert len(problems) == MANY + 1
    assert "86,5" in problems[-1].message
    assert _Counted.passes <= 2


def test_validating_a_file_with_many_unknown_keys_reports_each_at_its_line(tmp_path: Path) -> None:
    repo = Path(shutil.copytree(MINIMAL, tmp_path / "repo"))
    goal = next((repo / "kommun").glob("*/mål/*.yaml"))
    before = goal.read_text(encoding="utf-8")
    lines = before.count("\n")
    goal.write_text(before + "".join(f"okänd{i}: x\n" for i in range(MANY)), encoding="utf-8")
    done = styr("validate", str(repo), "--format", "json", "--date", TODAY)
    assert not done.crash
    found = [f for f in json.loads(done.output)["fynd"] if "okänd" in f["meddelande"]]
    assert len(found) == MANY
    assert sorted(f["rad"] for f in found) == list(range(lines + 1, lines + MANY + 1))


def test_many_duplicate_keys_are_each_reported_without_listing_the_keys_again(monkeypatch: Any) -> None:
    passes = 0
    iterate = YMap.__iter__

    def counted(self: YMap) -> Any:
        nonlocal passes
        passes += 1
        return iterate(self)

    monkeypatch.setattr(YMap, "__iter__", counted)
    text = "".join(f"k{i}: 1\n" for i in range(MANY)) + "".join(f"k{i}: 2\n" for i in range(MANY))
    parsed = parse_yaml(text.encode())
    assert [p.line for p in parsed.problems] == list(range(MANY + 1, 2 * MANY + 1))
    assert all(f"första gången på rad {i + 1})" in p.message for i, p in enumerate(parsed.problems))
    assert parsed.doc is not None and parsed.doc["k5"] == 1
    assert passes <= 2  # listing the keys for each duplicate: MANY passes
