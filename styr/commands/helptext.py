"""The help screens, written by styr: Swedish names for values, whole sentences, nothing cut at any width.

typer's own help (rich panels) shows value types as `<bool>`, `<int range>` and `<path>`, argument names in
English, keeps the line breaks of a docstring in the middle of a sentence and cuts option names at 50
columns; and it changes between typer versions. This module lays the help out as plain text from click's
parameters instead: usage line, description, arguments, options (first name shown, aliases accepted),
commands; each paragraph rewrapped to the terminal's width.
"""

from __future__ import annotations

import inspect
import os
import shutil
import textwrap
from pathlib import Path
from typing import Any

MIN_WIDTH, MAX_WIDTH = 40, 100
HELP_TEXT = "Visa den här hjälpen och avsluta."

# Values of options that have no metavar of their own, by option name, then by click type name.
_OPTION_VALUES = {
    "--date": "ÅÅÅÅ-MM-DD", "--start": "ÅÅÅÅ-MM-DD", "--slut": "ÅÅÅÅ-MM-DD", "--period": "PERIOD",
    "--format": "FORMAT", "--syntax": "SYNTAX", "--rev": "REV", "--base": "REV", "--enhet": "ENHET",
    "--unit": "ENHET", "--output": "FIL", "--out": "SÖKVÄG", "--year": "ÅR", "--organ": "ORGAN",
    "--templates": "MAPP", "--kind": "SLAG", "--explain": "MÅL-ID", "--mål": "MÅL-ID", "--bidrar-till": "ID",
    "--perspektiv": "PERSPEKTIV", "--id": "ID", "--mapp": "MAPP", "--analys-fil": "FIL", "--max-count": "ANTAL",
}
_TYPE_VALUES = {"integer": "TAL", "integer range": "TAL", "float": "TAL", "float range": "TAL", "path": "SÖKVÄG",
                "file": "FIL", "text": "TEXT", "uuid": "TEXT", "datetime": "DATUM"}
# typer's own options, whose help is English.
_OWN_HELP = {
    "--install-completion": "Installera komplettering av kommandon och alternativ (Tabb) i ditt skal.",
    "--show-completion": "Visa skriptet för komplettering i ditt skal, för att kopiera det eller installera "
                         "det på egen hand.",
}


def width() -> int:
    """The terminal's width (COLUMNS when set), kept between 40 and 100 columns so that prose stays readable."""
    columns = os.environ.get("COLUMNS", "")
    found = int(columns) if columns.isdigit() else shutil.get_terminal_size((80, 24)).columns
    return max(MIN_WIDTH, min(found, MAX_WIDTH))


def paragraphs(text: str | None) -> list[str]:
    """A docstring's paragraphs, each one line (click's `\\b` keeps a paragraph's own line breaks)."""
    body = inspect.cleandoc(text or "").partition("\f")[0]
    out = []
    for block in body.split("\n\n"):
        if block.startswith("\b"):
            out.append(block.strip("\b\n"))
        elif block.strip():
            out.append(" ".join(line.strip() for line in block.splitlines()))
    return out


def _wrap(text: str, columns: int, indent: str = "", first: str | None = None) -> list[str]:
    lines: list[str] = []
    for i, line in enumerate(text.splitlines() or [""]):
        lead = first if first is not None and i == 0 else indent
        lines.extend(textwrap.wrap(line, columns, initial_indent=lead, subsequent_indent=indent,
                                   break_long_words=False, break_on_hyphens=False) or [lead.rstrip()])
    return lines


def _value_name(param: Any) -> str:
    metavar = getattr(param, "metavar", None)
    if metavar:
        return str(metavar)
    kind = getattr(param, "type", None)
    choices = getattr(kind, "choices", None)
    if choices:
        return "|".join(str(c) for c in choices)
    names = [*getattr(param, "opts", ()), *getattr(param, "secondary_opts", ())]
    for name in names:
        if name in _OPTION_VALUES:
            return _OPTION_VALUES[name]
    return _TYPE_VALUES.get(_type_name(param), "VÄRDE")


def _type_name(param: Any) -> str:
    """click's name of the value's type ('integer', 'path' …); typer 0.20 and later keep a Python annotation."""
    kind = getattr(param, "type", None)
    if kind is not None:
        return str(getattr(kind, "name", "text"))
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", str)
    annotation = next(iter(getattr(annotation, "__args__", ())), annotation)  # list[Path] → Path
    return {int: "integer", float: "float", Path: "path"}.get(annotation, "text")


