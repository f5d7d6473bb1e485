"""Swedish for the command line's own words: the help screens and usage errors from typer/click.

typer (and the click it builds on) writes "Usage:", "Options", "Show this message and exit." and its usage
errors in English, partly as fixed text that no translation catalogue reaches. A samordnare should meet one
language, so styr's command classes write the help themselves (`helptext`), and `usage_error` words the errors.
"""

from __future__ import annotations

import errno
import os
import re
import sys
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from styr import parallel
from styr.commands import completion, helptext
from styr.commands.helptext import HELP_TEXT
from styr.suggest import closest, did_you_mean
from styr.wording.terminal import degrade_unencodable, visible

# Usage errors that only exist as English text, by pattern.
_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Option '(.+)' requires an argument\.?"), "alternativet {0} behöver ett värde."),
    (re.compile(r"Option '(.+)' requires (\d+) arguments\.?"), "alternativet {0} behöver {1} värden."),
    (re.compile(r"Option '(.+)' does not take a value\.?"), "alternativet {0} tar inget värde."),
    (re.compile(r"Got unexpected extra arguments?(?:\(s\))? \((.*)\)"), "för många argument: {0}."),
    (re.compile(r"Missing command\.?"), "ange ett kommando."),
)
_NO_COMMAND = re.compile(r"No such command '(.+?)'")
# Why a value was refused, as typer (pydantic's words from 0.20) and click (before) put it.
_VALUES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"Input should be a valid integer.*"), "skriv ett heltal, t.ex. 5."),
    (re.compile(r"Input should be a valid number.*"), "skriv ett tal, t.ex. 2.5."),
    (re.compile(r"Input should be greater than or equal to (\S+?)\.?"), "talet ska vara minst {0}."),
    (re.compile(r"Input should be less than or equal to (\S+?)\.?"), "talet får vara högst {0}."),
    # click's words say the same in other words: the user reads the same Swedish whichever typer is installed.
    (re.compile(r"'?(?:.*?)'? is not a valid (?:integer|int).*"), "skriv ett heltal, t.ex. 5."),
    (re.compile(r"'?(?:.*?)'? is not a valid float.*"), "skriv ett tal, t.ex. 2.5."),
    (re.compile(r"(?:\S+) is not in the range x>=(\S+?)\.?"), "talet ska vara minst {0}."),
    (re.compile(r"(?:\S+) is not in the range x<=(\S+?)\.?"), "talet får vara högst {0}."),
)


class _Swedish:
    """Mixed into typer's command classes: the help option, the usage line and the help screen, and the last
    word on a file system error (a path the user gave that the system refuses): a message, exit code 2."""

    def invoke(self, ctx: Any) -> Any:
        try:
            # The parse cache of a large repository is written beside the command's own work, and waited for.
            with parallel.work_behind():
                return super().invoke(ctx)  # type: ignore[misc]
        except BrokenPipeError:
            raise typer.Exit(1) from None  # the reader went away (`styr status | head`): nothing to say
        except OSError as exc:
            typer.echo(f"styr: {os_error(exc)}", err=True)
            raise typer.Exit(2) from None

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_TEXT
        return option

    def get_usage(self, ctx: Any) -> str:
        return "Användning: " + helptext.usage(ctx, self)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        formatter.write(helptext.command_help(ctx, self))


# A negative number where an argument stands (`styr utfall BUN-M1/I1 2026-Q3 -5`): click would take it for an
# unknown option. It is handed on with a real minus sign (−5), which styr reads as minus wherever it reads a number.
_NEGATIVE = re.compile("-[0-9][0-9 \u00a0\u202f]*(?:[.,][0-9]+)?%?\\Z")


def _negative_numbers(command: Any, args: list[str]) -> list[str]:
    """`args` with each negative number that is not an option's value written with a real minus sign."""
    names: set[str] = set()
    valued: set[str] = set()
    for param in getattr(command, "params", ()):
        if getattr(param, "param_type_name", "") != "option":
            continue
        opts = {*param.opts, *param.secondary_opts}
        names |= opts
        if not getattr(param, "is_flag", False) and not getattr(param, "count", False):
            valued |= opts
    out: list[str] = []
    literal = value = False  # after `--` everything, and an option's value, is passed on unchanged
    for arg in args:
        if literal or value:
            out.append(arg)
            value = False
            continue
        literal, value = arg == "--", arg in valued
        out.append("\u2212" + arg[1:] if arg not in names and _NEGATIVE.match(arg) else arg)
    return out


class Command(_Swedish, TyperCommand):
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        return super().parse_args(ctx, _negative_numbers(self, list(args)))


class Group(_Swedish, TyperGroup):
    def get_params(self, ctx: Any) -> Any:
        params = super().get_params(ctx)
        for param in params:
            if getattr(param, "name", "") == "install_completion":
                param.callback = completion.install
        return params


