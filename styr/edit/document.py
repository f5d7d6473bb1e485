"""The one check every edit passes: the new text reads back as the old document plus exactly the intended change.

An editor changes text, not data; this module compares data. It reads the file as styr reads it, applies the
intended change to that data (one key of one mapping set to one value, in place or inserted before a named
key), reads the edited text back, and refuses the edit unless both are equal: same keys in the same order,
same values of the same types (1, 1.0, True and "1" all differ here). Nothing else can have moved.
"""

from __future__ import annotations

from typing import Any

from styr.edit.lines import Lines
from styr.edit.scalars import EditError
from styr.frozen import frozen
from styr.load.yamlio import MAX_BYTES, YMap, parse_yaml

Step = str | int
"""A key of a mapping or an index of a list, on the way from the document to the mapping that changes."""


@frozen
class Change:
    """Set `key` of the mapping at `path` to `value` (plain data); a new key goes before `before`, or last."""

    path: tuple[Step, ...]
    key: str
    value: Any
    before: str | None = None


@frozen
class Edit:
    """An edited file's text (not yet written) and what the edit did."""

    text: str
    line: int
    """1-based line of the changed entry in the new text."""
    previous: Any
    """The value that was replaced (None when the entry is new)."""
    changed: bool

    @property
    def replaced(self) -> bool:
        return self.changed and self.previous is not None


class EntryExists(Exception):
    """The entry (an outcome, an assessment) already has another value and replacing was not asked for."""

    def __init__(self, key: str, existing: Any, line: int) -> None:
        super().__init__(key)
        self.key = key
        self.existing = existing
        self.line = line


def parse(body: str) -> YMap:
    """The document as styr reads it; a file styr cannot read is not edited."""
    parsed = parse_yaml(body.encode("utf-8", "surrogatepass"))
    if parsed.doc is None or parsed.problems:
        first = parsed.problems[0] if parsed.problems else None
        where = f" (rad {first.line}: {first.message})" if first else ""
        raise EditError(f"filen kan inte läsas som YAML{where}; rätta den först.")
    return parsed.doc


def typed(value: Any) -> Any:
    """Plain data that tells types apart and keeps the order of keys, for comparing documents."""
    if isinstance(value, dict):
        return ("map", tuple((k, typed(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("seq", tuple(typed(v) for v in value))
    return (type(value).__name__, value)


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def expected(doc: YMap, change: Change) -> Any:
    """The document as it must read after `change`."""
    out = _copy(doc)
    target = out
    for step in change.path:
        target = target[step]
    if change.key in target or change.before not in target:
        target[change.key] = _copy(change.value)
        return out
    items = list(target.items())
    target.clear()
    for k, v in items:
        if k == change.before:
            target[change.key] = _copy(change.value)
        target[k] = v
    return out


def checked(lines: Lines, new_body: str, doc: YMap, change: Change, noun: str, *, line: int,
            previous: Any = None) -> Edit:
    """The edit, after proving that `new_body` reads back as `doc` with exactly `change`. `noun` names what
    was written (utfallet, bedömningen) in the Swedish refusal."""
    data = new_body.encode("utf-8", "surrogatepass")
    if len(data) > MAX_BYTES:
        raise EditError(f"filen skulle bli större än {MAX_BYTES // 1024} KiB (regel Y06); korta texten.")
    parsed = parse_yaml(data)
    if parsed.doc is None or parsed.problems or typed(parsed.doc) != typed(expected(doc, change)):
        raise EditError(f"ändringen kunde inte göras säkert i filens format; skriv in {noun} för hand.")
    return Edit(lines.bom + new_body, line, previous, changed=True)


def unchanged(lines: Lines, line: int, previous: Any) -> Edit:
    """The file as it is: the entry already holds the value."""
    return Edit(lines.bom + lines.body, line, previous, changed=False)
