"""`styr status --explain`: a goal's colour step by step, with the arithmetic, in the kommun's own words.

The lines are Swedish text for a person: the model, each indicator with its reason (the target verdict and the
trend), the weighting (or the contributors it is judged from), the assessment and the total.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from styr.fulfilment.results import GoalResult
from styr.fulfilment.scores import score_of
from styr.model.periods import Period
from styr.model.types import ColourModel
from styr.model.vocab import COLOURS, Colour, ColourModelKind, ContributorMethod
from styr.wording.numbers import number, share
from styr.wording.periods import period_name
from styr.wording.scale import Scale, distribution_text

__all__ = ["explain_goal", "model_line"]

_NOT_WEIGHED = {Colour.SVART: "inte mätt, räknas inte", Colour.EJ_AKTUELL: "ingen mätning i perioden, räknas inte",
                Colour.EJ_PABORJAT: "målet har inte börjat, räknas inte"}


def explain_goal(r: GoalResult, period: Period, model: ColourModel, scale: Scale,
                 contributors: Sequence[Colour] | None = None) -> list[str]:
    """Every line of the explanation but the contributors' distribution (added with it)."""
    g = r.goal
    lines = [f"{g.id} {g.title} – {period_name(period)} ({period.text})"]
    if r.report_period and r.report_period != period.text:
        lines.append(f"Enheten planerar per läsår: rapportperioden {r.report_period} visar {period.text}.")
    lines.append(model_line(model, scale))
    if r.indicator_colour is Colour.EJ_PABORJAT and g.start is not None:
        lines.append(f"Målet börjar {g.start}, efter perioden: {scale.word(Colour.EJ_PABORJAT)}.")
    if not r.indicators and contributors is None:
        lines.append("Målet har inga indikatorer (regel S02).")
    elif r.indicators:
        lines.append("Indikatorer:")
    for ir in r.indicators:
        rule = " (egen färgregel)" if ir.indicator.colour_rule else ""
        lines.append(f"  {ir.indicator.id} {ir.indicator.name} → {scale.word(ir.colour)}{rule}: {ir.reason}")
    if contributors is not None:
        lines.extend(_contributor_weighting(r, contributors, model, scale))
    else:
        lines.extend(_weighting(r, model, scale))
    lines.extend(_assessment_lines(r, period, scale))
    return lines


@lru_cache(maxsize=256)  # a repository has a few unit models, and every goal's explanation names its own
def model_line(model: ColourModel, scale: Scale) -> str:
    """The colour model in one sentence."""
    green, yellow, red = scale.word(Colour.GRON), scale.word(Colour.GUL), scale.word(Colour.ROD)
    rounding = f" Avrundning: {model.rounding} decimaler före jämförelsen." if model.rounding is not None else ""
    if model.model == ColourModelKind.TREND:
        return (f"Färgmodell trend: {green} vid förbättring mot föregående mätning (eller baslinjen), "
                f"{yellow} oförändrat, {red} sämre.")
    if model.model == ColourModelKind.ANDEL_AV_MALVARDET:
        start = "när målvärdet nås" if model.green_from == 1.0 else f"från {share(model.green_from)} av målvärdet"
        return (f"Färgmodell andel_av_målvärdet: {green} {start}, {yellow} från "
                f"{share(model.share_yellow)} av det.{rounding}")
    extra = ", eller vid förbättring mot baslinjen eller föregående mätning" if model.yellow_on_improvement else ""
    margin = share(model.yellow_margin)
    return f"Färgmodell standard: {green} när målvärdet nås, {yellow} inom {margin} av målvärdet{extra}.{rounding}"


@lru_cache(maxsize=256)
def _points(model: ColourModel, scale: Scale) -> str:
    return ", ".join(f"{scale.word(c)} {number(s)}" for c in COLOURS if (s := score_of(c, model)) is not None)


