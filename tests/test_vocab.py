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
    CORE_COLOURS,
    FOLLOW_UP_KINDS,
    MEASUREMENT_FREQUENCIES,
    REPORTING_CODES,
    ActivityStatus,
    Aggregation,
    Colour,
    ColourModelKind,
    ContributorMethod,
    Direction,
    Gender,
    GoalsWithoutIndicators,
    HistoryShown,
    PreliminaryOutcomes,
    WeighsIn,
    YearKind,
    YesNo,
    truth,
)

# Where each schema lists a closed vocabulary, and the code that must list the same words in the same order.
EXPECTED: dict[tuple[str, str], tuple[str, ...]] = {
    ("gemensamt.schema.json", "$defs/farg"): tuple(c.value for c in CORE_COLOURS),
    ("gemensamt.schema.json", "$defs/jaNej"): YesNo.words(),
    ("gemensamt.schema.json", "$defs/aktivitetsstatus"): ActivityStatus.words(),
    ("gemensamt.schema.json", "$defs/indikator/properties/riktning"): Direction.words(),
    ("gemensamt.schema.json", "$defs/indikator/properties/kön"): Gender.words(),
    ("gemensamt.schema.json", "$defs/indikator/properties/mätfrekvens"):
        tuple(k.value for k in MEASUREMENT_FREQUENCIES),
    ("styrkort.schema.json", "properties/verksamhetsår"): YearKind.words(),
    ("styrmodell.schema.json", "properties/uppföljning"): tuple(k.value for k in FOLLOW_UP_KINDS),
    ("gemensamt.schema.json", "$defs/fargmodellnamn"): ColourModelKind.words(),
    ("gemensamt.schema.json", "$defs/fargmodell/properties/preliminära_utfall"): PreliminaryOutcomes.words(),
    ("gemensamt.schema.json", "$defs/fargmodell/properties/mål_utan_indikatorer"): GoalsWithoutIndicators.words(),
    ("gemensamt.schema.json", "$defs/fargmodell/properties/bidragande_beräkning"): ContributorMethod.words(),
    ("gemensamt.schema.json", "$defs/indikator/properties/vägs_in"): WeighsIn.words(),
    ("gemensamt.schema.json", "$defs/flerarsmal/properties/beräkning"): Aggregation.words(),
    ("styrmodell.schema.json", "properties/regler/patternProperties/^[A-Z][0-9]{2}$"):
        (*(s.value for s in Severity), "av"),
    ("styrmodell.schema.json", "properties/regler/patternProperties/^[a-zåäö][a-zåäö0-9-]*$"):
        (*(s.value for s in Severity), "av"),
    ("styrmodell.schema.json", "properties/rapportperioder/items"): REPORTING_CODES,
    ("styrmodell.schema.json", "properties/publicering/properties/historik"): HistoryShown.words(),
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
    assert CORE_COLOURS == (Colour.GRON, Colour.GUL, Colour.ROD, Colour.SVART)
    assert (*CORE_COLOURS, Colour.EJ_AKTUELL, Colour.EJ_PABORJAT) == COLOURS
    assert [c.step for c in COLOURS] == [0, 1, 2, None, None, None]
    assert [c.measured for c in COLOURS] == [True, True, True, False, False, False]
    assert [c.is_colour for c in COLOURS] == [True, True, True, True, False, False]


def test_a_file_may_name_only_the_four_colours() -> None:
    assert Colour.written(" Gul ") is Colour.GUL
    assert Colour.written("ej_aktuell") is None and Colour.parse("ej_aktuell") is Colour.EJ_AKTUELL


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
    assert [c.ascii for c in COLOURS] == ["gron", "gul", "rod", "svart", "ej_aktuell", "ej_paborjat"]


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
