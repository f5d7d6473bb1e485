"""Tests of the `styr validate --format` reporters on hand-built outcomes, checked against the specs."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from styr.diagnostics import Diagnostic, Severity, sorted_diagnostics
from styr.render.ci.github import GithubReporter, append_step_summary, escape_data, escape_property, summary_markdown
from styr.render.ci.gitlab import GitlabReporter
from styr.render.ci.junit import JunitReporter
from styr.render.ci.sarif import SarifReporter
from styr.render.common import fingerprints
from styr.render.json.findings import JsonReporter
from styr.render.registry import VALIDATE, UnknownFormat, format_choices, get_reporter, resolve_auto, wants_color
from styr.render.terminal.findings import TextReporter
from styr.rules.outcome import Summary, ValidationOutcome
from styr.rules.registry import Rule
from styr.wording.terminal import visible

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO  # N for "notis": ruff bans a lone I
GOAL = "kommun/barn-och-utbildningsnämnden/mål/trygghet.yaml"
ACT = "kommun/barn-och-utbildningsnämnden/aktiviteter/vandringar.yaml"

RULES = {
    r.code: r
    for r in (
        Rule("F04", "värde-saknas", E, "Värdet finns inte i styrmodellen", "Lång förklaring.", "Se styrmodell."),
        Rule("S03", "indikator-utan-enhet", W, "Indikator utan enhet eller riktning", "Förkl.", "Ange enhet."),
        Rule("A05", "mål-utan-aktivitet", N, "Mål utan aktivitet", "", ""),
    )
}

SOURCE = {
    GOAL: [
        "id: BUN-M2",
        "titel: Alla elever känner sig trygga i skolan",
        "perspektiv: Verksamhett",
        "indikatorer:",
        "  - id: I1",
        "    namn: Andel elever i åk 5 som känner sig trygga",
    ],
    ACT: ["id: BUN-A4", "mål: [BUN-M2]"],
}


def source_line(path: str, line: int) -> str | None:
    lines = SOURCE.get(path)
    return lines[line - 1] + "\n" if lines and 0 < line <= len(lines) else None


def outcome(*diagnostics: Diagnostic, strict: bool = False, source: Any = source_line) -> ValidationOutcome:
    return ValidationOutcome(tuple(sorted_diagnostics(diagnostics)), RULES, Summary(5, 23, 51, 40, 118), source, strict)


F04_MESSAGE = "Perspektivet 'Verksamhett' finns inte i styrmodellen"
SAMPLE = (
    Diagnostic("F04", E, F04_MESSAGE, GOAL, 3, 13, "Menade du 'Verksamhet'?"),
    Diagnostic("S03", W, "Indikatorn I1 saknar enhet", GOAL, 5, 5, "Ange enhet, t.ex. procent."),
    Diagnostic("A05", N, "Målet BUN-M2 har ingen aktivitet", GOAL, 1, 1),
    Diagnostic("S03", W, "Indikatorn saknar riktning", ACT, 2, 1, "Ange riktning."),
)


pytestmark = pytest.mark.usefixtures("no_network")


def load_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


# --- registry -------------------------------------------------------------------------------------------


def test_registry_names_and_aliases() -> None:
    assert {o.name for o in VALIDATE.outputs} == {"text", "json", "gitlab", "github", "sarif", "junit"}
    assert isinstance(get_reporter("GitLab"), GitlabReporter)
    assert isinstance(get_reporter("codeclimate"), GitlabReporter)
    assert isinstance(get_reporter("tekst"), TextReporter)
    assert isinstance(get_reporter(" sarif "), SarifReporter)
    assert format_choices()[0] == "auto"
    assert "codeclimate" in format_choices(aliases=True)
    assert "codeclimate" not in format_choices()


def test_unknown_format_is_a_swedish_value_error() -> None:
    with pytest.raises(UnknownFormat) as info:
        get_reporter("pdf")
    assert isinstance(info.value, ValueError)
    assert not isinstance(info.value, KeyError)
    message = str(info.value)
    assert message.startswith("okänt format 'pdf'")
    for name in ("auto", "text", "json", "gitlab", "github", "sarif", "junit"):
        assert name in message


def test_resolve_auto_detects_only_github() -> None:
    assert resolve_auto({"GITHUB_ACTIONS": "true"}, isatty=False) == "github"
    assert resolve_auto({"GITLAB_CI": "true"}, isatty=False) == "text"
    assert resolve_auto({}, isatty=True) == "text"
    assert resolve_auto({"GITHUB_ACTIONS": "false"}, isatty=True) == "text"
    assert isinstance(get_reporter("auto", env={"GITHUB_ACTIONS": "true"}), GithubReporter)
    assert isinstance(get_reporter("auto"), TextReporter)


def test_wants_color() -> None:
    assert wants_color({}, isatty=True)
    assert not wants_color({}, isatty=False)
    assert not wants_color({"NO_COLOR": "1", "FORCE_COLOR": "1"}, isatty=True)
    assert wants_color({"FORCE_COLOR": "1"}, isatty=False)
    assert not wants_color({"TERM": "dumb"}, isatty=True)


def test_get_reporter_passes_terminal_options() -> None:
    reporter = get_reporter("text", color=True, width=60)
    assert isinstance(reporter, TextReporter)
    assert (reporter.color, reporter.width) == (True, 60)


# --- text -----------------------------------------------------------------------------------------------


def test_text_groups_by_file_with_excerpt_caret_and_hint() -> None:
    out = TextReporter(width=100).render(outcome(*SAMPLE))
    lines = out.splitlines()
    assert lines.index(ACT) < lines.index(GOAL)  # files in sorted order, each a heading once
    assert out.count(GOAL) == 1
    assert re.search(r"^\s+3:13  fel\s+F04  Perspektivet 'Verksamhett' finns inte i styrmodellen$", out, re.M)
    assert re.search(r"^\s+5:5  varning  S03  Indikatorn I1 saknar enhet$", out, re.M)
    assert re.search(r"^\s+1:1  info\s+A05  Målet BUN-M2 har ingen aktivitet$", out, re.M)
    assert "    tips: Menade du 'Verksamhet'?" in lines
    source = next(i for i, line in enumerate(lines) if line.endswith("| perspektiv: Verksamhett"))
    caret = lines[source + 1]
    assert caret.endswith("^") and caret.count("^") == 1
    assert lines[source][caret.index("^")] == "V"  # column 13 is the value
    assert "\x1b[" not in out
    assert not any(line != line.rstrip() for line in lines)


def test_text_caret_counts_characters_not_bytes() -> None:
    # Column 12 is the second 'ö' in "åäö: Andel öka": the å/ä/ö before it are one column each.
    src = {("x.yaml", 1): "åäö: Andel öka"}
    d = Diagnostic("S03", W, "m", "x.yaml", 1, 12)
    out = TextReporter().render(outcome(d, source=lambda p, n: src.get((p, n))))
    lines = out.splitlines()
    i = next(i for i, line in enumerate(lines) if line.endswith("åäö: Andel öka"))
    assert lines[i][lines[i + 1].index("^")] == "ö"


def test_text_summary_and_failure_lines() -> None:
    out = TextReporter(width=200).render(outcome(*SAMPLE))
    checked = "Kontrollerade 5 enheter, 23 mål, 51 indikatorer, 40 aktiviteter (118 filer)"
    assert f"{checked}: 1 fel, 2 varningar, 1 info." in out
    assert "Valideringen misslyckades: 1 fel måste rättas." in out

    passing = TextReporter(width=200).render(outcome(*SAMPLE[1:]))
    assert "misslyckades" not in passing
    strict = TextReporter(width=200).render(outcome(*SAMPLE[1:], strict=True))
    assert "Valideringen misslyckades: 2 varningar räknas som fel med --strict." in strict


def test_text_clean_run_and_singular_wording() -> None:
    o = ValidationOutcome((), RULES, Summary(1, 1, 1, 1, 1))
    out = TextReporter(width=200).render(o)
    checked = "Kontrollerade 1 enhet, 1 mål, 1 indikator, 1 aktivitet (1 fil)"
    assert out == f"{checked}: 0 fel, 0 varningar, 0 info.\n"


def test_text_does_not_interpret_markup_and_wraps_messages() -> None:
    long = "[bold]inte markup[/bold] " + "ord " * 40
    d = Diagnostic("F04", E, long, "a.yaml", 1, 1, "[red]tips[/red]")
    out = TextReporter(width=60).render(outcome(d))
    assert "[bold]inte markup[/bold]" in out
    assert "[red]tips[/red]" in out
    assert all(len(line) <= 60 for line in out.splitlines())


def test_text_color_adds_ansi_styles() -> None:
    out = TextReporter(color=True).render(outcome(*SAMPLE))
    assert "\x1b[" in out
    assert "Perspektivet" in out


def test_text_repository_level_finding() -> None:
    d = Diagnostic("O06", E, "Ingen rotenhet", "", 1, 1, "Skapa kommun/styrkort.yaml.")
    out = TextReporter().render(outcome(d))
    assert out.splitlines()[0] == "(hela målrepositoriet)"


# --- json -----------------------------------------------------------------------------------------------


def test_json_objects_per_diagnostic() -> None:
    out = JsonReporter().render(outcome(*SAMPLE))
    assert "nämnden" in out  # ensure_ascii=False
    data = json.loads(out)
    assert list(data) == ["diagnostics", "summary"]
    first = data["diagnostics"][0]
    assert list(first) == ["code", "severity", "message", "path", "line", "column", "hint", "rule"]
    assert first == {
        "code": "S03",
        "severity": "warning",
        "message": "Indikatorn saknar riktning",
        "path": ACT,
        "line": 2,
        "column": 1,
        "hint": "Ange riktning.",
        "rule": "indikator-utan-enhet",
    }
    assert data["summary"] == {
        "units": 5,
        "goals": 23,
        "indicators": 51,
        "activities": 40,
        "files": 118,
        "errors": 1,
        "warnings": 2,
        "infos": 1,
        "strict": False,
        "failed": True,
    }


def test_json_unknown_rule_is_null() -> None:
    d = Diagnostic("Z99", E, "m", "a.yaml")
    assert json.loads(JsonReporter().render(outcome(d)))["diagnostics"][0]["rule"] is None


# --- gitlab ---------------------------------------------------------------------------------------------


def test_gitlab_validates_against_both_schemas(specs: Path) -> None:
    report = json.loads(GitlabReporter().render(outcome(*SAMPLE, Diagnostic("O06", E, "x", ""))))
    item_schema = load_json(specs / "gitlab-codeclimate-validator.schema.json")
    report_schema = load_json(specs / "gitlab-codequality-report.strict.schema.json")
    assert item_schema["$schema"].startswith("http://json-schema.org/draft-07")
    assert report_schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    item_validator = jsonschema.Draft7Validator(item_schema)
    for item in report:
        item_validator.validate(item)
    jsonschema.Draft202012Validator(report_schema).validate(report)
    assert len(report) == 5


def test_gitlab_fields_and_severity_mapping() -> None:
    report = json.loads(GitlabReporter().render(outcome(*SAMPLE)))
    by_code = {(i["check_name"], i["location"]["path"]): i for i in report}
    f04 = by_code[("F04", GOAL)]
    assert f04["description"] == "F04: Perspektivet 'Verksamhett' finns inte i styrmodellen"
    assert f04["severity"] == "major"
    assert f04["location"] == {"path": GOAL, "lines": {"begin": 3}}
    assert f04["type"] == "issue"
    assert re.fullmatch(r"[0-9a-f]{64}", f04["fingerprint"])
    assert by_code[("S03", GOAL)]["severity"] == "minor"
    assert by_code[("A05", GOAL)]["severity"] == "info"
    assert json.loads(GitlabReporter().render(outcome())) == []


def test_fingerprint_survives_moving_the_line() -> None:
    d = SAMPLE[0]
    before = GitlabReporter().render(outcome(d))
    # The same text three lines further down (lines were inserted above it).
    moved_source = {GOAL: ["", "", "", *SOURCE[GOAL]]}

    def moved(path: str, line: int) -> str | None:
        lines = moved_source.get(path)
        return lines[line - 1] if lines and 0 < line <= len(lines) else None

    after = GitlabReporter().render(outcome(Diagnostic(d.code, d.severity, d.message, d.path, 6, 13), source=moved))
    assert json.loads(before)[0]["fingerprint"] == json.loads(after)[0]["fingerprint"]
    # ...but a change on the offending line itself is a new finding.
    edited = {(GOAL, 3): "perspektiv: Verksamhettt"}
    changed = GitlabReporter().render(outcome(d, source=lambda p, n: edited.get((p, n))))
    assert json.loads(before)[0]["fingerprint"] != json.loads(changed)[0]["fingerprint"]


def test_identical_findings_get_distinct_stable_fingerprints() -> None:
    same = [Diagnostic("S03", W, "Indikatorn saknar enhet", GOAL, line, 5) for line in (5, 6)]
    src = {(GOAL, 5): "  - id: I1", (GOAL, 6): "  - id: I1 "}  # same stripped text on both lines
    o = outcome(*same, source=lambda p, n: src.get((p, n)))
    prints = [fp for _, fp in fingerprints(o)]
    assert len(set(prints)) == 2
    assert prints == [fp for _, fp in fingerprints(o)]


# --- github ---------------------------------------------------------------------------------------------


def test_github_commands_per_severity() -> None:
    out = GithubReporter().render(outcome(*SAMPLE)).splitlines()
    assert out[0] == (
        f"::warning file={ACT},line=2,col=1,title=S03 Indikator utan enhet eller riktning"
        "::Indikatorn saknar riktning%0Atips: Ange riktning."
    )
    assert [line.split(" ", 1)[0] for line in out] == ["::warning", "::notice", "::error", "::warning"]


def test_github_escaping() -> None:
    d = Diagnostic("F04", E, "100% fel:\nrad två,\r slut", "mål/a,b:c%.yaml", 4, 2, "")
    (line,) = GithubReporter().render(outcome(d)).splitlines()
    props = "file=mål/a%2Cb%3Ac%25.yaml,line=4,col=2,title=F04 Värdet finns inte i styrmodellen"
    assert line == f"::error {props}::100%25 fel:%0Arad två,%0D slut"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert escape_data("a:b,c%\r\n") == "a:b,c%25%0D%0A"


def test_github_repository_level_finding_has_no_file() -> None:
    (line,) = GithubReporter().render(outcome(Diagnostic("O06", E, "Ingen rotenhet", ""))).splitlines()
    assert line == "::error title=O06::Ingen rotenhet"


def _unescape(text: str) -> str:
    for code, ch in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(code, ch)
    return text


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_github_escaping_round_trips(text: str) -> None:
    prop = escape_property(text)
    assert not set(prop) & {":", ",", "\n", "\r"}
    # Line breaks, ':' and ',' come back as written; ESC and the other control characters come back visible.
    assert _unescape(prop) == visible(text, keep="\r\n")
    assert _unescape(escape_data(text)) == visible(text, keep="\r\n")
    assert not any(unicodedata.category(c) == "Cc" and c not in "\r\n" for c in _unescape(escape_data(text)))


def test_github_output_never_carries_terminal_escapes() -> None:
    name = "kommun/mål/\x1b]0;ny titel\x07\x1b[2Jx\n.yaml"
    text = GithubReporter().render(outcome(Diagnostic("F04", E, "Värdet '\x1b[31mröd\x1b[0m' finns inte", name, 2, 3)))
    assert "\x1b" not in text and "\x07" not in text
    assert "\\e]0;ny titel\\x07\\e[2Jx%0A.yaml" in text and "\\e[31mröd" in text


def test_github_summary_markdown() -> None:
    md = GithubReporter().summary_markdown(outcome(*SAMPLE))
    assert md.startswith("## styr validate\n")
    assert "❌ Valideringen misslyckades: 1 fel måste rättas." in md
    assert "| 5 | 23 | 51 | 40 | 118 | 1 | 2 | 1 |" in md
    assert f"| fel | F04 | {GOAL}:3 | Perspektivet 'Verksamhett' finns inte i styrmodellen |" in md
    assert "✅ Valideringen gick igenom." in summary_markdown(outcome(*SAMPLE[1:]))


def test_github_summary_limits_and_escapes() -> None:
    many = [Diagnostic("S03", W, f"fynd {i}", "a.yaml", i, 1) for i in range(1, 61)]
    md = summary_markdown(outcome(*many))
    assert md.count("| varning | S03 |") == 50
    assert "… och 10 till." in md
    nasty = Diagnostic("F04", E, "a | b\n<script>*x*", "a.yaml", 1, 1)
    row = next(line for line in summary_markdown(outcome(nasty)).splitlines() if "| F04 |" in line)
    assert row == "| fel | F04 | a.yaml:1 | a \\| b<br>&lt;script&gt;\\*x\\* |"


def test_append_step_summary(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("# tidigare steg\n", encoding="utf-8")
    assert not append_step_summary(outcome(*SAMPLE), {})
    assert append_step_summary(outcome(*SAMPLE), {"GITHUB_STEP_SUMMARY": str(target)})
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# tidigare steg\n## styr validate")
    assert "Kontrollerade 5 enheter" in text


# --- sarif ----------------------------------------------------------------------------------------------


def sarif_validator(specs: Path) -> jsonschema.Draft4Validator:
    schema = load_json(specs / "sarif-schema-2.1.0.json")
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    return jsonschema.Draft4Validator(schema)


def test_sarif_validates_and_maps_rules(specs: Path) -> None:
    log = json.loads(SarifReporter().render(outcome(*SAMPLE, Diagnostic("Z99", E, "okänd regel", "å ä.yaml"))))
    sarif_validator(specs).validate(log)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "styr"
    assert [r["id"] for r in driver["rules"]] == ["A05", "F04", "S03"]
    f04 = driver["rules"][1]
    assert f04["shortDescription"] == {"text": "Värdet finns inte i styrmodellen"}
    assert f04["fullDescription"] == {"text": "Lång förklaring."}
    assert f04["help"] == {"text": "Se styrmodell."}
    assert f04["defaultConfiguration"] == {"level": "error"}
    assert driver["rules"][0]["defaultConfiguration"] == {"level": "note"}
    for result in run["results"]:
        if "ruleIndex" in result:
            assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
    by_rule = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]): r for r in run["results"]
    }
    first = by_rule[("F04", "kommun/barn-och-utbildningsn%C3%A4mnden/m%C3%A5l/trygghet.yaml")]
    assert first["level"] == "error"
    assert first["message"]["text"] == f"{F04_MESSAGE}\nTips: Menade du 'Verksamhet'?"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert location["region"] == {"startLine": 3, "startColumn": 13}
    unknown = by_rule[("Z99", "%C3%A5%20%C3%A4.yaml")]
    assert "ruleIndex" not in unknown


def test_sarif_fingerprints_match_gitlab() -> None:
    o = outcome(*SAMPLE)
    sarif = json.loads(SarifReporter().render(o))["runs"][0]["results"]
    gitlab = json.loads(GitlabReporter().render(o))
    assert [r["partialFingerprints"]["styrFinding/v1"] for r in sarif] == [i["fingerprint"] for i in gitlab]


def test_sarif_clean_run_is_valid(specs: Path) -> None:
    log = json.loads(SarifReporter().render(ValidationOutcome((), {})))
    sarif_validator(specs).validate(log)
    assert log["runs"][0]["results"] == []


# --- junit ----------------------------------------------------------------------------------------------


def xsd(specs: Path, name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(specs / name)))


def parse(xml: str) -> Any:
    return etree.fromstring(xml.encode("utf-8"))


def cases(root: Any) -> Iterator[Any]:
    return iter(root.iter("testcase"))


def test_junit_validates_and_has_a_case_per_rule_and_file(specs: Path) -> None:
    root = parse(JunitReporter().render(outcome(*SAMPLE)))
    xsd(specs, "junit-10-plus-file-line.xsd").assertValid(root)
    suite = root.find("testsuite")
    assert suite.get("name") == "styr validate"
    names = [c.get("name") for c in cases(root)]
    assert names == [f"A05 {GOAL}", f"F04 {GOAL}", f"S03 {ACT}", f"S03 {GOAL}"]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "1", "0")
    f04 = next(c for c in cases(root) if c.get("classname") == "F04")
    assert (f04.get("file"), f04.get("line")) == (GOAL, "3")
    failure = f04.find("failure")
    assert failure.get("type") == "F04"
    assert "Perspektivet 'Verksamhett'" in failure.get("message")
    assert "tips: Menade du 'Verksamhet'?" in failure.text
    warning = next(c for c in cases(root) if c.get("name") == f"S03 {GOAL}")
    assert warning.find("failure") is None
    assert "Indikatorn I1 saknar enhet" in warning.find("system-out").text


def test_junit_without_file_attributes_matches_plain_junit_10(specs: Path) -> None:
    root = parse(JunitReporter(file_attributes=False).render(outcome(*SAMPLE)))
    xsd(specs, "junit-10.xsd").assertValid(root)
    assert all(c.get("file") is None for c in cases(root))
    with_attrs = parse(JunitReporter().render(outcome(*SAMPLE)))
    assert not xsd(specs, "junit-10.xsd").validate(with_attrs)


def test_junit_strict_fails_on_warnings(specs: Path) -> None:
    root = parse(JunitReporter().render(outcome(*SAMPLE[1:], strict=True)))
    xsd(specs, "junit-10-plus-file-line.xsd").assertValid(root)
    failed = sorted(c.get("name") for c in cases(root) if c.find("failure") is not None)
    assert failed == [f"S03 {ACT}", f"S03 {GOAL}"]
    assert root.get("failures") == "2"


def test_junit_clean_run_has_one_passing_case(specs: Path) -> None:
    root = parse(JunitReporter().render(ValidationOutcome((), RULES, Summary(1, 2, 3, 4, 5))))
    xsd(specs, "junit-10-plus-file-line.xsd").assertValid(root)
    (case,) = cases(root)
    assert case.get("name") == "styr validate"
    assert case.find("failure") is None
    assert root.find("testsuite").get("tests") == "1"


@settings(max_examples=50, deadline=None)
@given(message=st.text(min_size=1), path=st.text(min_size=1, max_size=20))
def test_junit_is_valid_xml_for_any_text(specs: Path, message: str, path: str) -> None:
    root = parse(JunitReporter().render(outcome(Diagnostic("F04", E, message, path, 1, 1, message))))
    xsd(specs, "junit-10-plus-file-line.xsd").assertValid(root)
    (case,) = cases(root)
    assert case.find("failure") is not None
