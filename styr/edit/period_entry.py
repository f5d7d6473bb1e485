"""Write one period's entry (a goal's `bedömning`, an activity's `uppföljning`, a unit's `ekonomi`) by editing the
file's text, so every other byte stays as it was."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from styr.edit import scalars
from styr.edit.document import Change, Edit, EntryExists, checked, parse, typed, unchanged
from styr.edit.lines import Lines
from styr.edit.scalars import EditError
from styr.edit.yamltext import entry_end, is_flow, key_quote
from styr.frozen import frozen
from styr.load.yamlio import YMap
from styr.model.periods import Period, PeriodError, parse_period


@frozen
class PeriodMap:
    """A top-level mapping of period → entry, and how a message names one entry."""

    key: str  # bedömning
    noun: str  # bedömningen
    one: str  # en bedömning


ASSESSMENTS = PeriodMap("bedömning", "bedömningen", "en bedömning")
FOLLOW_UPS = PeriodMap("uppföljning", "uppföljningen", "en uppföljning")

Entry = Mapping[str, str | int | float]
"""An entry's values as they will read back: texts (already cleaned), or numbers in canonical form."""


@frozen
class NewAssessment:
    """The values to write; texts already cleaned by `edit.text.clean_text`, colours as Swedish words."""

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


def set_assessment(text: str, period: str, values: NewAssessment, *, replace: bool = False) -> Edit:
    """Set `bedömning[period]` to `values` (see set_period_entry)."""
    return set_period_entry(text, ASSESSMENTS, period, values.mapping(), replace=replace)


def set_period_entry(text: str, where: PeriodMap, period: str, wanted: Entry, *,
                     replace: bool = False) -> Edit:
    """Set `where.key[period]` to `wanted`, touching only that entry's lines (or adding the mapping at the end
    of the document). Raises EntryExists, or EditError when it cannot be done safely."""
    t = Lines.of(text)
    doc = parse(t.body)
    target = parse_period(period)
    if t.char(doc.pos) in ("{", "["):
        raise EditError(f"filen är skriven i flödesstil ({{ … }}); skriv in {where.noun} för hand.")
    if where.key not in doc:
        indent = doc.pos[1] - 1
        new = [" " * indent + f"{where.key}:", *_entry(period, wanted, indent + 2, 2)]
        new_body = t.splice(len(t), len(t), new)
        return checked(t, new_body, doc, Change((), where.key, {period: wanted}), where.noun, line=len(t) + 2)
    current = doc[where.key]
    key_row, key_col = doc.where_key(where.key)
    if isinstance(current, YMap):
        if t.char(doc.where(where.key)) == "{":
            raise EditError(f"{where.key}: är skriven i flödesstil ({{ … }}), som styr inte skriver om. Skriv "
                            f"{where.noun} för hand, eller skriv om {where.key}: med en period per rad och kör "
                            "kommandot igen.")
        return _in_block(where, t, doc, current, period, target, wanted, replace)
    written = t.lines[key_row - 1]
    colon = written.find(":", key_col - 1)  # the key may be quoted or decomposed (NFD); it holds no colon
    if current is not None or colon < 0 or written[colon + 1:].strip()[:1] not in ("", "#"):
        raise EditError(f"{where.key}: är inte en mappning med en period per rad; rätta den för hand.")
    # `bedömning:` with nothing under it yet: the first entry goes under the key (after deeper comments).
    at = entry_end(t, key_row - 1, key_col - 1) + 1
    new_body = t.splice(at, at, _entry(period, wanted, key_col - 1 + 2, 2))
    return checked(t, new_body, doc, Change((), where.key, {period: wanted}), where.noun, line=at + 1)


def _entry(key: str, wanted: Entry, indent: int, step: int) -> list[str]:
    lines = [" " * indent + f"{key}:"]
    for name, value in wanted.items():
        if isinstance(value, str):
            lines.extend(scalars.text_lines(name, value, indent + step))
        else:  # an amount (ekonomi:): the canonical number, which the edit's check proves reads back
            lines.append(" " * (indent + step) + f"{name}: {scalars.number(Decimal(repr(value)))[0]}")
    return lines


def _in_block(where: PeriodMap, t: Lines, doc: YMap, current: YMap, period: str, target: Period,
              wanted: Entry, replace: bool) -> Edit:
    keys = list(current)
    indent = current.where_key(keys[0])[1] - 1
    matches = [k for k in keys if _period_of(k) == target]
    if len(matches) > 1:
        lines = ", ".join(str(current.where_key(k)[0]) for k in matches)
        raise EditError(f"{where.key}: har flera poster för {period} (rad {lines}); slå ihop dem för hand.")
    if matches:
        return _replace(where, t, doc, current, matches[0], indent, wanted, replace)
    key_text = scalars.key(period, key_quote(t, current))
    later = next((k for k in keys if (p := _period_of(k)) is not None and report_order(p) > report_order(target)),
                 None)
    # Entries separated by blank lines get a blank line with the new one too.
    spaced = any(t.blank(current.where_key(k)[0] - 2) for k in keys[1:])
    entry = _entry(key_text, wanted, indent, _step(t, current))
    earlier = keys[:keys.index(later)] if later is not None else keys
    if earlier:
        # Right after the previous entry: comments before the next key stay with it.
        previous = earlier[-1]
        at = entry_end(t, current.where_key(previous)[0] - 1, indent, value_at=t.offset(current.where(previous))) + 1
        new = ["", *entry] if spaced else entry
        line = at + len(new) - len(entry) + 1
    else:
        assert later is not None
        at = current.where_key(later)[0] - 1
        top = doc.where_key(where.key)[0] - 1
        while at - 1 > top and t.comment(at - 1) and t.indent(at - 1) == indent:
            at -= 1
        new = [*entry, ""] if spaced else entry
        line = at + 1
    change = Change((where.key,), period, wanted, before=later)
    return checked(t, t.splice(at, at, new), doc, change, where.noun, line=line)


def _replace(where: PeriodMap, t: Lines, doc: YMap, current: YMap, key: str, indent: int, wanted: Entry,
             replace: bool) -> Edit:
    key_line = current.where_key(key)[0] - 1
    if _same(current[key], wanted):
        return unchanged(t, key_line + 1, current[key])
    if not replace:
        raise EntryExists(key, current[key], key_line + 1)
    end = entry_end(t, key_line, indent, value_at=t.offset(current.where(key)))
    original = t.lines[key_line]
    # The key as written (2026-h1, '2026-H1') and a comment after it stay; a period never holds ':'.
    colon = original.index(":", current.where_key(key)[1] - 1)
    rest = original[colon + 1:].strip()
    head = original if not rest or rest.startswith("#") else original[:colon + 1]
    new = [head, *_entry(key, wanted, indent, _step(t, current))[1:]]
    change = Change((where.key,), key, wanted)
    return checked(t, t.splice(key_line, end + 1, new), doc, change, where.noun, line=key_line + 1,
                   previous=current[key])


def _step(t: Lines, current: YMap) -> int:
    """How much deeper the existing entries indent their own keys (2 when none shows it)."""
    for key, value in current.items():
        if isinstance(value, YMap) and value and not is_flow(t, current, key):
            step = value.where_key(next(iter(value)))[1] - current.where_key(key)[1]
            if step > 0:
                return step
    return 2


def _same(existing: Any, wanted: Entry) -> bool:
    return isinstance(existing, dict) and dict(typed(existing)[1]) == dict(typed(wanted)[1])
