"""Activity statuses in words and shapes (planerad ○, pågår ◐, genomförd ●, försenad ▲, avbruten ✕)."""

from __future__ import annotations

from typing import Final

from styr.frozen import frozen
from styr.model.vocab import ActivityStatus

__all__ = ["STATUS_WORDS", "StatusWords", "status_words"]


@frozen
class StatusWords:
    """An activity status as the reader sees it. Report templates read these fields by name."""

    key: str  # ASCII, for CSS classes: pagar, genomford …; okand when the status is missing or unknown
    word: str
    symbol: str


_SYMBOLS: Final = {ActivityStatus.PLANERAD: "○", ActivityStatus.PAGAR: "◐", ActivityStatus.GENOMFORD: "●",
                   ActivityStatus.FORSENAD: "▲", ActivityStatus.AVBRUTEN: "✕"}

#: Every status, in the order of the vocabulary: the legend of a report.
STATUS_WORDS: Final = tuple(StatusWords(s.ascii, s.value, _SYMBOLS[s]) for s in ActivityStatus)
_BY_STATUS: Final = dict(zip(ActivityStatus, STATUS_WORDS, strict=True))


def status_words(status: str | None) -> StatusWords:
    """The words for a status as written (case and surrounding space do not matter); an unknown status is
    shown as written, a missing one as 'status saknas'."""
    if status is None:
        return StatusWords("okand", "status saknas", "–")
    found = ActivityStatus.parse(status)
    if found is None:
        return StatusWords("okand", status, "–")
    return _BY_STATUS[found]
