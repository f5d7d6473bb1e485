"""The one scalar writer: a value as YAML text, in the plainest form that provably reads back as that value.

Every form is chosen by rule and then proven: the candidate is parsed the way styr parses a file, and it is
used only when it reads back as exactly the value meant, with its type (a text stays text, 42 stays 42).
What no form can carry raises EditError; nothing unproven is ever written.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache
from typing import Any

from styr.load.yamlio import parse_yaml


class EditError(Exception):
    """The file cannot be edited safely; the message is Swedish."""


# The characters a YAML reader refuses in a file (PyYAML's and libyaml's printable set, line breaks aside).
UNPRINTABLE = re.compile("[^\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Characters that are line breaks to YAML (NEL, LS, PS) or a byte order mark: never plain, always escaped.
_BREAKS = re.compile("[\r\x85\u2028\u2029\ufeff]")
# A plain scalar may not start with an indicator character; these are quoted instead.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
# Inside { } or [ ] these end a plain scalar.
_FLOW = re.compile(r"[,\[\]{}]")
# Words some YAML reader takes for something other than text (YAML 1.1 booleans, null, Swedish ja/nej that
# a samordnare reads as a yes/no); styr's loader keeps most as text, but the file is read by other tools too.
_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~", "ja", "nej", "=", "<<"})
# Numbers, dates and times in YAML 1.1's wide sense (1_000, 1:20, 0x1f, .inf, 2026-06-30 …).
_NUMBERISH = re.compile(
    r"[-+]?(\.?[0-9][0-9_,:.]*([eE][-+]?[0-9]+)?|\.(inf|nan))\Z|0[xob][0-9a-f_]+\Z"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([tT ].*)?\Z",
    re.IGNORECASE,
)
_ESCAPES = {'"': '\\"', "\\": "\\\\", "\t": "\\t", "\n": "\\n"}


@lru_cache(maxsize=4096, typed=True)  # an import proves the same few numbers again and again
def reads_back(fragment: str, value: Any, *, flow: bool = False) -> bool:
    """`fragment`, written as a value (inside a flow mapping when `flow`), reads back as `value` exactly."""
    line = f"k: {{v: {fragment}}}\n" if flow else f"k: {fragment}\n"
    return _same(_read(line), value, flow)


def _read(text: str) -> Any:
    parsed = parse_yaml(text.encode("utf-8"))
    return parsed.doc if parsed.doc is not None and not parsed.problems else None


def _same(doc: Any, value: Any, flow: bool) -> bool:
    if doc is None:
        return False
    got = doc.get("k")
    if flow:
        if not isinstance(got, dict):
            return False
        got = got.get("v")
    return type(got) is type(value) and got == value


def quoted(value: str) -> str:
    """`value` in double quotes, with every character YAML cannot hold as it is escaped."""
    out = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif UNPRINTABLE.match(ch) or _BREAKS.match(ch):
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _plain_ok(value: str, flow: bool) -> bool:
    return (bool(value) and value == value.strip() and value[0] not in _INDICATORS and "\t" not in value
            and "\n" not in value and ": " not in value and " #" not in value and not value.endswith(":")
            and value.casefold() not in _WORDS and not _NUMBERISH.match(value)
            and not UNPRINTABLE.search(value) and not _BREAKS.search(value)
            and not (flow and _FLOW.search(value)))


def text(value: str, *, flow: bool = False) -> str:
    """A text on one line: plain when that is safe, else double-quoted. `flow`: it stands inside { }."""
    if _plain_ok(value, flow) and reads_back(value, value, flow=flow):
        return value
    written = quoted(value)
    if not reads_back(written, value, flow=flow):
        raise EditError("texten kan inte skrivas så att den läses tillbaka oförändrad.")
    return written


def text_lines(key: str, value: str, indent: int) -> list[str]:
    """`key: value` at `indent`: a `|` block (content two spaces deeper) for a text of several lines, else one
    line as `text` writes it. The block is proven to read back like every other form."""
    pad = " " * indent
    if "\n" in value and value.endswith("\n"):
        body = value[:-1].split("\n")
        # An explicit indentation indicator when the first line is indented itself: YAML would otherwise
        # take its spaces as the block's indentation.
        head = "|2" if body[0].startswith(" ") else "|"
        lines = [f"{pad}{key}: {head}"] + [f"{pad}  {line}" if line else "" for line in body]
        if _block_reads_back(lines, key, value):
            return lines
    return [f"{pad}{key}: {text(value)}"]


def _block_reads_back(lines: list[str], key: str, value: str) -> bool:
    doc = _read("\n".join(lines) + "\n")
    got = doc.get(key) if doc is not None else None
    return type(got) is str and got == value


def number(value: Decimal) -> tuple[str, int | float]:
    """A number in its canonical form and the value styr reads from it: no leading zeros (YAML 1.1 tools read
    00042 as octal), no exponent, no trailing decimal zeros, no sign on zero (42, -2, 87.5, 0.05)."""
    if not value.is_finite():
        raise EditError("talet kan inte skrivas i en målfil.")
    written = "0" if value.is_zero() else format(value.normalize(), "f")
    meant: int | float = float(written) if "." in written else int(written)
    if not reads_back(written, meant) or not reads_back(written, meant, flow=True):
        raise EditError(f"talet {written} kan inte skrivas så att det läses tillbaka oförändrat.")
    return written, meant


def yes_no(flag: bool) -> str:
    """ja or nej, the words a samordnare writes for an indicator measured as achieved or not; styr reads them
    as yes and no, and every YAML reader as text."""
    word = "ja" if flag else "nej"
    assert reads_back(word, word, flow=True)
    return word


def key(value: str, quote: str = "") -> str:
    """A mapping key such as a period (2026-H1), in the quotes the mapping's other keys use ('' or "")."""
    written = f"{quote}{value}{quote}" if quote in ("'", '"') else value
    doc = _read(f"{written}: 1\n")
    if doc is None or list(doc) != [value]:
        raise EditError(f"nyckeln '{value}' kan inte skrivas säkert.")
    return written
