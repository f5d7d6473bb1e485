"""Swedish alphabetical order without a system locale: a–z, then å, ä, ö; numbers by their value.

A Swedish reader expects "Alby, bygg-nämnden, Zeta, Åbynämnden, Äldrenämnden, Östernämnden": å, ä and ö are
letters of their own after z (not a, a and o with a mark, as in German or in a slug), letter case and
punctuation only break ties, an accented letter sorts with its base letter (é as e, à as a), ü as y, æ as ä
and ø as ö (as SAOL and the Swedish standard SS 62 00 39 do), and BUN-M2 comes before BUN-M10. Python's
`sorted` on strings does none of this, and `locale.strxfrm` depends on locales that a CI runner lacks.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

__all__ = ["sort_key", "sorted_swedish"]

T = TypeVar("T")

# Primary weights: a–z from 1, then å, ä, ö. w is its own letter after v (SAOL since 2006).
_ALPHABET = "abcdefghijklmnopqrstuvwxyzåäö"
_WEIGHT = {c: i + 1 for i, c in enumerate(_ALPHABET)}
# Letters a Swedish reader files under another: Danish/Norwegian and German forms with the Swedish letter.
_AS = {"æ": "ä", "ø": "ö", "ü": "y", "ß": "ss", "œ": "ö", "þ": "th", "ð": "d", "ł": "l", "đ": "d", "ı": "i"}
# A base letter and a combining mark that together make one Swedish letter.
_SWEDISH = {("a", "\u030a"): "å", ("a", "\u0308"): "ä", ("o", "\u0308"): "ö", ("u", "\u0308"): "y"}

_NUMBER, _LETTER, _OTHER = 0, 1, 2


def _letters(text: str) -> list[tuple[str, str]]:
    """Each character of `text` (NFD, case-folded) with its combining marks: ('a', '\u030a') for å."""
    out: list[tuple[str, str]] = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and out:
            base, marks = out[-1]
            out[-1] = (base, marks + ch)
        else:
            out.append((ch, ""))
    return out


def _primary(letters: list[tuple[str, str]]) -> tuple[tuple[int, int], ...]:
    """The primary key: numbers by value, letters by the Swedish alphabet; spaces and punctuation ignored."""
    out: list[tuple[int, int]] = []
    digits = ""
    for base, marks in letters:
        folded = base.casefold()
        if folded.isdigit() and folded.isascii():
            digits += folded
            continue
        if digits:
            out.append((_NUMBER, int(digits)))
            digits = ""
        swedish = _SWEDISH.get((folded, marks[:1]))
        for letter in swedish or _AS.get(folded, folded):
            if letter in _WEIGHT:
                out.append((_LETTER, _WEIGHT[letter]))
            elif letter.isalnum():  # another script: after ö, by code point
                out.append((_OTHER, ord(letter)))
    if digits:
        out.append((_NUMBER, int(digits)))
    return tuple(out)


# Characters that need neither normalisation nor folding beyond lower case: nearly every id, name and title.
_SWEDISH_LETTERS = "åäöÅÄÖ"
_PLAIN_WEIGHTS = {c: (_LETTER, _WEIGHT[c.lower()]) for c in _ALPHABET[:26] + _ALPHABET[:26].upper() + _SWEDISH_LETTERS}
_PLAIN = frozenset(_PLAIN_WEIGHTS) | frozenset("0123456789 -.,:;()/&+'!?%")


def _plain_key(text: str) -> tuple[object, ...]:
    """`sort_key` of a text of `_PLAIN` characters, without decomposing it (tests/test_swedish_order.py compares)."""
    primary: list[tuple[int, int]] = []
    case: list[bool] = []
    accents = 0
    digits = ""
    for ch in text:
        if "0" <= ch <= "9":
            digits += ch
            continue
        if digits:
            primary.append((_NUMBER, int(digits)))
            digits = ""
        weight = _PLAIN_WEIGHTS.get(ch)
        if weight is not None:
            primary.append(weight)
            case.append(not ch.islower())
            accents += ch not in _SWEDISH_LETTERS  # å, ä, ö are letters of their own, not accented a and o
    if digits:
        primary.append((_NUMBER, int(digits)))
    return tuple(primary), ("",) * accents, tuple(case), text


@lru_cache(maxsize=65536)  # the model's orders ask again and again for the same names and ids (a unit's per goal)
def sort_key(text: str) -> tuple[object, ...]:
    """The key that puts texts in Swedish alphabetical order; equal keys only for equal texts.

    Levels, as a dictionary orders words: the letters (a–z, å, ä, ö; digits as numbers), then accents
    (e before é), then letter case (lower case first), then the text itself, so that the order is total."""
    return _plain_key(text) if _PLAIN.issuperset(text) else _full_key(text)


def _full_key(text: str) -> tuple[object, ...]:
    letters = _letters(unicodedata.normalize("NFC", text))
    primary = _primary(letters)
    accents = tuple(marks for base, marks in letters if base.isalpha() and (base.casefold(), marks[:1]) not in _SWEDISH)
    case = tuple(base != base.casefold() for base, _ in letters if base.isalpha())
    return primary, accents, case, text


def sorted_swedish(items: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
    """`items` in Swedish order of their text (or of `key(item)`)."""
    if key is None:
        return sorted(items, key=lambda item: sort_key(str(item)))
    text_of = key
    return sorted(items, key=lambda item: sort_key(text_of(item)))
