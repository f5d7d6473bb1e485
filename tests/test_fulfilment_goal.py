"""Goal colours from weighted indicators, the assessment as total, contributors, evaluate and läsår mapping."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import styr.fulfilment.evaluate as evaluate_module
from styr.app.pipeline import Settings, analyse, open_source
from styr.fulfilment.evaluate import default_period, evaluate, goals_in_scope, unit_period
from styr.fulfilment.goal import goal_result, indicator_colour, with_contributors
from styr.fulfilment.results import GoalResult, IndicatorResult, empty_distribution
from styr.model.periods import parse_period
from styr.model.repository import Repository
from styr.model.types import Assessment, ColourModel, Goal, Indicator, Loc, Unit
from styr.model.vocab import Colour

G, Y, R, B = Colour.GRON, Colour.GUL, Colour.ROD, Colour.SVART
MODEL = ColourModel()
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"
LOC = Loc("kommun/mål/m.yaml", 1, 1)


def indicator(iid: str = "I1", weight: float = 1.0, outcome: float | None = 90, target: float = 88) -> Indicator:
    return Indicator(iid, f"Indikator {iid}", "", "procent", "öka", "", None, None, weight, None, None,
                     {"2026": target}, {} if outcome is None else {"2026": outcome}, LOC)


def result(colour: Colour, weight: float = 1.0, iid: str = "I1") -> IndicatorResult:
    return IndicatorResult(indicator(iid, weight), "2026", 88, "2026", 1, "2026", None, colour, "")


def goal(indicators: tuple[Indicator, ...] = (), assessments: dict[str, Assessment] | None = None,
         gid: str = "BUN-M2") -> Goal:
    return Goal(gid, "Alla elever känner sig trygga", "", "Verksamhet", ("KF-M1",), "", date(2023, 1, 1),
                date(2026, 12, 31), None, indicators, assessments or {}, "kommun/bun", LOC)


def assessment(colour: str | None, period: str = "2026", forecast: str | None = None,
               motivation: str = "") -> Assessment:
    return Assessment(period, colour, "Analys.", forecast, motivation, LOC)


# -- weighting ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("colours", "weights", "expected", "score"), [
    ([G, G, G], [1, 1, 1], G, 1.0),
    ([G, G, G, G, R], [1, 1, 1, 1, 1], G, 0.8),  # exactly at the green threshold
    ([G, Y], [1, 1], Y, 0.75),
    ([G, R], [1, 1], Y, 0.5),
    ([Y, R], [4, 1], Y, 0.4),  # exactly at the yellow threshold
    ([Y, R], [1, 1], R, 0.25),
    ([G, R], [1, 4], R, 0.2),
    ([G, R], [4, 1], G, 0.8),
    ([G, B, B], [1, 1, 1], G, 1.0),  # svart is left out
    ([R, B], [1, 5], R, 0.0),
    ([B, B], [1, 1], B, None),
    ([], [], B, None),
    ([Y, G, G, G, G, G, G, G, R, R], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], Y, 0.75),
])
def test_goal_colour_from_weighted_indicators(colours: list[Colour], weights: list[float], expected: Colour,
                                              score: float | None) -> None:
    got, got_score, measured = indicator_colour([result(c, w) for c, w in zip(colours, weights, strict=True)], MODEL)
    assert got is expected
    assert got_score == (pytest.approx(score) if score is not None else None)
    assert measured == sum(1 for c in colours if c is not B)


def test_scores_and_thresholds_come_from_the_model() -> None:
    strict = ColourModel(scores=(1.0, 0.0, 0.0), thresholds=(1.0, 0.5))
    assert indicator_colour([result(G), result(Y)], strict)[0] is Y
    assert indicator_colour([result(G), result(G), result(Y)], strict)[0] is Y
    assert indicator_colour([result(Y)], strict)[0] is R


colour_lists = st.lists(st.tuples(st.sampled_from([G, Y, R, B]), st.floats(min_value=0.01, max_value=1000)),
                        min_size=0, max_size=12)


@settings(max_examples=300, deadline=None)
@given(items=colour_lists, data=st.data())
def test_order_of_indicators_does_not_change_the_colour(items: list[tuple[Colour, float]],
                                                        data: st.DataObject) -> None:
    shuffled = data.draw(st.permutations(items))
    a = indicator_colour([result(c, w) for c, w in items], MODEL)
    b = indicator_colour([result(c, w) for c, w in shuffled], MODEL)
    assert a == b


@settings(max_examples=300, deadline=None)
@given(items=colour_lists)
def test_doubling_every_weight_changes_nothing(items: list[tuple[Colour, float]]) -> None:
    a = indicator_colour([result(c, w) for c, w in items], MODEL)
    b = indicator_colour([result(c, 2 * w) for c, w in items], MODEL)
    assert a == b


@settings(max_examples=100, deadline=None)
@given(weights=st.lists(st.floats(min_value=0.01, max_value=1000), max_size=8))
def test_all_svart_gives_svart(weights: list[float]) -> None:
    assert indicator_colour([result(B, w) for w in weights], MODEL) == (B, None, 0)


# -- the assessment is the total ---------------------------------------------------------------------------------

P2026 = parse_period("2026")


def test_without_assessment_the_indicator_colour_stands() -> None:
    r = goal_result(goal((indicator(outcome=90), indicator("I2", outcome=None))), P2026)
    assert (r.indicator_colour, r.colour, r.assessed, r.measured, r.total) == (G, G, False, 1, 2)
    assert r.assessment is None and r.forecast is None


def test_assessment_overrides_and_says_so() -> None:
    r = goal_result(goal((indicator(outcome=90),), {"2026": assessment("röd", motivation="Enkäten var fel.")}), P2026)
    assert (r.indicator_colour, r.colour, r.assessed) == (G, R, True)
    text = "\n".join(r.explanation)
    assert "Bedömning 2026: röd – ersätter indikatorfärgen grön." in text
    assert "Motivering: Enkäten var fel." in text
    assert "Total måluppfyllelse: röd (uppfylls inte)." in text


def test_assessment_without_valid_colour_does_not_count() -> None:
    for bad in (None, "lila"):
        r = goal_result(goal((indicator(outcome=90),), {"2026": assessment(bad)}), P2026)
        assert (r.colour, r.assessed) == (G, False)
        assert r.assessment is not None


def test_forecast_and_assessment_key_forms() -> None:
    g = goal((indicator(outcome=None),), {"2026-h1": assessment("Gul", "2026-h1", forecast="grön")})
    r = goal_result(g, parse_period("2026-H1"))
    assert (r.indicator_colour, r.colour, r.assessed, r.forecast) == (Colour.EJ_AKTUELL, Y, True, G)


def test_svart_assessment_is_a_valid_total() -> None:
    r = goal_result(goal((indicator(outcome=90),), {"2026": assessment("svart")}), P2026)
    assert (r.colour, r.assessed) == (B, True)


def test_explanation_lists_indicators_weighting_and_model() -> None:
    g = goal((indicator(outcome=85, weight=2), indicator("I2", outcome=90), indicator("I3", outcome=None)))
    lines = goal_result(g, P2026).explanation
    text = "\n".join(lines)
    assert lines[0] == "BUN-M2 Alla elever känner sig trygga – helår 2026 (2026)"
    assert "Färgmodell standard: grön när målvärdet nås, gul inom 10 % av målvärdet." in text
    assert "  I1 Indikator I1 → gul: Utfall 85 mot målvärde 88 (96,6 %): inom gul marginal 10 %." in lines
    assert "  I1 gul: 0,5 × vikt 2 = 1" in lines
    assert "  I3 svart: inte mätt, räknas inte" in lines
    assert "Poäng 2 / summa vikter 3 = 0,67 → gul (grön från 0,8, gul från 0,4); 2 av 3 indikatorer mätta." in text
    assert "Ingen bedömning för 2026: indikatorfärgen gäller." in text
    assert goal_result(g, P2026, explain=False).explanation == ()


def test_with_contributors_counts_total_colours() -> None:
    base = goal_result(goal((indicator(),), gid="KF-M1"), P2026)
    kids = [goal_result(goal((indicator(outcome=o),), a, gid=f"BUN-M{i}"), P2026)
            for i, (o, a) in enumerate([(90, None), (90, {"2026": assessment("gul")}), (0, None)])]
    r = with_contributors(base, kids)
    assert r.contributors == {**empty_distribution(), G: 1, Y: 1, R: 1}
    assert r.explanation[-1] == "Bidragande mål (direkt, 3 st): 1 grön, 1 gul, 1 röd."
    assert with_contributors(base, []).contributors == empty_distribution()


def test_parse_colour() -> None:
    assert [Colour.parse(v) for v in ("grön", " GUL ", "röd", "svart", "", None, "blå")] == [G, Y, R, B, None, None,
                                                                                           None]


# -- evaluate on a real repository ---------------------------------------------------------------------------------

def load(root: Path, today: date = date(2026, 11, 29)) -> Repository:
    return analyse(open_source(Settings(root, today)), today).repo


def test_evaluate_minimal_fixture_with_contributors() -> None:
    repo = load(MINIMAL)
    results = evaluate(repo, parse_period("2025"))
    assert set(results) == {g.id for g in repo.goals}
    assert all(r.colour is G for r in results.values())
    assert results["KF-M1"].contributors[G] == 1  # BUN-M1
    assert results["BUN-V-M1"].contributors == {**empty_distribution(), G: 1}
    q3 = evaluate(repo, parse_period("2026-Q3"))
    assert q3["BUN-V-M1"].indicator_colour is G and q3["BUN-V-M1"].measured == 1  # quarterly I1 only
    assert q3["BUN-V-M1"].not_due == 1  # the yearly I2 has nothing due in a quarter
    assert q3["KF-M1"].colour is Colour.EJ_AKTUELL
    assert q3["BUN-M1"].contributors == {**empty_distribution(), G: 1}


def test_evaluate_judges_every_goal_once(monkeypatch: pytest.MonkeyPatch) -> None:
    repo = load(MINIMAL)
    calls: list[str] = []
    real = evaluate_module.goal_result

    def counting(g: Goal, *args: object, **kwargs: object) -> GoalResult:
        calls.append(g.id)
        return real(g, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(evaluate_module, "goal_result", counting)
    evaluate(repo, parse_period("2026-H1"))
    assert sorted(calls) == sorted(g.id for g in repo.goals)


def test_default_period_follows_uppfoljning() -> None:
    repo = load(MINIMAL)
    assert default_period(repo, date(2026, 11, 29)).text == "2026-Q3"
    assert default_period(repo, date(2026, 4, 1)).text == "2026-Q1"


@pytest.mark.parametrize(("rhythm", "expected"), [("tertial", "2026-T2"), ("månad", "2026-M10"),
                                                  ("okänd", "2026-Q3")])
def test_default_period_other_rhythms(tmp_path: Path, rhythm: str, expected: str) -> None:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    model = root / "styrmodell.yaml"
    model.write_text(model.read_text(encoding="utf-8").replace("uppföljning: kvartal", f"uppföljning: {rhythm}"),
                     encoding="utf-8")
    assert default_period(load(root), date(2026, 11, 29)).text == expected


LASAR_UNIT = Unit("BUN-CS", "Centralskolan", "enhet", "kommun/bun/cs", "kommun/bun", 2, None, None, (), "", "läsår",
                  LOC)
CAL_UNIT = Unit("BUN", "BUN", "nämnd", "kommun/bun", "kommun", 1, None, None, (), "", "kalenderår", LOC)


@pytest.mark.parametrize(("report", "lasar", "calendar"), [
    ("2026", "2025/26", "2026"),
    ("2026-H1", "2025/26-HT", "2026-H1"),
    ("2026-Q3", "2025/26-VT", "2026-Q3"),
    ("2026-H2", "2026/27-HT", "2026-H2"),
    ("2025/26", "2025/26", "2025/26"),
])
def test_lasar_mapping(report: str, lasar: str, calendar: str) -> None:
    p = parse_period(report)
    assert unit_period(LASAR_UNIT, p).text == lasar
    assert unit_period(CAL_UNIT, p).text == calendar
    assert unit_period(None, p) == p


def test_lasar_unit_in_a_calendar_report(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(MINIMAL, root)
    unit = root / "kommun/nämnd/verksamhet/enhet/styrkort.yaml"
    unit.write_text(unit.read_text(encoding="utf-8") + "verksamhetsår: läsår\n", encoding="utf-8")
    goal_file = root / "kommun/nämnd/verksamhet/enhet/mål/bun-v-e-m1.yaml"
    text = goal_file.read_text(encoding="utf-8")
    text = text.replace("målvärde: {2023: 81, 2024: 82, 2025: 83, 2026: 84}", "målvärde: {2024/25: 83, 2025/26: 84}")
    text = text.replace("utfall: {2023: 82, 2024: 83, 2025: 84}", "utfall: {2024/25: 80, 2025/26: 85}")
    text = text.replace("mätfrekvens: helår", "mätfrekvens: läsår")
    text = text.replace("  2026-H1:\n", "  2025/26-HT:\n")
    goal_file.write_text(text, encoding="utf-8")
    repo = load(root)
    bokslut = evaluate(repo, parse_period("2026"))["BUN-V-E-M1"]
    assert (bokslut.period, bokslut.report_period) == ("2025/26", "2026")
    assert bokslut.indicators[0].outcome == 85 and bokslut.indicator_colour is G
    assert "Enheten planerar per läsår: rapportperioden 2026 visar 2025/26." in bokslut.explanation
    delar = evaluate(repo, parse_period("2026-H1"))["BUN-V-E-M1"]
    assert delar.period == "2025/26-HT"
    assert delar.assessment is not None and delar.assessment.period == "2025/26-HT" and delar.assessed
    earlier = evaluate(repo, parse_period("2025"))["BUN-V-E-M1"]
    assert (earlier.period, earlier.indicator_colour) == ("2024/25", Y)
    assert earlier.assessment is not None and earlier.assessment.period == "2025"  # the calendar key is accepted


def test_goals_in_scope() -> None:
    repo = load(MINIMAL)
    assert [g.id for g in goals_in_scope(repo, None)] == ["KF-M1", "BUN-M1", "BUN-V-M1", "BUN-V-E-M1"]
    bun_v = repo.unit_by_id["BUN-V"]
    assert [g.id for g in goals_in_scope(repo, bun_v)] == ["BUN-V-M1", "BUN-V-E-M1"]
