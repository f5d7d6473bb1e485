"""What a miswritten period probably means ('2026H1', 'H1 2026', 'delår 2026', 'HT 2026'): the one guesser that
both the schema's messages (a period key in a file) and the command line (`--period`) use."""

from __future__ import annotations

import re
from collections.abc import Callable

_YEAR = re.compile(r"(?<![0-9])([0-9]{4})(?![0-9])")
_KIND_WORDS = (("kvartal", "Q"), ("tertial", "T"), ("halvår", "H"), ("halvar", "H"), ("månad", "M"), ("manad", "M"),
               ("q", "Q"), ("k", "Q"), ("t", "T"), ("h", "H"), ("m", "M"))
_WHOLE_YEAR = frozenset({"", "helår", "helar", "bokslut", "årsbokslut", "arsbokslut", "år", "ar"})
_SEPARATORS = re.compile(r"[\s\-_.:,/()–]+")


def period_guesses(text: str, valid: Callable[[str], bool]) -> list[str]:
    """The periods, in styr's own spelling, that `text` (not one) probably means, each one `valid`: the text in
    canonical form ('2026-q1' → '2026-Q1', '2026/2027' → '2026/27'), else read from its words and its year
    ('kvartal 3 2026' → '2026-Q3', '2026-09' → '2026-M09', 'delår 2026' → '2026-H1' or '2026-T2')."""
    canonical = _canonical(text)
    if canonical != text and valid(canonical):
        return [canonical]
    return [guess for guess in _from_words(text) if guess != text and valid(guess)]


def _canonical(key: str) -> str:
    text = key.strip().upper().replace("–", "-").replace(" ", "-").replace("_", "-")
    text = re.sub(r"^(\d{4})-?M(\d)$", r"\g<1>-M0\2", text)
    text = re.sub(r"^(\d{4})-?([HTQM])", r"\1-\2", text)
    return re.sub(r"^(\d{4})[-/](\d{2})(\d{2})?(?=$|-)", lambda m: f"{m[1]}/{m[3] or m[2]}", text)


def year_in(text: str) -> int | None:
    """The first four-digit number of a text, standing alone (the year a miswritten period names)."""
    found = _YEAR.search(text)
    return int(found[1]) if found is not None else None


def _from_words(text: str) -> list[str]:
    found = _YEAR.search(text)
    if found is None:
        return []
    y = int(found[1])
    word = _SEPARATORS.sub("", (text[:found.start()] + " " + text[found.end():]).lower())
    school = f"{y}/{(y + 1) % 100:02d}"
    fixed = {**dict.fromkeys(_WHOLE_YEAR, str(y)), str(y + 1): school,  # 2026/2027, 2026-2027
             **dict.fromkeys(("ht", "hösttermin", "hosttermin"), f"{school}-HT"),
             **dict.fromkeys(("vt", "vårtermin", "vartermin"), f"{y - 1}/{y % 100:02d}-VT")}
    if word in fixed:
        return [fixed[word]]
    if word.startswith(("delår", "delar")):
        return [f"{y}-H1", f"{y}-T2"]  # the delårsbokslut per juni or per augusti (`rapportperioder`)
    if word.isdigit():
        return [f"{y}-M{int(word):02d}"]
    for name, letter in _KIND_WORDS:
        number = word.removeprefix(name) if word.startswith(name) else word.removesuffix(name)
        if number != word and number.isdigit():
            return [f"{y}-{letter}{int(number):02d}" if letter == "M" else f"{y}-{letter}{int(number)}"]
    return []
