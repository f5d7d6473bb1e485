"""What every årshjul format shares: the heading and the items grouped by month."""

from __future__ import annotations

from collections.abc import Sequence

from styr.model.types import WheelItem

NO_WHEEL_NOTE = """\
Styrmodellen har inget årshjul ännu. Lägg till listan årshjul: i styrmodell.yaml, en punkt per
händelse med månad (1–12), titel och beskrivning, till exempel:

årshjul:
  - månad: 10
    titel: Beslut om mål
    beskrivning: Fullmäktige och nämnderna beslutar om målen för nästa år.

Kör sedan 'styr validate' och 'styr årshjul' igen.
"""
"""What `styr årshjul` says when styrmodell.yaml has no årshjul: it is optional, so this is not an error."""


def by_month(items: Sequence[WheelItem]) -> dict[int, list[WheelItem]]:
    """Months 1–12, each with its items in the order given."""
    months: dict[int, list[WheelItem]] = {m: [] for m in range(1, 13)}
    for item in items:
        months[item.month].append(item)
    return months


def next_month(month: int) -> int:
    return month % 12 + 1


def heading(municipality: str) -> str:
    return f"Årshjul – {municipality}" if municipality else "Årshjul"
