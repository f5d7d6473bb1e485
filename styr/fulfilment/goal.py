"""Goal colour from its weighted indicators (or its contributors), the total with the chef's assessment.

Decisions (docs/fargmodell.md, "Steg 2" and "Steg 3"):

* Only grön, gul and röd indicators are weighed. When none is, the goal's indicator colour is svart if a due
  measurement is missing (an indicator is svart), else ej aktuell if nothing was due, else ej påbörjat.
* A goal whose `start` lies after the period is ej påbörjat, and so are its indicators.
* A goal without indicators is svart, or, with `mål_utan_indikatorer: bidragande`, judged from the total colours
  of the goals that contribute to it: weighed like indicators (`poäng`, `gränser`, each contributor weight 1),
  or by the share of them that is grön (`bidragande_beräkning: andel_grön`, against the same `gränser`).
* The chef's `bedömning` for the period, when it has one of the four colours, is the total.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import lru_cache

from styr.fulfilment.explain import explain_goal
from styr.fulfilment.indicator import indicator_result
from styr.fulfilment.results import GoalResult, IndicatorResult, changed, empty_distribution
from styr.fulfilment.scores import graded, score_of
from styr.fulfilment.selection import parse_key, period_text
from styr.model.periods import Period, PeriodKind
from styr.model.types import Assessment, ColourModel, Goal
from styr.model.vocab import Colour, ContributorMethod
from styr.wording.scale import DEFAULT_SCALE, Scale, distribution_text

__all__ = [
    "assessed_colour",
    "assessment_for",
    "goal_result",
    "indicator_colour",
    "not_started",
    "score_of",
    "with_contributors",
]

# Without a measured indicator, the goal takes the state that says most: a missing measurement first.
_UNMEASURED = (Colour.SVART, Colour.EJ_AKTUELL, Colour.EJ_PABORJAT)


def indicator_colour(results: Sequence[IndicatorResult], model: ColourModel) -> tuple[Colour, float | None, int]:
    """(colour, weighted score, measured count) from indicator results. Only grön, gul and röd are weighed;
    math.fsum keeps the score independent of the order."""
    measured = [(r.indicator.weight, s) for r in results if (s := score_of(r.colour, model)) is not None]
    if not measured:
        present = {r.colour for r in results}
        return next((c for c in _UNMEASURED if c in present), Colour.SVART), None, 0
    weight = math.fsum(w for w, _ in measured)
    score = math.fsum(w * s for w, s in measured) / weight if weight > 0 else 0.0
    return graded(score, model), score, len(measured)


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


def assessed_colour(goal: Goal, period: Period, report_period: Period | None = None
                    ) -> tuple[Assessment | None, Colour | None]:
    """The goal's `bedömning` for `period` (see `assessment_for`) and its colour, when it names one: the goal's
    total colour then, whatever its indicators say."""
    assessment = assessment_for(goal, period, report_period)
    return assessment, (_written(assessment.colour) if assessment is not None else None)


def _written(text: str | None) -> Colour | None:
    """`Colour.written`, remembered per text: a colour word is normalised and folded before it is looked up."""
    return _written_word(text) if isinstance(text, str) else Colour.written(text)


@lru_cache(maxsize=1024)
def _written_word(text: str) -> Colour | None:
    return Colour.written(text)


def not_started(goal: Goal, period: Period) -> bool:
    """The goal starts after the period has ended."""
    return goal.start is not None and goal.start > period.end


def _indicators(goal: Goal, period: Period, model: ColourModel, frequency: PeriodKind,
                reasons: bool) -> tuple[IndicatorResult, ...]:
    if not_started(goal, period):
        why = f"Målet börjar {goal.start}, efter {period.text}."
        return tuple(IndicatorResult(i, period.text, None, None, None, None, None, Colour.EJ_PABORJAT, why)
                     for i in goal.indicators)
    # Reasons are written unless the caller says not (`reasons`): `styr status --format json` carries them ("skäl")
    # without --explain, and so does the open data.
    return tuple(indicator_result(i, period, model, default_frequency=frequency, reason=reasons)
                 for i in goal.indicators)


def goal_result(goal: Goal, period: Period, model: ColourModel | None = None, *,  # noqa: PLR0913 — options, by keyword
                report_period: Period | None = None, explain: bool = True,
                default_frequency: PeriodKind = PeriodKind.HELAR, scale: Scale = DEFAULT_SCALE,
                contributors: Sequence[GoalResult] | None = None, reasons: bool = True) -> GoalResult:
    """A goal's fulfilment for `period` (already mapped for läsår units; `report_period` is the calendar
    period the report was asked for). `contributors` are the results of the goals that contribute to it, given
    when a goal without indicators is judged from them (`mål_utan_indikatorer: bidragande`); the distribution of
    their colours is added afterwards by `with_contributors`. `explain=False` leaves `explanation` empty, which
    saves a third of the time when nobody reads it; `reasons=False` the indicators' reasons as well."""
    model = model or ColourModel()
    results = _indicators(goal, period, model, default_frequency, reasons)
    basis = ""
    if not goal.indicators and contributors is not None and not not_started(goal, period):
        colour, score, measured = _from_contributors([c.colour for c in contributors], model)
        basis = "bidragande"
    else:
        colour, score, measured = indicator_colour(results, model)
        if not goal.indicators and not_started(goal, period):
            colour = Colour.EJ_PABORJAT
    assessment, assessed = assessed_colour(goal, period, report_period)
    text = period_text(period) or ""
    r = GoalResult(
        goal=goal,
        period=text,
        indicators=results,
        indicator_colour=colour,
        score=score,
        measured=measured,
        total=len(contributors) if basis and contributors is not None else len(results),
        assessment=assessment,
        colour=assessed if assessed is not None else colour,
        assessed=assessed is not None,
        forecast=_written(assessment.forecast) if assessment else None,
        report_period=period_text(report_period) or text,
        not_due=sum(1 for x in results if x.colour is Colour.EJ_AKTUELL),
        basis=basis,
    )
    if not explain:
        return r
    kids = [c.colour for c in contributors] if basis and contributors is not None else None
    return changed(r, r.contributors, tuple(explain_goal(r, period, model, scale, kids)))


def _from_contributors(colours: Sequence[Colour], model: ColourModel) -> tuple[Colour, float | None, int]:
    """A goal without indicators from its contributors' total colours: weighed like indicators (each weight 1),
    or by the share that is grön (`bidragande_beräkning: andel_grön`). Svart and the states are not weighed."""
    weighed = [c for c in colours if c.measured]
    if not weighed:
        return next((c for c in _UNMEASURED if c in colours), Colour.SVART), None, 0
    if model.contributor_method == ContributorMethod.ANDEL_GRON:
        score = sum(1 for c in weighed if c is Colour.GRON) / len(weighed)
    else:
        score = math.fsum(s for c in weighed if (s := score_of(c, model)) is not None) / len(weighed)
    return graded(score, model), score, len(weighed)


def with_contributors(result: GoalResult, contributors: Iterable[GoalResult],
                      scale: Scale = DEFAULT_SCALE) -> GoalResult:
    """The result with the distribution of the total colours of the goals that name it in `bidrar_till`."""
    dist = empty_distribution()
    count = 0
    for c in contributors:
        dist[c.colour] += 1
        count += 1
    if not count:
        return result  # its contributors are already the empty distribution
    if not result.explanation:
        return changed(result, dist, ())
    line = f"Bidragande mål (direkt, {count} st): {distribution_text(dist, scale=scale)}."
    return changed(result, dist, (*result.explanation, line))
