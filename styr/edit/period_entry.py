"""Write one period's entry (a goal's `bedömning`, an activity's `uppföljning`) by editing the file's text, so
every other byte stays as it was."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any

from styr.edit.outcome import EditError
from styr.load.yamlio import MAX_BYTES, YMap, parse_yaml
from styr.model.periods import Period, PeriodError, parse_period

__all__ = [
    "ASSESSMENTS",
    "FOLLOW_UPS",
    "AssessmentEdit",
    "AssessmentExists",
    "EditError",
    "NewAssessment",
    "PeriodMap",
    "TextProblem",
    "clean_text",
    "report_order",
    "scalar_lines",
    "set_assessment",
    "set_period_entry",
]

# The characters a YAML reader refuses in a file (PyYAML's and libyaml's printable set, line breaks aside).
_UNPRINTABLE = re.compile("[^\t\n\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# Line breaks YAML knows besides \n: they are turned into \n in a text, and refused in a file we edit,
# because the parser counts them as lines while our line table would not.
_OTHER_BREAKS = re.compile("\r\n?|[\x85\u2028\u2029]")
_FOREIGN_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")

# A plain scalar may not start with an indicator character; these are quoted instead.
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
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


@dataclass(frozen=True, slots=True)
class PeriodMap:
    """A top-level mapping of period → entry, and how a message names one entry."""

    key: str  # bedömning
    noun: str  # bedömningen
    one: str  # en bedömning


ASSESSMENTS = PeriodMap("bedömning", "bedömningen", "en bedömning")
FOLLOW_UPS = PeriodMap("uppföljning", "uppföljningen", "en uppföljning")


class TextProblem(Exception):
    """A text (analys, motivering) cannot be stored; the message is Swedish."""


class AssessmentExists(Exception):
    """The period already has a different assessment and replacing was not asked for."""

    def __init__(self, key: str, line: int) -> None:
        super().__init__(key)
        self.key = key
        self.line = line


@dataclass(frozen=True, slots=True)
class NewAssessment:
    """The values to write; texts already cleaned by `clean_text`, colours as Swedish words."""

    colour: str
    analysis: str = ""
    forecast: str | None = None
    motivation: str = ""

    def mapping(self) -> dict[str, str]:
        """The entry as it will read back, in the order of docs/format.md; empty values are left out."""
        out = {"färg": self.colour}
        if self.analysis:
            out["analys"] = self.analysis
        if self.forecast:
            out["prognos"] = self.forecast
        if self.motivation:
            out["motivering"] = self.motivation
        return out


@dataclass(frozen=True, slots=True)
class AssessmentEdit:
    text: str
    line: int
    """1-based line of the period key in the new text."""
    replaced: bool
    changed: bool


def clean_text(raw: str, what: str) -> str:
    """A text as it will be stored: line breaks as \\n, no trailing spaces on a line, no blank lines first or
    last. One line stays one line; several end with one \\n, as a `|` block reads back. Trailing spaces go
    because editors and pre-commit hooks strip them, which would change the text behind the author's back.
    `what` names the text in the Swedish error."""
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise TextProblem(f"{what} innehåller tecken som inte är giltig text (position {exc.start + 1}).") from None
    # NFC, as styr's loader reads every text: otherwise a composed character would not read back as written.
    text = unicodedata.normalize("NFC", _OTHER_BREAKS.sub("\n", raw))
    bad = _UNPRINTABLE.search(text)
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


def _quoted(value: str) -> str:
    out = []
    for ch in value:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif _UNPRINTABLE.match(ch) or ch in "\x85\u2028\u2029\ufeff":
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _plain_ok(value: str) -> bool:
    return (bool(value) and value == value.strip() and value[0] not in _INDICATORS and "\t" not in value
            and ": " not in value and " #" not in value and not value.endswith(":")
            and value.casefold() not in _WORDS and not _NUMBERISH.match(value)
            and not _UNPRINTABLE.search(value) and not re.search("[\x85\u2028\u2029\ufeff]", value))


def _reads_back(lines: list[str], key: str, value: str) -> bool:
    parsed = parse_yaml(("\n".join(lines) + "\n").encode("utf-8"))
    return parsed.doc is not None and not parsed.problems and parsed.doc.get(key) == value \
        and type(parsed.doc.get(key)) is str


def scalar_lines(key: str, value: str, indent: int) -> list[str]:
    """`key: value` at `indent`: a `|` block (content two spaces deeper) for several lines, a plain scalar
    when that is safe, otherwise double quotes with escapes. Each form is read back before it is used."""
    pad = " " * indent
    if "\n" in value:
        body = value[:-1].split("\n") if value.endswith("\n") else []
        # An explicit indentation indicator when the first line is indented itself: YAML would otherwise
        # take its spaces as the block's indentation.
        head = "|2" if body and body[0].startswith(" ") else "|"
        lines = [f"{pad}{key}: {head}"] + [f"{pad}  {line}" if line else "" for line in body]
        if body and _reads_back(lines, key, value):
            return lines
        return [f"{pad}{key}: {_quoted(value)}"]
    if _plain_ok(value) and _reads_back([f"{pad}{key}: {value}"], key, value):
        return [f"{pad}{key}: {value}"]
    return [f"{pad}{key}: {_quoted(value)}"]


class _Lines:
    """The file as lines (without endings) and their endings, so lines can be inserted and replaced."""

    def __init__(self, body: str) -> None:
        self.text = body
        parts = body.split("\n")
        self.lines = [p[:-1] if p.endswith("\r") else p for p in parts[:-1]]
        self.ends = ["\r\n" if p.endswith("\r") else "\n" for p in parts[:-1]]
        if parts[-1]:
            self.lines.append(parts[-1])
            self.ends.append("")
        crlf = body.count("\r\n")
        # The file's own style; in a file of mixed endings, the one most lines have.
        self.newline = "\r\n" if crlf * 2 > body.count("\n") else "\n"

    def __len__(self) -> int:
        return len(self.lines)

    def splice(self, start: int, stop: int, new: list[str]) -> str:
        """The text with lines start..stop-1 (0-based) replaced by `new`, each ending with the file's newline."""
        ends = list(self.ends)
        if start > 0 and not ends[start - 1]:
            ends[start - 1] = self.newline  # the old last line had no line break
        head = "".join(line + end for line, end in zip(self.lines[:start], ends[:start], strict=True))
        tail = "".join(line + end for line, end in zip(self.lines[stop:], ends[stop:], strict=True))
        return head + "".join(line + self.newline for line in new) + tail

    def blank(self, index: int) -> bool:
        return 0 <= index < len(self.lines) and not self.lines[index].strip()

    def comment(self, index: int) -> bool:
        return 0 <= index < len(self.lines) and self.lines[index].lstrip().startswith("#")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _entry_end(t: _Lines, key_line: int, indent: int) -> int:
    """0-based last line of the block entry whose key is on `key_line` at `indent`. It ends where the next
    key at its indent or lower begins; blank lines and comments at its indent or lower just before that key
    belong to what follows, deeper comments to the entry."""
    stop = key_line + 1
    while stop < len(t):
        line = t.lines[stop]
        if line.strip() and not t.comment(stop) and _indent(line) <= indent:
            break
        stop += 1
    last = stop - 1
    while last > key_line and (t.blank(last) or (t.comment(last) and _indent(t.lines[last]) <= indent)):
        last -= 1
    return last


