"""The JSON Schemas and styr.load.schemas: valid schemas, Swedish problems, offline, fast check = jsonschema."""

from __future__ import annotations

import copy
import functools
import json
import re
import socket
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft7Validator, Draft202012Validator, validators
from referencing import Registry
from referencing.exceptions import Unresolvable
from referencing.jsonschema import DRAFT7

from styr.load import schema_detail as det
from styr.load import schema_files
from styr.load import schemas as sch
from styr.load.problems import ProblemKind
from styr.load.repo import classify
from styr.load.schema_files import DocKind, SchemaProblem, load_schemas, schema_for
from styr.load.schemas import check_document, is_valid
from styr.load.yamlio import YamlProblem, parse_yaml
from styr.rules import all_rules
from styr.rules.registry import REPORTED_BY


def code_of(problem: YamlProblem | SchemaProblem) -> str:
    """The code of the rule that reports this kind of loading problem."""
    all_rules.load()
    return REPORTED_BY[problem.kind].code

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_DIR = ROOT / "schemas"
ALLOWED = {
    # validation keywords that draft-07 and draft 2020-12 both understand alike
    "type", "properties", "required", "additionalProperties", "patternProperties", "items", "enum", "const",
    "pattern", "minimum", "maximum", "exclusiveMinimum", "minItems", "minLength", "format", "$ref", "oneOf",
    "anyOf",
    # annotations (the last three are VS Code's)
    "$schema", "$defs", "title", "description", "default", "examples", "markdownDescription",
    "enumDescriptions", "markdownEnumDescriptions", "patternErrorMessage",
}
ANNOTATIONS = {"title", "description", "markdownDescription", "default", "examples", "enumDescriptions",
               "markdownEnumDescriptions", "patternErrorMessage"}


