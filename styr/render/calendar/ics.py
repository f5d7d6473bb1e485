"""`styr årshjul --format ics`: the year as an iCalendar file (RFC 5545) to import into e.g. Outlook."""

from __future__ import annotations

import hashlib
from datetime import date

from styr.render.calendar.common import heading
from styr.render.views import WheelView

ICS_LINE_OCTETS = 75  # RFC 5545 3.1: content lines longer than this must be folded


def render_ics(view: WheelView) -> str:
    """One all-day event per item, lasting its whole month; CRLF line ends, folded lines."""
    year = view.year
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//styr//Arshjul//SV", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{ics_escape(f'{heading(view.municipality)} {year}')}"]
    stamp = f"{view.today:%Y%m%d}T000000Z"  # from --date, not the clock, so the same run gives the same file
    seen: dict[tuple[int, str], int] = {}
    for item in view.items:
        key = (item.month, item.title)
        seen[key] = seen.get(key, 0) + 1
        start = date(year, item.month, 1)
        end = date(year + 1, 1, 1) if item.month == 12 else date(year, item.month + 1, 1)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event_uid(year, item.month, item.title, seen[key])}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{start:%Y%m%d}",
            f"DTEND;VALUE=DATE:{end:%Y%m%d}",
            f"SUMMARY:{ics_escape(item.title)}",
        ]
        if item.description.strip():
            lines.append(f"DESCRIPTION:{ics_escape(item.description.strip())}")
        # A month-long reminder must not show the whole month as busy in the calendar.
        lines += ["TRANSP:TRANSPARENT", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "".join(fold_line(line) + "\r\n" for line in lines)


def event_uid(year: int, month: int, title: str, occurrence: int = 1) -> str:
    """Stable across runs, so importing the file again updates the events instead of adding copies.
    `occurrence` tells apart two items with the same title in the same month."""
    key = f"{year}|{month}|{title}" + (f"|{occurrence}" if occurrence > 1 else "")
    return hashlib.sha1(key.encode("utf-8")).hexdigest() + "@styr"


def ics_escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    # Other control characters are not allowed in TEXT at all.
    return "".join(c for c in text if c == "\t" or (ord(c) >= 0x20 and ord(c) != 0x7F))


def fold_line(line: str, limit: int = ICS_LINE_OCTETS) -> str:
    """Fold a content line so that no physical line exceeds `limit` octets, never inside a UTF-8 character.
    Each continuation starts with one space, which counts towards its line's octets."""
    parts: list[str] = []
    current: list[str] = []
    size, room = 0, limit
    for char in line:
        octets = len(char.encode("utf-8"))
        if size + octets > room:
            # Some readers strip all leading blanks when unfolding; never start a continuation with one.
            carry = [current.pop()] if char == " " and len(current) > 1 and current[-1] != " " else []
            parts.append("".join(current))
            current, room = carry, limit - 1
            size = sum(len(c.encode("utf-8")) for c in current)
        current.append(char)
        size += octets
    parts.append("".join(current))
    return "\r\n ".join(parts)
