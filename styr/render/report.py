"""`styr report --format html|md`: the writer of a report folder, one per format (see styr.render.registry)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from styr.render.site.progress import Progress

if TYPE_CHECKING:  # the site's modules (jinja2, Markdown) are loaded only when a report is written
    from styr.render.site.render import RenderSummary
    from styr.render.site.view import Format, ReportInput


@dataclass(frozen=True)
class SiteWriter:
    """Writes every page of a report in one format to a folder, and names the page to start from."""

    fmt: Format
    start: str

    def write(self, data: ReportInput, out: Path, *, force: bool, templates: Path | None,
              progress: Progress, extra: Mapping[str, str] | None = None) -> RenderSummary:
        """Raises site.OutputRefused (a folder styr did not write), templating.TemplateProblem (a broken
        template) or OSError before or while writing. `extra`: more files for the folder (path → text)."""
        from styr.render.site.render import render_report
        from styr.render.site.site import OutputFolder

        return render_report(data, OutputFolder.open(out, force=force), templates, progress, extra)
