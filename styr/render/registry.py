"""Every `--format` of every command in one registry: a name and its aliases → a small renderer.

A command looks its format up here before it does any work, so an unknown format is refused the same way
everywhere: "okänt format 'x'. Menade du 'y'? Välj a, b eller c." Renderers are loaded only when chosen:
the site's templates, rich and the history modules cost time that a command which does not use them should
not pay at start-up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from styr.frozen import frozen
from styr.render.common import Reporter
from styr.render.views import StatusView, Terminal, WheelView
from styr.suggest import did_you_mean

if TYPE_CHECKING:
    from styr.history.log import ItemLog
    from styr.history.modeldiff import ModelDiff
    from styr.model.repository import Repository
    from styr.render.report import SiteWriter

__all__ = [
    "ARSHJUL",
    "AUTO",
    "CODEOWNERS",
    "DIFF",
    "LOG",
    "REGISTRY",
    "REPORT",
    "STATUS",
    "VALIDATE",
    "FormatMismatch",
    "Formats",
    "Output",
    "Reporter",
    "UnknownFormat",
    "format_choices",
    "get_reporter",
    "resolve_auto",
    "wants_color",
]

R = TypeVar("R")

StatusRenderer = Callable[[StatusView, Terminal], str]
LogRenderer = Callable[["ItemLog"], str]
DiffRenderer = Callable[["ModelDiff"], str]
WheelRenderer = Callable[[WheelView], str]
OwnersRenderer = Callable[["Repository"], str]


@frozen(slots=False)
class Output(Generic[R]):
    """One format: its name, other spellings a user may type, a few words for `--help`, and its renderer
    (loaded on first use by `load`)."""

    name: str
    load: Callable[[], R]
    aliases: tuple[str, ...] = ()
    note: str = ""
    suffixes: tuple[str, ...] = ()
    """The endings of a file in this format ('xlsx', 'ics'), for a command that writes a file named by the user:
    see `Formats.for_file`."""


class UnknownFormat(ValueError):
    """A format that a command does not have; the message is Swedish, with the closest name and the choices."""

    def __init__(self, name: str, formats: Formats[Any]) -> None:
        self.name = name
        hint = did_you_mean(name.strip(), formats.names(aliases=True))
        super().__init__(" ".join(filter(None, (f"{formats.unknown} '{name}'.", hint,
                                                f"Välj {or_list(formats.listed())}."))))


class FormatMismatch(ValueError):
    """`--format` names another format than the ending of the file to write; the message is Swedish."""


def or_list(words: list[str]) -> str:
    """'a', 'a eller b', 'a, b eller c'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} eller {words[-1]}"


@frozen(slots=False)
class Formats(Generic[R]):
    """The formats of one command. `extra` are names the command resolves itself before the lookup
    (validate's `auto`); they are valid choices but have no renderer of their own."""

    command: str
    outputs: tuple[Output[R], ...]
    extra: tuple[str, ...] = ()
    unknown: str = "okänt format"
    """How the refusal starts: the option's noun with the right gender ('okänt format', 'okänd syntax')."""
    by_file: bool = False
    """The command writes a file named by `--out`, whose ending chooses the format when none is given (see
    `for_file`); the help says so."""

    def names(self, aliases: bool = False) -> list[str]:
        """The names a user may give: `extra` first, then each format (and its aliases, if asked)."""
        names = [*self.extra, *(o.name for o in self.outputs)]
        return [*names, *(a for o in self.outputs for a in o.aliases)] if aliases else names

    def listed(self) -> list[str]:
        """The names in the order help and messages list them: the formats first, then `extra`."""
        return [*(o.name for o in self.outputs), *self.extra]

    def help(self) -> str:
        """The choices for `--help`: 'text, md (Markdown) eller json.'"""
        notes = {o.name: o.note for o in self.outputs}
        listed = or_list([f"{n} ({notes[n]})" if notes.get(n) else n for n in self.listed()]) + "."
        if self.by_file:
            listed += f" Standard: efter filändelsen i --out, annars {self.outputs[0].name}."
        return listed

    def entry(self, name: str) -> Output[R]:
        """The format named `name` or one of its aliases, in any letter case. Raises UnknownFormat."""
        key = name.strip().lower()
        for output in self.outputs:
            if key == output.name or key in output.aliases:
                return output
        raise UnknownFormat(name, self)

    def for_file(self, name: str | None, out: Path | None, default: str) -> str:
        """The format to write the file `out` in: `name` when given (an unknown one raises UnknownFormat), else
        the one its ending names (utfall.csv: csv), else `default`. A file whose ending names another of the
        command's formats than `name` raises FormatMismatch: an Excel file called .csv, or a text called .ics,
        opens in no program that its name promises."""
        ending = out.suffix.lower().removeprefix(".") if out is not None and str(out) != "-" else ""
        by_ending = next((o for o in self.outputs if ending and ending in o.suffixes), None)
        if name is None:
            return by_ending.name if by_ending is not None else default
        chosen = self.entry(name)
        if by_ending is not None and by_ending is not chosen:
            fix = f"Ge filen ändelsen .{chosen.suffixes[0]}, eller ta" if chosen.suffixes else "Ta"
            raise FormatMismatch(f"--format {chosen.name} passar inte filnamnet '{out}', som är en "
                                 f"{by_ending.name}-fil. {fix} bort --format så väljs {by_ending.name} efter "
                                 "filnamnet.")
        return chosen.name

    def find(self, name: str) -> R:
        """The renderer of the format named `name` (see `entry`)."""
        return self.entry(name).load()


