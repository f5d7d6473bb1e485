"""`styr årshjul`: the year's planning and follow-up cycle from styrmodell.yaml, as text, Markdown or iCalendar."""

from __future__ import annotations

import hashlib
import re
import textwrap
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from styr.app.pipeline import Settings, open_source
from styr.commands.common import DateOpt, PathArg, fail, make_settings, write_atomically
from styr.load.repo import load
from styr.load.source import MODEL_FILE, NotAGoalRepository, Source
from styr.model.build import build
from styr.model.types import ModelConfig, WheelItem
from styr.suggest import did_you_mean
from styr.wording.escape import markdown_text as md_cell  # the one Markdown escaping, HTML too
from styr.wording.periods import MONTHS, long_date

FORMATS = {"text": "text", "md": "md", "markdown": "md", "ics": "ics", "ical": "ics", "icalendar": "ics"}
ICS_LINE_OCTETS = 75  # RFC 5545 3.1: content lines longer than this must be folded
TEXT_WIDTH = 88  # fixed, not the terminal's: the same --date gives the same output everywhere
FIRST_YEAR, LAST_YEAR = 1900, 2999

NO_WHEEL_NOTE = """\
Styrmodellen har inget årshjul ännu. Lägg till listan årshjul: i styrmodell.yaml, en punkt per
händelse med månad (1–12), titel och beskrivning, till exempel:

årshjul:
  - månad: 10
    titel: Beslut om mål
    beskrivning: Fullmäktige och nämnderna beslutar om målen för nästa år.

Kör sedan 'styr validate' och 'styr årshjul' igen.
"""


def arshjul(
    path: PathArg = Path("."),
    fmt: Annotated[str, typer.Option("--format", "-f", help="text, md (Markdown för en wiki eller en "
                                     "sammanslagningsbegäran) eller ics (kalenderfil för t.ex. Outlook).")] = "text",
    year: Annotated[str | None, typer.Option("--year", help="Året som kalenderfilen (ics) gäller (standard: "
                                             "innevarande år).", show_default=False)] = None,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Skriv till en fil i stället för terminalen; "
                                             "'-' skriver till terminalen.", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Skriv över en befintlig fil som skiljer sig.")] = False,
    today: DateOpt = None,
) -> None:
    """Visa årshjulet: årets planering, uppföljning och rapportering månad för månad, med vad som gäller nu."""
    kind = FORMATS.get(fmt.strip().lower())
    if kind is None:
        hint = did_you_mean(fmt.strip(), ("text", "md", "ics"))
        fail(" ".join(filter(None, (f"okänt format '{fmt}'.", hint, "Välj text, md eller ics."))))
    chosen_year = _parse_year(year) if year is not None else None
    settings = make_settings(path, today)
    config = _load_config(settings)
    items, skipped = usable_items(config.wheel)
    for item in skipped:
        typer.echo(f"styr: obs! årshjulets punkt '{item.title}' har månad {item.month}, som inte finns (1–12); "
                   "den visas inte. Kör 'styr validate'.", err=True)
    if not items:
        # Not an error: the årshjul is optional in styrmodell.yaml. A calendar stays clean on stdout.
        typer.echo(NO_WHEEL_NOTE, nl=False, err=kind == "ics")
        return
    if kind == "ics":
        output = render_ics(items, chosen_year or settings.today.year, settings.today, config.municipality)
    elif kind == "md":
        output = render_markdown(items, settings.today, config.municipality)
    else:
        output = render_text(items, settings.today, config.municipality)
    if out is None or str(out) == "-":
        # Bytes, so the calendar's CRLF reach stdout untranslated.
        typer.echo(output.encode("utf-8"), nl=False)
        return
    _write(out, output, force, len(items))


def _parse_year(value: str) -> int:
    raw = value.strip()
    if not re.fullmatch(r"\d{4}", raw) or not FIRST_YEAR <= int(raw) <= LAST_YEAR:
        fail(f"ogiltigt år '{value}': skriv ett årtal med fyra siffror mellan {FIRST_YEAR} och {LAST_YEAR}, "
             "t.ex. 2027.")
    return int(raw)


class _ModelFileOnly:
    """A source that shows only styrmodell.yaml: the årshjul needs nothing else, and reading a large
    repository's thousands of goal files would only make the command slow."""

    def __init__(self, inner: Source) -> None:
        self.inner = inner
        self.label = inner.label

    def list_files(self) -> list[str]:
        return [MODEL_FILE] if self.inner.exists(MODEL_FILE) else []

    def read_bytes(self, path: str) -> bytes:
        return self.inner.read_bytes(path)

    def exists(self, path: str) -> bool:
        return self.inner.exists(path)


