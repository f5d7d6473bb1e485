"""Economy per unit and period: the `ekonomi:` format (schema), the model, the conventions and the E rules' sums."""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from styr.load.repo import load
from styr.load.schema_files import DocKind
from styr.load.schemas import check_document
from styr.load.source import WorkTree
from styr.model import economy as eco
from styr.model.build import build
from styr.model.economy import Report
from styr.model.repository import Repository
from styr.model.types import Economy, Loc, Unit
from styr.rules import all_rules
from styr.rules.context import Context
from styr.rules.e_economy import deviation_adds_up, kommun_is_the_sum
from styr.rules.registry import REPORTED_BY
from styr.wording.money import balance, signed, tkr

MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
CARD = {"id": "BUN", "namn": "Barn- och utbildningsnämnden", "nivå": "nämnd"}


def problems(doc: Mapping[str, object]) -> list[tuple[str, tuple[str | int, ...], str]]:
    all_rules.load()
    return [(REPORTED_BY[p.kind].code, p.path, p.hint) for p in check_document(DocKind.STYRKORT, doc)]


# --- the format ------------------------------------------------------------------------------------------------

def test_a_styrkort_with_economy_is_valid() -> None:
    doc = CARD | {"ekonomi": {
        "2025": {"budget": 303500, "utfall": 301200, "avvikelse": 2300, "kommentar": "Skolskjuts."},
        "2026-H1": {"budget": 312000, "utfall": 153900.5, "prognos": 311200, "avvikelse": -1100}}}
    assert problems(doc) == []


def test_schema_problems_of_economy_are_format_findings() -> None:
    doc = CARD | {"ekonomi": {
        "2025": {"utfall": 1},  # budget missing
        "2026-H1": {"budget": "312 000", "utfall": 1, "progos": 2},  # text, a misspelt key
        "2026-H5": {"budget": 1, "utfall": 1}}}  # no period
    found = problems(doc)
    assert [(code, path) for code, path, _ in found] == [
        ("F01", ("ekonomi", "2025")), ("F02", ("ekonomi", "2026-H1", "budget")),
        ("F03", ("ekonomi", "2026-H1", "progos")), ("F06", ("ekonomi", "2026-H5"))]
    hints = [hint for _, _, hint in found]
    assert hints[0].startswith("Lägg till 'budget'. Budget i tkr")
    assert "utan citattecken" in hints[1]
    assert hints[2] == "Menade du 'prognos'?"


def test_the_model_reads_each_period_with_positions(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    card = root / "kommun" / "nämnd" / "styrkort.yaml"
    card.write_text(card.read_text(encoding="utf-8") + "ekonomi:\n  2025: {budget: 312000, utfall: 309700}\n"
                    "  2026-H1:\n    budget: 1.5e3\n    utfall: 700\n    prognos: 1600\n    avvikelse: -100\n"
                    "    kommentar: Två ord\n", encoding="utf-8")
    repo = build(load(WorkTree(root)))
    unit = repo.unit_by_id["BUN"]
    assert list(unit.economy) == ["2025", "2026-H1"]
    bokslut, delar = unit.economy["2025"], unit.economy["2026-H1"]
    assert (bokslut.budget, bokslut.outcome, bokslut.forecast, bokslut.deviation) == (312000, 309700, None, None)
    assert (bokslut.loc.path, bokslut.loc.line, bokslut.loc.column) == ("kommun/nämnd/styrkort.yaml", 13, 3)
    assert (delar.budget, delar.forecast, delar.deviation, delar.comment) == (1500, 1600, -100, "Två ord")
    assert delar.locs["avvikelse"] == (18, 16)
    assert eco.entry(unit, "2025") is bokslut
    assert repo.unit_by_id["KF"].economy == {}


# --- the conventions ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("key", "report"), [
    ("2025", Report.BOKSLUT), ("2026-H1", Report.DELAR), ("2026-T1", Report.DELAR), ("2026-T2", Report.DELAR),
    ("2026-Q3", Report.DELAR), ("2026-M11", Report.DELAR), ("2026-H2", Report.NONE), ("2026-T3", Report.NONE),
    ("2026-Q4", Report.NONE), ("2026-M12", Report.NONE), ("2025/26", Report.NONE), ("2025/26-HT", Report.NONE),
    ("2026-H5", Report.NONE), ("budget", Report.NONE)])
def test_which_periods_are_bokslut_and_delar(key: str, report: Report) -> None:
    assert eco.report_of(key) is report


