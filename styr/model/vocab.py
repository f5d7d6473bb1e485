"""The closed vocabularies of the file format as enums: colour, activity status, direction, ja/nej and the rest.

Each value is the Swedish word as it stands in the YAML and in the `enum` lists of `schemas/*.schema.json`
(tests/test_vocab.py keeps the two equal). Code compares against these members, never against loose strings.
How a word is *shown* to a reader (labels, symbols, a kommun's own words) is not decided here but in
`styr.wording`: the file vocabulary stays fixed while the presentation may vary.
"""

from __future__ import annotations

import unicodedata
from enum import StrEnum
from functools import cache
from typing import Final, Self

from styr.model.periods import PeriodKind

__all__ = [
    "COLOURS",
    "FALSE_WORDS",
    "FOLLOW_UP_KINDS",
    "MEASUREMENT_FREQUENCIES",
    "TRUE_WORDS",
    "ActivityStatus",
    "Colour",
    "ColourModelKind",
    "Direction",
    "Gender",
    "PeriodKind",
    "Vocabulary",
    "YearKind",
    "YesNo",
    "truth",
]

_ASCII: Final = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "A", "Ä": "A", "Ö": "O"})


class Vocabulary(StrEnum):
    """A closed set of Swedish words. Members compare equal to their words, so a raw text from the model can
    be tested with `status == ActivityStatus.PAGAR`; prefer `parse` where the text may be written loosely."""

    @property
    def ascii(self) -> str:
        """The spelling without å, ä and ö (`pagar`, `gron`): for the command line and for CSS classes."""
        return self.value.translate(_ASCII)

    @classmethod
    def words(cls) -> tuple[str, ...]:
        """Every word, in the order of the enum (which is the order of the schema's `enum` list)."""
        return tuple(m.value for m in cls)

    @classmethod
    def get(cls, text: object) -> Self | None:
        """The member whose word is exactly `text`, or None: for values the rules and colours take as written
        (the schema rules report a word that differs in case or spelling)."""
        return cls(text) if isinstance(text, str) and text in _lookup(cls) else None

    @classmethod
    def parse(cls, text: object, *, ascii: bool = False) -> Self | None:
        """The member a text names, ignoring case, surrounding space and Unicode composition; None when it
        names none. `ascii=True` also accepts the spelling without å, ä and ö (for command-line options:
        in a file, the schema asks for the real word)."""
        if not isinstance(text, str):
            return None
        key = unicodedata.normalize("NFC", text).strip().casefold()
        word = _folded(cls).get(key)
        if word is None and ascii:
            word = _ascii_folded(cls).get(key)
        return None if word is None else cls(word)


@cache
def _lookup(cls: type[Vocabulary]) -> frozenset[str]:
    return frozenset(m.value for m in cls)


@cache
def _folded(cls: type[Vocabulary]) -> dict[str, str]:
    return {m.value.casefold(): m.value for m in cls}


@cache
def _ascii_folded(cls: type[Vocabulary]) -> dict[str, str]:
    return {m.ascii.casefold(): m.value for m in cls}


class Colour(Vocabulary):
    """Måluppfyllelse (`färg`, `prognos`). The order (grön best … svart not measured) is used for sorting and
    for distributions."""

    GRON = "grön"
    GUL = "gul"
    ROD = "röd"
    SVART = "svart"

    @property
    def step(self) -> int | None:
        """Grön 0, gul 1, röd 2; svart has no place on the scale."""
        return _STEPS.get(self)


_STEPS: Final = {Colour.GRON: 0, Colour.GUL: 1, Colour.ROD: 2}

COLOURS: Final[tuple[Colour, ...]] = tuple(Colour)


class ActivityStatus(Vocabulary):
    """An activity's `status` and the status of its `uppföljning` entries."""

    PLANERAD = "planerad"
    PAGAR = "pågår"
    GENOMFORD = "genomförd"
    FORSENAD = "försenad"
    AVBRUTEN = "avbruten"

    @property
    def finished(self) -> bool:
        """Genomförd or avbruten: nothing more is expected of the activity (rule A04)."""
        return self in (ActivityStatus.GENOMFORD, ActivityStatus.AVBRUTEN)


class Direction(Vocabulary):
    """An indicator's `riktning`: which way is better."""

    OKA = "öka"
    MINSKA = "minska"
    INTERVALL = "intervall"
    UPPNATT = "uppnått"


class Gender(Vocabulary):
    """An indicator's `kön`: which of a Kolada KPI's values is the outcome (Kolada's own letters)."""

    TOTALT = "T"
    KVINNOR = "K"
    MAN = "M"


class YesNo(Vocabulary):
    """`ja` and `nej`: the answer of an indicator with riktning uppnått, and of other yes/no settings."""

    JA = "ja"
    NEJ = "nej"

    @classmethod
    def of(cls, flag: bool) -> YesNo:
        return YesNo.JA if flag else YesNo.NEJ


#: Words read as true or false where a yes/no value is meant. YAML 1.1 reads `ja` as text and `true` as a
#: boolean; a writer may also say that something is (ej) uppnått.
TRUE_WORDS: Final = frozenset({YesNo.JA.value, "true", Direction.UPPNATT.value})
FALSE_WORDS: Final = frozenset({YesNo.NEJ.value, "false", f"ej {Direction.UPPNATT.value}"})


def truth(text: str) -> bool | None:
    """True for ja (true, uppnått), False for nej (false, ej uppnått), None for anything else."""
    key = unicodedata.normalize("NFC", text).strip().casefold()
    if key in TRUE_WORDS:
        return True
    if key in FALSE_WORDS:
        return False
    return None


class ColourModelKind(Vocabulary):
    """`färgmodell.modell` in styrmodell.yaml: how an indicator's colour is judged (docs/fargmodell.md)."""

    STANDARD = "standard"
    ANDEL_AV_MALVARDET = "andel_av_målvärdet"
    TREND = "trend"


class YearKind(Vocabulary):
    """A unit's `verksamhetsår`: the calendar year, or the läsår for schools."""

    KALENDERAR = "kalenderår"
    LASAR = "läsår"


#: `mätfrekvens` of an indicator: every period kind but the term (a läsår unit measures per läsår).
MEASUREMENT_FREQUENCIES: Final[tuple[PeriodKind, ...]] = tuple(k for k in PeriodKind if k is not PeriodKind.TERMIN)
#: `uppföljning` in styrmodell.yaml: the rhythm of follow-up, and the default period of `styr status`.
FOLLOW_UP_KINDS: Final[tuple[PeriodKind, ...]] = (PeriodKind.KVARTAL, PeriodKind.TERTIAL, PeriodKind.MANAD)