# -- the renderers, imported when chosen ---------------------------------------------------------------------


def _text_reporter() -> type[Reporter]:
    from styr.render.terminal.findings import TextReporter

    return TextReporter


def _json_reporter() -> type[Reporter]:
    from styr.render.json.findings import JsonReporter

    return JsonReporter


def _gitlab_reporter() -> type[Reporter]:
    from styr.render.ci.gitlab import GitlabReporter

    return GitlabReporter


def _github_reporter() -> type[Reporter]:
    from styr.render.ci.github import GithubReporter

    return GithubReporter


def _sarif_reporter() -> type[Reporter]:
    from styr.render.ci.sarif import SarifReporter

    return SarifReporter


def _junit_reporter() -> type[Reporter]:
    from styr.render.ci.junit import JunitReporter

    return JunitReporter


def _status_text() -> StatusRenderer:
    from styr.render.terminal.status import status_text

    return status_text


def _status_json() -> StatusRenderer:
    from styr.render.json.status import status_json

    return status_json


def _log_text() -> LogRenderer:
    from styr.render.terminal.history import render_log_text

    return render_log_text


def _log_md() -> LogRenderer:
    from styr.render.ci.merge_request import render_log_md

    return render_log_md


def _log_json() -> LogRenderer:
    from styr.render.json.history import log_json

    return log_json


def _diff_text() -> DiffRenderer:
    from styr.render.terminal.history import render_diff_text

    return render_diff_text


def _diff_md() -> DiffRenderer:
    from styr.render.ci.merge_request import render_diff_md

    return render_diff_md


def _diff_json() -> DiffRenderer:
    from styr.render.json.history import diff_json

    return diff_json


def _wheel_text() -> WheelRenderer:
    from styr.render.calendar.text import render_text

    return render_text


def _wheel_md() -> WheelRenderer:
    from styr.render.calendar.markdown import render_markdown

    return render_markdown


def _wheel_ics() -> WheelRenderer:
    from styr.render.calendar.ics import render_ics

    return render_ics


def _site_html() -> SiteWriter:
    from styr.render.report import SiteWriter

    return SiteWriter("html", "index.html")


def _site_md() -> SiteWriter:
    from styr.render.report import SiteWriter

    return SiteWriter("md", "README.md")


def _site_pdf() -> SiteWriter:
    from styr.render.report import SiteWriter

    return SiteWriter("html", "hela-rapporten.pdf", pdf=True)


def _owners_github() -> OwnersRenderer:
    from styr.render.codeowners import render_github

    return render_github


def _owners_gitlab() -> OwnersRenderer:
    from styr.render.codeowners import render_gitlab

    return render_gitlab


# -- the registry ------------------------------------------------------------------------------------------------

