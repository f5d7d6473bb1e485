"""`styr årshjul`: the year month by month for the terminal, the current month marked, then now and next."""

from __future__ import annotations

import textwrap

from styr.render.calendar.common import by_month, heading, next_month
from styr.render.views import WheelView
from styr.wording.periods import MONTHS, long_date

TEXT_WIDTH = 88  # fixed, not the terminal's: the same --date gives the same output everywhere


def render_text(view: WheelView) -> str:
    """The whole year month by month, the current month marked, then what belongs to now and next."""
    today = view.today
    months = by_month(view.items)
    lines = [f"{heading(view.municipality)} (idag {long_date(today)})", ""]
    for month in range(1, 13):
        name = MONTHS[month - 1]
        lines.append(f"▶ {name} (nu)" if month == today.month else f"  {name}")
        if not months[month]:
            lines.append("    (inget i årshjulet)")
        for item in months[month]:
            lines.append(f"    • {item.title}")
            lines.extend(_wrapped(item.description, "      "))
        lines.append("")
    lines.append("Nu och härnäst")
    for month, label in ((today.month, "nu"), (next_month(today.month), "härnäst")):
        titles = "; ".join(i.title for i in months[month]) or "inget i årshjulet"
        lines.append(f"  {MONTHS[month - 1]} ({label}): {titles}")
    return "\n".join(lines) + "\n"


def _wrapped(text: str, indent: str) -> list[str]:
    out: list[str] = []
    for paragraph in text.strip().split("\n\n"):
        if paragraph.strip():
            out.extend(textwrap.wrap(" ".join(paragraph.split()), TEXT_WIDTH, initial_indent=indent,
                                     subsequent_indent=indent, break_long_words=False, break_on_hyphens=False))
    return out
