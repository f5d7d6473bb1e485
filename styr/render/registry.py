"""The registry of `styr validate --format` reporters: look a format up by name or alias, or pick one."""

from __future__ import annotations

from collections.abc import Mapping

from styr.render.ci.github import GithubReporter
from styr.render.ci.gitlab import GitlabReporter
from styr.render.ci.junit import JunitReporter
from styr.render.ci.sarif import SarifReporter
from styr.render.common import Reporter
from styr.render.json.findings import JsonReporter
from styr.render.terminal.findings import TextReporter

__all__ = [
    "AUTO",
    "REPORTERS",
    "Reporter",
    "UnknownFormat",
    "format_choices",
    "get_reporter",
    "resolve_auto",
    "wants_color",
]

AUTO = "auto"

REPORTERS: dict[str, type[Reporter]] = {
    cls.name: cls for cls in (TextReporter, JsonReporter, GitlabReporter, GithubReporter, SarifReporter, JunitReporter)
}

_ALIASES: dict[str, str] = {alias: cls.name for cls in REPORTERS.values() for alias in cls.aliases}


class UnknownFormat(ValueError):
    """A `--format` value that names no reporter; the message lists the valid ones in Swedish."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"okänt format '{name}'. Välj ett av: {', '.join(format_choices())}.")


def format_choices(aliases: bool = False) -> list[str]:
    """The values `--format` accepts: `auto` and the format names (and their aliases if asked)."""
    names = [AUTO, *REPORTERS]
    return [*names, *_ALIASES] if aliases else names


def resolve_auto(env: Mapping[str, str], isatty: bool) -> str:
    """The format `auto` stands for: `github` inside GitHub Actions, otherwise `text`.

    `isatty` does not change the format (text on a pipe is still text); see `wants_color` for colour.
    GitLab is not detected: its reports go to an artifact file and need `--format gitlab` explicitly.
    """
    del isatty
    return GithubReporter.name if env.get("GITHUB_ACTIONS") == "true" else TextReporter.name


def wants_color(env: Mapping[str, str], isatty: bool) -> bool:
    """Colour for the text format: NO_COLOR wins, then FORCE_COLOR, then whether stdout is a terminal."""
    if env.get("NO_COLOR"):
        return False
    if env.get("FORCE_COLOR"):
        return True
    return isatty and env.get("TERM") != "dumb"


def get_reporter(name: str, *, color: bool = False, width: int = 100, env: Mapping[str, str] | None = None) -> Reporter:
    """A reporter for a format name or alias (case-insensitive); `auto` is resolved with `env`.

    Raises UnknownFormat (a ValueError) for anything else, never KeyError.
    """
    key = name.strip().lower()
    if key == AUTO:
        key = resolve_auto(env or {}, isatty=False)
    key = _ALIASES.get(key, key)
    cls = REPORTERS.get(key)
    if cls is None:
        raise UnknownFormat(name)
    return cls(color=color, width=width)
