"""A file's text as lines with their own line ends, counted the way the YAML parser counts them.

The one line model of edit/: every editor finds a place from the parser's (line, column) and changes whole
lines or a span of characters here. YAML breaks a line at LF, CRLF, a lone CR, NEL (U+0085) and U+2028/U+2029,
so this model does too: a position from the parser then names the same line here, in a CR-only file as well.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import field

from styr.frozen import frozen
from styr.load.yamlio import Pos

BOM = "\ufeff"
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# When a file has several styles, new lines take the one most lines have; a tie goes to the first here.
_STYLES = ("\n", "\r\n", "\r")


@frozen(slots=False)
class Lines:
    """The text after an optional byte order mark, split into lines (without their ends) and their ends."""

    bom: str
    body: str
    """The text without the byte order mark: what the parser reads and what positions point into."""
    lines: tuple[str, ...]
    ends: tuple[str, ...]
    """Each line's own end; "" for a last line without one."""
    newline: str
    """The file's own style, used for every line styr adds."""
    starts: tuple[int, ...] = field(repr=False)
    """Offset in `body` where each line starts."""

    @classmethod
    def of(cls, text: str) -> Lines:
        bom = BOM if text.startswith(BOM) else ""
        body = text[len(bom):]
        lines: list[str] = []
        ends: list[str] = []
        starts: list[int] = []
        at = 0
        for found in _BREAK.finditer(body):
            starts.append(at)
            lines.append(body[at:found.start()])
            ends.append(found.group())
            at = found.end()
        if at < len(body):
            starts.append(at)
            lines.append(body[at:])
            ends.append("")
        counts = {style: ends.count(style) for style in _STYLES}
        newline = max(_STYLES, key=lambda style: counts[style]) if any(counts.values()) else "\n"
        return cls(bom, body, tuple(lines), tuple(ends), newline, tuple(starts))

    def __len__(self) -> int:
        return len(self.lines)

    def offset(self, pos: Pos) -> int:
        """The offset in `body` of a parser position (1-based line and column)."""
        line, column = pos
        if not 0 < line <= len(self.starts):
            return len(self.body)
        return self.starts[line - 1] + column - 1

    def line_of(self, offset: int) -> int:
        """The 0-based line holding `offset`."""
        return max(bisect.bisect_right(self.starts, offset) - 1, 0)

    def char(self, pos: Pos) -> str:
        """The character at a parser position ("" past the end)."""
        at = self.offset(pos)
        return self.body[at:at + 1]

    def splice(self, start: int, stop: int, new: list[str]) -> str:
        """The body with lines start..stop-1 (0-based) replaced by `new`, each ending in the file's style."""
        ends = list(self.ends)
        if start > 0 and not ends[start - 1]:
            ends[start - 1] = self.newline  # the old last line had no line end
        head = "".join(line + end for line, end in zip(self.lines[:start], ends[:start], strict=True))
        tail = "".join(line + end for line, end in zip(self.lines[stop:], ends[stop:], strict=True))
        return head + "".join(line + self.newline for line in new) + tail

    def replace(self, start: int, stop: int, text: str) -> str:
        """The body with the characters at offsets start..stop-1 replaced by `text` (within a line)."""
        return self.body[:start] + text + self.body[stop:]

    def indent(self, index: int) -> int:
        line = self.lines[index]
        return len(line) - len(line.lstrip(" "))

    def blank(self, index: int) -> bool:
        return 0 <= index < len(self.lines) and not self.lines[index].strip()

    def comment(self, index: int) -> bool:
        return 0 <= index < len(self.lines) and self.lines[index].lstrip().startswith("#")
