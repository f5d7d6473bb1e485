"""The fulfilment scale in words and shapes: each colour's and state's word, meaning, symbol and emoji, and
distributions.

Every output (terminal, JSON, CI, the site, Markdown) takes its colour words and symbols from a `Scale`:
`DEFAULT_SCALE` has the words of docs/fargmodell.md, and `scale_for` builds a kommun's own from `skala:` in
styrmodell.yaml (uppfyllt / delvis uppfyllt / ej uppfyllt, "kan inte mätas", other symbols). The four colours of
`styr.model.vocab.Colour` and its two states (ej aktuell, ej påbörjat) stay the core a scale gives words to; the
file vocabulary (`färg: grön`) does not change with the words a report shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache

from styr.frozen import frozen
from styr.model.types import ModelConfig, StateWords
from styr.model.vocab import COLOURS, CORE_COLOURS, Colour

__all__ = ["DEFAULT_SCALE", "ColourWords", "Scale", "distribution_text", "scale_for"]


@frozen
class ColourWords:
    """A fulfilment colour as the reader meets it: a shape, a word and its meaning, never the hue alone.
    Report templates (also a kommun's own, see docs/mallar.md) read these fields by name."""

    colour: Colour
    key: str  # ASCII, for CSS classes and the shapes of the pictures: gron, gul, rod, svart, ej_aktuell …
    word: str  # grön
    label: str  # uppfylls helt
    symbol: str  # ● ▲ ■ ◆: the same in the terminal, on the web, in the pictures and in Markdown
    emoji: str  # kept for a kommun's own templates; styr's Markdown shows `symbol` like every other output


@frozen
class Scale:
    """The words for the four fulfilment colours and the two states, in the order of `COLOURS`."""

    levels: tuple[ColourWords, ...]

    def __post_init__(self) -> None:
        if tuple(w.colour for w in self.levels) != COLOURS:
            raise ValueError("a scale names each colour and state once, in the order of COLOURS")

    def __getitem__(self, colour: Colour) -> ColourWords:
        return self.levels[_INDEX[colour]]

    def word(self, colour: Colour) -> str:
        """'grön'."""
        return self[colour].word

    def label(self, colour: Colour) -> str:
        """'uppfylls helt'."""
        return self[colour].label

    def symbol(self, colour: Colour) -> str:
        """'●'."""
        return self[colour].symbol

    def marker(self, colour: Colour) -> str:
        """'● grön': the shape and the word, as the terminal shows a colour."""
        w = self[colour]
        return f"{w.symbol} {w.word}"


_INDEX = {c: i for i, c in enumerate(COLOURS)}

DEFAULT_SCALE = Scale((
    ColourWords(Colour.GRON, Colour.GRON.ascii, "grön", "uppfylls helt", "●", "🟢"),
    ColourWords(Colour.GUL, Colour.GUL.ascii, "gul", "uppfylls delvis", "▲", "🟡"),
    ColourWords(Colour.ROD, Colour.ROD.ascii, "röd", "uppfylls inte", "■", "🔴"),
    ColourWords(Colour.SVART, Colour.SVART.ascii, "svart", "inte mätt", "◆", "⚫"),
    # Not due: the indicator has no measurement in the period (a yearly indicator in a quarter). "Ej aktuell" is
    # what Swedish follow-up tables write for a measure that does not apply to the period.
    ColourWords(Colour.EJ_AKTUELL, Colour.EJ_AKTUELL.ascii, "ej aktuell", "ingen mätning i perioden", "◌", "➖"),
    ColourWords(Colour.EJ_PABORJAT, Colour.EJ_PABORJAT.ascii, "ej påbörjat", "målet har inte börjat", "◇", "⏳"),
))


def scale_for(config: ModelConfig | None) -> Scale:
    """The kommun's scale: DEFAULT_SCALE with the words, meanings and symbols `skala:` in styrmodell.yaml gives."""
    if config is None or not config.scale:
        return DEFAULT_SCALE
    return _built(config.scale)


@lru_cache(maxsize=8)
def _built(entries: tuple[StateWords, ...]) -> Scale:
    levels = list(DEFAULT_SCALE.levels)
    for entry in entries:
        colour = Colour.get(entry.state)
        if colour is None:
            continue
        i = _INDEX[colour]
        old = levels[i]
        levels[i] = replace(old, word=entry.word or old.word, label=entry.label or old.label,
                            symbol=entry.symbol or old.symbol, emoji=entry.emoji or old.emoji)
    return Scale(tuple(levels))


def distribution_text(counts: Mapping[Colour, int], *, every: bool = False, scale: Scale = DEFAULT_SCALE) -> str:
    """How many goals have each colour: '3 grön, 1 gul' names only the colours that occur ('' when none does);
    `every=True` names the four colours even at 0, '3 grön, 1 gul, 0 röd, 0 svart, 2 ej aktuell', for a text that
    must say everything alone (a picture's text alternative, a report's summary); the two states (ej aktuell,
    ej påbörjat) only where they occur, since '0 ej påbörjat' on every goal says nothing."""
    return ", ".join(f"{counts.get(c, 0)} {scale.word(c)}" for c in COLOURS
                     if counts.get(c) or (every and c in CORE_COLOURS))
