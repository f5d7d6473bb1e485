"""The published schemas and the code speak one vocabulary: every `enum` in schemas/ is an enum in model/vocab."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from styr.diagnostics import Severity
from styr.load.schema_files import load_schemas
from styr.model.vocab import (
    COLOURS,
    FOLLOW_UP_KINDS,
    MEASUREMENT_FREQUENCIES,
    ActivityStatus,
    Colour,
    ColourModelKind,
    Direction,
    Gender,
    YearKind,
    YesNo,
    truth,
)

# Where each schema lists a closed vocabulary, and the code that must list the same words in the same order.
EXPECTED: dict[tuple[str, str], tuple[str, ...]] = {
    ("gemensamt.schema.json", "$defs/farg"): Colour.words(),
    ("gemensamt.schema.json", "$defs/jaNej"): YesNo.words(),
    ("gemensamt.schema.json", "$defs/aktivitetsstatus"): ActivityStatus.words(),
    ("gemensamt.schema.json", "$defs/indikator/properties/riktning"): Direction.words(),
    ("gemensamt.schema.json", "$defs/indikator/properties/kön"): Gender.words(),
    ("gemensamt.schema.json", "$defs/indikator/properties/mätfrekvens"):
        tuple(k.value for k in MEASUREMENT_FREQUENCIES),
    ("styrkort.schema.json", "properties/verksamhetsår"): YearKind.words(),
    ("styrmodell.schema.json", "properties/uppföljning"): tuple(k.value for k in FOLLOW_UP_KINDS),
    ("styrmodell.schema.json", "properties/färgmodell/properties/modell"): ColourModelKind.words(),
    ("styrmodell.schema.json", "properties/regler/patternProperties/^[A-Z][0-9]{2}$"):
        (*(s.value for s in Severity), "av"),
}


def _enums(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[str, list[Any]]]:
    if isinstance(node, dict):
        if "enum" in node:
            yield "/".join(path), node["enum"]
        for key, value in node.items():
            yield from _enums(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _enums(value, (*path, str(i)))


def _all_enums() -> dict[tuple[str, str], list[Any]]:
    return {(file, path): values for file, schema in load_schemas().items() for path, values in _enums(schema)}


@pytest.mark.parametrize(("where", "words"), sorted(EXPECTED.items()), ids=[f"{f}#{p}" for f, p in sorted(EXPECTED)])
def test_schema_enum_equals_the_vocabulary(where: tuple[str, str], words: tuple[str, ...]) -> None:
    found = _all_enums()
    assert where in found, f"{where} has no enum any more"
    assert tuple(found[where]) == words


def test_every_schema_enum_has_its_vocabulary() -> None:
    # A new closed list in a schema must get its enum in model/vocab.py (and a line in EXPECTED).
    assert set(_all_enums()) == set(EXPECTED)


def test_colour_order_and_steps() -> None:
    assert COLOURS == (Colour.GRON, Colour.GUL, Colour.ROD, Colour.SVART)
    assert [c.step for c in COLOURS] == [0, 1, 2, None]


@pytest.mark.parametrize(
    ("text", "loose", "with_ascii"),
    [("grön", Colour.GRON, Colour.GRON), (" Grön\n", Colour.GRON, Colour.GRON),
     ("gro\u0308n", Colour.GRON, Colour.GRON), ("gron", None, Colour.GRON),
     ("ROD", None, Colour.ROD), ("grönt", None, None), ("", None, None)],
)
def test_colour_parse(text: str, loose: Colour | None, with_ascii: Colour | None) -> None:
    assert Colour.parse(text) is loose
    assert Colour.parse(text, ascii=True) is with_ascii


def test_get_takes_the_word_exactly_as_written() -> None:
    assert Direction.get("öka") is Direction.OKA
    assert Direction.get("Öka") is None and Direction.get("oka") is None and Direction.get(None) is None
    assert ActivityStatus.get("genomförd") is ActivityStatus.GENOMFORD


def test_ascii_spellings_for_the_command_line() -> None:
    assert [s.ascii for s in ActivityStatus] == ["planerad", "pagar", "genomford", "forsenad", "avbruten"]
    assert [ActivityStatus.parse(s.ascii, ascii=True) for s in ActivityStatus] == list(ActivityStatus)
    assert [c.ascii for c in COLOURS] == ["gron", "gul", "rod", "svart"]


def test_finished_statuses() -> None:
    assert {s for s in ActivityStatus if s.finished} == {ActivityStatus.GENOMFORD, ActivityStatus.AVBRUTEN}


@pytest.mark.parametrize(("text", "expected"), [("ja", True), ("Ja ", True), ("true", True), ("uppnått", True),
                                                ("nej", False), ("FALSE", False), ("ej uppnått", False),
                                                ("kanske", None), ("", None)])
def test_truth_words(text: str, expected: bool | None) -> None:
    assert truth(text) is expected


@given(st.text(max_size=12))
def test_parse_never_raises_and_finds_only_members(text: str) -> None:
    for vocabulary in (Colour, ActivityStatus, Direction, YesNo, ColourModelKind, YearKind):
        found = vocabulary.parse(text, ascii=True)
        assert found is None or found in vocabulary
