"""`styr report`: the repository, the period and the unit scope of a report, its history, and writing it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from styr import __version__, parallel
from styr.app.errors import AppError
from styr.app.opendata import site_file_names, site_files
from styr.app.report_sources import read_logo, since_decision
from styr.app.scope import Scope, choose_scope
from styr.app.workspace import Opened, open_repository, settings_for
from styr.frozen import frozen
from styr.fulfilment.evaluate import colours, evaluate
from styr.fulfilment.results import GoalResult
from styr.model import periods
from styr.model.periods import Period
from styr.model.repository import Repository
from styr.model.types import DEFAULT_REPORTING
from styr.model.vocab import Colour
from styr.render.report import SiteWriter
from styr.render.site.progress import Progress
from styr.rules.p_publishing import accent_colour, accent_problem
from styr.suggest import did_you_mean
from styr.wording.scale import scale_for

if TYPE_CHECKING:  # the site's view model (and its figures) is loaded when a report is written
    from styr.load.cache import Memos
    from styr.render.site.render import ExtraFiles
    from styr.render.site.view import Kind, ReportInput

Notify = Callable[[str], None]
"""Where the report's notes go as they arise (a file that could not be read, a history that is missing)."""


@frozen(slots=False)
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
    internal: bool = False
    """An internal site: every name and the whole change history, whatever `publicering:` says."""
    full: bool = False
    """Make every page, not only those whose inputs changed since the last run into `out`."""


@frozen(slots=False)
class ReportDone:
    """What was written: the page count, pages removed, the period and the page to start from."""

    pages: int
    removed: tuple[str, ...]
    period: Period
    start: Path
    kept: int = 0
    """Pages left as the last run wrote them: nothing they are made from had changed."""


def write_report(request: ReportRequest, writer: SiteWriter, progress: Progress, notify: Notify) -> ReportDone:
    """Write the report of `request` with `writer` (html or md). Raises AppError: a usage error (exit 2)
    before anything is written, or a file system failure while writing (exit 1)."""
    if request.out is None:
        raise AppError("ange en utmapp med --out, t.ex. --out public/.")
    kinds = _kinds(request.kind)
    if request.templates is not None and not request.templates.is_dir():
        raise AppError(f"mallmappen '{request.templates}' finns inte.")
    # The report is made from the model alone.
    opened = open_repository(settings_for(request.path, request.today, request.rev), model_only=True)
    latest = latest_reporting_period(opened.repo, opened.settings.today)
    scope = choose_scope(opened.repo, request.period or latest.text, request.unit, opened.settings.today)
    # The explanation lines are in the view model for a municipality's own templates; styr's do not show them.
    results = evaluate(opened.repo, scope.period, explain=request.templates is not None)
    # The earlier period's colours are judged before the open data's helper is forked: afterwards, each page of the
    # model they touch is copied first (0.10 s instead of 0.03 after one changed outcome at 20,000 files). The
    # bokslut's year before (a whole evaluation) is judged after, while the helper works (see `_input`).
    compared = _compared(opened, scope.period)
    extra = _open_data(opened, scope, kinds, writer, results, reuse=not request.full)
    try:
        data = _input(request, opened, scope, kinds, writer, notify, results, compared)
        return _write(data, request.out, request, writer, progress, extra, opened.memos)
    finally:
        if extra is not None and isinstance(extra.make, parallel.Background):
            extra.make.close()


def reporting_codes(repo: Repository) -> tuple[str, ...]:
    """`rapportperioder` of styrmodell.yaml: H1, T2, helår … (default: the delårsbokslut and the bokslut)."""
    return repo.config.reporting if repo.config is not None else DEFAULT_REPORTING


def reporting_periods(codes: tuple[str, ...], year: int) -> list[Period]:
    """The reporting periods of one calendar year; a code that is not one (the schema reports it) is left out."""
    found = []
    for code in codes:
        try:
            found.append(periods.parse_period(str(year) if code == "helår" else f"{year}-{code}"))
        except periods.PeriodError:
            continue
    return found


def latest_reporting_period(repo: Repository, today: date) -> Period:
    """The report's default period: the latest reporting period (`rapportperioder`) that has ended on `today`,
    not the latest follow-up quarter. 2026-12-06 with [H1, helår] → 2026-H1; 2027-01-01 → 2026."""
    codes = reporting_codes(repo)
    ended = [p for year in (today.year, today.year - 1, today.year - 2) for p in reporting_periods(codes, year)
             if periods.ended(p, today)]
    if not ended:
        return periods.latest_ended_reporting(today)
    return max(ended, key=lambda p: (p.end, p.days))