AUTO = "auto"

VALIDATE: Formats[type[Reporter]] = Formats("validate", (
    Output("text", _text_reporter, ("tekst", "terminal"), suffixes=("txt",)),
    Output("json", _json_reporter, suffixes=("json",)),
    Output("gitlab", _gitlab_reporter, ("codeclimate", "code-quality")),  # a .json file too: named, never guessed
    Output("github", _github_reporter, ("github-actions", "gha")),
    Output("sarif", _sarif_reporter, suffixes=("sarif",)),
    Output("junit", _junit_reporter, ("junit-xml", "xml"), suffixes=("xml",)),
), extra=(AUTO,))

STATUS: Formats[StatusRenderer] = Formats("status", (
    Output("text", _status_text, ("tekst",), "ett träd"),
    Output("json", _status_json),
))

LOG: Formats[LogRenderer] = Formats("log", (
    Output("text", _log_text, ("tekst",)),
    Output("md", _log_md, ("markdown",), "Markdown"),
    Output("json", _log_json),
))

DIFF: Formats[DiffRenderer] = Formats("diff", (
    Output("text", _diff_text, ("tekst",)),
    Output("md", _diff_md, ("markdown",), "Markdown"),
    Output("json", _diff_json),
))

ARSHJUL: Formats[WheelRenderer] = Formats("årshjul", (
    Output("text", _wheel_text, ("tekst",), suffixes=("txt", "text")),
    Output("md", _wheel_md, ("markdown",), "Markdown för en wiki eller en sammanslagningsbegäran",
           ("md", "markdown")),
    Output("ics", _wheel_ics, ("ical", "icalendar"), "kalenderfil för t.ex. Outlook", ("ics", "ical", "ifb")),
), by_file=True)

REPORT: Formats[SiteWriter] = Formats("report", (
    Output("html", _site_html, (), "en webbplats som fungerar utan nätverk"),
    Output("md", _site_md, ("markdown",), "Markdown för GitLab och GitHub"),
    Output("pdf", _site_pdf, (), "taggad PDF (PDF/UA) för utskrift och fullmäktige"),
))

CODEOWNERS: Formats[OwnersRenderer] = Formats("codeowners", (
    Output("github", _owners_github),
    Output("gitlab", _owners_gitlab, (), "en sektion per enhet"),
), unknown="okänd syntax")

REGISTRY: dict[str, Formats[Any]] = {f.command: f for f in (VALIDATE, STATUS, LOG, DIFF, ARSHJUL, REPORT, CODEOWNERS)}
"""Every command that has output formats, by its name on the command line."""


# -- validate: `auto`, colour and the reporter classes -----------------------------------------------------------


def format_choices(aliases: bool = False) -> list[str]:
    """The values `validate --format` accepts: `auto` and the format names (and their aliases if asked)."""
    return VALIDATE.names(aliases)


def resolve_auto(env: Mapping[str, str], isatty: bool) -> str:
    """The format `auto` stands for: `github` inside GitHub Actions, otherwise `text`.

    `isatty` does not change the format (text on a pipe is still text); see `wants_color` for colour.
    GitLab is not detected: its reports go to an artifact file and need `--format gitlab` explicitly.
    """
    del isatty
    return "github" if env.get("GITHUB_ACTIONS") == "true" else "text"


def wants_color(env: Mapping[str, str], isatty: bool) -> bool:
    """Colour for the text formats: NO_COLOR wins, then FORCE_COLOR, then whether stdout is a terminal."""
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    return isatty and env.get("TERM") != "dumb"


def get_reporter(name: str, *, color: bool = False, width: int = 100, env: Mapping[str, str] | None = None) -> Reporter:
    """A `validate` reporter for a format name or alias (case-insensitive); `auto` is resolved with `env`.

    Raises UnknownFormat (a ValueError) for anything else, never KeyError.
    """
    key = name.strip().lower()
    if key == AUTO:
        key = resolve_auto(env or {}, isatty=False)
    try:
        cls = VALIDATE.find(key)
    except UnknownFormat:
        raise UnknownFormat(name, VALIDATE) from None
    return cls(color=color, width=width)
