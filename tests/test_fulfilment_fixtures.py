"""Three small repositories modelled on how municipalities publish, against colours worked out by hand.

Each fixture's README.md documents its rules and the arithmetic behind every expected colour below; the tables
here are copied from those READMEs, not from styr's output.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from styr.app.pipeline import analyse, read_repository
from styr.commands.status import status
from styr.diagnostics import Severity
from styr.fulfilment.evaluate import evaluate
from styr.load.source import WorkTree
from styr.model.periods import parse_period
from styr.model.vocab import Colour, Trend

FIXTURES = Path(__file__).parent / "fixtures"
TODAY = date(2026, 12, 6)
G, Y, R, B = Colour.GRON, Colour.GUL, Colour.ROD, Colour.SVART
NOT_DUE, NOT_STARTED = Colour.EJ_AKTUELL, Colour.EJ_PABORJAT

# (fixture, period) -> goal or goal/indicator -> colour, from the fixture's README.
EXPECTED: dict[tuple[str, str], dict[str, Colour]] = {
    ("relativa-mal", "2025"): {
        "KF-M1/I1": Y, "KF-M1/I2": G, "KF-M1": Y,
        "KF-M2/I1": Y, "KF-M2/I2": G, "KF-M2/I3": R, "KF-M2": Y,
        "SBN-M1/I1": R, "SBN-M1/I2": Y, "SBN-M1": R,
    },
    ("relativa-mal", "2024"): {
        "KF-M1/I1": Y, "KF-M1/I2": G, "KF-M1": Y,
        "KF-M2/I1": G, "KF-M2/I2": Y, "KF-M2/I3": Y, "KF-M2": Y,
        "SBN-M1/I1": Y, "SBN-M1/I2": Y, "SBN-M1": Y,
    },
    ("tre-ord", "2025"): {"BN-M1": G, "BN-M2": Y, "BN-M3": B, "KF-M1": Y},
    ("tre-ord", "2024"): {"BN-M1": G, "BN-M2": R, "BN-M3": Y, "KF-M1": R},
    ("lasar", "2025"): {"KF-M1": G, "KF-M2": NOT_STARTED, "UN-M1": G, "BS-M1": Y},
    ("lasar", "2026-H1"): {"KF-M1": NOT_DUE, "KF-M2": NOT_STARTED, "UN-M1": G, "BS-M1": NOT_DUE,
                           "BS-M1/I1": NOT_DUE, "BS-M1/I2": NOT_DUE},
    ("lasar", "2026-Q3"): {"KF-M1": NOT_DUE, "KF-M2": NOT_STARTED, "UN-M1": Y, "BS-M1": NOT_DUE},
    ("lasar", "2026"): {"KF-M1": B, "KF-M2": NOT_STARTED, "UN-M1": Y, "BS-M1": Y,
                        "BS-M1/I1": G, "BS-M1/I2": Y},
}


def run_status(*args: str) -> str:
    app = typer.Typer()
    app.command()(status)
    result = CliRunner().invoke(app, [*args, "--date", TODAY.isoformat()], env={"NO_COLOR": "1", "FORCE_COLOR": ""})
    assert result.exit_code == 0, result.output
    return result.stdout


def _colours(fixture: str, period: str) -> dict[str, Colour]:
    _, repo = read_repository(WorkTree(FIXTURES / fixture))
    results = evaluate(repo, parse_period(period))
    out: dict[str, Colour] = {}
    for gid, r in results.items():
        out[gid] = r.colour
        out.update({f"{gid}/{i.indicator.id}": i.colour for i in r.indicators})
    return out


@pytest.mark.parametrize(("fixture", "period"), sorted(EXPECTED), ids=[f"{f}-{p}" for f, p in sorted(EXPECTED)])
def test_colours_are_those_worked_out_by_hand(fixture: str, period: str) -> None:
    got = _colours(fixture, period)
    wanted = EXPECTED[(fixture, period)]
    assert {k: got.get(k) for k in wanted} == wanted


@pytest.mark.parametrize("fixture", ["relativa-mal", "tre-ord", "lasar"])
def test_fixture_validates_without_errors(fixture: str) -> None:
    found = analyse(WorkTree(FIXTURES / fixture), TODAY).diagnostics
    errors = [f"{d.code} {d.path}:{d.line} {d.message}" for d in found if d.severity is Severity.ERROR]
    assert errors == []


def test_relative_targets_show_their_arithmetic() -> None:
    _, repo = read_repository(WorkTree(FIXTURES / "relativa-mal"))
    r = evaluate(repo, parse_period("2025"))
    emissions, renewable = r["KF-M1"].indicators
    assert emissions.target == pytest.approx(4.5) and emissions.target_basis == "baslinjen (2015) (6) −25 % = 4,5"
    assert (renewable.trend, renewable.target_colour, renewable.weighs_in.value) == (Trend.FORBATTRAD, None, "trend")
    eligible = r["KF-M2"].indicators[0]
    assert eligible.references == (("riket", 85.9),)
    assert "precis på gränsen 85,9, som inte räknas in" in eligible.reason
    assert "94 % avrundat till 0 decimaler, under 95 %" in r["KF-M2"].indicators[2].reason
    assert "Färgmodell standard: grön när målvärdet nås, gul inom 5 % av målvärdet." in r["SBN-M1"].explanation


def test_three_words_in_every_output() -> None:
    root = FIXTURES / "tre-ord"
    text = run_status(str(root), "--period", "2025")
    assert "◐ delvis uppfyllt  KF-M1" in text
    assert "? kan inte mätas  BN-M3" in text
    assert "grön" not in text and "svart" not in text
    doc = json.loads(run_status(str(root), "--period", "2025", "--format", "json"))
    assert doc["skala"]["gul"] == {"ord": "delvis uppfyllt", "beskrivning": "målet är delvis uppfyllt", "symbol": "◐"}
    kf = next(g for g in doc["mål"] if g["id"] == "KF-M1")
    assert (kf["färg"], kf["grund"], kf["mätta"], kf["indikatorer_totalt"]) == ("gul", "bidragande", 2, 3)
    explain = run_status(str(root), "--period", "2025", "--explain", "BN-M1")
    assert "summa: 90 + 110 + 105 = 305 mot målvärde 300 (3 av 4 perioder: 75 % av 400)" in explain


def test_lasar_unit_shows_its_latest_outcome_when_nothing_is_due() -> None:
    _, repo = read_repository(WorkTree(FIXTURES / "lasar"))
    grades = evaluate(repo, parse_period("2026-H1"))["BS-M1"].indicators[0]
    assert (grades.period, grades.outcome, grades.outcome_period) == ("2025/26-HT", 79, "2024/25")
    assert "Utfallet 2025/26-HT är preliminärt och räknas inte" in grades.reason
