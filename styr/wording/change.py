"""The change of a goal's colour since an earlier period in words and arrows: ↑ bättre, ↓ sämre, → oförändrad."""

from __future__ import annotations

from styr.frozen import frozen
from styr.model.vocab import Colour

__all__ = ["ChangeWords", "change"]


@frozen
class ChangeWords:
    """A change as the reader meets it: an arrow and a word, never the arrow alone. Templates read the fields."""

    key: str  # ASCII, for CSS classes: battre, samre, oforandrad, ingen
    symbol: str  # ↑ ↓ → –
    word: str  # bättre
    since: str  # 'sedan bokslut 2025 (gul)': what was compared with, for the text beside the arrow


_BETTER = ("battre", "↑", "bättre")
_WORSE = ("samre", "↓", "sämre")
_SAME = ("oforandrad", "→", "oförändrad")
_NONE = ("ingen", "–", "kan inte jämföras")


def change(before: Colour | None, now: Colour, since: str, before_word: str = "") -> ChangeWords:
    """How `now` compares with `before` on the scale grön > gul > röd. A colour without a place on the scale
    (svart: not measured) or no earlier colour at all cannot be compared, and the words say so."""
    a = before.step if before is not None else None
    b = now.step
    if a is None or b is None:
        key, symbol, word = _NONE
    elif b < a:
        key, symbol, word = _BETTER
    elif b > a:
        key, symbol, word = _WORSE
    else:
        key, symbol, word = _SAME
    shown = f"{since} ({before_word})" if before is not None and before_word else since
    return ChangeWords(key, symbol, word, shown)
