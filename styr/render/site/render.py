"""Render a report: plan the pages, build each view, fill its template and write it to the output folder.

Pages are rendered in groups that share views: a unit's own pages, and the målrapport of a unit together
with the pages of its units that have no units below them (its målrapport shows theirs). A large report's
groups are shared between processes (styr.parallel); each process writes its own files, and this one keeps
the manifest.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from styr import parallel
from styr.frozen import frozen
from styr.render.site import templating
from styr.render.site.inputs import PageInputs
from styr.render.site.pages import LOGO, STYLESHEET, ViewBuilder
from styr.render.site.progress import Progress, Silent
from styr.render.site.site import OutputFolder, Recorded, content_digest
from styr.render.site.view import PagePlan, ReportInput
from styr.resources import data_dir

if TYPE_CHECKING:
    from styr.load.cache import Memos

PARALLEL_FROM = 120  # pages; below this, starting processes costs more than it saves
JOBS_ENV = parallel.JOBS_ENV


@frozen(slots=False)
class RenderSummary:
    pages: int
    unchanged: int
    """Files written with the content they already had (left untouched)."""
    removed: tuple[str, ...]
    kept: int = 0
    """Pages not made again at all: what they are made from had not changed (see inputs.py)."""


@frozen(slots=False)
class ExtraFiles:
    """More files for the folder (the open data): their paths, checked with the pages' before anything is
    written, and how to make them. They are made by whichever process is free, beside the pages, and let go
    once written: tens of megabytes of text at 20,000 files need not wait for the pages, nor stay in memory."""

    names: tuple[str, ...]
    make: Callable[[], Iterable[ExtraFile]] | Iterable[ExtraFile]  # one file at a time

    @property
    def late(self) -> bool:
        """Made elsewhere already (an iterable such as styr.parallel.Background, not a function): written by this
        process once the pages are."""
        return not callable(self.make)

    @property
    def ready(self) -> bool:
        """Made (or to be made here): taking the files now would not wait for another process."""
        return bool(getattr(self.make, "ready", True))

    def files(self) -> Iterable[ExtraFile]:
        return self.make() if callable(self.make) else self.make


ExtraFile = tuple[str, bytes, str]
"""One of the extra files: its path in the folder, its content and the content's digest, made where the content is
made (a helper process): a file whose content is what the last run wrote there is left as it is, not hashed,
compared or written again here."""


def extra_file(rel: str, text: str) -> ExtraFile:
    data = text.encode("utf-8")
    return rel, data, content_digest(data)


@frozen(slots=False)
class _Done:
    """What one piece of work left: the files written (path → digest), how many were unchanged, and what the pages
    written were made from."""

    written: dict[str, str]
    skipped: int
    inputs: dict[str, Recorded]


Marks = dict[str, str]
"""What each page of a group is made from (path → fingerprint, see inputs.py)."""

Piece = tuple[Sequence[PagePlan], Marks] | ExtraFiles
"""A group of pages to make, with what each is made from; or the extra files."""


@dataclass
class _Job:
    builder: ViewBuilder
    env: templating.Environment
    out: OutputFolder
    inputs: PageInputs
    reuse: bool  # False: every page is made (--full), and what each was made from recorded for the next run

    def marks(self, group: Sequence[PagePlan]) -> Marks:
        fingerprint = self.inputs.of_group(group)
        if not fingerprint:
            return {p.path: self.inputs.of_overview(p, self.builder.template_for(p)) for p in group}
        return {p.path: self.inputs.of_page(fingerprint, p, self.builder.template_for(p)) for p in group}

    def keeps(self, marks: Marks) -> bool:
        """Whether every page of a group is as the last run made it from these inputs: it is left as it is."""
        return self.reuse and bool(marks) and all(self.out.unchanged(path, mark) for path, mark in marks.items())

    def render(self, piece: Piece) -> _Done:
        """Write a group's pages (or the extra files)."""
        out = self.out
        before = out.skipped
        written: dict[str, str] = {}
        if isinstance(piece, ExtraFiles):
            recorded: dict[str, Recorded] = {}
            for rel, data, digest in piece.files():
                # The file's digest is what it is made from: the same as the last run's, and the file as that run
                # left it, means the same bytes.
                if self.reuse and out.unchanged(rel, digest):
                    out.keep(rel, page=False)
                else:
                    out.write_bytes(rel, data, digest)
                    out.made_from(rel, digest)
                written[rel] = out.written[rel]
                if rel in out.inputs:
                    recorded[rel] = out.inputs[rel]
            return _Done(written, out.skipped - before, recorded)
        group, marks = piece
        for p in group:
            page = self.builder.build(p)
            out.write(p.path, templating.render(self.env, self.builder.template_for(p), page=page))
            written[p.path] = out.written[p.path]
            if p.path in marks:
                out.made_from(p.path, marks[p.path])
        # The next group shares nothing with this one (but a unit with units below, which is in two groups).
        self.builder.forget()
        templating.shared(self.env).clear()
        made = {path: out.inputs[path] for path in marks if path in out.inputs}  # for the manifest
        return _Done(written, out.skipped - before, made)