def argument_name(param: Any) -> str:
    """An argument as the help and the usage errors name it: its metavar, else its name in capitals."""
    return str(getattr(param, "metavar", None) or getattr(param, "name", "") or "?").upper()


def _option_term(param: Any) -> str:
    """`-f, --format FORMAT`: the short names, the first long name (later long names are aliases) and the value."""
    names = list(getattr(param, "opts", ()))
    shorts = [n for n in names if not n.startswith("--")]
    longs = [n for n in names if n.startswith("--")][:1]
    term = ", ".join([*shorts, *longs])
    secondary = [n for n in getattr(param, "secondary_opts", ()) if n.startswith("--")][:1]
    if secondary:
        term += " / " + secondary[0]
    if not getattr(param, "is_flag", False) and not getattr(param, "count", False):
        term += " " + _value_name(param)
    return term


def _extras(param: Any) -> str:
    """`[standard: text]` and `[krävs]` after the help."""
    out = []
    default = getattr(param, "default", None)
    shown = getattr(param, "show_default", None)
    if isinstance(shown, str):
        out.append(f"[standard: {shown}]")
    elif shown is not False and default not in (None, False, "", (), []) and not callable(default) \
            and not getattr(param, "is_flag", False):
        value = ", ".join(map(str, default)) if isinstance(default, list | tuple) else str(default)
        out.append(f"[standard: {value}]")
    if getattr(param, "required", False):
        out.append("[krävs]")
    return " ".join(out)


def _help_of(param: Any) -> str:
    names = list(getattr(param, "opts", ()))
    own = next((_OWN_HELP[n] for n in names if n in _OWN_HELP), None)
    text = " ".join(paragraphs(own or getattr(param, "help", None) or ""))
    extras = _extras(param)
    return f"{text}  {extras}".strip() if extras else text


def definitions(rows: list[tuple[str, str]], columns: int) -> list[str]:
    """Two columns, the second wrapped beside the first; a term too long for its column stands on a line of its
    own, its text below, so nothing is ever cut."""
    if not rows:
        return []
    col_max = max(12, min(30, columns // 3))
    col = min(max(len(term) for term, _ in rows), col_max)
    text_width = max(columns - col - 4, 20)
    out: list[str] = []
    for term, text in rows:
        body = _wrap(text, text_width) if text else []
        if len(term) <= col:
            out.append(f"  {term.ljust(col)}  {body[0] if body else ''}".rstrip())
            body = body[1:]
        else:
            out.append(f"  {term}")
        out.extend(f"  {'':{col}}  {line}".rstrip() for line in body)
    return out


def usage(ctx: Any, command: Any) -> str:
    """`styr new aktivitet [ALTERNATIV] [MAPP]`."""
    pieces = [ctx.command_path, "[ALTERNATIV]"]
    for param in command.get_params(ctx):
        if getattr(param, "param_type_name", "") != "argument" or getattr(param, "hidden", False):
            continue
        name = argument_name(param) + ("..." if getattr(param, "nargs", 1) != 1 else "")
        pieces.append(name if getattr(param, "required", False) else f"[{name}]")
    if hasattr(command, "list_commands"):
        pieces.append("KOMMANDO [ARGUMENT]...")
    return " ".join(pieces)


def command_help(ctx: Any, command: Any) -> str:
    """The whole help screen of a command or a group of commands."""
    columns = width()
    lines = _wrap(usage(ctx, command), columns, indent="    ", first="Användning: ")
    for text in paragraphs(command.help):
        lines += ["", *_wrap(text, columns, indent="  ")]
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [(argument_name(p), _help_of(p)) for p in params if getattr(p, "param_type_name", "") == "argument"]
    options = [(_option_term(p), _help_of(p)) for p in params if getattr(p, "param_type_name", "") == "option"]
    for heading, rows in (("Argument:", arguments), ("Alternativ:", options), ("Kommandon:", _commands(ctx, command))):
        if rows:
            lines += ["", heading, *definitions(rows, columns)]
    if command.epilog:
        lines += ["", *(line for text in paragraphs(command.epilog) for line in _wrap(text, columns, "  "))]
    return "\n".join(lines) + "\n"


def _commands(ctx: Any, command: Any) -> list[tuple[str, str]]:
    if not hasattr(command, "list_commands"):
        return []
    rows = []
    for name in command.list_commands(ctx):
        sub = command.get_command(ctx, name)
        if sub is None or getattr(sub, "hidden", False):
            continue
        summary = paragraphs(sub.short_help or sub.help)
        rows.append((name, summary[0] if summary else ""))
    return rows
