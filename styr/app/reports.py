"""`styr report`: the repository, the period and the unit scope of a report, its history, and writing it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from styr import __version__
from styr.app.errors import AppError
from styr.app.opendata import site_files
from styr.app.scope import Scope, choose_scope
from styr.app.workspace import Opened, open_repository, settings_for
from styr.fulfilment.evaluate import evaluate
from styr.fulfilment.results import GoalResult
from styr.model import periods
from styr.model.periods import Period
from styr.render.report import SiteWriter
from styr.render.site.progress import Progress
from styr.suggest import did_you_mean

if TYPE_CHECKING:  # the site's view model (and its figures) is loaded when a report is written
    from styr.render.site.view import Kind, ReportInput

Notify = Callable[[str], None]
"""Where the report's notes go as they arise (a file that could not be read, a history that is missing)."""


@dataclass(frozen=True)
class ReportRequest:
    """`styr report`'s options, as the user gave them."""

    path: Path
    out: Path | None
    kind: str | None = None
    period: str | None = None
    unit: str | None = None
    force: bool = False
    templates: Path | None = None
    history: bool = True
    today: str | None = None
    rev: str | None = None


@dataclass(frozen=True)
class ReportDone:
    """What was written: the page count, pages removed, the period and the page to start from."""

    pages: int
    removed: tuple[str, ...]
    period: Period
    start: Path


def write_report(request: ReportRequest, writer: SiteWriter, progress: Progress, notify: Notify) -> ReportDone:
    """Write the report of `request` with `writer` (html or md). Raises AppError: a usage error (exit 2)
    before anything is written, or a file system failure while writing (exit 1)."""
    if request.out is None:
        raise AppError("ange en utmapp med --out, t.ex. --out public/.")
    kinds = _kinds(request.kind)
    if request.templates is not None and not request.templates.is_dir():
        raise AppError(f"mallmappen '{request.templates}' finns inte.")
    opened = open_repository(settings_for(request.path, request.today, request.rev))
    scope = choose_scope(opened.repo, request.period, request.unit, opened.settings.today)
    data = _input(request, opened, scope, kinds, writer, notify)
    return _write(data, request.out, request, writer, progress)


def _kinds(text: str | None) -> tuple[Kind, ...]:
    from styr.render.site.view import KINDS, parse_kind

    if text is None:
        return KINDS
    parsed = parse_kind(text)
    if parsed is None:
        hint = did_you_mean(text, ["styrkort", "målrapport", "malrapport", "verksamhetsplan"])
        raise AppError(f"okänd rapport '{text}': välj styrkort, målrapport (malrapport) eller verksamhetsplan. "
                       f"{hint}".strip())
    return (parsed,)


def _input(request: ReportRequest, opened: Opened, scope: Scope, kinds: tuple[Kind, ...], writer: SiteWriter,
           notify: Notify) -> ReportInput:
    """Everything the pages are made from. A report shows the repository as it is: checking it is
    'styr validate's job, but what could not be read is said, or a goal would be missing without a word."""
    from styr.render.site.view import ReportInput

    repo = opened.repo
    lost = opened.loaded.unread
    if lost:
        files = f"{len(lost)} fil" if len(lost) == 1 else f"{len(lost)} filer"
        notify(f"{files} gick inte att läsa och saknas i rapporten ({', '.join(lost[:3])}"
               f"{' …' if len(lost) > 3 else ''}). Kör 'styr validate' för detaljer.")
    history = None
    if request.history:
        from styr.history import log as history_log  # Git is read only when the report shows the history

        # One `git log` pass for every goal and unit; the pages only look the answers up.
        history = history_log.last_changes(opened.root, repo, rev=opened.settings.rev)
        if history.reason:
            notify(f"ändringshistoriken i rapporterna {'är ofullständig' if history else 'saknas'}: {history.reason}")
    return ReportInput(
        repo=repo,
        period=scope.period,
        results=evaluate(repo, scope.period),
        previous=_previous_year(opened, scope.period),
        fmt=writer.fmt,
        kinds=kinds,
        units=scope.units,
        today=opened.settings.today,
        version=__version__,
        source_label=f"revision {request.rev}" if request.rev else "",
        history=history,
    )


def _previous_year(opened: Opened, period: Period) -> Mapping[str, GoalResult] | None:
    """The bokslut compares with the same period a year before."""
    if not period.is_bokslut:
        return None
    try:
        return evaluate(opened.repo, periods.same_period_previous_year(period))
    except periods.PeriodError:
        return None


def _write(data: ReportInput, out: Path, request: ReportRequest, writer: SiteWriter,
           progress: Progress) -> ReportDone:
    from styr.render.site.site import OutputRefused
    from styr.render.site.templating import TemplateProblem

    # The published site carries the repository as open data, with the DCAT-AP-SE file the data portal harvests.
    extra = site_files(data.repo, data.today, data.period, data.results) if writer.fmt == "html" else None
    try:
        summary = writer.write(data, out, force=request.force, templates=request.templates, progress=progress,
                               extra=extra)
    except (OutputRefused, TemplateProblem) as exc:
        raise AppError(str(exc)) from exc
    except OSError as exc:
        raise AppError(f"kunde inte skriva till '{out}': {exc.strerror or exc}.", 1) from exc
    return ReportDone(summary.pages, summary.removed, data.period, out / writer.start)
