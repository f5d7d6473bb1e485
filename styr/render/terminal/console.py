"""The console styr's terminal output is rendered with: what the repository wrote is shown, never obeyed."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from rich.console import Console, ConsoleOptions, RenderableType
from rich.segment import Segment

from styr.wording.terminal import visible


class _Shown(Console):
    """A console that writes every control character in the text it renders as an escape (`\\e`, `\\x07`, …;
    see styr.wording.terminal.visible), whatever renderable the text came in. Each value from the repository is
    made visible where it is put in a line (there, before the line is wrapped, so the escape's width counts); this
    is the net under them: a value that a renderer forgot reaches a terminal or a CI log as text, not as a command
    that clears the screen or retitles the window. The styles are rich's own codes, added after rendering."""

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            text = segment.text
            if segment.control is None and not text.isprintable() and text != "\n":
                yield Segment(visible(text, keep="\n"), segment.style, segment.control)
            else:
                yield segment


def text_console(out: TextIO, color: bool, width: int) -> Console:
    """A console writing to `out` (a buffer: the command decides where the text goes), `width` columns wide,
    with ANSI styles only when `color`; no markup, emoji or highlighting is read into the repository's text."""
    return _Shown(file=out, force_terminal=color, no_color=not color, color_system="standard" if color else None,
                  width=width, highlight=False, emoji=False, markup=False, legacy_windows=False)
