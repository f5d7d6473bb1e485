"""The places of a document's keys, values and items, packed per mapping and list (styr.load.yamlio.Positions):
the same places as the parser's own marks, a mapping that behaves as a read-only dict, and pickles that hold them
packed (the parse cache, a helper's documents, the kept model) and come back equal."""

from __future__ import annotations

import pickle
import pickletools
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from styr.load import cache
from styr.load.loaded import LoadedDoc
from styr.load.schema_files import DocKind
from styr.load.yamlio import Positions, YList, YMap, parse_yaml
from styr.model.build import MADE_OF, derive

GOAL = """\
id: BUN-M1
titel: Fler elever når målen
beskrivning: |
  Alla elever ska få det stöd de behöver.
ansvarig: Skolchef
start: 2027-01-01
slut: 2030-12-31
indikatorer:
  - id: BUN-M1-I1
    namn: Andel behöriga till gymnasiet
    riktning: öka
    enhet: procent
    baslinje: {period: 2025, värde: 82}
    målvärde: {2027: 85, 2028: 87,
               2029: 89}
    utfall:
      2025: 82
      2026-H1: 83.5
  - id: BUN-M1-I2
    namn: Nöjda vårdnadshavare
    riktning: öka
    målvärde: {2027: [80, 90]}
bedömning:
  2026-H1: {färg: gul, analys: "Det går åt rätt håll.", prognos: grön}
"""


def _marks(node: yaml.Node) -> Iterator[tuple[tuple[str | int, ...], tuple[int, int], tuple[int, int]]]:
    """(path, key place, value place) of every key and item, from PyYAML's own marks (an item's key place is
    its own place)."""

    def at(n: yaml.Node) -> tuple[int, int]:
        return n.start_mark.line + 1, n.start_mark.column + 1

    def walk(n: yaml.Node, path: tuple[str | int, ...]) -> Iterator[Any]:
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                yield (*path, k.value), at(k), at(v)
                yield from walk(v, (*path, k.value))
        elif isinstance(n, yaml.SequenceNode):
            for i, v in enumerate(n.value):
                yield (*path, i), at(v), at(v)
                yield from walk(v, (*path, i))

    yield from walk(node, ())


def _places(doc: YMap) -> Iterator[tuple[tuple[str | int, ...], tuple[int, int], tuple[int, int]]]:
    """The same, as the parsed document gives them."""

    def walk(n: object, path: tuple[str | int, ...]) -> Iterator[Any]:
        if isinstance(n, YMap):
            for k, v in n.items():
                assert n.key_pos[k] == n.where_key(k) and n.val_pos[k] == n.where(k)
                yield (*path, k), n.where_key(k), n.where(k)
                yield from walk(v, (*path, k))
        elif isinstance(n, YList):
            assert len(n.item_pos) == len(n)
            for i, v in enumerate(n):
                assert n.item_pos[i] == n.where(i)
                yield (*path, i), n.where(i), n.where(i)
                yield from walk(v, (*path, i))

    yield from walk(doc, ())


def _doc(text: str) -> YMap:
    doc = parse_yaml(text.encode()).doc
    assert isinstance(doc, YMap)
    return doc


def test_every_place_is_the_parsers_own_mark() -> None:
    doc = _doc(GOAL)
    expected = list(_marks(yaml.compose(GOAL, Loader=yaml.SafeLoader)))
    assert list(_places(doc)) == expected
    assert len(expected) > 30


_KEY = st.text(st.sampled_from("abcåäö_1"), min_size=1, max_size=6)
_SCALAR = st.one_of(st.integers(-5, 5000), st.sampled_from(["text", "två ord", "ja"]))
_TREE = st.recursive(_SCALAR, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(_KEY, inner, max_size=4)), max_leaves=25)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(_KEY, _TREE, min_size=1, max_size=5), st.booleans())
def test_places_of_any_document_are_the_parsers_and_survive_pickling(tree: dict[str, Any], flow: bool) -> None:
    text = yaml.safe_dump(tree, allow_unicode=True, default_flow_style=flow, sort_keys=False)
    doc = _doc(text)
    expected = list(_marks(yaml.compose(text, Loader=yaml.SafeLoader)))
    assert list(_places(doc)) == expected
    again = cache.decode(cache.encode(doc))
    assert again == doc
    assert list(_places(again)) == expected


