"""U rules (uppföljning) on small repositories written into tmp_path: code, file and line of each finding."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from styr.app.pipeline import Settings, analyse, open_source
from styr.diagnostics import Diagnostic, Severity

TODAY = date(2026, 11, 29)
GOAL_PATH = "kommun/mål/m.yaml"
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"

MODEL = """\
kommun: Testby kommun
nivåer:
  - {id: kommun, namn: Kommun, beslut_krävs: false}
  - {id: nämnd, namn: Nämnd, beslut_krävs: false}
perspektiv:
  - {namn: Verksamhet, beskrivning: Kvaliteten.}
mandatperiod: {start: 2023-01-01, slut: 2026-12-31}
uppföljning: kvartal
"""
VISION = """\
titel: Vision 2030
text: En kommun där alla kan växa.
målområden:
  - {id: V1, namn: Lärande, beskrivning: Alla utvecklas.}
"""
UNIT = """\
id: KF
namn: Testby kommun
nivå: kommun
chef: {namn: Helena Strand}
samordnare: {namn: Jonas Berg}
"""
HEAD = """\
id: KF-M1
titel: Alla barn och elever når kunskapsmålen
beskrivning: Målet mäts varje år.
perspektiv: Verksamhet
bidrar_till: [V1]
start: {start}
slut: {end}
"""


def indicator(outcomes: str, targets: str = "{2023: 81, 2024: 82, 2025: 83, 2026: 84}", extra: str = "") -> str:
    return f"""\
indikatorer:
  - id: I1
    namn: Andel elever som når kunskapskraven
    enhet: procent
    riktning: öka
{extra}    målvärde: {targets}
    utfall: {outcomes}
"""


FULL = "{2023: 82, 2024: 83, 2025: 84}"
ASSESSED = """\
bedömning:
  2026-H1:
    färg: grön
    analys: Det går bra.
    prognos: grön
"""


def write(root: Path, goal: str, unit: str = UNIT) -> Path:
    files = {"styrmodell.yaml": MODEL, "vision.yaml": VISION, "kommun/styrkort.yaml": unit, GOAL_PATH: goal}
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def findings(root: Path, code: str, today: date = TODAY) -> list[Diagnostic]:
    analysis = analyse(open_source(Settings(root, today)), today)
    return [d for d in analysis.diagnostics if d.code == code]


def goal_text(body: str, start: str = "2023-01-01", end: str = "2026-12-31") -> str:
    return HEAD.format(start=start, end=end) + body


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing `needle`."""
    hits = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return hits[occurrence - 1]


def test_minimal_fixture_has_no_u_findings() -> None:
    analysis = analyse(open_source(Settings(MINIMAL, TODAY)), TODAY)
    assert [d for d in analysis.diagnostics if d.code.startswith("U")] == []


# -- U01 ----------------------------------------------------------------------------------------------------------

def test_u01_missing_yearly_outcome(tmp_path: Path) -> None:
    text = goal_text(indicator("{2023: 82, 2025: 84}") + ASSESSED)
    found = findings(write(tmp_path, text), "U01")
    assert len(found) == 1
    d = found[0]
    assert (d.path, d.line, d.severity) == (GOAL_PATH, line_of(text, "utfall:"), Severity.WARNING)
    assert d.message == "Indikatorn KF-M1/I1 saknar utfall för 2024 (mätfrekvens helår)."


def test_u01_quarterly_lists_missing_quarters_up_to_today(tmp_path: Path) -> None:
    outcomes = "{" + ", ".join(f"{y}-Q{q}: 80" for y in (2023, 2024, 2025) for q in (1, 2, 3, 4)) + ", 2026-Q1: 80}"
    text = goal_text(indicator(outcomes, extra="    mätfrekvens: kvartal\n") + ASSESSED)
    found = findings(write(tmp_path, text), "U01")
    assert [d.message for d in found] == ["Indikatorn KF-M1/I1 saknar utfall för 2026-Q2, 2026-Q3 "
                                          "(mätfrekvens kvartal)."]
    assert findings(tmp_path, "U01", date(2026, 7, 1))[0].message.startswith("Indikatorn KF-M1/I1 saknar utfall "
                                                                              "för 2026-Q2 (")


def test_u01_not_before_the_period_ends_nor_outside_goal_time(tmp_path: Path) -> None:
    text = goal_text(indicator("{2025: 84}", targets="{2025: 83}") + ASSESSED, start="2024-08-01",
                     end="2025-12-31")
    # 2024 ends inside the goal's time and is missing; 2026 is outside; 2025 is present
    assert [d.message for d in findings(write(tmp_path, text), "U01")] == [
        "Indikatorn KF-M1/I1 saknar utfall för 2024 (mätfrekvens helår)."]
    assert findings(tmp_path, "U01", date(2024, 12, 31)) == []  # 2024 has not ended that day


