"""`styr report --format html|md|pdf`: the writer of a report folder, one per format (see styr.render.registry)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from styr.frozen import frozen
from styr.render.site.progress import Progress

if TYPE_CHECKING:  # the site's modules (jinja2, Markdown) are loaded only when a report is written
    from styr.load.cache import Memos
    from styr.render.site.render import ExtraFiles, RenderSummary
    from styr.render.site.view import Format, ReportInput


@frozen(slots=False)
class SiteWriter:
    """Writes every page of a report in one format to a folder, and names the page to start from."""

    fmt: Format
    start: str
    pdf: bool = False  # tagged PDF files made from the HTML pages (fmt is then html)

    def write(self, data: ReportInput, out: Path, *, force: bool, templates: Path | None,
              progress: Progress, extra: ExtraFiles | None = None, full: bool = False,
              compiled: Memos | None = None) -> RenderSummary:
        """Raises site.OutputRefused (a folder styr did not write), templating.TemplateProblem (a broken
        template) or OSError before or while writing. `extra`: more files for the folder (their paths, and how
        to make them); the PDF writer has none (the open data belongs to the web site). `full`: make every page,
        not only those whose inputs changed since the last run into `out` (PDF files are always made). `compiled`:
        where the compiled templates are kept for the next report (beside the parse cache; None: compiled anew)."""
        from styr.render.site.site import OutputFolder

        folder = OutputFolder.open(out, force=force)
        if self.pdf:
            from styr.render.site.pdf import render_pdf

            return render_pdf(data, folder, templates, progress, compiled)
        from styr.render.site.render import render_report

        return render_report(data, folder, templates, progress, extra, incremental=not full, compiled=compiled)