def test_positions_behave_as_a_read_only_mapping() -> None:
    places = _doc("a: 1\nbb:\n  - x\nccc: {d: 2}\n").val_pos
    assert isinstance(places, Mapping)
    assert list(places) == ["a", "bb", "ccc"] and len(places) == 3
    assert places["a"] == (1, 4) and places["bb"] == (3, 3) and places["ccc"] == (4, 6)
    assert places.get("saknas") is None and places.get("saknas", (9, 9)) == (9, 9)
    with pytest.raises(KeyError):
        places["saknas"]
    assert "bb" in places and "saknas" not in places and 1 not in places
    as_dict = {"a": (1, 4), "bb": (3, 3), "ccc": (4, 6)}
    assert dict(places) == as_dict and places == as_dict and as_dict == places
    fewer = {"a": (1, 4)}
    assert places != fewer and fewer != places  # both ways: the dict's own comparison asks the mapping
    assert places.keys() == as_dict.keys() and list(places.values()) == list(as_dict.values())
    assert list(places.items()) == list(as_dict.items())
    assert repr(places) == repr(as_dict)  # what styr.rules.incremental compares outlines by
    with pytest.raises(TypeError):
        hash(places)
    assert not _doc("a: {}\n")["a"].val_pos and YMap((1, 1)).where("x") == (1, 1)


def test_a_duplicate_key_names_the_line_of_the_first() -> None:
    parsed = parse_yaml(b"a: 1\nb:\n  c: 1\n  d: 2\n  c: 3\n")
    assert [(p.line, p.column) for p in parsed.problems] == [(5, 3)]
    assert "rad 3" in parsed.problems[0].message
    assert parsed.doc is not None and parsed.doc["b"].where("c") == (3, 6)


def _ops(blob: bytes) -> list[tuple[str, object]]:
    return [(op.name, arg) for op, arg, _ in pickletools.genops(blob)]


def test_a_documents_pickle_holds_its_places_packed() -> None:
    """The cheaper transport: one bytes value per mapping and list, not a tuple per place. Before, a document of
    this size pickled about two tuples per key."""
    text = "".join(f"k{i}: {{v: {i}, w: [1, 2]}}\n" for i in range(200))
    doc = _doc(text)
    blob = cache.encode(doc)
    ops = _ops(blob)
    containers, places = 1 + 200 * 2, 200 + 200 * 2 + 200 * 2
    tuples = sum(1 for name, _ in ops if name.startswith("TUPLE"))
    assert tuples <= 2 * containers + 5 < places  # each container's own place and state, nothing per place
    names = {arg for name, arg in ops if name in ("SHORT_BINUNICODE", "BINUNICODE")}
    assert {"styr.load.yamlio", "YMap", "YList"} <= names and "Positions" not in names


def test_a_models_places_are_kept_packed_and_come_back_equal() -> None:
    doc = _doc(GOAL)
    goal = derive(LoadedDoc("kommun/bun/mål/m1.yaml", DocKind.MAL, doc, "kommun/bun"))
    assert goal.locs == doc.val_pos and goal.locs["titel"] == (2, 8)  # type: ignore[union-attr]
    ind = goal.indicators[0]  # type: ignore[union-attr]
    assert ind.outcome_locs["2026-H1"] == (18, 16) and ind.target_locs["2029"] == (15, 22)
    blob = cache.encode(goal)
    again = cache.decode_model(blob, MADE_OF)
    assert repr(again) == repr(goal)
    assert again.locs == goal.locs and again.indicators[0].outcome_locs == ind.outcome_locs
    # Made again by pickle itself: a Positions is a tuple underneath, whose class alone the pickle names.
    globals_named = [arg for name, arg in _ops(blob) if name in ("GLOBAL", "STACK_GLOBAL", "SHORT_BINUNICODE")
                     and isinstance(arg, str) and arg.startswith(("copyreg", "builtins"))]
    assert globals_named == []
    assert type(pickle.loads(pickle.dumps(doc.val_pos))) is Positions
