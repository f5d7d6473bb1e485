"""Points of a colour and the goal colour a weighted score gives (`poäng` and `gränser` in styrmodell.yaml)."""

from __future__ import annotations

from styr.model.types import ColourModel
from styr.model.vocab import Colour

__all__ = ["graded", "score_of"]

# A weighted score of exactly 0.8 must be green although 0.1 + 0.7 is 0.7999999999999999 in binary.
_TOL = 1e-9

_SCORE_INDEX = {Colour.GRON: 0, Colour.GUL: 1, Colour.ROD: 2}


def score_of(colour: Colour, model: ColourModel) -> float | None:
    """The points of a colour; svart and the states have none: they are not weighed."""
    index = _SCORE_INDEX.get(colour)
    return None if index is None else model.scores[index]


def graded(score: float, model: ColourModel) -> Colour:
    """grön from `gränser.grön`, gul from `gränser.gul`, else röd."""
    green, yellow = model.thresholds
    if score >= green - _TOL:
        return Colour.GRON
    return Colour.GUL if score >= yellow - _TOL else Colour.ROD
