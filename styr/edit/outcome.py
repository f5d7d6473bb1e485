"""Record one outcome in a goal file by editing its text, so every other byte (comments, order, quoting) stays."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from styr.load.yamlio import Pos, YList, YMap, parse_yaml
from styr.model.build import number, truth
from styr.model.periods import PeriodError, parse_period


class EditError(Exception):
    """The file cannot be edited safely; the message is Swedish."""


class OutcomeExists(Exception):
    """The period already has a different outcome and replacing was not asked for."""

    def __init__(self, existing: object, line: int) -> None:
        super().__init__(existing)
        self.existing = existing
        self.line = line


@dataclass(frozen=True, slots=True)
class Edit:
    text: str
    line: int
    """1-based line of the outcome in the new text."""
    previous: object | None
    """The outcome that was replaced (None when the period was new)."""
    changed: bool


def scalar_value(value_text: str) -> Any:
    """How styr reads `value_text` as a YAML value."""
    parsed = parse_yaml(f"v: {value_text}\n".encode())
    if parsed.doc is None or parsed.problems:
        raise EditError(f"'{value_text}' kan inte skrivas som ett värde.")
    return parsed.doc["v"]


def same_outcome(a: object, b: object) -> bool:
    na, nb = number(a), number(b)
    if na is not None or nb is not None:
        return na == nb
    ta, tb = truth(a), truth(b)
    return ta is not None and ta == tb


class _Text:
    """The file's text with line starts, so (line, column) positions become offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                self.starts.append(i + 1)
        self.newline = "\r\n" if "\r\n" in text else "\n"

    def offset(self, pos: Pos) -> int:
        return self.starts[pos[0] - 1] + pos[1] - 1

    def line(self, index: int) -> str:
        """Line `index` (0-based) without its line ending."""
        end = self.starts[index + 1] if index + 1 < len(self.starts) else len(self.text)
        return self.text[self.starts[index]:end].rstrip("\r\n")

    @property
    def count(self) -> int:
        return len(self.starts) if not self.text.endswith("\n") else len(self.starts) - 1

    def line_of(self, offset: int) -> int:
        """0-based line holding `offset`."""
        lo, hi = 0, len(self.starts) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if self.starts[mid] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return lo

    def insert_lines(self, before: int, lines: list[str]) -> str:
        """The text with `lines` inserted before 0-based line `before` (or at the end)."""
        block = "".join(line + self.newline for line in lines)
        if before >= self.count:
            head = self.text if not self.text or self.text.endswith("\n") else self.text + self.newline
            return head + block
        at = self.starts[before]
        return self.text[:at] + block + self.text[at:]


def _closing(text: str, start: int) -> tuple[int, int]:
    """For the flow collection opening at `start`: the offset of its closing bracket and of the last
    significant character before it (skipping spaces, line breaks and comments)."""
    depth, i, last = 0, start, start
    while i < len(text):
        ch = text[i]
        if ch in "'\"":
            i = _quoted_end(text, i)
            last = i - 1
            continue
        if ch == "#" and (i == 0 or text[i - 1] in " \t\r\n"):
            while i < len(text) and text[i] not in "\r\n":
                i += 1
            continue
        if ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
            if depth == 0:
                return i, last
        if ch not in " \t\r\n":
            last = i
        i += 1
    raise EditError("en mappning inom { } är inte avslutad.")


def _quoted_end(text: str, start: int) -> int:
    """Offset just after the quoted scalar starting at `start`."""
    quote, i = text[start], start + 1
    while i < len(text):
        if quote == "'" and text[i] == "'":
            if text[i + 1:i + 2] == "'":
                i += 2
                continue
            return i + 1
        if quote == '"' and text[i] == "\\":
            i += 2
            continue
        if quote == '"' and text[i] == '"':
            return i + 1
        i += 1
    raise EditError("ett citattecken är inte avslutat.")


def _scalar_end(text: str, start: int, flow: bool) -> int:
    if text[start:start + 1] in ("'", '"'):
        return _quoted_end(text, start)
    if text[start:start + 1] in ("{", "[", "|", ">", "&", "*", "!"):
        raise EditError("det befintliga utfallet är inte ett enkelt värde; ändra det för hand.")
    i = start
    while i < len(text) and text[i] not in "\r\n":
        if text[i] == "#" and i > start and text[i - 1] in " \t":
            break
        if flow and text[i] in ",}]":
            break
        i += 1
    while i > start and text[i - 1] in " \t":
        i -= 1
    return i


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _entry_end(t: _Text, mapping: YMap, key: str) -> int:
    """0-based last line of the entry `key` in a block mapping: its value may continue on deeper lines."""
    key_line = mapping.where_key(key)[0] - 1
    indent = mapping.where_key(key)[1] - 1
    last = key_line
    vpos = mapping.val_pos.get(key)
    if vpos is not None:
        at = t.offset(vpos)
        if t.text[at:at + 1] in ("{", "["):
            last = max(last, t.line_of(_closing(t.text, at)[0]))
    j = last + 1
    while j < t.count:
        line = t.line(j)
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            j += 1
            continue
        if _indent(line) <= indent:
            break
        last = j
        j += 1
    return last


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _period_of(key: str) -> Any:
    try:
        return parse_period(key)
    except PeriodError:
        return None


