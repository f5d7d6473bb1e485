"""`styr årshjul --format md`: the year as a Markdown table for a wiki or a merge request."""

from __future__ import annotations

from styr.render.calendar.common import by_month, heading, next_month
from styr.render.views import WheelView
from styr.wording.escape import markdown_text as md_cell  # the one Markdown escaping, HTML too
from styr.wording.periods import MONTHS, long_date


def render_markdown(view: WheelView) -> str:
    """A table of the year for a wiki or a merge request, with a short list of now and next."""
    today = view.today
    months = by_month(view.items)
    lines = [f"# {heading(view.municipality)}", "", f"Läget den {long_date(today)}.", "",
             "| Månad | Händelse | Beskrivning |", "| --- | --- | --- |"]
    for item in view.items:
        name = MONTHS[item.month - 1]
        cell = f"**{name} (nu)**" if item.month == today.month else name
        lines.append(f"| {cell} | {md_cell(item.title)} | {md_cell(item.description)} |")
    lines += ["", "## Nu och härnäst", ""]
    for month, label in ((today.month, "nu"), (next_month(today.month), "härnäst")):
        entries = [f"{md_cell(i.title)}" for i in months[month]] or ["inget i årshjulet"]
        lines.append(f"- **{MONTHS[month - 1]} ({label}):** {'; '.join(entries)}")
    return "\n".join(lines) + "\n"