def test_u01_many_missing_is_one_finding(tmp_path: Path) -> None:
    text = goal_text(indicator("{}", extra="    mätfrekvens: månad\n") + ASSESSED)
    found = findings(write(tmp_path, text), "U01")
    assert len(found) == 1
    assert "2023-M01, 2023-M02, 2023-M03, 2023-M04, 2023-M05, 2023-M06 och 40 till" in found[0].message


def test_u01_lasar_unit_defaults_to_lasar(tmp_path: Path) -> None:
    text = goal_text(indicator("{2023/24: 80}", targets="{2023/24: 80, 2024/25: 81, 2025/26: 82}") +
                     "bedömning:\n  2025/26:\n    färg: gul\n    analys: Text.\n",
                     start="2023-08-01", end="2026-07-31")
    found = findings(write(tmp_path, text, UNIT + "verksamhetsår: läsår\n"), "U01")
    assert [d.message for d in found] == ["Indikatorn KF-M1/I1 saknar utfall för 2024/25, 2025/26 "
                                          "(mätfrekvens läsår)."]


def test_u01_accepts_non_canonical_keys(tmp_path: Path) -> None:
    text = goal_text(indicator('{"2023": 82, 2024: 83, "2025": 84}', extra="") + ASSESSED)
    assert findings(write(tmp_path, text), "U01") == []


# -- U02 ----------------------------------------------------------------------------------------------------------

def test_u02_outcome_outside_goal_time(tmp_path: Path) -> None:
    body = indicator("\n      2022: 80\n      2023: 82\n      2024: 83\n      2025: 84\n      2027-Q1: 85") + ASSESSED
    text = goal_text(body)
    found = findings(write(tmp_path, text), "U02")
    assert [(d.line, d.column) for d in found] == [(line_of(text, "2022: 80"), 13), (line_of(text, "2027-Q1"), 16)]
    assert found[0].message == "Utfallet för 2022 i KF-M1/I1 ligger utanför målets tid 2023-01-01–2026-12-31."
    assert all(d.severity is Severity.WARNING and d.path == GOAL_PATH for d in found)


def test_u02_overlapping_period_is_inside(tmp_path: Path) -> None:
    text = goal_text(indicator("{2022/23: 80, 2024: 83, 2025: 84}", targets="{2024: 82, 2025: 83}") + ASSESSED,
                     start="2023-03-01")
    assert findings(write(tmp_path, text), "U02") == []


# -- U03 ----------------------------------------------------------------------------------------------------------

def test_u03_no_assessment_at_all_gives_one_finding_for_the_latest_report(tmp_path: Path) -> None:
    text = goal_text(indicator(FULL))
    found = findings(write(tmp_path, text), "U03")
    assert [d.message for d in found] == ["Målet 'KF-M1' saknar bedömning med analys för 2026-H1 "
                                          "(delår (halvår 1) 2026)."]
    assert found[0].line == 1  # at the id: there is no bedömning key
    assert [d.message for d in findings(tmp_path, "U03", date(2027, 2, 1))] == [
        "Målet 'KF-M1' saknar bedömning med analys för 2026 (helår 2026)."]


def test_u03_assessment_without_analysis(tmp_path: Path) -> None:
    body = indicator(FULL) + """\
bedömning:
  2025:
    färg: grön
  2025-Q3:
    färg: grön
  2026-H1:
    färg: grön
    analys: Text.
    prognos: grön
"""
    text = goal_text(body)
    found = findings(write(tmp_path, text), "U03")
    assert [(d.line, d.column, d.message) for d in found] == [
        (line_of(text, "  2025:"), 3, "Bedömningen för 2025 (helår 2025) i målet 'KF-M1' saknar analys.")]


def test_u03_latest_report_missing_points_at_bedomning(tmp_path: Path) -> None:
    body = indicator(FULL) + "bedömning:\n  2025:\n    färg: grön\n    analys: Text.\n"
    text = goal_text(body)
    found = findings(write(tmp_path, text), "U03")
    assert [(d.line, d.message) for d in found] == [
        # at the value of `bedömning:`, its first entry on the next line
        (line_of(text, "bedömning:") + 1, "Målet 'KF-M1' saknar bedömning med analys för 2026-H1 (delår (halvår 1) "
                                          "2026).")]


def test_u03_ended_goal_needs_its_last_bokslut(tmp_path: Path) -> None:
    text = goal_text(indicator("{2023: 82, 2024: 83}", targets="{2023: 81, 2024: 82}"), end="2024-12-31")
    found = findings(write(tmp_path, text), "U03")
    assert [d.message for d in found] == ["Målet 'KF-M1' saknar bedömning med analys för 2024 (helår 2024)."]