def usage_error(exc: BaseException) -> int:
    """Say a usage error from typer/click in Swedish on stderr; return its exit code. Anything else is
    raised again unchanged."""
    kind = type(exc).__name__
    if kind == "Abort":
        typer.echo("styr: avbrutet.", err=True)
        return 1
    code = getattr(exc, "exit_code", None)
    if not isinstance(code, int) or not hasattr(exc, "format_message"):
        raise exc
    ctx = getattr(exc, "ctx", None)
    if kind == "NoArgsIsHelpError":
        # `styr` or `styr new` alone: the help, once. The exception carries it (typer's rich help would have
        # printed it already and left the message empty).
        text = str(exc.format_message()).strip("\n")
        if text:
            typer.echo(text)
        return code
    typer.echo(f"styr: {message(exc)}", err=True)
    where = ctx.command_path if ctx is not None else "styr"
    typer.echo(f"Skriv '{where} --help' för hjälp.", err=True)
    return code


def message(exc: BaseException) -> str:
    """The error in Swedish, from the exception's fields where it has them, else from its English text."""
    kind = type(exc).__name__
    param = getattr(exc, "param", None)
    if kind == "NoSuchOption":
        name = str(getattr(exc, "option_name", ""))
        return f"okänt alternativ {name}." + _option_hint(name, exc)
    if kind == "MissingParameter" and param is not None:
        what = "argumentet" if getattr(param, "param_type_name", "") == "argument" else "alternativet"
        return f"{what} {_param_name(param)} saknas."
    if kind == "BadParameter" and param is not None:
        return f"ogiltigt värde för {_param_name(param)}: {_translated(str(getattr(exc, 'message', '')), _VALUES)}"
    text = str(getattr(exc, "message", "") or exc)
    unknown = _NO_COMMAND.match(text.strip())
    if unknown:
        commands = getattr(getattr(getattr(exc, "ctx", None), "command", None), "commands", None) or {}
        hint = did_you_mean(unknown.group(1), commands)
        return f"det finns inget kommando som heter '{unknown.group(1)}'." + (f" {hint}" if hint else "")
    return _translated(text, _MESSAGES)


def _translated(text: str, table: tuple[tuple[re.Pattern[str], str], ...]) -> str:
    for pattern, swedish in table:
        found = pattern.fullmatch(text.strip())
        if found:
            return swedish.format(*found.groups())
    return text


def _option_hint(name: str, exc: BaseException) -> str:
    """' Menade du '--titel'?' for a misspelt option, compared without the dashes (with them, `--start` looked
    like `--date`); the options of the command, not only click's guesses."""
    params = getattr(getattr(getattr(exc, "ctx", None), "command", None), "params", ())
    longs = [[opt for opt in (*getattr(p, "opts", ()), *getattr(p, "secondary_opts", ())) if opt.startswith("--")]
             for p in params if not getattr(p, "hidden", False)]
    shown = [names[0] for names in longs if names]  # the names the help shows first, then their aliases
    for choices in (shown, [opt for names in longs for opt in names]):
        bare = {opt.lstrip("-"): opt for opt in choices}
        hit = closest(name.lstrip("-"), bare)
        if hit:
            return f" Menade du '{bare[hit]}'?"
    return ""


_OS_ERRORS = {
    errno.ENAMETOOLONG: "namnet är för långt", errno.EACCES: "åtkomst nekad", errno.EPERM: "åtkomst nekad",
    errno.ENOENT: "finns inte", errno.ENOTDIR: "en del av sökvägen är ingen mapp", errno.EISDIR: "är en mapp",
    errno.ENOSPC: "disken är full", errno.EROFS: "filsystemet är skrivskyddat", errno.ELOOP: "för många länkar",
    errno.EEXIST: "finns redan", errno.EINVAL: "ogiltigt namn",
}


def os_error(exc: OSError) -> str:
    """A file system error in Swedish, with the (shortened) name it concerns."""
    why = _OS_ERRORS.get(exc.errno or 0) or (exc.strerror or str(exc)).rstrip(".").lower()
    name = exc.filename
    if name is None:
        return f"filsystemet: {why}."
    text = os.fsdecode(name) if isinstance(name, bytes) else str(name)
    text = visible(text if len(text) <= 80 else text[:60] + "…" + text[-15:])
    return f"'{text}': {why}."


def _param_name(param: Any) -> str:
    opts = [o for o in getattr(param, "opts", ()) if o.startswith("-")]
    if opts:
        return "/".join(opts)
    return helptext.argument_name(param)


def run(app: typer.Typer) -> None:
    """Run the application as a console script, with usage errors in Swedish. Text that the terminal's encoding
    cannot show (a Windows console in cp1252) is written in plain characters instead of ending in an error."""
    degrade_unencodable(sys.stdout, sys.stderr)
    try:
        code = app(prog_name="styr", standalone_mode=False)
    except Exception as exc:
        code = usage_error(exc)
    sys.exit(code if isinstance(code, int) else 0)
