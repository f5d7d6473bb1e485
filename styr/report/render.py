"""Render a report: plan the pages, build each view, fill its template and write it to the output folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from styr.report import templating
from styr.report.progress import Progress, Silent
from styr.report.site import OutputFolder
from styr.report.view import ReportInput, ViewBuilder
from styr.resources import data_dir


@dataclass(frozen=True)
class RenderSummary:
    pages: int
    unchanged: int
    removed: tuple[str, ...]


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
    with progress or Silent() as bar:
        bar.start(len(plan))
        for p in plan:
            page = builder.build(p)
            out.write(p.path, templating.render(env, builder.template_for(p), page=page))
            bar.advance()
    removed = out.finish()
    return RenderSummary(len(plan), out.skipped, tuple(removed))
