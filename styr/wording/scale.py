"""The fulfilment scale in words and shapes: each colour's word, meaning, symbol and emoji, and distributions.

Every output (terminal, JSON reasons, CI, the site, Markdown) takes its colour words and symbols from a
`Scale`. Today there is one, `DEFAULT_SCALE`, with the words of docs/fargmodell.md. Issue 12 lets a kommun
name its own levels in styrmodell.yaml (uppfyllt / delvis uppfyllt / ej uppfyllt, another symbol set): that
builds another `Scale` from the configuration and passes it where `DEFAULT_SCALE` is the default now. The
four colours of `styr.model.vocab.Colour` stay the core a scale gives words to; the file vocabulary
(`färg: grön`) does not change with the words a report shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from styr.model.vocab import COLOURS, Colour

__all__ = ["DEFAULT_SCALE", "ColourWords", "Scale", "distribution_text"]


@dataclass(frozen=True, slots=True)
class ColourWords:
    """A fulfilment colour as the reader meets it: a shape, a word and its meaning, never the hue alone.
    Report templates (also a kommun's own, see docs/mallar.md) read these fields by name."""

    colour: Colour
    key: str  # ASCII, for CSS classes and the shapes of the pictures: gron, gul, rod, svart
    word: str  # grön
    label: str  # uppfylls helt
    symbol: str  # ● ▲ ■ ◆: the same in the terminal, on the web, in the pictures and in Markdown
    emoji: str  # kept for a kommun's own templates; styr's Markdown shows `symbol` like every other output


@dataclass(frozen=True, slots=True)
class Scale:
    """The words for the four fulfilment colours, in the order of `COLOURS`."""

    levels: tuple[ColourWords, ...]

    def __post_init__(self) -> None:
        if tuple(w.colour for w in self.levels) != COLOURS:
            raise ValueError("a scale names each colour once, in the order grön, gul, röd, svart")

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
))


def distribution_text(counts: Mapping[Colour, int], *, every: bool = False, scale: Scale = DEFAULT_SCALE) -> str:
    """How many goals have each colour: '3 grön, 1 gul' names only the colours that occur ('' when none does);
    `every=True` names all four, '3 grön, 1 gul, 0 röd, 0 svart', for a text that must say everything alone
    (a picture's text alternative, a report's summary)."""
    return ", ".join(f"{counts.get(c, 0)} {scale.word(c)}" for c in COLOURS if every or counts.get(c))
