"""What reaches a terminal: control characters from the repository made visible, and symbols that the output's
encoding cannot show replaced by plain ones instead of ending the command."""

from __future__ import annotations

import codecs
import io
import unicodedata
from typing import Any

from styr.characters import escape_name

# Bidirectional overrides and isolates reorder what a reader sees (a file name can look like another one).
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _hidden(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cs") or ch in _BIDI or ch in ("\u2028", "\u2029")


def visible(text: str, keep: str = "") -> str:
    """`text` with every control character (ESC, newline, DEL, C1 …), bidirectional override and unpaired
    surrogate written as an escape (`\\e`, `\\n`, `\\x7f`, `\\u202e`): a file name or a value from the
    repository can then neither move the cursor, change colours nor hide text in a terminal or a CI log.
    Characters in `keep` (line breaks, where the output escapes them its own way) are left as they are."""
    if text.isprintable():  # no control, format or line-separator character at all: the common case
        return text
    out = []
    for ch in text:
        if ch in keep:
            out.append(ch)
        elif _hidden(ch):
            out.append(escape_name(ch))
        else:
            out.append(ch)
    return "".join(out)


# Plain stand-ins for the symbols styr prints, for an output that cannot show them (a Windows console in
# cp1252, a CI log in ASCII). Letters with accents fall back to their base letter, anything else to '?'.
_PLAIN = {
    "→": "->", "←": "<-", "↑": "^", "↓": "v", "−": "-", "–": "-", "—": "-", "…": "...", "∞": "oo",
    "●": "*", "○": "o", "◐": "o", "◑": "o", "◆": "*", "◇": "o", "◌": "o", "▲": "^", "▼": "v", "■": "#", "□": "[ ]",
    "▶": ">", "•": "*", "·": ".", "✓": "ok", "✔": "ok", "✗": "x", "✘": "x", "❌": "X", "✅": "OK",
    "≤": "<=", "≥": ">=", "≠": "!=", "×": "x", "’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"',
    "│": "|", "┃": "|", "─": "-", "━": "-", "├": "|", "└": "`", "┌": "+", "┐": "+", "┘": "+", "┬": "+",
    "┴": "+", "┼": "+", "┤": "|", "╭": "+", "╮": "+", "╯": "+", "╰": "+", "═": "=", "║": "|",
    "\u00a0": " ", "\u202f": " ",
}
ERRORS = "styr-ersatt"


def _plain(ch: str) -> str:
    found = _PLAIN.get(ch)
    if found is not None:
        return found
    base = unicodedata.normalize("NFKD", ch)[:1]
    return base if base.isascii() and base.isprintable() else "?"


def _degrade(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    return "".join(_plain(c) for c in exc.object[exc.start:exc.end]), exc.end


codecs.register_error(ERRORS, _degrade)


def degrade_unencodable(*streams: Any) -> None:
    """Make text streams replace what their encoding cannot show rather than raise UnicodeEncodeError."""
    for stream in streams:
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            stream.reconfigure(errors=ERRORS)
