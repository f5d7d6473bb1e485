"""Characters no output of styr can carry, and text with them replaced: the one definition every output uses."""

from __future__ import annotations

import re

NOT_SHOWN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef"
                       + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17)) + "]")
"""Control characters (line breaks and tabs aside), which XML 1.0 and HTML do not allow, an xlsx workbook cannot
hold and a terminal obeys; and the Unicode noncharacters. A goal file can only hold them as escapes in a
double-quoted text (`"\\a"`, `"\\x85"`, `"\\uFFFE"`): written as they are, the YAML reader refuses them."""
REPLACEMENT = "\ufffd"


def shown(text: str) -> tuple[str, str | None]:
    """`text` with each character of NOT_SHOWN replaced by U+FFFD, and the first one replaced (None: none was)."""
    if text.isprintable():  # the common case, and no such character is printable
        return text, None
    found = NOT_SHOWN.search(text)
    if found is None:
        return text, None
    return NOT_SHOWN.sub(REPLACEMENT, text), found.group()


def shown_text(text: str) -> str:
    """`text` as every output may carry it (see `shown`)."""
    return shown(text)[0]


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e"}


def escape_name(ch: str) -> str:
    """How a character that cannot be shown is written instead, in a message or on a terminal: `\\e`, `\\n`,
    `\\x07`, `\\ufffe`."""
    code = ord(ch)
    return _NAMED.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