def earlier_period(repo: Repository, period: Period) -> Period | None:
    """The period a report compares with ("sedan föregående period"): the reporting period before a reporting
    period (2026-H1 → 2025, 2026 → 2026-H1), otherwise the period of the same kind before (2026-Q3 → 2026-Q2)."""
    codes = reporting_codes(repo)
    candidates = [p for year in (period.year - 1, period.year) for p in reporting_periods(codes, year)]
    try:
        if period not in candidates:
            return periods.previous(period)
    except periods.PeriodError:
        return None
    before = [p for p in candidates if p.end < period.end]
    return max(before, key=lambda p: (p.end, p.days)) if before else None


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


def _open_data(opened: Opened, scope: Scope, kinds: tuple[Kind, ...], writer: SiteWriter,
               results: Mapping[str, GoalResult], reuse: bool) -> ExtraFiles | None:
    """The published site carries the repository as open data, with the DCAT-AP-SE file the data portal harvests.
    A large report has them made by a helper process from now on, while this one judges the earlier periods and
    plans the pages (styr.parallel.Background); they are written after the pages. Each goal's rows are kept as
    text for the next report, which makes a changed goal's alone (styr.app.opendata_kept), unless not `reuse`."""
    from styr.render.site.render import PARALLEL_FROM, ExtraFile, ExtraFiles, extra_file

    if writer.fmt != "html" or writer.pdf:
        return None
    repo, today, period = opened.repo, opened.settings.today, scope.period

    def make() -> Iterable[ExtraFile]:
        made = site_files(repo, today, period, results, opened.loaded.digests, opened.memos, reuse)
        return (extra_file(rel, text) for rel, text in made)

    if len(scope.units) * len(kinds) < PARALLEL_FROM:
        return ExtraFiles(site_file_names(), make)
    return ExtraFiles(site_file_names(), parallel.Background(make, parallel.jobs_wanted()))


@frozen(slots=False)
class _Compared:
    """The period a report compares its period with ("sedan föregående period"), and each goal's colour then (the
    overview's arrows: its colours, not why)."""

    earlier_period: Period | None
    earlier: Mapping[str, Colour] | None


def _compared(opened: Opened, period: Period) -> _Compared:
    earlier = earlier_period(opened.repo, period)
    return _Compared(earlier, colours(opened.repo, earlier) if earlier is not None else None)


def _input(request: ReportRequest, opened: Opened, scope: Scope, kinds: tuple[Kind, ...], writer: SiteWriter,
           notify: Notify, results: Mapping[str, GoalResult], compared: _Compared) -> ReportInput:
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
    problem = accent_problem(repo.config)
    if problem:
        notify(problem)
    return ReportInput(
        repo=repo,
        period=scope.period,
        results=results,
        previous=_previous_year(opened, scope.period),
        latest_reporting=latest_reporting_period(repo, opened.settings.today),
        reporting=reporting_codes(repo),
        earlier_period=compared.earlier_period,
        earlier=compared.earlier,
        internal=request.internal,
        since_decision=since_decision(opened, repo) if request.history else None,
        logo=read_logo(opened, notify),
        accent=accent_colour(repo.config),
        fmt=writer.fmt,
        pdf=writer.pdf,
        kinds=kinds,
        units=scope.units,
        today=opened.settings.today,
        version=__version__,
        source_label=f"revision {request.rev}" if request.rev else "",
        history=history,
        scale=scale_for(repo.config),
        digests=opened.loaded.digests,
    )


def _previous_year(opened: Opened, period: Period) -> Mapping[str, GoalResult] | None:
    """The bokslut compares with the same period a year before."""
    if not period.is_bokslut:
        return None
    try:
        # Compared with: its colours and outcomes, not why.
        return evaluate(opened.repo, periods.same_period_previous_year(period), explain=False, reasons=False)
    except periods.PeriodError:
        return None


def _write(data: ReportInput, out: Path, request: ReportRequest, writer: SiteWriter,
           progress: Progress, extra: ExtraFiles | None, compiled: Memos | None) -> ReportDone:
    from styr.render.site.pdf import PdfUnavailable
    from styr.render.site.site import OutputRefused
    from styr.render.site.templating import TemplateProblem

    try:
        summary = writer.write(data, out, force=request.force, templates=request.templates, progress=progress,
                               extra=extra, full=request.full, compiled=compiled)
    except (OutputRefused, TemplateProblem, PdfUnavailable) as exc:
        raise AppError(str(exc)) from exc
    except OSError as exc:
        raise AppError(f"kunde inte skriva till '{out}': {exc.strerror or exc}.", 1) from exc
    return ReportDone(summary.pages, summary.removed, data.period, out / writer.start, summary.kept)
