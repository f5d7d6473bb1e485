"""`styr log`, `styr diff` and `styr adopt`: the Git history as the audit trail of the steering model."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from styr.commands.common import PathArg, fail, write_atomically
from styr.load.source import NotAGoalRepository, find_root

_FORMATS = {"text": "text", "md": "md", "markdown": "md", "json": "json"}
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="text, md (Markdown) eller json.")]


def _root(path: Path) -> Path:
    if not path.exists():
        fail(f"'{path}' finns inte.")
    try:
        return find_root(path.resolve())
    except NotAGoalRepository as exc:
        fail(str(exc))


def _is_dir(text: str) -> bool:
    try:
        return Path(text).is_dir()
    except OSError:  # too long for a file name, say: still a fine thing to ask Git about
        return False


def _format(value: str) -> str:
    found = _FORMATS.get(value.strip().lower())
    if found is None:
        fail(f"okänt format '{value}': välj text, md eller json.")
    return found


def log(
    item: Annotated[str, typer.Argument(help="Id för ett mål (BUN-M2), en indikator (BUN-M2/I1), en aktivitet "
                                        "(BUN-A4) eller en enhet (BUN).", show_default=False)],
    path: PathArg = Path("."),
    fmt: FormatOpt = "text",
    limit: Annotated[int | None, typer.Option("--max-count", "-n", min=1, help="Visa högst så många commits.")]
    = None,
) -> None:
    """Visa vilka commits som ändrat ett mål, en indikator, en aktivitet eller en enhet.

    Vem, när, varför och vilka värden (utfall, målvärden, kopplingar …), nyast först. Följer målet när filen
    byter namn eller flyttas till en annan enhet."""
    from styr.history.gitio import GitError
    from styr.history.log import item_log
    from styr.render.ci.merge_request import render_log_md
    from styr.render.terminal.history import log_json, render_log_text

    kind = _format(fmt)
    root = _root(path)
    try:
        result = item_log(root, item, limit)
    except GitError as exc:
        fail(str(exc))
    render = {"text": render_log_text, "md": render_log_md, "json": log_json}[kind]
    typer.echo(render(result), nl=False)


def diff(
    revisions: Annotated[str | None, typer.Argument(
        help="A..B (från A till B), A...B (från den gemensamma basen), A (mot arbetskopian). Standard: HEAD mot "
             "arbetskopian. 'beslut' eller 'beslut/KF' är det senaste beslutet.", show_default=False)] = None,
    path: PathArg = Path("."),
    fmt: FormatOpt = "text",
    since_adoption: Annotated[bool, typer.Option("--since-adoption", help="Jämför från det senaste beslutet "
                                                 "(styr adopt) i stället för från A.")] = False,
    organ: Annotated[str | None, typer.Option("--organ", help="Med --since-adoption: det senaste beslutet i detta "
                                              "organ, t.ex. KF.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Skriv till en fil (t.ex. en kommentar "
                                                "till en merge request) i stället för till terminalen.")] = None,
) -> None:
    """Visa vad som ändrats i styrmodellens termer, t.ex. i en merge request.

    Mål och aktiviteter som lagts till, tagits bort eller flyttats; ändrade målvärden, utfall, bedömningar och
    kopplingar. `--format md` är skrivet för att postas som kommentar till en merge request."""
    from styr.history.gitio import GitError
    from styr.history.modeldiff import model_diff
    from styr.render.ci.merge_request import render_diff_md
    from styr.render.terminal.history import diff_json, render_diff_text

    kind = _format(fmt)
    if revisions is not None and ".." not in revisions and path == Path(".") and _is_dir(revisions):
        path, revisions = Path(revisions), None  # `styr diff mapp`: a folder, not a revision
    root = _root(path)
    try:
        result = model_diff(root, revisions, since_adoption=since_adoption, organ=organ)
    except GitError as exc:
        fail(str(exc))
    text = {"text": render_diff_text, "md": render_diff_md, "json": diff_json}[kind](result)
    if output is not None:
        write_atomically(output, text)
        typer.echo(f"Skrev {output}.")
    else:
        typer.echo(text, nl=False)


def adopt(
    path: PathArg = Path("."),
    organ: Annotated[str, typer.Option("--organ", help="Organet som beslutade, t.ex. KF eller BUN.",
                                       show_default=False)] = "",
    day: Annotated[str | None, typer.Option("--date", help="Beslutsdatum ÅÅÅÅ-MM-DD (standard: idag).")] = None,
    paragraph: Annotated[str, typer.Option("--paragraph", help="Paragraf i protokollet, t.ex. \"§ 123\".")] = "",
    period: Annotated[str | None, typer.Option("--period", help="Bokslut (t.ex. 2025) eller delårsbokslut "
                                               "(2026-H1) som antogs; perioden stängs. Utan: målen antogs.")] = None,
    rev: Annotated[str, typer.Option("--rev", help="Commit som beslutet gäller.")] = "HEAD",
    message: Annotated[str, typer.Option("--message", "-m", help="Fri text i taggen.")] = "",
) -> None:
    """Registrera ett beslut som en annoterad Git-tagg, `beslut/<ORGAN>/<ÅÅÅÅ-MM-DD>`.

    Ett antaget bokslut eller delårsbokslut stänger perioden: dess utfall och bedömningar får sedan inte
    ändras."""
    from styr.history.adopt import adopt as record
    from styr.history.gitio import GitError
    from styr.model import periods

    if not organ.strip():
        fail("ange organet med --organ, t.ex. --organ KF.")
    try:
        when = date.fromisoformat(day) if day else periods.today()
    except (ValueError, periods.PeriodError):
        fail(f"ogiltigt datum '{day}': skriv ÅÅÅÅ-MM-DD.")
    root = _root(path)
    try:
        done = record(root, organ, when, paragraph, period, rev, message)
    except GitError as exc:
        fail(str(exc))
    a = done.adoption
    typer.echo(f"Registrerade beslutet: {a.describe()}, commit {a.commit[:8]}.")
    if a.period is not None:
        typer.echo(f"Perioden {a.period} är nu stängd: dess utfall och bedömningar får inte ändras.")
    if done.dirty:
        typer.echo("Obs: arbetskopian har ändringar som inte är incheckade; de ingår inte i beslutet.")
    typer.echo(f"Dela beslutet med de andra: git push origin {a.tag}")