def set_outcome(text: str, indicator_id: str, period: str, value_text: str, *, replace: bool = False) -> Edit:
    """Set `utfall[period]` of one indicator to `value_text` (a YAML scalar), touching only that entry."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    parsed = parse_yaml(body.encode("utf-8"))
    if parsed.doc is None or parsed.problems:
        first = parsed.problems[0] if parsed.problems else None
        where = f" (rad {first.line}: {first.message})" if first else ""
        raise EditError(f"filen kan inte läsas som YAML{where}; rätta den först.")
    doc = parsed.doc
    inds = doc.get("indikatorer")
    index = next((i for i, m in enumerate(inds) if isinstance(m, YMap) and str(m.get("id")) == indicator_id),
                 None) if isinstance(inds, YList) else None
    if index is None or not isinstance(inds, YList):
        raise EditError(f"indikatorn '{indicator_id}' finns inte i filen.")
    ind: YMap = inds[index]
    new_value = scalar_value(value_text)
    t = _Text(body)
    target = parse_period(period)
    outcomes = ind.get("utfall")
    expected = _plain(doc)
    exp_ind = expected["indikatorer"][index]

    if "utfall" in ind and isinstance(outcomes, YMap):
        flow = t.text[t.offset(ind.where("utfall")):][:1] == "{"
        match = next((k for k in outcomes if (p := _period_of(k)) is not None and p == target), None)
        if match is not None:
            old = outcomes[match]
            line = outcomes.where(match)[0]
            if same_outcome(old, new_value):
                return Edit(text, line, old, changed=False)
            if not replace:
                raise OutcomeExists(old, line)
            start = t.offset(outcomes.where(match))
            end = _scalar_end(t.text, start, flow)
            new_body = t.text[:start] + value_text + t.text[end:]
            exp_ind["utfall"][match] = new_value
            return _checked(bom, new_body, expected, line, old)
        key = _key_text(t, outcomes, period)
        later = next((k for k in outcomes if (p := _period_of(k)) is not None and p > target), None)
        exp_ind["utfall"][key.strip("'\"")] = new_value
        if flow:
            new_body, line = _flow_insert(t, t.offset(ind.where("utfall")), outcomes, later, f"{key}: {value_text}")
            return _checked(bom, new_body, expected, line, None)
        indent = outcomes.where_key(next(iter(outcomes)))[1] - 1
        if later is not None:
            before = outcomes.where_key(later)[0] - 1
            while (before - 1 > ind.where_key("utfall")[0] - 1 and t.line(before - 1).strip().startswith("#")
                   and _indent(t.line(before - 1)) == indent):
                before -= 1
        else:
            before = _entry_end(t, outcomes, list(outcomes)[-1]) + 1
        new_body = t.insert_lines(before, [" " * indent + f"{key}: {value_text}"])
        return _checked(bom, new_body, expected, before + 1, None)

    if "utfall" in ind:
        key_line = ind.where_key("utfall")[0] - 1
        after_colon = t.line(key_line)[ind.where_key("utfall")[1] - 1 + len("utfall:"):].strip()
        if outcomes is not None or (after_colon and not after_colon.startswith("#")):
            raise EditError(f"utfall i indikatorn '{indicator_id}' är inte en mappning; rätta det för hand.")
        exp_ind["utfall"] = {period: new_value}
        indent = ind.where_key("utfall")[1] - 1 + 2
        new_body = t.insert_lines(key_line + 1, [" " * indent + f"{period}: {value_text}"])
        return _checked(bom, new_body, expected, key_line + 2, None)

    exp_ind["utfall"] = {period: new_value}
    if t.text[t.offset(ind.pos):][:1] == "{":
        new_body, line = _flow_insert(t, t.offset(ind.pos), ind, None, f"utfall: {{{period}: {value_text}}}")
        return _checked(bom, new_body, expected, line, None)
    anchor = "målvärde" if "målvärde" in ind else list(ind)[-1]
    indent = ind.where_key(anchor)[1] - 1
    after = _entry_end(t, ind, anchor) + 1
    targets_flow = "målvärde" in ind and t.text[t.offset(ind.where("målvärde")):][:1] == "{"
    if targets_flow:
        lines = [" " * indent + f"utfall: {{{period}: {value_text}}}"]
    else:
        lines = [" " * indent + "utfall:", " " * (indent + 2) + f"{period}: {value_text}"]
    new_body = t.insert_lines(after, lines)
    return _checked(bom, new_body, expected, after + len(lines), None)


def _key_text(t: _Text, outcomes: YMap, period: str) -> str:
    """The period as a key, quoted like the mapping's other keys."""
    first = t.text[t.offset(outcomes.where_key(next(iter(outcomes))))] if outcomes else ""
    return f"{first}{period}{first}" if first in ("'", '"') else period


def _flow_insert(t: _Text, open_at: int, mapping: YMap, later: str | None, entry: str) -> tuple[str, int]:
    """Insert `entry` into the flow mapping opening at `open_at`: before the key `later`, or at the end."""
    if later is not None:
        at = t.offset(mapping.where_key(later))
        return t.text[:at] + entry + ", " + t.text[at:], t.line_of(at) + 1
    close, last = _closing(t.text, open_at)
    if t.text[last] == ",":
        piece = " " + entry
    elif t.text[last] == "{":
        piece = entry if close == last + 1 else " " + entry
    else:
        piece = ", " + entry
    return t.text[:last + 1] + piece + t.text[last + 1:], t.line_of(last) + 1


def _checked(bom: str, new_body: str, expected: Any, line: int, previous: object | None) -> Edit:
    """Refuse the edit unless the new text reads back as the old document plus exactly the one value."""
    parsed = parse_yaml(new_body.encode("utf-8"))
    if parsed.doc is None or parsed.problems or _plain(parsed.doc) != expected:
        raise EditError("ändringen kunde inte göras säkert i filens format; skriv in utfallet för hand.")
    return Edit(bom + new_body, line, previous, changed=True)
