"""Value-level differences between two versions of a document, as Swedish change lines."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from styr.history.changes import ABSENT, definition_changes, diff_docs, indicator_of, show
from styr.load.yamlio import parse_yaml

GOAL = """\
id: BUN-M2
titel: Alla elever känner sig trygga i skolan
beskrivning: Tryggheten mäts i elevenkäten.
perspektiv: Verksamhet
bidrar_till: [KF-M1]
ansvarig: Förvaltningschef
beslut: {organ: BUN, datum: 2022-12-14, paragraf: "§ 87"}
indikatorer:
  - id: I1
    namn: Andel elever som känner sig trygga
    enhet: procent
    målvärde: {2025: 88, 2026: 88}
    utfall: {2025: 85, 2026-Q1: 84, 2026-Q2: 84}
  - id: I2
    namn: Antal anmälda kränkningar
    målvärde: {2026: 10}
bedömning:
  2025:
    färg: gul
    analys: |
      Tryggheten ökade men nådde inte målvärdet.
      Arbetet fortsätter.
"""


def doc(text: str) -> Any:
    parsed = parse_yaml(text.encode())
    assert parsed.doc is not None, parsed.problems
    return parsed.doc


def lines(old: str, new: str) -> list[str]:
    return [c.text() for c in diff_docs(doc(old), doc(new))]


def test_outcome_target_and_link_lines() -> None:
    new = (GOAL.replace("2026-Q2: 84}", "2026-Q2: 86}").replace("2026: 88}", "2026: 90}")
           .replace("[KF-M1]", "[KF-M1, KF-M3]"))
    assert lines(GOAL, new) == ["bidrar_till: + KF-M3", "I1 målvärde 2026: 88 → 90", "I1 utfall 2026-Q2: 84 → 86"]


def test_categories_and_indicator() -> None:
    new = GOAL.replace("2026-Q2: 84}", "2026-Q2: 86}").replace("[KF-M1]", "[KF-M4]").replace("färg: gul", "färg: röd")
    found = {c.text(): (c.category, c.indicator) for c in diff_docs(doc(GOAL), doc(new))}
    assert found == {
        "bidrar_till: − KF-M1": ("koppling", None),
        "bidrar_till: + KF-M4": ("koppling", None),
        "I1 utfall 2026-Q2: 84 → 86": ("utfall", "I1"),
        "bedömning 2025 färg: gul → röd": ("bedömning", None),
    }


def test_added_and_removed_values_and_periods() -> None:
    new = GOAL.replace("2026-Q2: 84}", "2026-Q2: 84, 2026-Q3: 87}").replace("{2025: 85, ", "{")
    new += "  2026-H1:\n    färg: grön\n    prognos: gul\n"
    assert lines(GOAL, new) == ["I1 utfall 2025: 85 → –", "I1 utfall 2026-Q3: – → 87",
                                "bedömning 2026-H1 färg: – → grön", "bedömning 2026-H1 prognos: – → gul"]


def test_indicators_added_and_removed_by_id() -> None:
    new = GOAL.replace("  - id: I2\n    namn: Antal anmälda kränkningar\n", "  - id: I3\n    namn: Närvaro\n")
    assert lines(GOAL, new) == ["indikatorer: − I2 (Antal anmälda kränkningar)", "indikatorer: + I3 (Närvaro)"]


def test_long_text_is_summarised_and_short_text_quoted() -> None:
    new = GOAL.replace("Arbetet fortsätter.", "Arbetet fortsätter under 2026.").replace(
        "titel: Alla elever känner sig trygga i skolan", "titel: Alla elever är trygga")
    assert lines(GOAL, new) == ["titel: ”Alla elever känner sig trygga i skolan” → ”Alla elever är trygga”",
                                "bedömning 2025 analys: texten ändrad"]


def test_same_number_written_differently_is_no_change() -> None:
    assert lines(GOAL, GOAL.replace("2026-Q1: 84,", "2026-Q1: 84.0,")) == []
    assert lines("id: A\nv: 1\n", "id: A\nv: true\n") == ["v: 1 → ja"]
    assert lines("id: A\nv: 86\n", 'id: A\nv: "86"\n') == ["v: 86 → ”86”"]


def test_swedish_numbers() -> None:
    assert show(84.5) == "84,5"
    assert show(90.0) == "90"
    assert show(-3) == "−3"
    assert show(None) == "–"
    assert show(ABSENT) == "–"
    assert show(False) == "nej"
    # the same number formatting as every other output, with every digit: a change of the third decimal shows
    assert show(1250000) == "1 250 000" and show(84.125) == "84,125"


def test_a_year_is_no_number_to_group() -> None:
    assert show(2024, period=True) == "2024" and show(2024) == "2 024"
    assert lines("id: A\nbaslinje: {period: 2022, värde: 1200}\n",
                 "id: A\nbaslinje: {period: 2023, värde: 1250}\n") == ["baslinje period: 2022 → 2023",
                                                                       "baslinje värde: 1 200 → 1 250"]
    assert lines("stängda_perioder: [2024]\n", "stängda_perioder: [2024, 2025]\n") == ["stängda_perioder: + 2025"]


def test_definition_leaves_out_follow_up_and_administration() -> None:
    new = (GOAL.replace("2026-Q2: 84}", "2026-Q2: 86}").replace("färg: gul", "färg: röd")
           .replace("ansvarig: Förvaltningschef", "ansvarig: Rektor").replace("datum: 2022-12-14", "datum: 2026-10-20"))
    assert definition_changes(doc(GOAL), doc(new)) == []
    changed = definition_changes(doc(GOAL), doc(new.replace("2026: 88}", "2026: 90}")))
    assert [c.text() for c in changed] == ["I1 målvärde 2026: 88 → 90"]


def test_indicator_of_and_skip_label() -> None:
    old, new = doc(GOAL), doc(GOAL.replace("2026-Q2: 84}", "2026-Q2: 86}"))
    assert indicator_of(old, "I2") is not None and indicator_of(old, "I9") is None
    changes = diff_docs(indicator_of(old, "I1"), indicator_of(new, "I1"))
    assert [c.text() for c in changes] == ["utfall 2026-Q2: 84 → 86"]
    full = diff_docs(old, new)[0]
    assert full.label() == "I1 utfall 2026-Q2" and full.label(skip=2) == "utfall 2026-Q2"
    assert full.as_dict()["old"] == 84 and full.as_dict()["new"] == 86


_scalars = st.one_of(st.none(), st.booleans(), st.integers(-1000, 1000), st.text(max_size=12))
_docs = st.recursive(_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=6), inner, max_size=4)),
                     max_leaves=20)


@given(st.dictionaries(st.text(max_size=8), _docs, max_size=6))
def test_a_document_never_differs_from_itself(d: dict[str, Any]) -> None:
    assert diff_docs(d, d) == []


@given(st.dictionaries(st.sampled_from(["titel", "utfall", "x"]), _scalars, min_size=1), st.integers(2000, 3000))
def test_one_changed_leaf_is_one_change(d: dict[str, Any], value: int) -> None:
    key = sorted(d)[0]
    changed = {**d, key: {"v": value}}
    found = diff_docs(d, changed)
    assert found and all(c.path[0] == key for c in found)
