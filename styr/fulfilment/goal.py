"""Goal colour from its weighted indicators, the total fulfilment with the chef's assessment, and why."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

from styr.fulfilment.indicator import indicator_result, parse_key, period_text
from styr.fulfilment.results import GoalResult, IndicatorResult, empty_distribution
from styr.model.periods import Period
from styr.model.types import Assessment, ColourModel, Goal
from styr.model.vocab import COLOURS, Colour, ColourModelKind
from styr.wording.numbers import number, share
from styr.wording.periods import period_name
from styr.wording.scale import DEFAULT_SCALE, distribution_text

__all__ = [
    "assessment_for",
    "goal_result",
    "indicator_colour",
    "score_of",
    "with_contributors",
]

# The explanation names colours as the default scale does; issue 12 passes a kommun's own scale here.
_WORD = DEFAULT_SCALE.word

# A weighted score of exactly 0.8 must be green although 0.1 + 0.7 is 0.7999999999999999 in binary.
_TOL = 1e-9


_SCORE_INDEX = {Colour.GRON: 0, Colour.GUL: 1, Colour.ROD: 2}


def score_of(colour: Colour, model: ColourModel) -> float | None:
    """The points of a colour (`poäng` in styrmodell.yaml); svart has none, it is not measured."""
    index = _SCORE_INDEX.get(colour)
    return None if index is None else model.scores[index]


def indicator_colour(results: Sequence[IndicatorResult], model: ColourModel) -> tuple[Colour, float | None, int]:
    """(colour, weighted score, measured count) from indicator results. Svart indicators are left out of the
    score; when none is measured the goal is svart. math.fsum keeps the score independent of the order."""
    measured = [(r.indicator.weight, s) for r in results if (s := score_of(r.colour, model)) is not None]
    if not measured:
        return Colour.SVART, None, 0
    weight = math.fsum(w for w, _ in measured)
    score = math.fsum(w * s for w, s in measured) / weight if weight > 0 else 0.0
    green, yellow = model.thresholds
    if score >= green - _TOL:
        colour = Colour.GRON
    elif score >= yellow - _TOL:
        colour = Colour.GUL
    else:
        colour = Colour.ROD
    return colour, score, len(measured)


def assessment_for(goal: Goal, period: Period, fallback: Period | None = None) -> Assessment | None:
    """The goal's `bedömning` for `period` (keys compared as periods, so `2026-h1` finds 2026-H1); else for
    `fallback` — the calendar report period, for a läsår unit that wrote its assessment under it."""
    if not goal.assessments:
        return None
    found = goal.assessments.get(period_text(period) or "")
    if found is not None:
        return found
    keys = _assessment_keys(tuple(goal.assessments))
    key = keys.get(period)
    if key is None and fallback is not None and fallback != period:
        key = keys.get(fallback)
    return goal.assessments[key] if key is not None else None


@lru_cache(maxsize=16384)
def _assessment_keys(keys: tuple[str, ...]) -> dict[Period, str]:
    # Cached by the tuple of keys: goals share their assessment periods, so this is parsed a few times only.
    return {p: k for k in keys if (p := parse_key(k)) is not None}


def goal_result(goal: Goal, period: Period, model: ColourModel | None = None, *,
                report_period: Period | None = None, explain: bool = True) -> GoalResult:
    """A goal's fulfilment for `period` (already mapped for läsår units; `report_period` is the calendar
    period the report was asked for). Contributors are added afterwards by `with_contributors`.
    `explain=False` leaves `explanation` empty, which saves a third of the time when nobody reads it."""
    model = model or ColourModel()
    results = tuple(indicator_result(ind, period, model) for ind in goal.indicators)
    colour, score, measured = indicator_colour(results, model)
    assessment = assessment_for(goal, period, report_period)
    assessed_colour = Colour.parse(assessment.colour) if assessment else None
    forecast = Colour.parse(assessment.forecast) if assessment else None
    total = assessed_colour if assessed_colour is not None else colour
    text = period_text(period) or ""
    report = period_text(report_period) or text
    explanation: tuple[str, ...] = ()
    if explain:
        explanation = tuple(_explain(goal, period, report, results, colour, score, measured, assessment, total,
                                     forecast, assessed_colour is not None, model))
    return GoalResult(
        goal=goal,
        period=text,
        indicators=results,
        indicator_colour=colour,
        score=score,
        measured=measured,
        total=len(results),
        assessment=assessment,
        colour=total,
        assessed=assessed_colour is not None,
        forecast=forecast,
        explanation=explanation,
        report_period=report,
    )


def with_contributors(result: GoalResult, contributors: Iterable[GoalResult]) -> GoalResult:
    """The result with the distribution of the total colours of the goals that name it in `bidrar_till`."""
    dist = empty_distribution()
    count = 0
    for c in contributors:
        dist[c.colour] += 1
        count += 1
    if not count:
        return result  # its contributors are already the empty distribution
    line = f"Bidragande mål (direkt, {count} st): {distribution_text(dist)}."
    return replace(result, contributors=dist, explanation=(*result.explanation, line))


def _explain(g: Goal, period: Period, report: str, results: tuple[IndicatorResult, ...], colour: Colour,  # noqa: PLR0913, PLR0917 — the parts of one GoalResult, so the result is built once
             score: float | None, measured: int, assessment: Assessment | None, total: Colour,
             forecast: Colour | None, assessed: bool, model: ColourModel) -> list[str]:
    # The lines are built from the parts rather than from a GoalResult so the result is constructed once.
    r = GoalResult(g, period.text, results, colour, score, measured, len(results), assessment, total, assessed,
                   forecast, report_period=report)
    lines = [f"{g.id} {g.title} – {period_name(period)} ({period.text})"]
    if report != period.text:
        lines.append(f"Enheten planerar per läsår: rapportperioden {report} visar {period.text}.")
    lines.append(_model_line(model))
    if not results:
        lines.append("Målet har inga indikatorer (regel S02).")
    else:
        lines.append("Indikatorer:")
    for ir in results:
        lines.append(f"  {ir.indicator.id} {ir.indicator.name} → {_WORD(ir.colour)}: {ir.reason}")
    lines.extend(_weighting(r, model))
    lines.extend(_assessment_lines(r, period))
    return lines


def _model_line(model: ColourModel) -> str:
    green, yellow = _WORD(Colour.GRON), _WORD(Colour.GUL)
    if model.model == ColourModelKind.TREND:
        return (f"Färgmodell trend: {green} vid förbättring mot föregående mätning (eller baslinjen), "
                f"{yellow} oförändrat, {_WORD(Colour.ROD)} sämre.")
    if model.model == ColourModelKind.ANDEL_AV_MALVARDET:
        return (f"Färgmodell andel_av_målvärdet: {green} när målvärdet nås, {yellow} från "
                f"{share(model.share_yellow)} av det.")
    extra = ", eller vid förbättring mot baslinjen eller föregående mätning" if model.yellow_on_improvement else ""
    margin = share(model.yellow_margin)
    return f"Färgmodell standard: {green} när målvärdet nås, {yellow} inom {margin} av målvärdet{extra}."


def _weighting(r: GoalResult, model: ColourModel) -> list[str]:
    if not r.indicators:
        return [f"Indikatorfärg: {_WORD(r.indicator_colour)} (inget att mäta)."]
    points = ", ".join(f"{_WORD(c)} {number(s)}" for c in COLOURS if (s := score_of(c, model)) is not None)
    lines = [f"Vägning (poäng {points}):"]
    weights = 0.0
    for ir in r.indicators:
        s = score_of(ir.colour, model)
        if s is None:
            lines.append(f"  {ir.indicator.id} {_WORD(Colour.SVART)}: inte mätt, räknas inte")
            continue
        w = ir.indicator.weight
        weights += w
        lines.append(f"  {ir.indicator.id} {_WORD(ir.colour)}: {number(s)} × vikt {number(w)} = {number(s * w)}")
    green, yellow = model.thresholds
    if r.score is None:
        lines.append(f"  Ingen indikator är mätt: målets indikatorfärg blir {_WORD(Colour.SVART)} ({r.measured} av "
                     f"{r.total} mätta).")
    else:
        lines.append(f"  Poäng {number(r.score * weights)} / summa vikter {number(weights)} = "
                     f"{number(r.score)} → {_WORD(r.indicator_colour)} ({_WORD(Colour.GRON)} från {number(green)}, "
                     f"{_WORD(Colour.GUL)} från {number(yellow)}); {r.measured} av {r.total} indikatorer mätta.")
    return lines


def _assessment_lines(r: GoalResult, period: Period) -> list[str]:
    a = r.assessment
    ind = _WORD(r.indicator_colour)
    total = f"Total måluppfyllelse: {_WORD(r.colour)} ({DEFAULT_SCALE.label(r.colour)})."
    if a is None:
        return [f"Ingen bedömning för {period.text}: indikatorfärgen gäller.", total]
    lines: list[str] = []
    if not r.assessed:
        shown = f"ogiltig färg '{a.colour}'" if a.colour else "ingen färg"
        lines.append(f"Bedömningen för {a.period} har {shown}: indikatorfärgen {ind} gäller.")
    elif r.colour is r.indicator_colour:
        lines.append(f"Bedömning {a.period}: {_WORD(r.colour)}, samma som indikatorfärgen.")
    else:
        lines.append(f"Bedömning {a.period}: {_WORD(r.colour)} – ersätter indikatorfärgen {ind}.")
    if a.motivation:
        lines.append(f"Motivering: {' '.join(a.motivation.split())}")
    if r.forecast is not None:
        lines.append(f"Prognos för helåret: {_WORD(r.forecast)}.")
    lines.append(total)
    return lines