def test_u03_lasar_unit_reports_ht_and_accepts_calendar_key(tmp_path: Path) -> None:
    unit = UNIT + "verksamhetsår: läsår\n"
    ind = indicator("{2023/24: 80, 2024/25: 81, 2025/26: 82}", targets="{2023/24: 80, 2024/25: 81, 2025/26: 82}")
    text = goal_text(ind, start="2023-08-01", end="2027-07-31")
    found = findings(write(tmp_path, text, unit), "U03", date(2026, 3, 1))
    assert [d.message for d in found] == ["Målet 'KF-M1' saknar bedömning med analys för 2025/26-HT "
                                          "(hösttermin 2025)."]
    calendar_key = text + "bedömning:\n  2026-H1:\n    färg: gul\n    analys: Text.\n    prognos: gul\n"
    assert findings(write(tmp_path, calendar_key, unit), "U03", date(2026, 3, 1)) == []


# -- U04 ----------------------------------------------------------------------------------------------------------

def test_u04_two_steps_without_motivation_is_an_error(tmp_path: Path) -> None:
    body = indicator("{2023: 82, 2024: 83, 2025: 50}") + """\
bedömning:
  2025:
    färg: grön
    analys: Vi är nöjda.
  2026-H1:
    färg: grön
    analys: Text.
    prognos: grön
"""
    text = goal_text(body)
    found = findings(write(tmp_path, text), "U04")
    assert [(d.line, d.column, d.severity) for d in found] == [(line_of(text, "färg: grön"), 11, Severity.ERROR)]
    assert found[0].message == ("Bedömningen grön för 2025 i 'KF-M1' ligger två steg från indikatorfärgen röd men "
                                "saknar motivering.")


def test_u04_not_for_one_step_svart_or_motivated(tmp_path: Path) -> None:
    body = indicator("{2023: 82, 2024: 80, 2025: 50}") + """\
bedömning:
  2023:
    färg: röd
    analys: Text.
    motivering: Mätningen var missvisande.
  2024:
    färg: röd
    analys: Utfallet var gult men vi bedömer rött.
  2025-Q4:
    färg: grön
    analys: Inget utfall för kvartalet, så indikatorn är svart.
  2026-H1:
    färg: grön
    analys: Text.
    prognos: grön
"""
    assert findings(write(tmp_path, goal_text(body)), "U04") == []


# -- U05 ----------------------------------------------------------------------------------------------------------

def test_u05_forecast_missing_in_delar(tmp_path: Path) -> None:
    body = indicator(FULL) + """\
bedömning:
  2025-H1:
    färg: grön
    analys: Text.
  2025:
    färg: grön
    analys: Text utan prognos, som sig bör i bokslutet.
  2026-H1:
    färg: grön
    analys: Text.
    prognos: gul
"""
    text = goal_text(body)
    found = findings(write(tmp_path, text), "U05")
    assert [(d.path, d.line, d.column, d.severity) for d in found] == [
        (GOAL_PATH, line_of(text, "2025-H1:"), 3, Severity.WARNING)]
    assert found[0].message == ("Bedömningen för 2025-H1 (delår (halvår 1) 2025) i 'KF-M1' saknar prognos för "
                                "helåret.")


def test_u05_lasar_ht(tmp_path: Path) -> None:
    body = indicator("{2025/26: 82}", targets="{2025/26: 82}") + """\
bedömning:
  2025/26-HT:
    färg: grön
    analys: Text.
"""
    found = findings(write(tmp_path, goal_text(body, "2025-08-01", "2026-07-31"), UNIT + "verksamhetsår: läsår\n"),
                     "U05")
    assert [d.message for d in found] == ["Bedömningen för 2025/26-HT (hösttermin 2025) i 'KF-M1' saknar prognos "
                                          "för läsåret."]


@pytest.mark.parametrize("code", ["U01", "U02", "U03", "U04", "U05"])
def test_u_rules_are_registered_and_explained(code: str) -> None:
    from styr.rules import all_rules
    from styr.rules.registry import RULES

    all_rules.load()
    rule = RULES[code]
    assert rule.summary and rule.explanation and rule.hint


def test_severity_override_turns_u01_off(tmp_path: Path) -> None:
    write(tmp_path, goal_text(indicator("{2023: 82}") + ASSESSED))
    assert findings(tmp_path, "U01")
    (tmp_path / "styrmodell.yaml").write_text(MODEL + "regler:\n  U01: av\n", encoding="utf-8")
    assert findings(tmp_path, "U01") == []
