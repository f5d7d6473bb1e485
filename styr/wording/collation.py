"""Swedish alphabetical order: a–z, then å, ä, ö (as in a Swedish dictionary), for lists a reader searches."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

__all__ = ["swedish_key"]

# Letters that a Swedish dictionary files with another: ü as y, æ as ä, ø as ö; accents elsewhere are ignored
# (é as e), but å, ä and ö are letters of their own after z.
_AFTER_Z = {"å": 1, "ä": 2, "ö": 3, "æ": 2, "ø": 3}
_AS = {"ü": "y", "w": "w"}


@lru_cache(maxsize=65536)
def _letter(ch: str) -> tuple[int, int, str]:
    if ch in _AFTER_Z:
        return (2, _AFTER_Z[ch], "")
    base = _AS.get(ch)
    if base is None:
        decomposed = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in decomposed if not unicodedata.combining(c)) or ch
    if base.isdigit():
        return (0, 0, base)
    if base.isalpha():
        return (1, 0, base)
    return (-1, 0, base)  # spaces and punctuation before letters: "Ab c" before "Abc"


def swedish_key(text: str) -> tuple[tuple[tuple[int, int, str], ...], str]:
    """A sort key: `sorted(titles, key=swedish_key)` puts Äldre after Zon and Östra last; letter case and
    accents other than å, ä, ö only break ties."""
    folded = unicodedata.normalize("NFC", text).casefold()
    return tuple(_letter(ch) for ch in folded), text
