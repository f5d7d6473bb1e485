"""An outcome against a target resolved to numbers: the models standard and andel_av_målvärdet, with strict edges,
rounding and per-indicator thresholds.

Decisions (docs/fargmodell.md, "Modellen standard", "Modellen andel_av_målvärdet"):

* The yellow margin is |bound| × gul_marginal from the edge that was missed; for an edge of 0 it is the margin
  value itself, in the indicator's own unit. An outcome exactly on a strict edge is not reached: it misses by 0,
  which is inside any margin (gul).
* `ratio` is the degree of achievement, 1.0 exactly at the target and higher better: outcome/target for öka,
  target/outcome for minska; None where no share makes sense (a target at or below zero, a negative outcome, a
  minska outcome of zero, an interval).
* andel_av_målvärdet: grön from `grön_från` of the target (100 %: when the target is reached), gul from
  `andel_gul` (`gul_från`), else röd. Without a meaningful share the standard rule applies with the margin
  1 − andel_gul. A strict target asks for more than `grön_från`.
* `avrundning: N` rounds before comparing, half up as Swedish reports do: the outcome to N decimals (standard),
  the share to N decimals of a per cent (andel_av_målvärdet).
* Comparisons at an edge allow for binary floating point (79.2 is within 10 % of 88) with one tolerance on
  every path, so that a better outcome never gets a worse colour.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Context, Decimal

from styr.frozen import frozen
from styr.fulfilment.targets import Goalpost
from styr.model.types import ColourModel
from styr.model.vocab import Colour, ColourModelKind, Direction
from styr.wording.numbers import number, share

__all__ = ["Verdict", "achievement", "judge", "round_half_up", "shortfall", "within"]

_REL_TOL = 1e-9
_ABS_TOL = 1e-12
# Enough digits for any float written out in full, so rounding never fails on a huge share.
_DECIMALS = Context(prec=400, rounding=ROUND_HALF_UP)


@frozen
class Verdict:
    colour: Colour
    why: str  # the clause after the colon in the reason, e.g. "inom gul marginal 10 %"


def within(gap: float, margin: float) -> bool:
    return gap <= margin or math.isclose(gap, margin, rel_tol=_REL_TOL, abs_tol=_ABS_TOL)


def round_half_up(value: float, decimals: int) -> float:
    """2,675 → 2,68 with two decimals; the number as written (its shortest form), not its binary neighbour."""
    if not math.isfinite(value):
        return value
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), context=_DECIMALS))


def shortfall(value: float, post: Goalpost) -> tuple[float, float | None]:
    """(how far the outcome falls short, the edge it falls short of); (0, None) when it reaches the target. On a
    strict edge it falls short by 0."""
    if post.low is not None and (value < post.low or (post.low_strict and value == post.low)):
        return post.low - value, post.low
    if post.high is not None and (value > post.high or (post.high_strict and value == post.high)):
        return value - post.high, post.high
    return 0.0, None


def achievement(direction: Direction, value: float, target: float) -> float | None:
    """Degree of achievement (1.0 at the target, higher better), or None where a share is meaningless."""
    if direction is Direction.OKA and target > 0 and value >= 0:
        return value / target
    if direction is Direction.MINSKA and target > 0 and value > 0:
        return target / value
    return None


def judge(direction: Direction, value: float, post: Goalpost, model: ColourModel) -> Verdict:
    """The colour of an outcome against the target under the model (trend is judged elsewhere; its target
    verdict is the standard one)."""
    if model.model == ColourModelKind.ANDEL_AV_MALVARDET:
        return _share_model(direction, value, post, model)
    if model.rounding is not None:
        value = round_half_up(value, model.rounding)
    return _standard(value, post, model.yellow_margin)


def _margin(bound: float, margin_share: float) -> float:
    return abs(bound) * margin_share if bound != 0 else margin_share


def _standard(value: float, post: Goalpost, margin_share: float) -> Verdict:
    gap, bound = shortfall(value, post)
    if bound is None:
        return Verdict(Colour.GRON, "inom intervallet" if post.two_sided else "målvärdet är nått")
    margin = _margin(bound, margin_share)
    shown = share(margin_share) if bound != 0 else f"{number(margin_share)} (målvärdet är 0)"
    side = ""
    if post.two_sided:
        side = f"{number(gap)} {'under lägsta' if bound == post.low else 'över högsta'} värdet, "
    if gap == 0:
        side = f"precis på gränsen {number(bound)}, som inte räknas in, "
    if within(gap, margin):
        return Verdict(Colour.GUL, f"{side}inom gul marginal {shown}")
    return Verdict(Colour.ROD, f"{side}utanför gul marginal {shown}")


def _share_model(direction: Direction, value: float, post: Goalpost, model: ColourModel) -> Verdict:
    target = post.low if direction is Direction.OKA else post.high
    ratio = achievement(direction, value, target) if target is not None and not post.two_sided else None
    if ratio is None or target is None:
        # No meaningful share (intervall, a target at or below 0, a negative outcome): the same rule as a
        # yellow margin of 1 − andel_gul, so the preset still gives an answer.
        return _standard(value, post, 1.0 - model.share_yellow)
    if model.rounding is not None:
        return _rounded_share(ratio, post.strict, model)
    green_from, share_yellow = model.green_from, model.share_yellow
    if _green(direction, value, post, target, green_from):
        return Verdict(Colour.GRON, "målvärdet är nått" if green_from == 1.0 else
                       f"{'över' if post.strict else 'minst'} {share(green_from)} av målvärdet")
    # "At least share_yellow of the target" as the shortfall it allows, compared as _standard compares: the
    # same tolerance on both paths keeps a better outcome from ever getting a worse colour.
    gap = shortfall(value, post)[0]
    if share_yellow <= 0:
        allowed = math.inf
    else:
        allowed = target * (1 - share_yellow) if direction is Direction.OKA else target * (1 / share_yellow - 1)
    if within(gap, allowed):
        return Verdict(Colour.GUL, f"gul från {share(share_yellow)} av målvärdet")
    return Verdict(Colour.ROD, f"under {share(share_yellow)} av målvärdet")


def _green(direction: Direction, value: float, post: Goalpost, target: float, green_from: float) -> bool:
    if green_from == 1.0:
        return shortfall(value, post)[1] is None  # the target itself, its edge strict or not
    needed = target * green_from if direction is Direction.OKA else target / green_from if green_from > 0 \
        else math.inf
    if direction is Direction.OKA:
        return value > needed if post.strict else value >= needed or math.isclose(value, needed, rel_tol=_REL_TOL)
    return value < needed if post.strict else value <= needed or math.isclose(value, needed, rel_tol=_REL_TOL)


def _rounded_share(ratio: float, strict: bool, model: ColourModel) -> Verdict:
    decimals = model.rounding if model.rounding is not None else 0
    rounded = round_half_up(ratio * 100, decimals) / 100
    shown = f"{number(rounded * 100, decimals=decimals)} % avrundat till {decimals} decimaler"
    reached = rounded > model.green_from if strict else rounded >= model.green_from
    if reached:
        return Verdict(Colour.GRON, f"{shown}, grön från {'över ' if strict else ''}{share(model.green_from)}")
    if rounded >= model.share_yellow:
        return Verdict(Colour.GUL, f"{shown}, gul från {share(model.share_yellow)}")
    return Verdict(Colour.ROD, f"{shown}, under {share(model.share_yellow)}")