def _plain(value: Any) -> Any:
    """The parsed document as plain data that also tells types apart (1, 1.0 and True are not equal here)
    and keeps the order of keys."""
    if isinstance(value, dict):
        return ("map", tuple((k, _plain(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("seq", tuple(_plain(v) for v in value))
    return (type(value).__name__, value)


def _period_of(key: str) -> Period | None:
    try:
        return parse_period(key)
    except PeriodError:
        return None


def report_order(period: Period) -> tuple[date, int]:
    """Where a period's assessment stands among the others: by end date, the shorter first when two end
    together (2026-Q1, 2026-H1, 2026-H2, 2026). This is the order goal files are written in, delår before
    bokslut, and the order of the U rules' report periods; styr.model.periods' own order puts 2026 before 2026-H1,
    which would put the bokslut above the delår."""
    return period.end, period.days


def _parse(body: str) -> YMap:
    parsed = parse_yaml(body.encode("utf-8"))
    if parsed.doc is None or parsed.problems:
        first = parsed.problems[0] if parsed.problems else None
        where = f" (rad {first.line}: {first.message})" if first else ""
        raise EditError(f"filen kan inte läsas som YAML{where}; rätta den först.")
    return parsed.doc


def _with(doc: YMap, key: str, value: Any, before: str | None = None) -> dict[str, Any]:
    """A copy of `doc` with `key` set to `value`: in place when present, else before `before` or last."""
    out: dict[str, Any] = {}
    for k, v in doc.items():
        if k == before and key not in doc:
            out[key] = value
        out[k] = value if k == key else v
    if key not in out:
        out[key] = value
    return out


def set_assessment(text: str, period: str, values: NewAssessment, *, replace: bool = False) -> AssessmentEdit:
    """Set `bedömning[period]` to `values` (see set_period_entry)."""
    return set_period_entry(text, ASSESSMENTS, period, values.mapping(), replace=replace)


def set_period_entry(text: str, where: PeriodMap, period: str, wanted: dict[str, str], *,
                     replace: bool = False) -> AssessmentEdit:
    """Set `where.key[period]` to `wanted`, touching only that entry's lines (or adding the mapping at the end
    of the document). Raises AssessmentExists, or EditError when it cannot be done safely."""
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    body = text[len(bom):]
    if _FOREIGN_BREAK.search(body):
        raise EditError("filen har radbrytningar som styr inte kan redigera säkert (ensamt CR, NEL eller "
                        f"U+2028); spara den med vanliga radslut eller skriv in {where.noun} för hand.")
    doc = _parse(body)
    target = parse_period(period)
    t = _Lines(body)
    first_char = body[_offset(t, doc.pos):][:1]
    if first_char in ("{", "["):
        raise EditError(f"filen är skriven i flödesstil ({{ … }}); skriv in {where.noun} för hand.")

    if where.key not in doc:
        indent = doc.pos[1] - 1
        new = [" " * indent + f"{where.key}:", *_entry(period, wanted, indent + 2, 2)]
        expected = _with(doc, where.key, {period: wanted})
        new_body = t.splice(len(t), len(t), new)
        return _checked(where, bom, new_body, expected, len(t) + 2, replaced=False)

    current = doc[where.key]
    key_row, key_col = doc.where_key(where.key)
    if isinstance(current, YMap):
        if body[_offset(t, doc.where(where.key)):][:1] == "{":
            raise EditError(f"{where.key}: är skriven i flödesstil ({{ … }}), som styr inte skriver om. Skriv "
                            f"{where.noun} för hand, eller skriv om {where.key}: med en period per rad och kör "
                            "kommandot igen.")
        return _in_block(where, t, bom, doc, current, period, target, wanted, replace)
    written = t.lines[key_row - 1]
    colon = written.find(":", key_col - 1)  # the key may be quoted or decomposed (NFD); it holds no colon
    if current is not None or colon < 0 or written[colon + 1:].strip()[:1] not in ("", "#"):
        raise EditError(f"{where.key}: är inte en mappning med en period per rad; rätta den för hand.")
    # `bedömning:` with nothing under it yet: the first entry goes under the key (after deeper comments).
    at = _entry_end(t, key_row - 1, key_col - 1) + 1
    new = _entry(period, wanted, key_col - 1 + 2, 2)
    expected = _with(doc, where.key, {period: wanted})
    return _checked(where, bom, t.splice(at, at, new), expected, at + 1, replaced=False)


def _offset(t: _Lines, pos: tuple[int, int]) -> int:
    line, column = pos
    return sum(len(t.lines[i]) + len(t.ends[i]) for i in range(line - 1)) + column - 1


def _entry(key: str, wanted: dict[str, str], indent: int, step: int) -> list[str]:
    lines = [" " * indent + f"{key}:"]
    for name, value in wanted.items():
        lines.extend(scalar_lines(name, value, indent + step))
    return lines


def _in_block(where: PeriodMap, t: _Lines, bom: str, doc: YMap, current: YMap, period: str, target: Period,
              wanted: dict[str, str], replace: bool) -> AssessmentEdit:
    keys = list(current)
    indent = current.where_key(keys[0])[1] - 1
    step = _step(t, current)
    matches = [k for k in keys if _period_of(k) == target]
    if len(matches) > 1:
        lines = ", ".join(str(current.where_key(k)[0]) for k in matches)
        raise EditError(f"{where.key}: har flera poster för {period} (rad {lines}); slå ihop dem för hand.")
    if matches:
        key = matches[0]
        key_line = current.where_key(key)[0] - 1
        if _same(current[key], wanted):
            return AssessmentEdit(bom + t.text, key_line + 1, replaced=False, changed=False)
        if not replace:
            raise AssessmentExists(key, key_line + 1)
        end = _entry_end(t, key_line, indent)
        original = t.lines[key_line]
        # The key as written (2026-h1, '2026-H1') and a comment after it stay; a period never holds ':'.
        colon = original.index(":", current.where_key(key)[1] - 1)
        rest = original[colon + 1:].strip()
        head = original if not rest or rest.startswith("#") else original[:colon + 1]
        new = [head, *_entry(key, wanted, indent, step)[1:]]
        expected = _with(doc, where.key, _with(current, key, wanted))
        return _checked(where, bom, t.splice(key_line, end + 1, new), expected, key_line + 1, replaced=True)

    key_text = _key_text(t, current, period)
    later = next((k for k in keys if (p := _period_of(k)) is not None and report_order(p) > report_order(target)),
                 None)
    # Entries separated by blank lines get a blank line with the new one too.
    spaced = any(t.blank(current.where_key(k)[0] - 2) for k in keys[1:])
    entry = _entry(key_text, wanted, indent, step)
    earlier = keys[:keys.index(later)] if later is not None else keys
    if earlier:
        # Right after the previous entry: comments before the next key stay with it.
        at = _entry_end(t, current.where_key(earlier[-1])[0] - 1, indent) + 1
        new = ["", *entry] if spaced else entry
        line = at + len(new) - len(entry) + 1
    else:
        assert later is not None
        at = current.where_key(later)[0] - 1
        top = doc.where_key(where.key)[0] - 1
        while at - 1 > top and t.comment(at - 1) and _indent(t.lines[at - 1]) == indent:
            at -= 1
        new = [*entry, ""] if spaced else entry
        line = at + 1
    expected = _with(doc, where.key, _with(current, period, wanted, before=later))
    return _checked(where, bom, t.splice(at, at, new), expected, line, replaced=False)


def _step(t: _Lines, current: YMap) -> int:
    """How much deeper the existing entries indent their own keys (2 when none shows it)."""
    for key, value in current.items():
        row, col = current.where(key)
        if isinstance(value, YMap) and value and t.lines[row - 1][col - 1:col] != "{":
            step = value.where_key(next(iter(value)))[1] - current.where_key(key)[1]
            if step > 0:
                return step
    return 2


def _key_text(t: _Lines, current: YMap, period: str) -> str:
    """The period as a key, quoted like the mapping's first key."""
    row, col = current.where_key(next(iter(current)))
    quote = t.lines[row - 1][col - 1:col]
    return f"{quote}{period}{quote}" if quote in ("'", '"') else period


def _same(existing: Any, wanted: dict[str, str]) -> bool:
    return isinstance(existing, dict) and dict(_plain(existing)[1]) == dict(_plain(wanted)[1])


def _checked(where: PeriodMap, bom: str, new_body: str, expected: dict[str, Any], line: int, *,
             replaced: bool) -> AssessmentEdit:
    """Refuse the edit unless the new text reads back as the old document with exactly the one entry."""
    if len(new_body.encode("utf-8")) > MAX_BYTES:
        raise EditError(f"filen skulle bli större än {MAX_BYTES // 1024} KiB (regel Y06); korta texten.")
    parsed = parse_yaml(new_body.encode("utf-8"))
    if parsed.doc is None or parsed.problems or _plain(parsed.doc) != _plain(expected):
        raise EditError(f"ändringen kunde inte göras säkert i filens format; skriv in {where.noun} för hand.")
    return AssessmentEdit(bom + new_body, line, replaced=replaced, changed=True)
