"""Text a user wrote, made inert for Markdown: the one escaping function for table cells and inline text.

Every Markdown output (report pages, the årshjul, `styr log`/`styr diff --format md`, the GitHub job summary)
puts user text through `markdown_text`. Whatever renderer shows the result (GitLab, GitHub, a wiki with raw
HTML on), the text stays text: no tag, no link, no emphasis, no new table cell, row or block.
"""

from __future__ import annotations

import html
import re
from typing import Final

__all__ = ["markdown_text"]

# Characters that start Markdown of their own anywhere in a line. `{}` guard GitLab's inline diff markup
# ({+ +}), `#` its references. `<`, `>` and `&` are not among them: they become entities (below).
_SPECIAL: Final = re.compile(r"([\\`*_\[\]|~!{}#])")
_ORDERED: Final = re.compile(r"[0-9]+(?=[.)])")
# An `@` that starts a word is a mention on GitLab and GitHub: a CI job that posts `styr diff --format md` in a
# merge request would notify whoever a title or a role names ("@all": everyone in the project). GitHub honours no
# backslash before it; a zero-width space after it (as an entity, which every renderer decodes) breaks the mention
# on both and looks the same. An `@` inside a word (an e-mail address) is no mention and is left as it is.
_MENTION: Final = re.compile(r"(?<!\w)@")


def markdown_text(text: str, *, line_breaks: bool = False) -> str:
    """Plain text for a Markdown line or table cell.

    `<`, `>` and `&` become HTML entities, which read as the characters in Markdown and stay inert inside
    an HTML block too (where a backslash would not escape anything); punctuation that could start
    Markdown is backslash-escaped; a line that would start a list, a heading or a quote is defused; an `@`
    that would mention someone is broken by a zero-width space. Line breaks become spaces, so the text cannot
    end a table row or start a block; with `line_breaks` they become `<br>` instead (a table cell of several
    lines).
    """
    lines = text.splitlines() if line_breaks else [text]
    return "<br>".join(_line(" ".join(line.split())) for line in lines)


def _line(flat: str) -> str:
    escaped = _MENTION.sub("@&#8203;", _SPECIAL.sub(r"\\\1", html.escape(flat, quote=False)))
    number = _ORDERED.match(escaped)
    if number:  # '1. ' or '1) ' would start a numbered list
        return escaped[: number.end()] + "\\" + escaped[number.end():]
    if escaped[:1] in ("+", "=", "-"):  # a bullet or a setext underline ('#' is escaped everywhere)
        return "\\" + escaped
    return escaped
