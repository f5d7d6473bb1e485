"""Write a unit's economy for one period (`ekonomi:` in styrkort.yaml), touching only that entry."""

from __future__ import annotations

from styr.edit.document import Edit
from styr.edit.period_entry import Entry, PeriodMap, set_period_entry
from styr.frozen import frozen

ECONOMY = PeriodMap("ekonomi", "ekonomin", "ekonomi")

Amount = int | float
"""An amount in tkr as it reads back from the file (canonical: 312000, -1100, 450.5)."""


@frozen
class NewEconomy:
    """The figures to write, already canonical (styr.edit.values.number_value); the comment already cleaned."""

    budget: Amount
    outcome: Amount
    deviation: Amount
    forecast: Amount | None = None
    comment: str = ""

    def mapping(self) -> Entry:
        """The entry in the order of docs/format.md: budget, utfall, prognos, avvikelse, kommentar."""
        out: dict[str, str | int | float] = {"budget": self.budget, "utfall": self.outcome}
        if self.forecast is not None:
            out["prognos"] = self.forecast
        out["avvikelse"] = self.deviation
        if self.comment:
            out["kommentar"] = self.comment
        return out


def set_economy(text: str, period: str, values: NewEconomy, *, replace: bool = False) -> Edit:
    """Set `ekonomi[period]` of a styrkort.yaml to `values` (see period_entry.set_period_entry)."""
    return set_period_entry(text, ECONOMY, period, values.mapping(), replace=replace)
