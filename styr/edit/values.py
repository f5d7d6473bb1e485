"""How a user writes an outcome, on the command line (`styr utfall`) or in a spreadsheet (`styr import`), and the
canonical form it gets in the file."""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal

from styr.edit import scalars
from styr.frozen import frozen
from styr.model.build import truth
from styr.model.periods import Period
from styr.model.types import Goal, Indicator
from styr.model.vocab import FALSE_WORDS, TRUE_WORDS, Direction
from styr.wording.numbers import number as number_text
from styr.wording.values import yes_no

YES, NO = TRUE_WORDS, FALSE_WORDS
_SPACES = "[ \u00a0\u202f]"  # space, no-break space and narrow no-break space (styr's own reports use it)
_NUMBER = re.compile(r"([-+]?)([0-9]+)(?:[.,]([0-9]+))?\Z")
_GROUPED = re.compile(rf"[-+]?[0-9]{{1,3}}(?:{_SPACES}[0-9]{{3}})+(?:[.,][0-9]+)?\Z")
# An outcome is a measurement: 15 significant digits is what a floating-point number holds, far beyond any
# kommun's kronor. More is a mistake (a pasted id, a run-together row) and would not read back as written.
MAX_DIGITS = 15


class ValueProblem(Exception):
    """The value cannot be an outcome of this indicator; the message is Swedish."""


@frozen
class OutcomeValue:
    """An outcome as it stands in the file (`text`) and as styr reads it back (`meant`)."""

    text: str
    meant: int | float | str | Mapping[str, object]
    """The value as read back: a number, ja/nej, or for the long form its mapping (`värde`, `referens` …)."""


def outcome_value(raw: str, indicator: Indicator, label: str) -> OutcomeValue:
    """The outcome as it will stand in the file: a canonical number (42, 87.5, -2), or ja/nej for an indicator
    that measures whether something is achieved. Accepts what people type and spreadsheets write: 87,5, 1 250,
    −2 (a real minus sign), 00042 and, for percentages, a trailing %. `label` names the indicator (BUN-M2/I1)."""
    text = raw.strip().replace("\u2212", "-")
    if indicator.direction == Direction.UPPNATT or indicator.measure == "ja/nej":
        low = text.casefold()
        if low in YES or low in NO:
            word = scalars.yes_no(low in YES)
            return OutcomeValue(word, word)
        raise ValueProblem(f"{label} mäter om något är uppnått: ange ja eller nej, inte '{short(raw)}'.")
    if indicator.measure == "procent" and text.endswith("%"):
        text = text[:-1].rstrip()
    return number_value(text, raw)


def number_value(text: str, raw: str | None = None, noun: str = "ett utfall") -> OutcomeValue:
    """A number as people type it (87,5 · 1 250 · −2 · 00042) in its canonical form for a file. `raw` is what the
    user wrote, quoted in the message; `noun` names what the number is (ett utfall, en budget)."""
    raw = text if raw is None else raw
    text = text.strip().replace("\u2212", "-")
    if _GROUPED.match(text):
        text = re.sub(_SPACES, "", text)
    found = _NUMBER.match(text)
    if not found:
        raise ValueProblem(f"'{short(raw)}' är inget tal. Skriv t.ex. 87, 87,5 eller 1 250.")
    sign, whole, fraction = found.group(1), found.group(2).lstrip("0"), (found.group(3) or "").rstrip("0")
    if len(whole) + len(fraction) > MAX_DIGITS:
        raise ValueProblem(f"'{short(raw)}' har för många siffror för {noun} (högst {MAX_DIGITS}). "
                           "Kontrollera värdet.")
    written, meant = scalars.number(Decimal(f"{sign}{whole or '0'}.{fraction or '0'}"))
    return OutcomeValue(written, meant)


def short(raw: str, limit: int = 40) -> str:
    """A value quoted back in a message, cut short when it is long."""
    return raw if len(raw) <= limit else raw[:limit] + "…"


def _number(value: object) -> int | float | None:
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def with_references(value: OutcomeValue, references: Mapping[str, float]) -> OutcomeValue:
    """The outcome with reference values beside it, in the long form `{värde: 84, referens: {riket: 81.2}}`
    (the references named as in the format: riket, liknande); the short form when there are none."""
    if not references:
        return value
    refs = {name: scalars.number(Decimal(repr(float(v)))) for name, v in references.items()}
    text = "{värde: " + value.text + ", referens: {" + ", ".join(f"{k}: {t}" for k, (t, _) in refs.items()) + "}}"
    return OutcomeValue(text, {"värde": value.meant, "referens": {k: m for k, (_, m) in refs.items()}})


def measured(value: object) -> object:
    """The measurement of an outcome as it stands in a file: `värde` of the long form, else the value itself."""
    return value.get("värde") if isinstance(value, Mapping) else value


def same_outcome(a: object, b: object) -> bool:
    """The two outcomes are the same: equal numbers (79 and 79.0), or the same yes or no; in the long form, the
    same keys with the same values. Numbers are compared exactly, so an integer of any size never overflows."""
    if isinstance(a, Mapping) or isinstance(b, Mapping):
        return isinstance(a, Mapping) and isinstance(b, Mapping) and set(a) == set(b) and all(
            a[k] == b[k] or same_outcome(a[k], b[k]) for k in a)
    na, nb = _number(a), _number(b)
    if na is not None or nb is not None:
        return na is not None and nb is not None and na == nb
    ta, tb = truth(a), truth(b)
    return ta is not None and ta == tb


def already_there(existing: object, wanted: object) -> bool:
    """Writing `wanted` over `existing` changes nothing: the same outcome, or a plain value that is the värde of a
    long-form outcome (what it says beside the value — avser, referens — stays as written)."""
    if isinstance(existing, Mapping) and not isinstance(wanted, Mapping):
        return same_outcome(measured(existing), wanted)
    return same_outcome(existing, wanted)


def shown(value: object) -> str:
    """A stored outcome as the samordnare reads it: ja/nej, 87 rather than 87.0, 87,5 with a decimal comma; a
    long-form outcome by its värde, saying that it carries more."""
    if isinstance(value, Mapping):
        return f"{shown(measured(value))} (med uppgifter om utfallet)"
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int | float):
        try:
            return number_text(value, decimals=None)
        except ValueError:  # an integer too long to print
            return "(ett mycket långt tal)"
    return short(str(value))


def swedish(value_text: str) -> str:
    """Values stand in the file with a decimal point; the samordnare reads them with a decimal comma."""
    if not _NUMBER.match(value_text):
        return value_text
    return number_text(float(value_text.replace(",", ".")), decimals=None)


def outside(goal: Goal, period: Period) -> bool:
    """The period lies wholly outside the goal's time, so its outcome would not count (U02)."""
    return (goal.start is not None and period.end < goal.start) or (
        goal.end is not None and period.start > goal.end)