def _weighting(r: GoalResult, model: ColourModel, scale: Scale) -> list[str]:
    if not r.indicators:
        return [f"Indikatorfärg: {scale.word(r.indicator_colour)} (inget att mäta)."]
    lines = [f"Vägning (poäng {_points(model, scale)}):"]
    weights = 0.0
    for ir in r.indicators:
        s = score_of(ir.colour, model)
        if s is None:
            lines.append(f"  {ir.indicator.id} {scale.word(ir.colour)}: {_NOT_WEIGHED[ir.colour]}")
            continue
        w = ir.indicator.weight
        weights += w
        lines.append(f"  {ir.indicator.id} {scale.word(ir.colour)}: {number(s)} × vikt {number(w)} = "
                     f"{number(s * w)}")
    lines.append(_summary(r, model, scale, weights))
    return lines


def _summary(r: GoalResult, model: ColourModel, scale: Scale, weights: float) -> str:
    not_due = f", {r.not_due} {scale.word(Colour.EJ_AKTUELL)}" if r.not_due else ""
    counted = f"{r.measured} av {r.total} indikatorer mätta{not_due}"
    if r.score is None:
        word = scale.word(r.indicator_colour)
        if r.indicator_colour is Colour.EJ_AKTUELL:
            return f"  Ingen indikator har någon mätning i perioden: målets indikatorfärg blir {word} ({counted})."
        if r.indicator_colour is Colour.EJ_PABORJAT:
            return f"  Målet har inte börjat: målets indikatorfärg blir {word}."
        return f"  Ingen indikator är mätt: målets indikatorfärg blir {word} ({r.measured} av {r.total} mätta)."
    green, yellow = model.thresholds
    return (f"  Poäng {number(r.score * weights)} / summa vikter {number(weights)} = {number(r.score)} → "
            f"{scale.word(r.indicator_colour)} ({scale.word(Colour.GRON)} från {number(green)}, "
            f"{scale.word(Colour.GUL)} från {number(yellow)}); {counted}.")


def _contributor_weighting(r: GoalResult, colours: Sequence[Colour], model: ColourModel, scale: Scale) -> list[str]:
    counts = {c: colours.count(c) for c in COLOURS}
    head = (f"Målet har inga egna indikatorer och bedöms utifrån de {len(colours)} bidragande målens färger "
            f"(mål_utan_indikatorer: bidragande): {distribution_text(counts, scale=scale) or 'inga'}.")
    if r.score is None:
        return [head, f"  Inget bidragande mål har en färg att väga: indikatorfärgen blir "
                      f"{scale.word(r.indicator_colour)}."]
    green, yellow = model.thresholds
    limits = f"{scale.word(Colour.GRON)} från {number(green)}, {scale.word(Colour.GUL)} från {number(yellow)}"
    if model.contributor_method == ContributorMethod.ANDEL_GRON:
        greens = counts[Colour.GRON]
        how = f"  Andel {scale.word(Colour.GRON)}: {greens} av {r.measured} = {number(r.score)} → "
    else:
        total = sum(score_of(c, model) or 0.0 for c in colours if c.measured)
        how = f"  Poäng ({_points(model, scale)}): {number(total)} / {r.measured} = {number(r.score)} → "
    return [head, f"{how}{scale.word(r.indicator_colour)} ({limits})."]


def _assessment_lines(r: GoalResult, period: Period, scale: Scale) -> list[str]:
    a = r.assessment
    ind = scale.word(r.indicator_colour)
    total = f"Total måluppfyllelse: {scale.word(r.colour)} ({scale.label(r.colour)})."
    if a is None:
        return [f"Ingen bedömning för {period.text}: indikatorfärgen gäller.", total]
    lines: list[str] = []
    if not r.assessed:
        shown = f"ogiltig färg '{a.colour}'" if a.colour else "ingen färg"
        lines.append(f"Bedömningen för {a.period} har {shown}: indikatorfärgen {ind} gäller.")
    elif r.colour is r.indicator_colour:
        lines.append(f"Bedömning {a.period}: {scale.word(r.colour)}, samma som indikatorfärgen.")
    else:
        lines.append(f"Bedömning {a.period}: {scale.word(r.colour)} – ersätter indikatorfärgen {ind}.")
    if a.motivation:
        lines.append(f"Motivering: {' '.join(a.motivation.split())}")
    if r.forecast is not None:
        lines.append(f"Prognos för helåret: {scale.word(r.forecast)}.")
    lines.append(total)
    return lines