def entry(period: str, budget: float | None, outcome: float | None, forecast: float | None = None,
          deviation: float | None = None) -> Economy:
    return Economy(period, budget, outcome, forecast, deviation, "", Loc("kommun/styrkort.yaml", 1, 1))


def test_avvikelse_is_budget_minus_utfall_or_prognos() -> None:
    assert eco.expected_deviation(entry("2025", 1000, 900)) == 100
    assert eco.expected_deviation(entry("2026-H1", 1000, 400, 1100)) == -100  # the prognos, not the utfall so far
    assert eco.expected_deviation(entry("2026-H1", 1000, 400)) is None  # a delår without prognos
    assert eco.deviation(entry("2025", 1000, 900, deviation=95)) == 95  # as written
    assert eco.deviation(entry("2025", 1000, 900)) == 100  # computed
    # net income: a negative budget, and more income than budgeted is a surplus
    assert eco.expected_deviation(entry("2025", -500, -800)) == 300


def test_the_sum_of_units_leaves_no_one_out() -> None:
    total = eco.total([entry("2025", 100, 90), entry("2025", 50, 60, deviation=-10)])
    assert (total.budget, total.outcome, total.forecast, total.deviation, total.count) == (150, 150, None, 0, 2)
    delar = eco.total([entry("2026-H1", 100, 40, 110), entry("2026-H1", 50, 20)])
    assert delar.forecast is None and delar.deviation is None  # one unit lacks its prognos: no partial sum


def test_money_in_words() -> None:
    assert tkr(312000) == "312\u00a0000\u00a0tkr"
    assert tkr(-450.54, nbsp=False) == "−450,5 tkr"
    assert tkr(2300, unit=False) == "2\u00a0300"
    assert signed(2300, nbsp=False) == "+2 300 tkr"
    assert signed(-1100, nbsp=False) == "−1 100 tkr"
    assert signed(0.01, nbsp=False) == "0 tkr"
    assert [balance(v) for v in (1, -0.5, 0.04)] == ["överskott", "underskott", "i balans"]


# --- the rules on sums, for any figures ------------------------------------------------------------------------

def unit(uid: str, folder: str, depth: int, economy: dict[str, Economy]) -> Unit:
    parent = folder.rpartition("/")[0] or None
    return Unit(uid, uid, "nämnd" if depth else "kommun", folder, parent, depth, None, None, (), "", "kalenderår",
                Loc(f"{folder}/styrkort.yaml"), economy=economy)


amounts = st.integers(-10**9, 10**9)


@settings(max_examples=60, deadline=None)
@given(figures=st.lists(st.tuples(amounts, amounts), min_size=1, max_size=6), off=st.integers(-10**6, 10**6),
       field=st.sampled_from(["budget", "outcome"]))
def test_the_kommun_agrees_with_the_sum_of_its_namnder_within_rounding(figures: list[tuple[int, int]], off: int,
                                                                        field: str) -> None:
    namnder = [unit(f"N{i}", f"kommun/n{i}", 1, {"2025": entry("2025", b, o)}) for i, (b, o) in enumerate(figures)]
    budget, outcome = sum(b for b, _ in figures), sum(o for _, o in figures)
    own = entry("2025", budget + (off if field == "budget" else 0), outcome + (off if field == "outcome" else 0))
    repo = Repository(None, None, (unit("KF", "kommun", 0, {"2025": own}), *namnder), (), ())
    found = list(kommun_is_the_sum(Context(repo, date(2026, 12, 6))))
    within = abs(off) <= len(figures)  # 1 tkr a nämnd is rounding
    assert (found == []) == within
    if not within:
        # the field itself and the avvikelse computed from it
        assert {d.code for d in found} == {"E03"} and len(found) == 2
        assert all(d.path == "kommun/styrkort.yaml" for d in found)


@settings(max_examples=60, deadline=None)
@given(budget=amounts, outcome=amounts, forecast=amounts, written=amounts, delar=st.booleans())
def test_a_written_avvikelse_is_checked_against_the_right_figure(budget: int, outcome: int, forecast: int,
                                                                 written: int, delar: bool) -> None:
    e = entry("2026-H1", budget, outcome, forecast, written) if delar else entry("2025", budget, outcome,
                                                                                   deviation=written)
    repo = Repository(None, None, (unit("KF", "kommun", 0, {e.period: e}),), (), ())
    found = list(deviation_adds_up(Context(repo, date(2026, 12, 6))))
    wanted = budget - (forecast if delar else outcome)
    assert (found == []) == (abs(written - wanted) <= 1)
    assert all(d.code == "E01" for d in found)
