"""`styr årshjul --format md`: the year as a Markdown table for a wiki or a merge request."""

from __future__ import annotations

from styr.render.calendar.common import by_month, heading, next_month
from styr.render.site.fmt import MONTHS, long_date
from styr.render.views import WheelView


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


def md_cell(text: str) -> str:
    """One table cell: one line, and a '|' that does not end the cell."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")