def subschemas(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every schema object inside a schema file, with a readable location."""
    if not isinstance(node, dict):
        return
    yield where, node
    for key in ("properties", "patternProperties", "$defs"):
        for name, sub in node.get(key, {}).items():
            yield from subschemas(sub, f"{where}/{key}/{name}")
    for key in ("items", "additionalProperties"):
        if key in node:
            yield from subschemas(node[key], f"{where}/{key}")
    for key in ("anyOf", "oneOf"):
        for i, sub in enumerate(node.get(key, [])):
            yield from subschemas(sub, f"{where}/{key}/{i}")


def all_subschemas() -> Iterator[tuple[str, str, dict[str, Any]]]:
    for name, schema in load_schemas().items():
        for where, node in subschemas(schema):
            yield name, where, node


# --- The schema files themselves ---------------------------------------------------------------------------


def test_one_schema_per_kind_plus_common() -> None:
    names = {p.name for p in SCHEMA_DIR.glob("*.schema.json")}
    assert names == {f"{k.value}.schema.json" for k in DocKind} | {"gemensamt.schema.json"}
    assert set(load_schemas()) == names


@pytest.mark.parametrize("name", sorted(p.name for p in SCHEMA_DIR.glob("*.schema.json")))
def test_schema_is_valid_in_both_drafts(name: str) -> None:
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert "$id" not in json.dumps(schema)
    Draft202012Validator.check_schema(schema)
    Draft7Validator.check_schema(schema)


def test_only_allowed_keywords_and_no_validation_next_to_ref() -> None:
    for name, where, node in all_subschemas():
        assert set(node) <= ALLOWED, (name, where, set(node) - ALLOWED)
        if "$ref" in node:
            # draft-07 ignores everything beside a $ref: only annotations may stand there
            assert set(node) - {"$ref"} <= ANNOTATIONS, (name, where)
        if "items" in node:
            assert isinstance(node["items"], dict), (name, where)


def test_every_property_has_swedish_help_and_enums_are_described() -> None:
    for name, where, node in all_subschemas():
        for prop, sub in node.get("properties", {}).items():
            for key in ("title", "description", "markdownDescription"):
                assert sub.get(key), (name, where, prop, key)
        if "enum" in node:
            assert len(node["enumDescriptions"]) == len(node["enum"]), (name, where)
            assert len(node["markdownEnumDescriptions"]) == len(node["enum"]), (name, where)
        if node.get("type") == "object" and "properties" in node:
            assert node.get("additionalProperties") is False, (name, where)


def test_dates_have_format_date() -> None:
    assert {where for _, where, node in all_subschemas() if node.get("format") == "date"} == {"#/$defs/datum"}
    dated = [(name, where, sub) for name, where, node in all_subschemas()
             for prop, sub in node.get("properties", {}).items() if prop in ("start", "slut", "datum")]
    assert len(dated) >= 6
    for name, where, sub in dated:
        assert sub["$ref"] == "gemensamt.schema.json#/$defs/datum", (name, where)


def test_all_refs_resolve_locally_by_file_name() -> None:
    resolver = det._registry().resolver()
    count = 0
    for name, where, node in all_subschemas():
        if "$ref" in node:
            ref = node["$ref"]
            assert re.fullmatch(r"([a-z]+\.schema\.json)?#/\$defs/[A-Za-z]+", ref), (name, where, ref)
            absolute = ref if not ref.startswith("#") else name + ref
            assert isinstance(resolver.lookup(absolute).contents, dict)
            count += 1
    assert count > 20
    with pytest.raises(Unresolvable):
        resolver.lookup("https://example.invalid/x.json")


def test_styrmodell_rule_keys_and_severities() -> None:
    regler = schema_for(DocKind.STYRMODELL)["properties"]["regler"]
    assert list(regler["patternProperties"]) == ["^[A-Z][0-9]{2}$", "^[a-zåäö][a-zåäö0-9-]*$"]  # code or name
    for pattern in regler["patternProperties"].values():
        assert pattern["enum"] == ["error", "warning", "info", "av"]
    assert regler["additionalProperties"] is False


def test_perspective_and_level_are_free_text() -> None:
    assert "enum" not in schema_for(DocKind.MAL)["properties"]["perspektiv"]
    assert "enum" not in schema_for(DocKind.STYRKORT)["properties"]["nivå"]


VALID_PERIODS = ["2027", "1900", "2200", "2027-H1", "2027-H2", "2027-T1", "2027-T3", "2027-Q1", "2027-Q4",
                 "2027-M01", "2027-M09", "2027-M10", "2027-M12", "2026/27", "2099/00", "2026/27-HT", "2026/27-VT"]
INVALID_PERIODS = ["27", "20270", "1899", "2201", "2027-H3", "2027-H0", "2027-T4", "2027-Q5", "2027-Q0", "2027-M1",
                   "2027-M13", "2027-M00", "2027-q1", "2027Q1", "2027 ", " 2027", "2026/28", "2026/2027",
                   "2026-27", "2026/27-ht", "2026/27-H1", "2026-HT", "2200/01", "2027-H1-Q1", "", "２０２７"]


@pytest.mark.parametrize("period", VALID_PERIODS)
def test_period_key_accepts_canonical_forms(period: str) -> None:
    goal = valid_goal()
    goal["indikatorer"][0]["utfall"] = {period: 1}
    assert check_document(DocKind.MAL, goal) == []


@pytest.mark.parametrize("period", INVALID_PERIODS)
def test_period_key_rejects_everything_else(period: str) -> None:
    goal = valid_goal()
    goal["indikatorer"][0]["målvärde"] = {period: 1}
    problems = check_document(DocKind.MAL, goal)
    assert [(code_of(p), p.path, p.key_problem) for p in problems] == [
        ("F06", ("indikatorer", 0, "målvärde", period), True)]
    assert "2027-Q1" in problems[0].hint


def test_period_guess_in_hint() -> None:
    goal = valid_goal()
    goal["bedömning"] = {"2026-h1": {"färg": "gul"}, "2026/2027": {"färg": "gul"}, "2026-M3": {}}
    hints = [p.hint for p in check_document(DocKind.MAL, goal)]
    assert [h.split("?")[0] for h in hints] == ["Menade du '2026-H1'", "Menade du '2026/27'",
                                                "Menade du '2026-M03'"]


# --- Hand-written documents --------------------------------------------------------------------------------


def valid_goal() -> dict[str, Any]:
    return {
        "id": "BUN-M2", "titel": "Alla elever känner sig trygga i skolan", "beskrivning": "Mäts i elevenkäten.",
        "perspektiv": "Verksamhet", "bidrar_till": ["KF-M1"], "ansvarig": "Förvaltningschef BUF",
        "start": "2023-01-01", "slut": "2026-12-31",
        "beslut": {"organ": "BUN", "datum": "2022-12-14", "paragraf": "§ 87"},
        "indikatorer": [{
            "id": "I1", "namn": "Andel elever i åk 5 som känner sig trygga", "enhet": "procent",
            "riktning": "öka", "källa": {"kolada": "N15613"}, "baslinje": {"period": 2022, "värde": 82},
            "vikt": 1, "mätfrekvens": "helår", "värdeområde": {"min": 0, "max": 100},
            "målvärde": {"2023": 84, "2024": 86.5, "2025/26": {"min": 1, "max": 3}, "2026": "ja"},
            "utfall": {"2023": 83, "2026-Q1": 86, "2026-H1": True, "2026-M02": "nej"},
        }, {"id": "I2", "namn": "Trivsel", "källa": "Elevenkäten"}],
        "bedömning": {"2026-H1": {"färg": "gul", "analys": "Text", "prognos": "grön", "motivering": "M"}},
    }


VALID: dict[DocKind, dict[str, Any]] = {
    DocKind.STYRMODELL: {
        "kommun": "Ekeby kommun", "kolada_id": "9901",
        "nivåer": [{"id": "kommun", "namn": "Kommun", "beslut_krävs": True, "beslutsorgan": "KF"},
                   {"id": "nämnd", "namn": "Nämnd", "beslut_krävs": True}],
        "perspektiv": [{"namn": "Verksamhet", "beskrivning": "..."}, {"namn": "Ekonomi"}],
        "mandatperiod": {"start": "2023-01-01", "slut": "2026-12-31"}, "uppföljning": "kvartal",
        "färgmodell": {"modell": "standard", "gul_marginal": 0.1, "gul_vid_förbättring": False,
                       "poäng": {"grön": 1, "gul": 0.5, "röd": 0}, "gränser": {"grön": 0.8, "gul": 0.4},
                       "andel_gul": 0.8},
        "årshjul": [{"månad": 1, "titel": "Bokslut", "beskrivning": "..."}],
        "regler": {"S07": "info", "A05": "av"},
        "publicering": {"tillgänglighetsredogörelse": "https://www.ekeby.se/t", "visa_ansvarig": True},
        "stängda_perioder": [2025, "2026-H1"],
    },
    DocKind.VISION: {"titel": "Vision 2030", "text": "Text", "ledord": ["Service", "Engagemang"],
                     "målområden": [{"id": "V1", "namn": "Lärande", "beskrivning": "..."}]},
    DocKind.STYRKORT: {"id": "BUN", "namn": "Barn- och utbildningsnämnden", "nivå": "nämnd", "organ": "BUN",
                       "chef": {"namn": "Karin Ek", "roll": "Förvaltningschef", "git": "@karin.ek"},
                       "samordnare": [{"namn": "Per Lind", "git": "per.lind@ekeby.se"}],
                       "vision": "Text", "verksamhetsår": "läsår"},
    DocKind.MAL: valid_goal(),
    DocKind.AKTIVITET: {"id": "BUN-A4", "titel": "Trygghetsvandringar", "beskrivning": "...", "mål": ["BUN-M2"],
                        "ansvarig": "Rektor", "start": "2026-02-01", "slut": "2026-06-15", "status": "pågår",
                        "uppföljning": {"2026-Q1": {"status": "pågår", "kommentar": "Två av fyra klara."}}},
}


@pytest.mark.parametrize("kind", list(DocKind))
def test_valid_documents_have_no_problems(kind: DocKind) -> None:
    assert is_valid(kind, VALID[kind])
    assert check_document(kind, VALID[kind]) == []


def test_numbers_are_accepted_where_text_is_meant_but_not_for_dates() -> None:
    goal = valid_goal() | {"titel": 2030, "ansvarig": 1.5, "id": 2030}
    goal["beslut"]["paragraf"] = 87
    goal["indikatorer"][0]["källa"] = 15613  # free-text source
    assert check_document(DocKind.MAL, goal) == []
    goal["start"] = 2026
    goal["titel"] = True
    problems = check_document(DocKind.MAL, goal)
    assert [(code_of(p), p.path) for p in problems] == [("F02", ("titel",)), ("F02", ("start",))]
    assert "citattecken" in problems[0].hint


def codes(kind: DocKind, doc: object) -> list[tuple[str, tuple[str | int, ...]]]:
    return [(code_of(p), p.path) for p in check_document(kind, doc)]


def test_missing_required_keys_point_at_the_mapping() -> None:
    goal = valid_goal()
    del goal["titel"]
    del goal["indikatorer"][0]["namn"]
    problems = check_document(DocKind.MAL, goal)
    assert [(code_of(p), p.path, p.key_problem) for p in problems] == [
        ("F01", (), False), ("F01", ("indikatorer", 0), False)]
    assert problems[0].message == "Obligatorisk nyckel 'titel' saknas i mål."
    assert "indikator" in problems[1].message and "'namn'" in problems[1].message


def test_unknown_key_suggests_the_closest_one() -> None:
    goal = valid_goal()
    goal["indikatorer"][0]["målvärden"] = goal["indikatorer"][0].pop("målvärde")
    goal["Titel"] = "x"
    goal["malvarde"] = 1
    problems = check_document(DocKind.MAL, goal)
    by_key = {p.path[-1]: p for p in problems}
    assert all(code_of(p) == "F03" and p.key_problem for p in problems)
    assert by_key["målvärden"].path == ("indikatorer", 0, "målvärden")
    assert by_key["målvärden"].message.startswith("Okänd nyckel 'målvärden'")
    assert by_key["målvärden"].hint == "Menade du 'målvärde'?"
    assert by_key["Titel"].hint == "Menade du 'titel'?"
    assert "Tillåtna nycklar" in by_key["malvarde"].hint or "Menade du" in by_key["malvarde"].hint


def test_unknown_key_that_belongs_elsewhere_or_has_a_synonym() -> None:
    goal = valid_goal() | {"målvärde": {"2026": 1}, "namn": "Trygghet"}
    hints = {p.path: p.hint for p in check_document(DocKind.MAL, goal)}
    assert hints[("målvärde",)].startswith("'målvärde' hör hemma i flerårsmål eller indikator, inte här.")
    assert hints[("namn",)] == "Menade du 'titel'?"
    card = copy.deepcopy(VALID[DocKind.STYRKORT]) | {"titel": "BUN"}
    assert [p.hint for p in check_document(DocKind.STYRKORT, card)] == ["Menade du 'namn'?"]
    del card["titel"]
    del card["chef"]["namn"]
    assert [p.message for p in check_document(DocKind.STYRKORT, card)] == [
        "Obligatorisk nyckel 'namn' saknas i 'chef'."]


def test_schema_keys_are_nfc_like_the_loaded_keys() -> None:
    for name in load_schemas():
        text = (SCHEMA_DIR / name).read_text(encoding="utf-8")
        assert unicodedata.normalize("NFC", text) == text, name


def test_wrong_types_in_swedish() -> None:
    goal = valid_goal()
    goal["indikatorer"][0]["vikt"] = "0,5"
    goal["bidrar_till"] = "KF-M1"
    goal["beskrivning"] = None
    problems = {p.path[-1]: p for p in check_document(DocKind.MAL, goal)}
    assert problems["vikt"].message == "Fel typ: 'vikt' ska vara ett tal, inte text."
    assert problems["vikt"].hint == "Använd punkt som decimaltecken: 0.5."
    assert problems["bidrar_till"].hint == "Skriv en lista, t.ex. [KF-M1]."
    assert "tom" in problems["beskrivning"].hint
    assert {code_of(p) for p in problems.values()} == {"F02"}


def test_invalid_values_list_the_allowed_ones() -> None:
    goal = valid_goal()
    goal["indikatorer"][0]["riktning"] = "ökar"
    goal["indikatorer"][0]["vikt"] = 0
    goal["slut"] = "2026-02-30"
    goal["id"] = "bun-m2"
    goal["titel"] = ""
    goal["bedömning"]["2026-H1"]["färg"] = "Grön"
    goal["indikatorer"][0]["baslinje"]["period"] = "2022-X"
    problems = {p.path: p for p in check_document(DocKind.MAL, goal)}
    riktning = problems[("indikatorer", 0, "riktning")]
    assert code_of(riktning) == "F05" and riktning.hint.startswith("Menade du 'öka'? Tillåtna värden: öka, minska")
    assert code_of(problems[("indikatorer", 0, "vikt")]) == "F05"
    assert code_of(problems[("slut",)]) == "F05" and "ÅÅÅÅ-MM-DD" in problems[("slut",)].hint
    assert code_of(problems[("id",)]) == "F05" and "versaler" in problems[("id",)].hint
    assert problems[("titel",)].message == "'titel' får inte vara tom."
    assert problems[("bedömning", "2026-H1", "färg")].hint.startswith("Menade du 'grön'?")
    assert code_of(problems[("indikatorer", 0, "baslinje", "period")]) == "F06"
    assert [p[0] for p in problems] == ["id", "titel", "slut", "indikatorer", "indikatorer", "indikatorer",
                                        "bedömning"], "document order"


def test_target_alternatives() -> None:
    goal = valid_goal()
    goal["indikatorer"][0]["målvärde"] = {"2023": [1], "2024": "84", "2025": {"min": 1}, "2026": {"min": 1, "mx": 2},
                                          "2027": {"jämfört_med": 2015, "förändring": "minus 25"}}
    problems = check_document(DocKind.MAL, goal)
    base = ("indikatorer", 0, "målvärde")
    assert [(code_of(p), p.path) for p in problems] == [
        ("F02", (*base, "2023")), ("F05", (*base, "2024")), ("F03", (*base, "2026", "mx")),
        ("F05", (*base, "2027", "förändring"))]
    assert "'målvärde' för 2023" in problems[0].message
    assert problems[2].hint == "Menade du 'max'?"  # {min: 1} alone is a bound: at least 1


def test_styrkort_samordnare_person_or_list() -> None:
    card = copy.deepcopy(VALID[DocKind.STYRKORT])
    card["samordnare"] = {"namn": "Per", "rol": "x", "git": "per"}
    problems = check_document(DocKind.STYRKORT, card)
    assert [(code_of(p), p.path) for p in problems] == [("F03", ("samordnare", "rol")), ("F05", ("samordnare", "git"))]
    assert problems[0].hint == "Menade du 'roll'?"
    card["samordnare"] = "Per Lind"
    assert codes(DocKind.STYRKORT, card) == [("F02", ("samordnare",))]
    card["samordnare"] = []
    assert codes(DocKind.STYRKORT, card) == [("F05", ("samordnare",))]


def test_styrmodell_rules_and_limits() -> None:
    model = copy.deepcopy(VALID[DocKind.STYRMODELL])
    model["regler"] = {"S 07": "av", "S08": "varning", "XYZ": "av"}
    model["färgmodell"]["gul_marginal"] = 10
    model["årshjul"][0]["månad"] = 13
    model["nivåer"] = []
    model["kolada_id"] = "12"
    del model["mandatperiod"]["slut"]
    problems = check_document(DocKind.STYRMODELL, model)
    got = {(code_of(p), p.path): p for p in problems}
    assert got[("F03", ("regler", "S 07"))].hint.startswith("Menade du 'S07'?")
    assert got[("F03", ("regler", "S 07"))].key_problem
    assert ("F03", ("regler", "XYZ")) in got
    assert got[("F05", ("regler", "S08"))].hint.startswith("Menade du 'warning'?")
    assert "större än 1" in got[("F05", ("färgmodell", "gul_marginal"))].message
    assert ("F05", ("årshjul", 0, "månad")) in got
    assert ("F05", ("nivåer",)) in got
    assert ("F05", ("kolada_id",)) in got
    assert ("F01", ("mandatperiod",)) in got
    assert len(problems) == 8


def test_vision_and_activity() -> None:
    assert codes(DocKind.VISION, {"titel": "V", "text": "T", "målområden": [{"id": "V1"}], "x": 1}) == [
        ("F01", ("målområden", 0)), ("F03", ("x",))]
    act = copy.deepcopy(VALID[DocKind.AKTIVITET])
    act["status"] = "klar"
    act["mål"] = []
    act["uppföljning"]["2026-Q1"]["status"] = "Pågår"
    act["uppföljning"]["2026-Q5"] = {}
    assert codes(DocKind.AKTIVITET, act) == [
        ("F05", ("mål",)), ("F05", ("status",)), ("F05", ("uppföljning", "2026-Q1", "status")),
        ("F06", ("uppföljning", "2026-Q5"))]


def test_root_not_a_mapping_and_odd_keys() -> None:
    assert codes(DocKind.MAL, ["a"]) == [("F02", ())]
    goal = valid_goal()
    goal["indikatorer"][0]["utfall"] = {2026: 5}  # the loader makes keys text; never crash if it did not
    assert check_document(DocKind.MAL, goal) == []


def test_problems_are_frozen_values() -> None:
    problem = check_document(DocKind.VISION, {})[0]
    assert isinstance(problem, SchemaProblem)
    with pytest.raises(AttributeError):
        problem.kind = ProblemKind.EMPTY  # type: ignore[misc]


# --- Offline ------------------------------------------------------------------------------------------------


def test_validation_never_touches_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("nätverket användes")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    for cached in (schema_files.load_schemas, det._registry, det._validator, sch._fast_checks):
        cached.cache_clear()
    try:
        for kind in DocKind:
            assert check_document(kind, VALID[kind]) == []
            assert check_document(kind, {"okänd": 1})  # runs jsonschema with every $ref
    finally:
        for cached in (schema_files.load_schemas, det._registry, det._validator, sch._fast_checks):
            cached.cache_clear()


# --- The fast check agrees with jsonschema ------------------------------------------------------------------

NEAR_MISSES = ["målvärden", "Titel", "malvarde", "2026-q1", "2026", "2026/28", "S07", "s07", "namn", "x", "id",
               "kolda", "rol", "2027-M13", "2026-H1"]
junk: st.SearchStrategy[Any] = st.one_of(
    st.none(), st.booleans(), st.integers(-3, 3000), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=4), st.sampled_from(["2026-13-01", "bun-m2", "ökar", "ja", "nej", "", "2026-01-01", "N15613",
                                          "2026", "@x", "grön", "info", "1,5"]),
    st.lists(st.sampled_from([1, "KF-M1", None]), max_size=2),
    st.dictionaries(st.sampled_from(NEAR_MISSES), st.sampled_from([1, "a", None]), max_size=2),
)


def sometimes_broken(valid: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    # sampled_from draws about evenly (integers would favour the edges) and shrinks towards the valid value.
    return st.sampled_from([False] * 15 + [True]).flatmap(lambda spoilt: junk if spoilt else valid)


def from_schema(schema: Any, base: str) -> st.SearchStrategy[Any]:
    """Documents shaped by a schema, mostly valid; `sometimes_broken` spoils some values on the way."""
    if "$ref" in schema:
        file, _, pointer = schema["$ref"].partition("#")
        target = schema_files.resolve(load_schemas(), file or base, pointer)
        return from_schema(target, file or base)
    if "anyOf" in schema:
        return st.one_of([from_schema(s, base) for s in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    kind = schema.get("type")
    if isinstance(kind, list):
        return st.one_of([from_schema({**schema, "type": k}, base) for k in kind])
    if kind == "object":
        return objects(schema, base)
    if kind == "array":
        return st.lists(sometimes_broken(from_schema(schema["items"], base)),
                        min_size=schema.get("minItems", 0), max_size=2)
    if kind == "string":
        if schema.get("format") == "date":
            return st.dates().map(lambda d: d.isoformat())
        if "pattern" in schema:
            return st.from_regex(schema["pattern"], fullmatch=True)
        return st.text(min_size=schema.get("minLength", 0), max_size=4) | st.integers(0, 99)
    if kind == "integer":
        whole = st.integers(schema.get("minimum", -5), schema.get("maximum", 3000))
        return whole | whole.map(float)  # 2.0 is an integer to jsonschema too
    if kind == "number":
        low = schema.get("minimum", schema.get("exclusiveMinimum", -2))
        high = schema.get("maximum", 120)
        return st.integers(int(low), int(high)) | st.floats(low, high)
    if kind == "boolean":
        return st.booleans()
    raise AssertionError(f"okänd schemaform: {schema}")


def objects(schema: dict[str, Any], base: str) -> st.SearchStrategy[Any]:
    props = schema.get("properties", {})
    required = list(schema.get("required", []))
    if "patternProperties" in schema:
        # Keys of every pattern (regler: a rule's code or its name), each with a value of its own pattern.
        entries = st.one_of([st.tuples(st.from_regex(pattern, fullmatch=True), sometimes_broken(from_schema(sub, base)))
                             for pattern, sub in schema["patternProperties"].items()])
        near = st.tuples(st.sampled_from(NEAR_MISSES), junk)
        body: st.SearchStrategy[dict[str, Any]] = st.lists(entries | near, max_size=3).map(dict)
    else:
        body = st.fixed_dictionaries(
            {k: sometimes_broken(from_schema(props[k], base)) for k in required},
            optional={k: sometimes_broken(from_schema(v, base)) for k, v in props.items() if k not in required})
    extras = st.dictionaries(st.sampled_from(NEAR_MISSES), junk, max_size=1)

    def spoil(parts: tuple[dict[str, Any], str, dict[str, Any]]) -> dict[str, Any]:
        doc, how, extra = parts
        if how == "drop" and doc:
            doc.pop(next(iter(doc)))
        if how == "add":
            doc.update(extra)
        return doc
    return st.tuples(body, st.sampled_from(["keep"] * 12 + ["drop", "add"]), extras).map(spoil)


@functools.cache
def draft7_validator(kind: DocKind) -> Any:
    """The same schemas read as draft-07 (as YAML editors read them), with the same number-as-text allowance."""
    registry: Registry[Any] = Registry().with_resources(
        (name, DRAFT7.create_resource(schema)) for name, schema in load_schemas().items())
    lenient7 = validators.extend(Draft7Validator, validators={"type": det._lenient_type})  # type: ignore[no-untyped-call]
    return lenient7(schema_for(kind), registry=registry, format_checker=Draft7Validator.FORMAT_CHECKER)


class Document(dict[str, Any]):
    """Like the loader's YMap: a dict subclass."""


@pytest.mark.parametrize("kind", list(DocKind))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_fast_check_agrees_with_jsonschema(kind: DocKind, data: st.DataObject) -> None:
    doc = data.draw(from_schema(schema_for(kind), f"{kind.value}.schema.json"))
    fast = is_valid(kind, doc)
    inlined_errors = list(det._validator(kind).iter_errors(doc))
    plain = det._Lenient(schema_for(kind), registry=det._registry(), format_checker=Draft202012Validator.FORMAT_CHECKER)
    plain_errors = list(plain.iter_errors(doc))
    draft7_errors = list(draft7_validator(kind).iter_errors(doc))
    assert fast == (not inlined_errors) == (not plain_errors) == (not draft7_errors)
    assert sorted((tuple(map(str, e.absolute_path)), e.validator) for e in inlined_errors) == sorted(
        (tuple(map(str, e.absolute_path)), e.validator) for e in plain_errors)
    problems = check_document(kind, Document(doc) if isinstance(doc, dict) else doc)
    assert (problems == []) == fast
    for p in problems:
        assert re.fullmatch(r"F0[12356]", code_of(p)) and p.message and p.hint, p
        assert p.key_problem == (code_of(p) == "F03" or (code_of(p) == "F06" and p.key_problem)), p
        assert not (code_of(p) in ("F01", "F02", "F05") and p.key_problem), p


@given(value=junk)
@settings(max_examples=100, deadline=None)
def test_any_root_value_gives_problems_not_exceptions(value: Any) -> None:
    for kind in DocKind:
        assert (check_document(kind, value) == []) == is_valid(kind, value)


# --- The example repository and speed ----------------------------------------------------------------------


def test_example_repository_validates_cleanly() -> None:
    files = sorted((ROOT / "example-repo").rglob("*.yaml"))
    checked = 0
    for path in files:
        rel = path.relative_to(ROOT / "example-repo").as_posix()
        kind, _ = classify(rel)
        if kind is None:
            continue
        parsed = parse_yaml(path.read_bytes())
        assert parsed.doc is not None and not parsed.problems, rel
        assert check_document(kind, parsed.doc) == [], rel
        checked += 1
    kinds = {classify(p.relative_to(ROOT / "example-repo").as_posix())[0] for p in files}
    assert set(DocKind) <= kinds and checked >= 10


def test_valid_documents_take_the_fast_path_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Speed comes from never running jsonschema on valid documents (measured in bench/, not timed here)."""
    import styr.load.schema_detail as mod

    def refuse(*args: object, **kwargs: object) -> object:
        raise AssertionError("jsonschema ran on a valid document")

    monkeypatch.setattr(mod, "_validator", refuse)
    docs = [valid_goal() | {"id": f"BUN-M{i}"} for i in range(200)]
    assert not any(check_document(DocKind.MAL, d) for d in docs)
