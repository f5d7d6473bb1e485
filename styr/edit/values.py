"""How a user writes an outcome, on the command line (`styr utfall`) or in a spreadsheet (`styr import`)."""

from __future__ import annotations

import re

from styr.edit.outcome import scalar_value
from styr.model.build import number
from styr.model.periods import Period
from styr.model.types import Goal, Indicator
from styr.model.vocab import FALSE_WORDS, TRUE_WORDS, Direction, YesNo
from styr.wording.numbers import number as number_text
from styr.wording.values import yes_no

NUMBER = re.compile(r"[-+]?[0-9]+([.,][0-9]+)?\Z")
YES, NO = TRUE_WORDS, FALSE_WORDS
_SPACES = "[ \u00a0\u202f]"  # space, no-break space and narrow no-break space (styr's own reports use it)
_GROUPED = re.compile(rf"[-+]?[0-9]{{1,3}}(?:{_SPACES}[0-9]{{3}})+(?:[.,][0-9]+)?\Z")


class ValueProblem(Exception):
    """The value cannot be an outcome of this indicator; the message is Swedish."""


def outcome_text(raw: str, indicator: Indicator, label: str) -> str:
    """The outcome as it will stand in the file: a number with a decimal point, or ja/nej for an indicator
    that measures whether something is achieved. Accepts what people type and spreadsheets write: 87,5,
    1 250, −2 (a real minus sign) and, for percentages, a trailing %. `label` names the indicator (BUN-M2/I1)."""
    text = raw.strip().replace("\u2212", "-")
    if indicator.direction == Direction.UPPNATT or indicator.measure == "ja/nej":
        low = text.casefold()
        if low in YES:
            return YesNo.JA.value
        if low in NO:
            return YesNo.NEJ.value
        raise ValueProblem(f"{label} mäter om något är uppnått: ange ja eller nej, inte '{raw}'.")
    if indicator.measure == "procent" and text.endswith("%"):
        text = text[:-1].rstrip()
    if _GROUPED.match(text):
        text = re.sub(_SPACES, "", text)
    value_text = text.lstrip("+").replace(",", ".")
    # styr must read a number back, whatever YAML makes of the text
    if not NUMBER.match(text) or number(scalar_value(value_text)) is None:
        raise ValueProblem(f"'{raw}' är inget tal. Skriv t.ex. 87, 87,5 eller 1 250.")
    return value_text


def shown(value: object) -> str:
    """A stored outcome as the samordnare reads it: ja/nej, 87 rather than 87.0, 87,5 with a decimal comma."""
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, int | float):
        return number_text(value, decimals=None)
    return str(value)


def swedish(value_text: str) -> str:
    """Values stand in the file with a decimal point; the samordnare reads them with a decimal comma."""
    if not NUMBER.match(value_text):
        return value_text
    return number_text(float(value_text.replace(",", ".")), decimals=None)


def outside(goal: Goal, period: Period) -> bool:
    """The period lies wholly outside the goal's time, so its outcome would not count (U02)."""
    return (goal.start is not None and period.end < goal.start) or (
        goal.end is not None and period.start > goal.end)
