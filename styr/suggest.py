"""'Menade du …?': the closest allowed word to what a user wrote."""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections.abc import Iterable


@functools.lru_cache(maxsize=4096)  # the same allowed words are folded again for every unknown key of a file
def _fold(word: str) -> str:
    # Compare without case and accents, so 'malvarde' finds 'målvärde' and 'verksamheten' finds 'Verksamhet'.
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def closest(word: str, choices: Iterable[str], cutoff: float = 0.6) -> str | None:
    """The allowed word most like `word`, or None when nothing is close enough."""
    options = list(dict.fromkeys(choices))
    folded = {_fold(c): c for c in options}
    hit = difflib.get_close_matches(_fold(word), list(folded), n=1, cutoff=cutoff)
    return folded[hit[0]] if hit else None


def did_you_mean(word: str, choices: Iterable[str], fallback: str = "") -> str:
    """A Swedish hint: 'Menade du 'X'?' when something is close, else `fallback`."""
    options = list(choices)
    hit = closest(word, options)
    if hit is not None:
        return f"Menade du '{hit}'?"
    return fallback
