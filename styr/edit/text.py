"""Texts a user hands styr to store: a multi-line analysis cleaned the way it will read back, and one-line names
refused when YAML (or styr's reader) could not hold them."""

from __future__ import annotations

import re
import unicodedata

from styr.edit.scalars import UNPRINTABLE

# Line breaks YAML knows besides \n: in a stored text they become \n.
_OTHER_BREAKS = re.compile("\r\n?|[\x85\u2028\u2029]")
# What a one-line name may not hold: control characters (C0, DEL, C1, so also NEL), line and paragraph
# separators, surrogates (bytes that were not UTF-8), a byte order mark and the non-characters.
_NOT_IN_NAME = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufdd0-\ufdef]|[\ufffe\uffff]")


class TextProblem(Exception):
    """A text cannot be stored; the message is Swedish."""


def _non_character(ch: str) -> bool:
    return (ord(ch) & 0xFFFE) == 0xFFFE or 0xFDD0 <= ord(ch) <= 0xFDEF


def _not_utf8(raw: str, what: str) -> TextProblem | None:
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError as exc:
        return TextProblem(f"{what} innehåller byte som inte är UTF-8 (tecken {exc.start + 1}); kontrollera "
                           "teckenkodningen i terminalen eller filen.")
    return None


def clean_text(raw: str, what: str) -> str:
    """A text as it will be stored: line breaks as \\n, no trailing spaces on a line, no blank lines first or
    last. One line stays one line; several end with one \\n, as a `|` block reads back. Trailing spaces go
    because editors and pre-commit hooks strip them, which would change the text behind the author's back.
    `what` names the text in the Swedish error."""
    problem = _not_utf8(raw, what)
    if problem is not None:
        raise problem
    # NFC, as styr's loader reads every text: otherwise a composed character would not read back as written.
    text = unicodedata.normalize("NFC", _OTHER_BREAKS.sub("\n", raw))
    bad = UNPRINTABLE.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise TextProblem(f"{what} innehåller styrtecknet U+{ord(bad.group()):04X} på rad {line}, som inte kan "
                          "sparas i YAML; ta bort det (det följer ofta med inklistrad text).")
    lines = [line.rstrip(" \t") for line in text.split("\n")]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    if len(lines) == 1:
        return lines[0].strip(" \t")
    return "".join(line + "\n" for line in lines)


def name(raw: str, what: str) -> str:
    """A one-line name, title or id as it will be stored (NFC, without surrounding spaces). Refuses characters
    that have no place in a name and that YAML or styr's reader would reject or read as a line break, naming
    the code point, instead of writing a file that styr itself then refuses."""
    problem = _not_utf8(raw, what)
    if problem is not None:
        raise problem
    value = unicodedata.normalize("NFC", raw).strip()
    for index, ch in enumerate(value, start=1):
        if _NOT_IN_NAME.match(ch) or _non_character(ch) or UNPRINTABLE.match(ch):
            kind = ("radbrytningen" if ch in "\n\r\x85\u2028\u2029" else
                    "styrtecknet" if unicodedata.category(ch) == "Cc" else "tecknet")
            raise TextProblem(f"{what} innehåller {kind} U+{ord(ch):04X} (tecken {index}), som inte kan stå i ett "
                              "namn; ta bort det (det följer ofta med inklistrad text).")
    return value


def printable(value: str) -> str:
    """`value` safe to print in a message: bytes that were not UTF-8 shown as �, control characters as U+XXXX."""
    return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else f"U+{ord(ch):04X}" if _NOT_IN_NAME.match(ch) else ch
                   for ch in value)
