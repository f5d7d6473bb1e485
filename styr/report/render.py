"""Render a report: plan the pages, build each view, fill its template and write it to the output folder.

Large reports are rendered by several processes (fork, where the platform has it): each takes whole units,
so the views a unit's pages share are prepared once, and writes its own files; the parent keeps the manifest.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from styr.report import templating
from styr.report.pages import ViewBuilder
from styr.report.progress import Progress, Silent
from styr.report.site import OutputFolder
from styr.report.view import PagePlan, ReportInput
from styr.resources import data_dir

PARALLEL_FROM = 120  # pages; below this, starting processes costs more than it saves
JOBS_ENV = "STYR_JOBS"  # the number of processes (1: no parallel rendering)


@dataclass(frozen=True)
class RenderSummary:
    pages: int
    unchanged: int
    removed: tuple[str, ...]


@dataclass
class _Job:
    builder: ViewBuilder
    env: jinja2.Environment
    out: OutputFolder


_JOB: _Job | None = None  # inherited by forked workers, so nothing large is pickled


def _render(job: _Job, plan: Sequence[PagePlan]) -> tuple[dict[str, str], int]:
    before = job.out.skipped
    written: dict[str, str] = {}
    for p in plan:
        page = job.builder.build(p)
        job.out.write(p.path, templating.render(job.env, job.builder.template_for(p), page=page))
        written[p.path] = job.out.written[p.path]
    return written, job.out.skipped - before


def _render_chunk(plan: Sequence[PagePlan]) -> tuple[dict[str, str], int, int]:
    assert _JOB is not None
    written, skipped = _render(_JOB, plan)
    return written, skipped, len(plan)


def _jobs(pages: int) -> int:
    wanted = os.environ.get(JOBS_ENV, "").strip()
    if wanted.isdigit() and int(wanted) > 0:
        jobs = int(wanted)
    else:
        try:
            jobs = min(len(os.sched_getaffinity(0)), 8)
        except AttributeError:  # not on Linux
            jobs = min(os.cpu_count() or 1, 8)
    if pages < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return jobs


def _chunks(plan: Sequence[PagePlan], size: int) -> list[list[PagePlan]]:
    """Whole units per chunk (their pages share prepared views), about `size` pages each, in plan order."""
    chunks: list[list[PagePlan]] = [[]]
    last = None
    for p in plan:
        unit = p.unit.folder if p.unit is not None else None
        if len(chunks[-1]) >= size and unit != last:
            chunks.append([])
        chunks[-1].append(p)
        last = unit
    return chunks


def render_report(data: ReportInput, out: OutputFolder, templates: Path | None = None,
                  progress: Progress | None = None) -> RenderSummary:
    """Write every page of the report. Raises site.OutputRefused before writing anything when the folder
    holds files styr did not write, and templating.TemplateProblem when a template is broken."""
    builder = ViewBuilder(data)
    plan = builder.plan()
    env = templating.environment(data.fmt, data_dir("templates"), templates)
    # Fail on a broken template before the first file is written.
    for name in sorted({builder.template_for(p) for p in plan}):
        templating.load(env, name)
    out.begin([p.path for p in plan])
    job = _Job(builder, env, out)
    jobs = _jobs(len(plan))
    # The model is read, never freed, while pages are made: keep the garbage collector from scanning it
    # again and again, and forked workers from copying its memory just by looking at it.
    gc.freeze()
    # Each page leaves many short-lived objects (template contexts, views); collecting after every 700
    # allocations cost about a tenth of the rendering time on a large report. Memory stays bounded.
    threshold = gc.get_threshold()
    gc.set_threshold(50_000, 50, 100)
    try:
        _run(job, plan, jobs, progress)
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()
    removed = out.finish()
    return RenderSummary(len(plan), out.skipped, tuple(removed))


def _run(job: _Job, plan: Sequence[PagePlan], jobs: int, progress: Progress | None) -> None:
    global _JOB
    out = job.out
    if jobs == 1:
        with progress or Silent() as bar:
            bar.start(len(plan))
            for p in plan:
                _render(job, [p])
                bar.advance()
    else:
        _JOB = job
        try:
            # The pool forks before the progress bar starts its thread: a fork never copies a held lock.
            with multiprocessing.get_context("fork").Pool(jobs) as pool, progress or Silent() as bar:
                bar.start(len(plan))
                for written, skipped, count in pool.imap(_render_chunk, _chunks(plan, 12)):
                    out.written.update(written)
                    out.skipped += skipped
                    for _ in range(count):
                        bar.advance()
        finally:
            _JOB = None