def _load_config(settings: Settings) -> ModelConfig:
    try:
        source = open_source(settings)
    except NotAGoalRepository as exc:
        fail(str(exc))
    loaded = load(_ModelFileOnly(source))
    config = build(loaded).config
    if config is None:
        first = next((p for p in loaded.problems if p.path == MODEL_FILE), None)
        detail = f" (rad {first.line}: {first.message.rstrip('.')})" if first else ""
        fail(f"{MODEL_FILE} kunde inte läsas{detail}. Kör 'styr validate' för detaljer.")
    return config


def usable_items(wheel: Sequence[WheelItem]) -> tuple[list[WheelItem], list[WheelItem]]:
    """The items in month order (file order within a month), and those whose month does not exist."""
    good = sorted((i for i in wheel if 1 <= i.month <= 12), key=lambda i: i.month)
    return good, [i for i in wheel if not 1 <= i.month <= 12]


def _by_month(items: Sequence[WheelItem]) -> dict[int, list[WheelItem]]:
    months: dict[int, list[WheelItem]] = {m: [] for m in range(1, 13)}
    for item in items:
        months[item.month].append(item)
    return months


def _next_month(month: int) -> int:
    return month % 12 + 1


def _heading(municipality: str) -> str:
    return f"Årshjul – {municipality}" if municipality else "Årshjul"


# --- text ----------------------------------------------------------------------------------------------------


def render_text(items: Sequence[WheelItem], today: date, municipality: str) -> str:
    """The whole year month by month, the current month marked, then what belongs to now and next."""
    months = _by_month(items)
    lines = [f"{_heading(municipality)} (idag {long_date(today)})", ""]
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
    for month, label in ((today.month, "nu"), (_next_month(today.month), "härnäst")):
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


# --- Markdown ------------------------------------------------------------------------------------------------


def render_markdown(items: Sequence[WheelItem], today: date, municipality: str) -> str:
    """A table of the year for a wiki or a merge request, with a short list of now and next."""
    months = _by_month(items)
    lines = [f"# {_heading(municipality)}", "", f"Läget den {long_date(today)}.", "",
             "| Månad | Händelse | Beskrivning |", "| --- | --- | --- |"]
    for item in items:
        name = MONTHS[item.month - 1]
        cell = f"**{name} (nu)**" if item.month == today.month else name
        lines.append(f"| {cell} | {md_cell(item.title)} | {md_cell(item.description)} |")
    lines += ["", "## Nu och härnäst", ""]
    for month, label in ((today.month, "nu"), (_next_month(today.month), "härnäst")):
        entries = [f"{md_cell(i.title)}" for i in months[month]] or ["inget i årshjulet"]
        lines.append(f"- **{MONTHS[month - 1]} ({label}):** {'; '.join(entries)}")
    return "\n".join(lines) + "\n"


# --- iCalendar (RFC 5545) ------------------------------------------------------------------------------------


def render_ics(items: Sequence[WheelItem], year: int, today: date, municipality: str) -> str:
    """One all-day event per item, lasting its whole month; CRLF line ends, folded lines."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//styr//Arshjul//SV", "CALSCALE:GREGORIAN",
             "METHOD:PUBLISH", f"X-WR-CALNAME:{ics_escape(f'{_heading(municipality)} {year}')}"]
    stamp = f"{today:%Y%m%d}T000000Z"  # from --date, not the clock, so the same run gives the same file
    seen: dict[tuple[int, str], int] = {}
    for item in items:
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


# --- writing -------------------------------------------------------------------------------------------------


def _write(target: Path, output: str, force: bool, count: int) -> None:
    data = output.encode("utf-8")
    if target.is_dir():
        fail(f"{target} är en mapp; ange en fil, t.ex. {target / 'arshjul.ics'}.")
    if target.exists():
        try:
            current = target.read_bytes()  # bytes: a text read would turn the calendar's CRLF into LF
        except OSError as exc:
            fail(f"kunde inte läsa {target}: {exc.strerror or exc}")
        if current == data:
            typer.echo(f"{target} är redan aktuell; inget skrevs.")
            return
        if not force:
            fail(f"{target} finns redan och skiljer sig; använd --force för att skriva över.")
    write_atomically(target, output)
    typer.echo(f"Skrev {target} ({count} {'händelse' if count == 1 else 'händelser'} i årshjulet).")
