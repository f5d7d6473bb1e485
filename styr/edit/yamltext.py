"""Where things stand in a YAML file's text: the end of a flow collection, a scalar, a block entry.

The parser tells where a key or value starts; these helpers find where it ends, reading the text the way
YAML does (quotes, comments, nesting), so an editor can replace or insert exactly there.
"""

from __future__ import annotations

from styr.edit.lines import Lines
from styr.edit.scalars import EditError
from styr.load.yamlio import YMap

_SPACE = " \t\r\n\x85\u2028\u2029"


def quoted_end(body: str, start: int) -> int:
    """Offset just after the quoted scalar starting at `start`."""
    quote, i = body[start], start + 1
    while i < len(body):
        if quote == "'" and body[i] == "'":
            if body[i + 1:i + 2] == "'":
                i += 2
                continue
            return i + 1
        if quote == '"' and body[i] == "\\":
            i += 2
            continue
        if quote == '"' and body[i] == '"':
            return i + 1
        i += 1
    raise EditError("ett citattecken är inte avslutat.")


def closing(body: str, start: int) -> tuple[int, int]:
    """For the flow collection opening at `start`: the offset of its closing bracket and of the last
    significant character before it (skipping spaces, line breaks and comments)."""
    depth, i, last = 0, start, start
    while i < len(body):
        ch = body[i]
        if ch in "'\"":
            i = quoted_end(body, i)
            last = i - 1
            continue
        if ch == "#" and (i == 0 or body[i - 1] in _SPACE):
            while i < len(body) and body[i] not in "\r\n\x85\u2028\u2029":
                i += 1
            continue
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                return i, last
        if ch not in _SPACE:
            last = i
        i += 1
    raise EditError("en mappning inom { } är inte avslutad.")


def scalar_end(body: str, start: int, flow: bool) -> int:
    """Offset just after the one-line scalar starting at `start` (inside { } when `flow`)."""
    if body[start:start + 1] in ("'", '"'):
        return quoted_end(body, start)
    if body[start:start + 1] in ("{", "[", "|", ">", "&", "*", "!"):
        raise EditError("det befintliga värdet är inte ett enkelt värde; ändra det för hand.")
    i = start
    while i < len(body) and body[i] not in "\r\n\x85\u2028\u2029":
        if body[i] == "#" and i > start and body[i - 1] in " \t":
            break
        if flow and body[i] in ",}]":
            break
        i += 1
    while i > start and body[i - 1] in " \t":
        i -= 1
    return i


def entry_end(t: Lines, key_line: int, indent: int, *, value_at: int | None = None,
              deeper_comments: bool = True) -> int:
    """0-based last line of the block entry whose key is on `key_line` (0-based) at `indent`.

    The entry ends where the next key at its indent or lower begins, and not before the end of a flow
    collection that opens its value at offset `value_at`. Blank lines and comments at its indent or lower just
    before that key belong to what follows. Deeper comments belong to the entry when `deeper_comments`; else
    the entry ends at its last line of content (a new sibling then goes above a trailing comment)."""
    last = key_line
    if value_at is not None and t.body[value_at:value_at + 1] in ("{", "["):
        last = max(last, t.line_of(closing(t.body, value_at)[0]))
    stop = last + 1
    while stop < len(t):
        if t.lines[stop].strip() and not t.comment(stop) and t.indent(stop) <= indent:
            break
        stop += 1
    end = stop - 1
    while end > last and (t.blank(end) or (t.comment(end) and (not deeper_comments or t.indent(end) <= indent))):
        end -= 1
    return end


def flow_insert(t: Lines, open_at: int, mapping: YMap, later: str | None, entry: str) -> tuple[str, int]:
    """The body with `entry` inserted into the flow mapping opening at `open_at`: before the key `later`, or
    at the end. Also the 1-based line of the entry."""
    if later is not None:
        at = t.offset(mapping.where_key(later))
        return t.replace(at, at, entry + ", "), t.line_of(at) + 1
    close, last = closing(t.body, open_at)
    if t.body[last] == ",":
        piece = " " + entry
    elif t.body[last] == "{":
        piece = entry if close == last + 1 else " " + entry
    else:
        piece = ", " + entry
    return t.replace(last + 1, last + 1, piece), t.line_of(last) + 1


def key_quote(t: Lines, mapping: YMap) -> str:
    """The quote character the mapping's first key is written with ("" when plain)."""
    if not mapping:
        return ""
    first = t.char(mapping.where_key(next(iter(mapping))))
    return first if first in ("'", '"') else ""


def is_flow(t: Lines, mapping: YMap, key: str) -> bool:
    """The value of `key` is written in flow style ({ … } or [ … ])."""
    return t.char(mapping.where(key)) in ("{", "[")