def groups(builder: ViewBuilder, plan: Sequence[PagePlan]) -> list[list[PagePlan]]:
    """The pages in groups that share views, in plan order of each group's first page. A leaf unit (no units
    below) belongs with its parent's målrapport, which shows its målrapport part; any other unit's pages
    are a group of their own with its målrapport. A page without a unit (the start page, each page of 'Alla mål')
    is a group of its own: each is kept or made again by itself."""
    repo = builder.repo
    by_key: dict[str, list[PagePlan]] = {}
    for p in plan:
        key = f"\0{p.path}"  # no folder begins with a NUL
        if p.unit is not None:
            parent = repo.parent(p.unit)
            leaf = not repo.children.get(p.unit.folder)
            key = parent.folder if parent is not None and leaf else p.unit.folder
        by_key.setdefault(key, []).append(p)
    return list(by_key.values())


def _extra_files(data: ReportInput, env: templating.Environment) -> dict[str, bytes]:
    """The files every HTML page shares: one stylesheet (not the same CSS inlined in every page) and the
    kommun's logo."""
    if data.fmt != "html":
        return {}
    files = {STYLESHEET: templating.render(env, "html/style.css.j2", accent=data.accent).encode("utf-8")}
    if data.logo is not None:
        files[f"{LOGO}.{data.logo[0]}"] = data.logo[1]
    return files


def _render_pieces(job: _Job, pieces: Sequence[Piece], jobs: int, pages: tuple[int, int],
                   progress: Progress | None, late: ExtraFiles | None) -> list[_Done]:
    """Every piece, shared between `jobs` processes, with the progress bar (`pages`: how many the report has, and
    how many of them were kept as they were); and the `late` files (made elsewhere, so they come to this process
    alone), written as soon as they are made while the helpers go on with pages, rather than by this process
    alone after them."""
    waiting = [late] if late is not None else []
    written_late: list[_Done] = []

    def between() -> None:
        if waiting and waiting[0].ready:
            written_late.append(job.render(waiting.pop()))

    with ExitStack() as stack:
        bars: list[Progress] = []

        def started() -> None:
            bars.append(stack.enter_context(progress or Silent()))
            bars[0].start(pages[0])
            bars[0].advance(pages[1])

        def finished(i: int) -> None:
            piece = pieces[i]
            if isinstance(piece, tuple):
                bars[0].advance(len(piece[0]))

        results = parallel.map_shared(job.render, pieces, jobs, started=started, finished=finished, between=between)
    if waiting:
        written_late.append(job.render(waiting.pop()))
    return [*results, *written_late]


def render_report(data: ReportInput, out: OutputFolder, templates: Path | None = None,
                  progress: Progress | None = None, extra: ExtraFiles | None = None,
                  incremental: bool = True, compiled: Memos | None = None) -> RenderSummary:
    """Write every page of the report, and the `extra` files (the open data). `incremental`: a page whose inputs are
    as the last run into `out` left them is not made again (see inputs.py); False makes every page (--full).
    `compiled`: where the compiled templates are kept for the next report (templating.KeptCode).
    Raises site.OutputRefused before writing anything when the folder holds files styr did not write, and
    templating.TemplateProblem when a template is broken."""
    builder = ViewBuilder(data)
    plan = builder.plan()
    env = templating.environment(data.fmt, data_dir("templates"), templates, compiled)
    # Fail on a broken template before the first file is written.
    wanted = {builder.template_for(p) for p in plan} | ({"html/style.css.j2"} if data.fmt == "html" else set())
    for name in sorted(wanted):
        templating.load(env, name)
    shared_files = _extra_files(data, env)
    out.begin([*(p.path for p in plan), *shared_files, *(extra.names if extra else ())])
    for rel, content in shared_files.items():
        out.write_bytes(rel, content)
    job = _Job(builder, env, out, PageInputs(builder, templates), incremental)
    # The model is read, never freed, while pages are fingerprinted and made: keep the garbage collector from
    # scanning it again and again, and forked helpers from copying its memory just by looking at it.
    gc.freeze()
    # Each page leaves many short-lived objects (template contexts, views); collecting after every 700
    # allocations cost about a tenth of the rendering time on a large report. Memory stays bounded.
    threshold = gc.get_threshold()
    gc.set_threshold(50_000, 50, 100)
    try:
        done = _render_groups(job, plan, extra, progress)
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()
    templating.keep_compiled(env)  # the pages this process made have compiled what they include
    return done


def _render_groups(job: _Job, plan: Sequence[PagePlan], extra: ExtraFiles | None, progress: Progress | None
                   ) -> RenderSummary:
    out, skipped_before = job.out, job.out.skipped
    # Which pages to make is found here, before any helper starts: a group's fingerprint covers every unit it shows
    # (the kommun's målrapport all of them), so each process would otherwise fingerprint them all again; and after
    # one change, the few pages to make are made here, with no helper to start.
    todo: list[tuple[Sequence[PagePlan], Marks]] = []
    for group in groups(job.builder, plan):
        marks = job.marks(group)
        if job.keeps(marks):
            for path in marks:
                out.keep(path)
        else:
            todo.append((group, marks))
    # The extra files first: one large piece, taken while the other processes start on the pages.
    pieces: list[Piece] = [*([extra] if extra and not extra.late else []), *todo]
    to_make = sum(len(group) for group, _ in todo)
    jobs = parallel.jobs_wanted() if to_make >= PARALLEL_FROM else 1
    results = _render_pieces(job, pieces, jobs, (len(plan), len(plan) - to_make), progress,
                             extra if extra and extra.late else None)
    # Pages this process wrote are already recorded; the helpers' are not. Count every group once.
    for done in results:
        out.written.update(done.written)
        out.inputs.update(done.inputs)
    out.skipped = skipped_before + sum(done.skipped for done in results)
    removed = out.finish()
    return RenderSummary(len(plan), out.skipped, tuple(removed), out.kept)
